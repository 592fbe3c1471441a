import { handle } from "@/lib/api/endpoint";
import { deleteVariableEndpoint, getVariableEndpoint, patchVariable } from "@/lib/api/v1/variables";

export const GET = handle(getVariableEndpoint);
export const PATCH = handle(patchVariable);
export const DELETE = handle(deleteVariableEndpoint);
