import { handle } from "@/lib/api/endpoint";
import { listJobBuilds } from "@/lib/api/v1/lifecycle";

export const GET = handle(listJobBuilds);
