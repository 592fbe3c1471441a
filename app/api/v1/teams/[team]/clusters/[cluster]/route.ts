import { handle } from "@/lib/api/endpoint";
import { deleteClusterEndpoint, getClusterEndpoint, patchCluster } from "@/lib/api/v1/clusters";

export const GET = handle(getClusterEndpoint);
export const PATCH = handle(patchCluster);
export const DELETE = handle(deleteClusterEndpoint);
