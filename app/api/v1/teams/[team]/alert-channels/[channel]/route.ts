import { handle } from "@/lib/api/endpoint";
import { getAlertChannel, patchAlertChannel, deleteAlertChannel } from "@/lib/api/v1/alerts";

export const GET = handle(getAlertChannel);
export const PATCH = handle(patchAlertChannel);
export const DELETE = handle(deleteAlertChannel);
