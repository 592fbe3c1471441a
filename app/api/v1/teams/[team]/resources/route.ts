import { handle } from "@/lib/api/endpoint";
import { handleUpload, listResourcesEndpoint, postResource } from "@/lib/api/v1/resources";

export const GET = handle(listResourcesEndpoint);
// The upload streams its multipart body to disk; handle() would read it as JSON.
export const POST = handleUpload(postResource);
