import { handle } from "@/lib/api/endpoint";
import { listAlertsEndpoint } from "@/lib/api/v1/alerts";

export const GET = handle(listAlertsEndpoint);
