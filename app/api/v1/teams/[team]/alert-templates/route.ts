import { handle } from "@/lib/api/endpoint";
import { listAlertTemplates } from "@/lib/api/v1/alerts";

export const GET = handle(listAlertTemplates);
