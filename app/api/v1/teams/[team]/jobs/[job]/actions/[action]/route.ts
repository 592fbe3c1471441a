import { handle } from "@/lib/api/endpoint";
import { postJobAction } from "@/lib/api/v1/lifecycle";

export const POST = handle(postJobAction);
