import { handle } from "@/lib/api/endpoint";
import { getJobOperation } from "@/lib/api/v1/lifecycle";

export const GET = handle(getJobOperation);
