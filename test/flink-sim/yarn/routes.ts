import type { CallLog } from "../calls";
import { DROP_CONNECTION, json, jsonBody, isRecord, redirect, Router, text, type Reply, type SimRequest } from "../http";
import { isFinalYarnState, YARN_STATES, type ResourceManager, type YarnApp } from "./resource-manager";

/**
 * The RM's REST API (`/ws/v1/cluster/...`) and its web proxy (`/proxy/<appId>/...`), with Hadoop's
 * error bodies: `{"RemoteException":{"exception","message","javaClassName"}}`.
 */
function remoteException(status: number, exception: string, message: string, javaClassName: string): Reply {
  return json(status, { RemoteException: { exception, message, javaClassName } });
}

const notFound = (message: string) => remoteException(404, "NotFoundException", `java.lang.Exception: ${message}`, "org.apache.hadoop.yarn.webapp.NotFoundException");
const badRequest = (message: string) => remoteException(400, "BadRequestException", message, "org.apache.hadoop.yarn.webapp.BadRequestException");

const APP_ID = /^application_\d+_\d+$/;

/** Resolves `:appid` (Hadoop: malformed → 400, unknown → 404) and runs `then` with the app. */
function withApp(rm: ResourceManager, id: string, then: (app: YarnApp) => Reply): Reply {
  if (!APP_ID.test(id)) return badRequest(`java.lang.IllegalArgumentException: Invalid ApplicationId: ${id}`);
  const app = rm.apps.get(id);
  return app ? then(app) : notFound(`app with id: ${id} not found`);
}

function appJson(rm: ResourceManager, app: YarnApp): Record<string, unknown> {
  const running = app.state === "RUNNING";
  const tms = app.jobmanager?.slots.taskManagers.length ?? 0;
  const end = app.finishedTime || Date.now();
  const amContainer = `container_${rm.clusterTimestamp}_${String(app.seq).padStart(4, "0")}_01_000001`;
  const body: Record<string, unknown> = {
    id: app.id,
    user: app.user,
    name: app.name,
    queue: app.queue,
    state: app.state,
    finalStatus: app.finalStatus,
    progress: isFinalYarnState(app.state) ? 100.0 : 0.0,
    trackingUI: isFinalYarnState(app.state) ? "History" : "ApplicationMaster",
    trackingUrl: `${rm.url}/proxy/${app.id}/`,
    diagnostics: app.diagnostics,
    clusterId: rm.clusterTimestamp,
    applicationType: app.applicationType,
    applicationTags: app.tags.join(","),
    priority: 0,
    startedTime: app.startedTime,
    launchTime: app.launchTime,
    finishedTime: app.finishedTime,
    elapsedTime: end - app.startedTime,
    allocatedMB: running ? 1600 + tms * 1728 : -1,
    allocatedVCores: running ? 1 + tms : -1,
    runningContainers: running ? 1 + tms : -1,
    memorySeconds: Math.round(((end - app.startedTime) / 1000) * 1600),
    vcoreSeconds: Math.round((end - app.startedTime) / 1000),
    queueUsagePercentage: running ? 2.5 : 0.0,
    clusterUsagePercentage: running ? 2.5 : 0.0,
    preemptedResourceMB: 0,
    preemptedResourceVCores: 0,
    numNonAMContainerPreempted: 0,
    numAMContainerPreempted: 0,
    logAggregationStatus: isFinalYarnState(app.state) ? "SUCCEEDED" : "NOT_START",
    unmanagedApplication: false,
    amNodeLabelExpression: "",
  };
  if (app.amRpcAddress) {
    Object.assign(body, {
      amContainerLogs: `http://localhost:8042/node/containerlogs/${amContainer}/${app.user}`,
      // The NodeManager's web address, as YARN reports it; Flink's REST endpoint is amRPCAddress.
      amHostHttpAddress: "localhost:8042",
      amRPCAddress: app.amRpcAddress,
      masterNodeId: "localhost:45454",
    });
  }
  return body;
}

function listApps(rm: ResourceManager, q: URLSearchParams): Reply {
  const csv = (k: string) => q.getAll(k).flatMap((v) => v.split(",")).map((s) => s.trim()).filter((s) => s !== "");
  const states = [...csv("states"), ...csv("state")].map((s) => s.toUpperCase());
  const bad = states.find((s) => !(YARN_STATES as readonly string[]).includes(s));
  if (bad) return badRequest(`java.lang.IllegalArgumentException: Invalid application-state ${bad} specified. It should be one of ${YARN_STATES.join(", ")}`);
  const types = csv("applicationTypes").map((t) => t.toLowerCase());
  const tags = csv("applicationTags").map((t) => t.toLowerCase());
  const finalStatus = q.get("finalStatus")?.toUpperCase();
  const num = (k: string) => (q.get(k) ? Number(q.get(k)) : undefined);
  const limit = num("limit");
  let apps = [...rm.apps.values()].filter(
    (a) =>
      (states.length === 0 || states.includes(a.state)) &&
      (types.length === 0 || types.includes(a.applicationType.toLowerCase())) &&
      (tags.length === 0 || a.tags.some((t) => tags.includes(t.toLowerCase()))) &&
      (!q.get("queue") || a.queue === q.get("queue")) &&
      (!q.get("user") || a.user === q.get("user")) &&
      (!q.get("name") || a.name === q.get("name")) &&
      (!finalStatus || a.finalStatus === finalStatus) &&
      (num("startedTimeBegin") === undefined || a.startedTime >= num("startedTimeBegin")!) &&
      (num("startedTimeEnd") === undefined || a.startedTime <= num("startedTimeEnd")!) &&
      (num("finishedTimeBegin") === undefined || a.finishedTime >= num("finishedTimeBegin")!) &&
      (num("finishedTimeEnd") === undefined || (a.finishedTime > 0 && a.finishedTime <= num("finishedTimeEnd")!)),
  );
  if (limit !== undefined) apps = apps.slice(0, limit);
  // Hadoop serializes an empty list as null.
  return json(200, { apps: apps.length === 0 ? null : { app: apps.map((a) => appJson(rm, a)) } });
}

