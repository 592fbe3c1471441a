import { handle } from "@/lib/api/endpoint";
import { postBulkJobAction } from "@/lib/api/v1/lifecycle";

export const POST = handle(postBulkJobAction);
