import { handle } from "@/lib/api/endpoint";
import { deleteJobEndpoint, getJobEndpoint, patchJob } from "@/lib/api/v1/jobs";

export const GET = handle(getJobEndpoint);
export const PATCH = handle(patchJob);
export const DELETE = handle(deleteJobEndpoint);
