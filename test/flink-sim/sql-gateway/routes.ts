import type { CallLog } from "../calls";
import { isRecord, json, jsonBody, Router, type Reply, type SimRequest } from "../http";
import { javaStackTrace } from "../jobmanager/logs";
import { badRequestBody, internalServerError, restHandlerError, routeNotFound } from "../rest-errors";
import { completeStatement } from "./complete";
import type { SqlGateway } from "./gateway";
import type { Operation } from "./operations";
import type { RowFormat } from "./results";
import type { Session } from "./session";
import { isSessionConfiguration } from "./statements";

/**
 * The SQL Gateway REST API, versions 1–4 (flink-apis.md §2): `/v1/…` to `/v4/…`, and no prefix
 * meaning v4. complete-statement and configure-session exist from v2; materialized-table refresh only
 * in v3 (v4's spec does not list it); scripts in v4. Errors come from Flink's REST framework: service failures are 500 with
 * "Internal server error." and the server-side stack trace.
 */
type Ctx = { gw: SqlGateway; version: number };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const GW = "org.apache.flink.table.gateway.api.utils.SqlGatewayException";
const SERVICE_FRAMES = ["org.apache.flink.table.gateway.service.SqlGatewayServiceImpl.fetchResults(SqlGatewayServiceImpl.java:231)"];
const HANDLER_FRAMES = ["org.apache.flink.table.gateway.rest.handler.AbstractSqlGatewayRestHandler.respondToRequest(AbstractSqlGatewayRestHandler.java:84)"];

/** A service failure as the gateway reports it: a wrapper per layer, down to the real cause. */
function serviceFailure(action: string, cause: string): Reply {
  const inner = javaStackTrace(`${GW}: Failed to ${action}.`, SERVICE_FRAMES, cause);
  return internalServerError(javaStackTrace(`${GW}: ${GW}: Failed to ${action}.`, HANDLER_FRAMES, inner));
}

function sessionNotFound(handle: string, action: string): Reply {
  return serviceFailure(action, `${GW}: Session '${handle}' does not exist.`);
}

class BadBody extends Error {
  constructor(readonly requestClass: string) {
    super(requestClass);
  }
}

function body(req: SimRequest, requestClass: string, fields: Record<string, "string" | "int" | "bool" | "map">): Record<string, unknown> {
  let b: unknown;
  try {
    b = jsonBody(req) ?? {};
  } catch {
    throw new BadBody(requestClass);
  }
  if (!isRecord(b)) throw new BadBody(requestClass);
  for (const [k, v] of Object.entries(b)) {
    const type = fields[k];
    if (!type) throw new BadBody(requestClass);
    if (v === null) continue;
    const ok = type === "string" ? typeof v === "string" : type === "int" ? Number.isInteger(v) : type === "bool" ? typeof v === "boolean" : isRecord(v) && Object.values(v).every((x) => typeof x === "string");
    if (!ok) throw new BadBody(requestClass);
  }
  return b;
}

function withSession(action: string, handler: (req: SimRequest, s: Session, ctx: Ctx, params: Record<string, string>) => Reply | Promise<Reply>) {
  return (req: SimRequest, params: Record<string, string>, ctx: Ctx): Reply | Promise<Reply> => {
    const handle = params.session_handle ?? "";
    if (!UUID.test(handle)) return restHandlerError(400, `Bad request, could not parse parameters: Cannot resolve path parameter (session_handle) from value "${handle}".`);
    const s = ctx.gw.sessions.get(handle);
    if (!s) return sessionNotFound(handle, action);
    s.touch();
    return handler(req, s, ctx, params);
  };
}

