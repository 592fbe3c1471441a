import { handle } from "@/lib/api/endpoint";
import { retryFailedAlertsEndpoint } from "@/lib/api/v1/alerts";

export const POST = handle(retryFailedAlertsEndpoint);
