import { handle } from "@/lib/api/endpoint";
import { listJobRuns } from "@/lib/api/v1/lifecycle";

export const GET = handle(listJobRuns);