function withOperation(action: string, handler: (req: SimRequest, s: Session, op: Operation, ctx: Ctx, params: Record<string, string>) => Reply) {
  return withSession(action, (req, s, ctx, params) => {
    const handle = params.operation_handle ?? "";
    if (!UUID.test(handle)) return restHandlerError(400, `Bad request, could not parse parameters: Cannot resolve path parameter (operation_handle) from value "${handle}".`);
    const op = s.operations.get(handle);
    if (!op) return serviceFailure(action, `${GW}: Can not find the submitted operation in the OperationManager with the ${handle}.`);
    return handler(req, s, op, ctx, params);
  });
}

const STRING_MAP = "map" as const;

const router = new Router<Ctx>()
  .on("GET", "/api_versions", () => json(200, { versions: ["V1", "V2", "V3", "V4"] }))
  .on("GET", "/info", () => json(200, { productName: "Apache Flink", version: "2.1.0" }))
  .on("POST", "/sessions", (req, _p, ctx) => {
    const b = body(req, "OpenSessionRequestBody", { sessionName: "string", properties: STRING_MAP });
    const s = ctx.gw.openSession(b.sessionName as string | undefined, (b.properties as Record<string, string> | undefined) ?? {});
    return json(200, { sessionHandle: s.handle });
  })
  .on("GET", "/sessions/:session_handle", withSession("getSessionConfig", (_q, s, ctx) => json(200, { properties: ctx.gw.sessionConfig(s) })))
  .on("DELETE", "/sessions/:session_handle", withSession("closeSession", (_q, s, ctx) => {
    ctx.gw.closeSession(s);
    return json(200, { status: "CLOSED" });
  }))
  .on("POST", "/sessions/:session_handle/heartbeat", withSession("heartbeat", () => json(200, {})))
  .on("POST", "/sessions/:session_handle/statements", withSession("executeStatement", (req, s, ctx) => {
    const b = body(req, "ExecuteStatementRequestBody", { statement: "string", executionTimeout: "int", executionConfig: STRING_MAP });
    const op = ctx.gw.submit(s, (b.statement as string | undefined) ?? "", (b.executionConfig as Record<string, string> | undefined) ?? {});
    return json(200, { operationHandle: op.handle });
  }))
  .on("GET", "/sessions/:session_handle/operations/:operation_handle/status", withOperation("getOperationInfo", (_q, _s, op) => json(200, { status: op.status })))
  .on("POST", "/sessions/:session_handle/operations/:operation_handle/cancel", withOperation("cancelOperation", (_q, _s, op, ctx) => {
    const error = ctx.gw.cancelOperation(op);
    return error ? serviceFailure("cancelOperation", error) : json(200, { status: op.status });
  }))
  .on("DELETE", "/sessions/:session_handle/operations/:operation_handle/close", withOperation("closeOperation", (_q, s, op, ctx) => {
    ctx.gw.closeOperation(s, op);
    return json(200, { status: "CLOSED" });
  }))
  .on("GET", "/sessions/:session_handle/operations/:operation_handle/result/:token", withOperation("fetchResults", (req, _s, op, ctx, params) => {
    const token = params.token ?? "";
    if (!/^\d+$/.test(token)) return restHandlerError(400, `Bad request, could not parse parameters: Cannot resolve path parameter (token) from value "${token}".`);
    // rowFormat exists from v2 on (JSON by default); v1 always answers JSON.
    const requested = ctx.version >= 2 ? (req.query.get("rowFormat") ?? "JSON").toUpperCase() : "JSON";
    if (requested !== "JSON" && requested !== "PLAIN_TEXT") return restHandlerError(400, `Bad request, could not parse parameters: Cannot resolve query parameter (rowFormat) from value "${requested}".`);
    const r = op.fetch(Number(token), requested as RowFormat, ctx.version);
    if ("error" in r) return serviceFailure("fetchResults", javaStackTrace(`org.apache.flink.table.gateway.service.utils.SqlExecutionException: Failed to execute the operation ${op.handle}.`, ["org.apache.flink.table.gateway.service.operation.OperationManager$Operation.processThrowable(OperationManager.java:414)"], r.error));
    return json(200, r.body);
  }));