function updateState(rm: ResourceManager, req: SimRequest, app: YarnApp): Reply {
  // Without an authentication filter the RM cannot tell who asks; `?user.name=` is the pseudo-auth of a non-secure cluster.
  if (!req.query.get("user.name") && !req.headers.authorization) {
    return remoteException(403, "AuthorizationException", "Unable to obtain user name, user not authenticated", "org.apache.hadoop.security.authorize.AuthorizationException");
  }
  let body: unknown;
  try {
    body = jsonBody(req);
  } catch {
    return badRequest("java.lang.Exception: Could not parse the request body");
  }
  const target = isRecord(body) ? body.state : undefined;
  if (target !== "KILLED") return badRequest("java.lang.Exception: Only 'KILLED' is allowed as a target state.");
  const before = app.state;
  const outcome = rm.kill(app, isRecord(body) && typeof body.diagnostics === "string" ? body.diagnostics : undefined);
  if (outcome === "completed") return json(200, { state: "KILLED" });
  return json(202, { state: before }, { location: `${rm.url}/ws/v1/cluster/apps/${app.id}/state` });
}

const WS = new Router<ResourceManager>()
  .on("GET", "/ws/v1/cluster/info", (_q, _p, rm) =>
    json(200, { clusterInfo: { id: rm.clusterTimestamp, startedOn: rm.clusterTimestamp, state: "STARTED", haState: "ACTIVE", resourceManagerVersion: "3.3.6", hadoopVersion: "3.3.6" } }),
  )
  .on("GET", "/ws/v1/cluster/apps", (req, _p, rm) => listApps(rm, req.query))
  .on("GET", "/ws/v1/cluster/apps/:appid", (_q, p, rm) => withApp(rm, p.appid ?? "", (app) => json(200, { app: appJson(rm, app) })))
  .on("GET", "/ws/v1/cluster/apps/:appid/state", (_q, p, rm) => withApp(rm, p.appid ?? "", (app) => json(200, { state: app.state })))
  .on("PUT", "/ws/v1/cluster/apps/:appid/state", (req, p, rm) => withApp(rm, p.appid ?? "", (app) => updateState(rm, req, app)))
  .on("GET", "/cluster/app/:appid", (_q, p, rm) => {
    const app = rm.apps.get(p.appid ?? "");
    if (!app) return text(404, `<html><body>Application ${p.appid} not found</body></html>`, "text/html; charset=UTF-8");
    return text(200, `<html><head><title>Application ${app.id}</title></head><body><h1>Application ${app.id}</h1><p>State: ${app.state}</p><p>FinalStatus: ${app.finalStatus}</p></body></html>`, "text/html; charset=UTF-8");
  });

/**
 * `/proxy/<appId>/<path>`: forwards GET and PUT to the app's JobManager (anything else is 405);
 * an app that has not registered yet, or has ended, is redirected to its RM page.
 */
async function proxy(rm: ResourceManager, req: SimRequest, appId: string, rest: string): Promise<Reply> {
  const app = rm.apps.get(appId);
  if (!app) return text(404, `<html><body><h2>Application ${appId} could not be found in RM or history server</h2></body></html>`, "text/html; charset=UTF-8");
  if (req.method !== "GET" && req.method !== "PUT") {
    return { status: 405, headers: { allow: "GET, PUT", "content-type": "text/html; charset=ISO-8859-1" }, body: `<html><body><h2>HTTP ERROR 405 Method Not Allowed</h2><p>URI: /proxy/${appId}/${rest}</p></body></html>` };
  }
  if (app.state !== "RUNNING" || !app.jobmanager) return redirect(`${rm.url}/cluster/app/${app.id}`);
  const reply = await app.jobmanager.handle({ ...req, path: `/${rest}` }, "yarn-proxy");
  if (reply === DROP_CONNECTION) {
    return text(500, `<html><body><h2>HTTP ERROR 500 java.net.ConnectException: Connection refused</h2><p>URI: /proxy/${appId}/${rest}</p></body></html>`, "text/html; charset=ISO-8859-1");
  }
  return reply;
}

export async function routeYarnRequest(rm: ResourceManager, calls: CallLog, req: SimRequest): Promise<Reply> {
  const reply = await dispatch(rm, req);
  if (reply !== DROP_CONNECTION) calls.record({ component: "yarn", method: req.method, path: req.path, query: req.search, status: reply.status, time: Date.now() });
  return reply;
}

async function dispatch(rm: ResourceManager, req: SimRequest): Promise<Reply> {
  const pm = /^\/proxy\/([^/]+)\/?(.*)$/.exec(req.path);
  if (pm) return proxy(rm, req, decodeURIComponent(pm[1]!), pm[2] ?? "");
  const m = WS.match(req.method, req.path);
  if ("handler" in m) return m.handler(req, m.params, rm);
  if (m.pathMatched) return remoteException(405, "WebApplicationException", "javax.ws.rs.WebApplicationException: HTTP 405 Method Not Allowed", "javax.ws.rs.WebApplicationException");
  return text(404, `<html><body><h2>HTTP ERROR 404 Not Found</h2><p>URI: ${req.path}</p></body></html>`, "text/html; charset=ISO-8859-1");
}
