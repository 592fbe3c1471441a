import { handle } from "@/lib/api/endpoint";
import { getJobLog } from "@/lib/api/v1/lifecycle";

export const GET = handle(getJobLog);
