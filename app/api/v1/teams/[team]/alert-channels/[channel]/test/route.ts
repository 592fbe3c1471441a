import { handle } from "@/lib/api/endpoint";
import { postAlertChannelTest } from "@/lib/api/v1/alerts";

export const POST = handle(postAlertChannelTest);
