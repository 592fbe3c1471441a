import { handle } from "@/lib/api/endpoint";
import { silenceJobEndpoint } from "@/lib/api/v1/alerts";

export const POST = handle(silenceJobEndpoint);
