import { handle } from "@/lib/api/endpoint";
import { retryAlertEndpoint } from "@/lib/api/v1/alerts";

export const POST = handle(retryAlertEndpoint);