const V2 = new Router<Ctx>()
  .on("GET", "/sessions/:session_handle/complete-statement", withSession("completeStatement", (req, s) => {
    const b = body(req, "CompleteStatementRequestBody", { statement: "string", position: "int" });
    return json(200, { candidates: completeStatement(s, (b.statement as string | undefined) ?? "", (b.position as number | undefined) ?? 0) });
  }))
  .on("POST", "/sessions/:session_handle/configure-session", withSession("configureSession", (req, s, ctx) => {
    const b = body(req, "ConfigureSessionRequestBody", { statement: "string", executionTimeout: "int" });
    const statement = (b.statement as string | undefined) ?? "";
    if (!isSessionConfiguration(statement)) {
      return serviceFailure("configureSession", `java.lang.UnsupportedOperationException: Unsupported statement for configuring session:${statement}\nThe configureSession API only supports to execute statement of type CREATE TABLE, DROP TABLE, ALTER TABLE, CREATE DATABASE, DROP DATABASE, ALTER DATABASE, CREATE FUNCTION, DROP FUNCTION, ALTER FUNCTION, CREATE CATALOG, DROP CATALOG, USE CATALOG, USE [CATALOG.]DATABASE, CREATE VIEW, DROP VIEW, LOAD MODULE, UNLOAD MODULE, USE MODULE, ADD JAR.`);
    }
    const error = ctx.gw.configureSession(s, statement);
    return error ? serviceFailure("configureSession", error) : json(200, {});
  }));

const V3 = new Router<Ctx>().on("POST", "/sessions/:session_handle/materialized-tables/:identifier/refresh", withSession("refreshMaterializedTable", (req, s, ctx, params) => {
  body(req, "RefreshMaterializedTableRequestBody", { isPeriodic: "bool", periodic: "bool", scheduleTime: "string", dynamicOptions: STRING_MAP, staticPartitions: STRING_MAP, executionConfig: STRING_MAP });
  return json(200, { operationHandle: ctx.gw.refreshMaterializedTable(s, params.identifier ?? "").handle });
}));

const V4 = new Router<Ctx>().on("POST", "/sessions/:session_handle/scripts", withSession("deployScript", async (req, s, ctx) => {
  const b = body(req, "DeployScriptRequestBody", { script: "string", scriptUri: "string", executionConfig: STRING_MAP });
  const r = await ctx.gw.deployScript(s, b.script as string | undefined, b.scriptUri as string | undefined, (b.executionConfig as Record<string, string> | undefined) ?? {});
  return "error" in r ? internalServerError(r.error) : json(200, { clusterID: r.clusterId });
}));

export async function routeSqlGatewayRequest(gw: SqlGateway, calls: CallLog, req: SimRequest): Promise<Reply> {
  const reply = await dispatch(gw, req);
  if (typeof reply === "object") calls.record({ component: "sql-gateway", method: req.method, path: req.path, query: req.search, status: reply.status, time: Date.now() });
  return reply;
}

async function dispatch(gw: SqlGateway, req: SimRequest): Promise<Reply> {
  const m = /^\/v([1-9]\d*)(\/.*|$)/.exec(req.path);
  const version = m ? Number(m[1]) : 4;
  const path = m ? m[2] || "/" : req.path;
  if (version > 4) return routeNotFound(req.path + req.search);
  const routers = [router, ...(version >= 2 ? [V2] : []), ...(version === 3 ? [V3] : []), ...(version >= 4 ? [V4] : [])];
  for (const r of routers) {
    const match = r.match(req.method, path);
    if (!("handler" in match)) continue;
    try {
      return await match.handler(req, match.params, { gw, version });
    } catch (e) {
      if (e instanceof BadBody) return badRequestBody(e.requestClass);
      console.error("[flink-sim] SQL Gateway handler failed:", e);
      return internalServerError(`java.lang.RuntimeException: ${String(e)}`);
    }
  }
  return routeNotFound(req.path + req.search);
}
