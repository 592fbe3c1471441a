import { handle } from "@/lib/api/endpoint";
import { listVariablesEndpoint, postVariable } from "@/lib/api/v1/variables";

export const GET = handle(listVariablesEndpoint);
export const POST = handle(postVariable);
