import { handle } from "@/lib/api/endpoint";
import { postAlertChannelSilence } from "@/lib/api/v1/alerts";

export const POST = handle(postAlertChannelSilence);
