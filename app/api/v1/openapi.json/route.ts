import { buildOpenApiDocument } from "@/lib/api/openapi";
import { v1Endpoints } from "@/lib/api/v1";

// Public on purpose: the contract is not a secret, and clients fetch it before they have a token.
export function GET() {
  return Response.json(buildOpenApiDocument(v1Endpoints));
}
