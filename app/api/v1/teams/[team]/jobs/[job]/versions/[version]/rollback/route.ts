import { handle } from "@/lib/api/endpoint";
import { rollbackJobEndpoint } from "@/lib/api/v1/jobs";

export const POST = handle(rollbackJobEndpoint);
