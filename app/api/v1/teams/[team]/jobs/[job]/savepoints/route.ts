import { handle } from "@/lib/api/endpoint";
import { listJobSnapshots } from "@/lib/api/v1/lifecycle";

export const GET = handle(listJobSnapshots);
