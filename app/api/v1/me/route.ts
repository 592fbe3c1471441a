import { handle } from "@/lib/api/endpoint";
import { getMe } from "@/lib/api/v1/me";

export const GET = handle(getMe);
