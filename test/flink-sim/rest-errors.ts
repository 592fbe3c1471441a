import { json, type SimResponse } from "./http";
import { javaStackTrace } from "./jobmanager/logs";

/**
 * Flink's REST error bodies (flink-apis.md §1, AbstractHandler.handleException), shared by the
 * JobManager and the SQL Gateway, which run on the same REST framework:
 *  - a RestHandlerException: its own status, `errors` = [the stringified exception + stack trace];
 *  - anything else: 500, `errors` = ["Internal server error.", "<Exception on server side:…>"];
 *  - an unknown route: 404, `errors` = ["Not found: <uri>"].
 */
const HANDLER_FRAMES = [
  "org.apache.flink.runtime.rest.handler.AbstractRestHandler.respondToRequest(AbstractRestHandler.java:83)",
  "org.apache.flink.runtime.rest.handler.AbstractHandler.respondAsLeader(AbstractHandler.java:196)",
  "org.apache.flink.runtime.rest.handler.LeaderRetrievalHandler.lambda$channelRead0$0(LeaderRetrievalHandler.java:83)",
  "java.base/java.util.Optional.ifPresent(Optional.java:178)",
];

export function restHandlerError(status: number, message: string, exceptionClass = "org.apache.flink.runtime.rest.handler.RestHandlerException", causedBy?: string): SimResponse {
  return json(status, { errors: [javaStackTrace(`${exceptionClass}: ${message}`, HANDLER_FRAMES, causedBy)] });
}

/** `exception` is a one-line `class: message` (frames are added) or an already printed stack trace. */
export function internalServerError(exception: string): SimResponse {
  const trace = exception.includes("\n\tat ") ? exception : javaStackTrace(exception, HANDLER_FRAMES);
  return json(500, { errors: ["Internal server error.", `<Exception on server side:\n${trace}\nEnd of exception on server side>`] });
}

export function routeNotFound(uri: string): SimResponse {
  return json(404, { errors: [`Not found: ${uri}`] });
}

/** What the execution-graph handlers answer for an unknown job id. */
export function jobNotFound(jobId: string): SimResponse {
  return restHandlerError(404, `Job ${jobId} not found`, "org.apache.flink.runtime.rest.NotFoundException", `org.apache.flink.runtime.messages.FlinkJobNotFoundException: Could not find Flink job (${jobId})`);
}

/** Path parameters are parsed before the handler runs; a malformed job id is a 400. */
export function badPathParameter(name: string, value: string): SimResponse {
  return restHandlerError(400, `Bad request, could not parse parameters: Cannot resolve path parameter (${name}) from value "${value}".`);
}

/** Flink's REST mapper rejects unknown fields and wrong types (FAIL_ON_UNKNOWN_PROPERTIES). */
export function badRequestBody(requestClass: string): SimResponse {
  return restHandlerError(400, `Request did not match expected format ${requestClass}.`);
}

export function serviceUnavailable(): SimResponse {
  return json(503, { errors: ["Service temporarily unavailable due to an ongoing leader election. Please refresh."] });
}
