import { handle } from "@/lib/api/endpoint";
import { listAlertChannels, postAlertChannel } from "@/lib/api/v1/alerts";

export const GET = handle(listAlertChannels);
export const POST = handle(postAlertChannel);
