import { handle } from "@/lib/api/endpoint";
import { listClusters, postCluster } from "@/lib/api/v1/clusters";

export const GET = handle(listClusters);
export const POST = handle(postCluster);
