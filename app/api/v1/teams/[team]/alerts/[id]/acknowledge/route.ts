import { handle } from "@/lib/api/endpoint";
import { acknowledgeAlertEndpoint } from "@/lib/api/v1/alerts";

export const POST = handle(acknowledgeAlertEndpoint);
