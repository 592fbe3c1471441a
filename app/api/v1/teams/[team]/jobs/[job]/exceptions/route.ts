import { handle } from "@/lib/api/endpoint";
import { getJobExceptions } from "@/lib/api/v1/lifecycle";

export const GET = handle(getJobExceptions);
