import { handle } from "@/lib/api/endpoint";
import { listJobsEndpoint, postJob } from "@/lib/api/v1/jobs";

export const GET = handle(listJobsEndpoint);
export const POST = handle(postJob);
