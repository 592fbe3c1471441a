import { handle } from "@/lib/api/endpoint";
import { deleteFlinkVersion, getFlinkVersion, patchFlinkVersion } from "@/lib/api/v1/flink-versions";

export const GET = handle(getFlinkVersion);
export const PATCH = handle(patchFlinkVersion);
export const DELETE = handle(deleteFlinkVersion);
