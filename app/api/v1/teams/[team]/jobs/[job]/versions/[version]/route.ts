import { handle } from "@/lib/api/endpoint";
import { getJobVersionEndpoint } from "@/lib/api/v1/jobs";

export const GET = handle(getJobVersionEndpoint);
