import { handle } from "@/lib/api/endpoint";
import { listJobOperations } from "@/lib/api/v1/lifecycle";

export const GET = handle(listJobOperations);
