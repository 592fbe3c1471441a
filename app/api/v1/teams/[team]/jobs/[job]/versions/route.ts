import { handle } from "@/lib/api/endpoint";
import { listJobVersionsEndpoint } from "@/lib/api/v1/jobs";

export const GET = handle(listJobVersionsEndpoint);
