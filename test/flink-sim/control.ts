import { isRecord, json, jsonBody, Router, type Reply, type SimRequest } from "./http";
import { readJarEntryClass } from "./jobmanager/jars";
import type { Faults, JobManager, JobManagerKind } from "./jobmanager/jobmanager";
import { programJobSpec } from "./jobmanager/programs";
import { isFlinkVersion } from "./jobmanager/versions";
import type { GatewayConfig } from "./sql-gateway/gateway";
import type { World } from "./world";
import type { FinalStatus } from "./yarn/resource-manager";

/**
 * The control API (`/_sim`) for tests, demos and the simulated CLI: inspect and reset the world,
 * add JobManagers and jobs, inject failures, and do what real tools do over non-HTTP channels
 * (YARN RPC submission, native Kubernetes deployment). Errors are `{"error": "..."}`.
 */
const error = (status: number, message: string) => json(status, { error: message });

function body(req: SimRequest): Record<string, unknown> {
  try {
    const b = jsonBody(req);
    return isRecord(b) ? b : {};
  } catch {
    return {};
  }
}

const str = (v: unknown) => (typeof v === "string" ? v : undefined);
const num = (v: unknown) => (typeof v === "number" ? v : undefined);
const strMap = (v: unknown) => (isRecord(v) ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, String(x)])) : undefined);

function withJobManager(handler: (req: SimRequest, jm: JobManager, world: World, params: Record<string, string>) => Reply | Promise<Reply>) {
  return (req: SimRequest, params: Record<string, string>, world: World) => {
    const jm = world.jobmanagers.get(params.name ?? "");
    return jm ? handler(req, jm, world, params) : error(404, `no JobManager named ${params.name}`);
  };
}

/**
 * A job as a program submission: `{name, parallelism, batch, durationMs}` from tests, or
 * `{jarPath|entryClass, args, flinkConfiguration, jobId, savepointPath}` from the simulated CLI.
 */
async function programOf(b: Record<string, unknown>) {
  const jarPath = str(b.jarPath);
  return {
    args: Array.isArray(b.args) ? b.args.map(String) : undefined,
    name: str(b.name),
    entryClass: str(b.entryClass) ?? (jarPath ? await readJarEntryClass(jarPath) : undefined),
    config: strMap(b.flinkConfiguration) ?? {},
    jobId: str(b.jobId)?.toLowerCase(),
    parallelism: num(b.parallelism),
    savepointPath: str(b.savepointPath),
    batch: typeof b.batch === "boolean" ? b.batch : undefined,
    durationMs: num(b.durationMs),
  };
}

