import { handle } from "@/lib/api/endpoint";
import { getResourceFileEndpoint } from "@/lib/api/v1/resources";

export const GET = handle(getResourceFileEndpoint);
