import { handle } from "@/lib/api/endpoint";
import { getAlertTemplate, putAlertTemplate, deleteAlertTemplate } from "@/lib/api/v1/alerts";

export const GET = handle(getAlertTemplate);
export const PUT = handle(putAlertTemplate);
export const DELETE = handle(deleteAlertTemplate);
