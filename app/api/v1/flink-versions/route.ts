import { handle } from "@/lib/api/endpoint";
import { listFlinkVersions, postFlinkVersion } from "@/lib/api/v1/flink-versions";

export const GET = handle(listFlinkVersions);
export const POST = handle(postFlinkVersion);
