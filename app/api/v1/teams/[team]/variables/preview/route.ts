import { handle } from "@/lib/api/endpoint";
import { previewVariablesEndpoint } from "@/lib/api/v1/variables";

export const POST = handle(previewVariablesEndpoint);
