import { handle } from "@/lib/api/endpoint";
import { postClusterAction } from "@/lib/api/v1/clusters";

export const POST = handle(postClusterAction);
