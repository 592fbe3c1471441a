import { handle } from "@/lib/api/endpoint";
import { listJobLogs } from "@/lib/api/v1/lifecycle";

export const GET = handle(listJobLogs);
