import { handle } from "@/lib/api/endpoint";
import { listJobEvents } from "@/lib/api/v1/lifecycle";

export const GET = handle(listJobEvents);