const router = new Router<World>()
  .on("GET", "/", (_q, _p, world) => json(200, world.describe()))
  .on("POST", "/reset", async (_q, _p, world) => {
    await world.reset();
    return json(200, world.describe());
  })
  .on("GET", "/calls", (req, _p, world) => json(200, { calls: world.calls.list(req.query.get("component") ?? undefined) }))
  .on("DELETE", "/calls", (_q, _p, world) => {
    world.calls.clear();
    return json(200, {});
  })
  .on("POST", "/jobmanagers", async (req, _p, world) => {
    const b = body(req);
    const name = str(b.name);
    const kind = str(b.kind) as JobManagerKind | undefined;
    const flinkVersion = b.flinkVersion ?? "2.1.0";
    if (!name || !/^[\w.-]+$/.test(name)) return error(400, "name is required (letters, digits, '.', '_', '-')");
    if (kind !== "standalone" && kind !== "session" && kind !== "application") return error(400, 'kind must be "standalone", "session" or "application"');
    if (!isFlinkVersion(flinkVersion)) return error(400, 'flinkVersion must be "1.20.1" or "2.1.0"');
    if (world.jobmanagers.has(name)) return error(409, `a JobManager named ${name} already exists`);
    const jm = await world.createJobManager({ name, kind, flinkVersion, config: strMap(b.flinkConfiguration) });
    return json(201, { name: jm.name, url: jm.url, kind: jm.kind, flinkVersion: jm.flinkVersion, restAddress: jm.restAddress });
  })
  .on("DELETE", "/jobmanagers/:name", withJobManager(async (_q, jm, world) => {
    await world.removeJobManager(jm);
    return json(200, {});
  }))
  .on("POST", "/jobmanagers/:name/jobs", withJobManager(async (req, jm) => {
    const p = await programOf(body(req));
    if (p.jobId && jm.jobs.has(p.jobId)) return error(409, "org.apache.flink.runtime.client.DuplicateJobSubmissionException: Job has already been submitted.");
    const job = jm.submitJob(programJobSpec(jm, { ...p, name: p.name ?? (p.entryClass ? undefined : "Simulated Job") }));
    return json(201, { jobId: job.id, name: job.name });
  }))
  .on("POST", "/jobmanagers/:name/jobs/:jobId/fail", withJobManager((req, jm, _w, params) => {
    const job = jm.jobs.get((params.jobId ?? "").toLowerCase());
    if (!job) return error(404, `no job ${params.jobId} on ${jm.name}`);
    const b = body(req);
    const restarts = b.restarts === "exhaust" ? "exhaust" : "allow";
    if (!job.fail(str(b.exception), restarts)) return error(409, `job ${job.id} is ${job.state}; only a running job can fail`);
    return json(200, { jobId: job.id, state: job.state });
  }))
  .on("POST", "/jobmanagers/:name/down", withJobManager(async (_q, jm) => {
    await jm.down();
    return json(200, { name: jm.name, reachable: false });
  }))
  .on("POST", "/jobmanagers/:name/up", withJobManager(async (_q, jm) => {
    await jm.up();
    return json(200, { name: jm.name, reachable: true, restAddress: jm.restAddress });
  }))
  .on("POST", "/jobmanagers/:name/faults", withJobManager((req, jm) => {
    const b = body(req);
    const f: Partial<Faults> = {};
    if (num(b.latencyMs) !== undefined) f.latencyMs = num(b.latencyMs)!;
    if (num(b.status503) !== undefined) f.status503 = num(b.status503)!;
    if (b.failNextSavepoint === true) f.failNextSavepoint = true;
    if (b.failNextCheckpoint === true) f.failNextCheckpoint = true;
    return json(200, jm.setFaults(f));
  }))
  .on("DELETE", "/jobmanagers/:name/faults", withJobManager((_q, jm) => {
    jm.clearFaults();
    return json(200, jm.faults);
  }))
  .on("POST", "/yarn/apps", async (req, _p, world) => {
    const b = body(req);
    const mode = str(b.mode) ?? "session";
    const flinkVersion = b.flinkVersion ?? "2.1.0";
    if (mode !== "session" && mode !== "application" && mode !== "per-job") return error(400, 'mode must be "session", "application" or "per-job"');
    if (!isFlinkVersion(flinkVersion)) return error(400, 'flinkVersion must be "1.20.1" or "2.1.0"');
    const program = mode === "session" ? undefined : { ...(await programOf(isRecord(b.job) ? b.job : {})), config: strMap(b.flinkConfiguration) ?? {} };
    // Per-job mode runs main() in the client, which builds the job graph before YARN sees anything.
    const compiled = program && mode === "per-job" ? programJobSpec({ config: {}, flinkVersion }, program) : undefined;
    if (compiled?.failure) return json(400, { error: compiled.failure, program: true });
    const app = world.yarn.submit({
      name: str(b.name) ?? (mode === "session" ? "Flink session cluster" : "Flink Application Cluster"),
      user: str(b.user),
      queue: str(b.queue),
      applicationType: str(b.applicationType),
      tags: Array.isArray(b.tags) ? b.tags.map(String) : undefined,
      mode,
      flinkVersion,
      config: strMap(b.flinkConfiguration),
      program,
    });
    return json(201, { applicationId: app.id });
  })
  .on("POST", "/yarn/apps/:appId/vanish", (_q, p, world) => {
    const app = world.yarn.apps.get(p.appId ?? "");
    if (!app) return error(404, `no application ${p.appId}`);
    world.yarn.vanish(app);
    return json(200, {});
  })
  .on("POST", "/yarn/apps/:appId/finish", async (req, p, world) => {
    const app = world.yarn.apps.get(p.appId ?? "");
    if (!app) return error(404, `no application ${p.appId}`);
    const finalStatus = (str(body(req).finalStatus) ?? "SUCCEEDED") as FinalStatus;
    if (!["SUCCEEDED", "FAILED", "KILLED", "UNDEFINED"].includes(finalStatus)) return error(400, "finalStatus must be SUCCEEDED, FAILED, KILLED or UNDEFINED");
    await world.yarn.finish(app, finalStatus);
    return json(200, { state: app.state, finalStatus: app.finalStatus });
  })
  .on("POST", "/kubernetes/clusters", async (req, _p, world) => {
    const b = body(req);
    const clusterId = str(b.clusterId);
    const namespace = str(b.namespace) ?? "default";
    const mode = str(b.mode) ?? "session";
    const flinkVersion = b.flinkVersion ?? "2.1.0";
    if (!clusterId || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(clusterId)) return error(400, "clusterId must be a lowercase RFC 1123 name");
    if (mode !== "session" && mode !== "application") return error(400, 'mode must be "session" or "application"');
    if (!isFlinkVersion(flinkVersion)) return error(400, 'flinkVersion must be "1.20.1" or "2.1.0"');
    if (world.kubernetes.jobManagerOf(namespace, clusterId)) return error(409, `The Flink cluster ${clusterId} already exists.`);
    const jm = await world.kubernetes.deployNative({
      clusterId,
      namespace,
      mode,
      flinkVersion,
      config: strMap(b.flinkConfiguration),
      program: mode === "application" ? { ...(await programOf(isRecord(b.job) ? b.job : {})), config: strMap(b.flinkConfiguration) ?? {} } : undefined,
    });
    return json(201, { name: jm.name, url: jm.url, restAddress: jm.restAddress });
  })
  .on("POST", "/sql-gateway/config", (req, _p, world) => json(200, world.sqlGateway.configure(strMap(body(req)) as Partial<GatewayConfig>)));

export async function routeControlRequest(world: World, req: SimRequest): Promise<Reply> {
  const m = router.match(req.method, req.path);
  if (!("handler" in m)) return error(m.pathMatched ? 405 : 404, `no control endpoint ${req.method} /_sim${req.path}`);
  return m.handler(req, m.params, world);
}
