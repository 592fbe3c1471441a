/**
 * The deploy adapters of the six execution modes against the Flink simulator: for SQL and JAR jobs
 * (where the mode runs them) a deploy runs, a savepoint is taken, a stop with a savepoint ends the
 * job, a deploy restoring from it restores (Flink records the restore), and a cancel cancels. A
 * deploy repeated for the same run (a crash after submitting) adopts the job instead of doubling it;
 * refusals and Flink's errors come back as sentences.
 */
import fs from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rawSql } from "@/db/client";
import { insertRun } from "@/db/queries/lifecycle";
import type { Cluster } from "@/db/queries/clusters";
import { GET as artifactRoute } from "@/app/api/artifacts/[release]/[file]/route";
import { createCluster } from "@/lib/environments/clusters";
import { isAppError } from "@/lib/errors";
import type { ExecutionMode } from "@/lib/jobs/settings";
import { artifactUrl } from "@/lib/lifecycle/artifacts";
import { adapterFor } from "@/lib/lifecycle/deploy";
import type { DeployContext, ModeAdapter, Observed, OperateContext } from "@/lib/lifecycle/deploy/types";
import { deployContext, makeJob, makeRelease, makeRun, operateContext, type ReleaseInput } from "../support/deploy-fixtures";
import { until } from "../support/sim-environment";
import { startSimEnvironment, type SimEnvironment, type SimInfo } from "../support/sim-environment";
import { adminPrincipal, failure, unique } from "../support/fixtures";

let env: SimEnvironment;
let sim: SimEnvironment["sim"];
let info: SimInfo;
const clusters: Partial<Record<"remote" | "yarn-session" | "k8s-session", Cluster>> = {};

const SQL = [
  "CREATE TABLE src (id BIGINT, name STRING) WITH ('connector' = 'datagen', 'rows-per-second' = '5');",
  "CREATE TABLE snk (id BIGINT, name STRING) WITH ('connector' = 'blackhole');",
  "-- the job",
  "INSERT INTO snk SELECT id, name FROM src;",
].join("\n");
const SAVEPOINTS = "file:///tmp/eddy-test-savepoints";

const jmUrl = (name: string) => info.jobmanagers.find((j) => j.name === name)!.url;
const flink2 = () => ({ home: info.flinkHomes["2.1.0"], version: "2.1.0" });
const flink1 = () => ({ home: info.flinkHomes["1.20.1"], version: "1.20.1" });
const exampleJar = (version: "1.20.1" | "2.1.0") => path.join(info.flinkHomes[version], "examples/streaming/StateMachineExample.jar");

const stateOf = (o: Observed) => o?.state ?? "(gone)";

beforeAll(async () => {
  env = await startSimEnvironment("eddy-deploy", { EDDY_YARN_RM_URL: undefined }, { artifacts: true });
  ({ sim, info } = env);
  process.env.EDDY_DATA_DIR = path.join(env.tmp, "data");


  const p = await adminPrincipal();
  const yarnSession = [...sim.world.yarn.apps.values()].find((a) => a.mode === "session")!;
  clusters.remote = await createCluster(p, "default", { kind: "remote", name: unique("remote"), restUrl: jmUrl("session-1"), sqlGatewayUrl: info.sqlGateway.url });
  clusters["yarn-session"] = await createCluster(p, "default", { kind: "yarn-session", name: unique("yarn"), yarnRmUrl: info.yarn.url, yarnApplicationId: yarnSession.id, sqlGatewayUrl: info.sqlGateway.url });
  clusters["k8s-session"] = await createCluster(p, "default", { kind: "k8s-session", name: unique("k8s"), k8sNamespace: "flink", k8sClusterId: "k8s-session-1", sqlGatewayUrl: info.sqlGateway.url });
});

afterAll(() => env?.close());

type Scenario = { mode: ExecutionMode; type: "sql" | "jar"; flink: () => { home: string; version: string } };

async function prepare(s: Scenario, extra: Partial<ReleaseInput> = {}) {
  const job = await makeJob(s.type, s.mode);
  const cluster = s.mode === "remote" || s.mode === "yarn-session" || s.mode === "k8s-session" ? clusters[s.mode]! : null;
  const release = await makeRelease({
    job,
    mode: s.mode,
    flink: s.flink(),
    sql: s.type === "sql" ? SQL : undefined,
    jar: s.type === "jar" ? exampleJar(s.flink().version as "1.20.1" | "2.1.0") : undefined,
    settings: { savepointDir: SAVEPOINTS, clusterId: cluster?.id ?? null, k8sNamespace: s.mode === "k8s-application" ? "flink" : null },
    yarnRmUrl: s.mode.startsWith("yarn-") && s.mode !== "yarn-session" ? info.yarn.url : null,
    ...extra,
  });
  return { job, cluster, release, adapter: adapterFor(s.mode) };
}

async function deployed(adapter: ModeAdapter, ctx: DeployContext): Promise<OperateContext> {
  const op = operateContext(ctx, await adapter.deploy(ctx));
  await until("running", () => adapter.observe(op), (o) => o?.state === "RUNNING");
  return op;
}

const scenarios: Scenario[] = [
  { mode: "remote", type: "sql", flink: flink2 },
  { mode: "remote", type: "jar", flink: flink2 },
  { mode: "yarn-session", type: "sql", flink: flink2 },
  { mode: "yarn-session", type: "jar", flink: flink2 },
  { mode: "k8s-session", type: "sql", flink: flink2 },
  { mode: "k8s-session", type: "jar", flink: flink2 },
  { mode: "yarn-application", type: "sql", flink: flink2 },
  { mode: "yarn-application", type: "jar", flink: flink2 },
  { mode: "yarn-per-job", type: "jar", flink: flink1 },
  { mode: "k8s-application", type: "sql", flink: flink2 },
  { mode: "k8s-application", type: "jar", flink: flink2 },
];

describe.each(scenarios)("$mode, $type job", (s) => {
  it("deploys, takes a savepoint, stops with one, restores from it, and cancels", { timeout: 90_000 }, async () => {
    const { job, cluster, release, adapter } = await prepare(s);
    const log: string[] = [];
    const first = await deployed(adapter, deployContext({ job, release, run: makeRun(s.mode, cluster), cluster, log }));
    const jm = (await adapter.jobManager(first))!;
    expect(jm).not.toBeNull();
    if (s.type === "sql") expect((await jm.job(first.run.flinkJobId)).name).toBe(job.name);

    const savepoint = await adapter.triggerSavepoint(first, { targetDirectory: null });
    expect(savepoint.savepointPath).toMatch(new RegExp(`^${SAVEPOINTS}/savepoint-`));
    expect((await adapter.observe(first))?.state).toBe("RUNNING");

    const stopped = await adapter.stopWithSavepoint(first, { targetDirectory: null, drain: false });
    expect(stopped.savepointPath).toMatch(new RegExp(`^${SAVEPOINTS}/savepoint-`));
    expect(stopped.savepointPath).not.toBe(savepoint.savepointPath);
    expect(stateOf(await until("finished", () => adapter.observe(first), (o) => o?.state !== "RUNNING"))).toBe("FINISHED");

    const second = await deployed(adapter, deployContext({ job, release, run: makeRun(s.mode, cluster), cluster, restore: { path: stopped.savepointPath, allowNonRestoredState: false } }));
    expect(second.run.flinkJobId).not.toBe(first.run.flinkJobId);
    const stats = await (await adapter.jobManager(second))!.checkpointStats(second.run.flinkJobId);
    expect(stats.latestRestored).toMatchObject({ externalPath: stopped.savepointPath, isSavepoint: true });
    expect(stats.counts.restored).toBe(1);
    if (s.mode === "k8s-application") {
      // The first run's suspended FlinkDeployment goes once the next run is deployed.
      const gone = await until("deleted", () => fetch(`${info.kubernetes.url}/apis/flink.apache.org/v1beta1/namespaces/flink/flinkdeployments/${first.run.k8sName}`).then((r) => r.status), (st) => st === 404);
      expect(gone).toBe(404);
    }

    await adapter.cancel(second);
    expect(stateOf(await until("cancelled", () => adapter.observe(second), (o) => o?.state !== "RUNNING" && o?.state !== "CANCELLING"))).toBe("CANCELED");
    // Cancelling again is fine: the job has already ended.
    await adapter.cancel(second);
  });
});

describe("YARN application mode's shipped files", () => {
  it("ships what the job's own -D yarn.ship-files names as well as the script", { timeout: 60_000 }, async () => {
    const s: Scenario = { mode: "yarn-application", type: "sql", flink: flink2 };
    const extra = "/tmp/eddy-extra-udf.jar";
    const { job, release, adapter } = await prepare(s, {
      settings: { savepointDir: SAVEPOINTS, clusterId: null, dynamicProperties: { "yarn.ship-files": extra } },
    });
    const ctx = deployContext({ job, release, run: makeRun(s.mode, null), cluster: null });
    const op = await deployed(adapter, ctx);
    const jm = (await adapter.jobManager(op))!;
    const shipped = ((await jm.jobManagerConfig())["yarn.ship-files"] ?? "").split(";");
    expect(shipped[0]).toBe(extra);
    expect(shipped.some((f) => f.endsWith(".sql"))).toBe(true);
    await adapter.cancel(op);
  });
});

describe("a deploy repeated for the same run (a crash after submitting)", () => {
  it.each([
    { mode: "remote", type: "sql", flink: flink2 },
    { mode: "yarn-session", type: "jar", flink: flink2 },
  ] as Scenario[])("adopts the job on the $mode cluster ($type)", { timeout: 60_000 }, async (s) => {
    const { job, cluster, release, adapter } = await prepare(s);
    const ctx = deployContext({ job, release, run: makeRun(s.mode, cluster), cluster });
    const log: string[] = [];
    await adapter.deploy(ctx);
    const again = await adapter.deploy({ ...ctx, log: (l) => log.push(l) });
    expect(again.flinkJobId).toBe(ctx.run.flinkJobId);
    expect(log.join("\n")).toMatch(/adopting it/);
    const jm = (await adapter.jobManager(operateContext(ctx, again)))!;
    expect((await jm.jobsOverview()).filter((j) => j.jid === ctx.run.flinkJobId)).toHaveLength(1);
    await adapter.cancel(operateContext(ctx, again));
  });

  it("adopts the YARN application named after the run", { timeout: 60_000 }, async () => {
    const s: Scenario = { mode: "yarn-application", type: "sql", flink: flink2 };
    const { job, release, adapter } = await prepare(s);
    const ctx = deployContext({ job, release, run: makeRun(s.mode, null), cluster: null });
    const first = await adapter.deploy(ctx);
    const again = await adapter.deploy(ctx);
    expect(again.yarnApplicationId).toBe(first.yarnApplicationId);
    const apps = ((await (await fetch(`${info.yarn.url}/ws/v1/cluster/apps`)).json()) as { apps: { app: { name: string }[] } }).apps.app;
    expect(apps.filter((a) => a.name === `eddy-${job.id}-run-${ctx.run.id}`)).toHaveLength(1);
    await adapter.cancel(operateContext(ctx, again));
  });

  it("adopts the FlinkDeployment named after the run", { timeout: 60_000 }, async () => {
    const s: Scenario = { mode: "k8s-application", type: "sql", flink: flink2 };
    const { job, release, adapter } = await prepare(s);
    const ctx = deployContext({ job, release, run: makeRun(s.mode, null), cluster: null });
    const first = await adapter.deploy(ctx);
    const again = await adapter.deploy(ctx);
    expect(again).toEqual(first);
    const list = (await (await fetch(`${info.kubernetes.url}/apis/flink.apache.org/v1beta1/namespaces/flink/flinkdeployments?labelSelector=eddy/job-id=${job.id}`)).json()) as { items: unknown[] };
    expect(list.items).toHaveLength(1);
    await until("running", () => adapter.observe(operateContext(ctx, again)), (o) => o?.state === "RUNNING");
    await adapter.cancel(operateContext(ctx, again));
  });
});

describe("refusals and Flink's errors", () => {
  it("a SQL error on a session cluster is an AppError carrying Flink's message", async () => {
    const s: Scenario = { mode: "remote", type: "sql", flink: flink2 };
    const { job, cluster, release, adapter } = await prepare(s, { sql: "CREATE TABLE snk (id BIGINT) WITH ('connector' = 'blackhole');\nINSERT INTO snk SELECT id FROM nowhere;" });
    const e = await failure(adapter.deploy(deployContext({ job, release, run: makeRun(s.mode, cluster), cluster })));
    expect(isAppError(e)).toBe(true);
    expect(e.message).toMatch(/^Flink refused statement 2 \(line 2\): .*Object 'nowhere' not found/);
    expect(e.message).not.toMatch(/\n\s+at /);
  });

  it("a SQL error in application mode fails the job with Flink's message", { timeout: 60_000 }, async () => {
    const s: Scenario = { mode: "k8s-application", type: "sql", flink: flink2 };
    const { job, release, adapter } = await prepare(s, { sql: "CREATE TABLE snk (id BIGINT) WITH ('connector' = 'blackhole');\nINSERT INTO snk SELECT id FROM nowhere;" });
    const ctx = deployContext({ job, release, run: makeRun(s.mode, null), cluster: null });
    const op = operateContext(ctx, await adapter.deploy(ctx));
    const seen = await until("failed", () => adapter.observe(op), (o) => o?.state === "FAILED");
    expect(seen?.failure).toMatch(/Object 'nowhere' not found/);
  });

  it("per-job mode on Flink 2.x is refused with a sentence", async () => {
    const s: Scenario = { mode: "yarn-per-job", type: "jar", flink: flink2 };
    const { job, release, adapter } = await prepare(s);
    const e = await failure(adapter.deploy(deployContext({ job, release, run: makeRun(s.mode, null), cluster: null })));
    expect(e.message).toMatch(/^Flink 2\.0 removed per-job mode, and this release uses Flink 2\.1\.0; choose YARN application mode instead\.$/);
  });

  it("SQL in application mode needs Flink 2 (its SQL Driver)", async () => {
    const s: Scenario = { mode: "yarn-application", type: "sql", flink: flink1 };
    const { job, release, adapter } = await prepare(s);
    const e = await failure(adapter.deploy(deployContext({ job, release, run: makeRun(s.mode, null), cluster: null })));
    expect(e.message).toMatch(/SQL Driver, which Flink 2\.0 introduced; this release uses Flink 1\.20\.1/);
  });

  it("a SQL job on a session cluster without a SQL Gateway is refused", async () => {
    const cluster = await createCluster(await adminPrincipal(), "default", { kind: "remote", name: unique("no-gw"), restUrl: jmUrl("standalone-1") });
    const s: Scenario = { mode: "remote", type: "sql", flink: flink2 };
    const { job, release, adapter } = await prepare(s);
    const e = await failure(adapter.deploy(deployContext({ job, release, run: makeRun(s.mode, cluster), cluster })));
    expect(e.message).toMatch(/has no SQL Gateway/);
  });

  it("a script with two INSERTs outside a statement set is refused before anything runs", async () => {
    const s: Scenario = { mode: "remote", type: "sql", flink: flink2 };
    const { job, cluster, release, adapter } = await prepare(s, { sql: `${SQL}\nINSERT INTO snk SELECT id, name FROM src;` });
    const e = await failure(adapter.deploy(deployContext({ job, release, run: makeRun(s.mode, cluster), cluster })));
    expect(e.message).toMatch(/submits 2 jobs \(lines 4, 5\)/);
  });

  it("a JAR job in Kubernetes application mode needs EDDY_PUBLIC_URL", async () => {
    const s: Scenario = { mode: "k8s-application", type: "jar", flink: flink2 };
    const { job, release, adapter } = await prepare(s);
    const url = process.env.EDDY_PUBLIC_URL;
    delete process.env.EDDY_PUBLIC_URL;
    try {
      const e = await failure(adapter.deploy(deployContext({ job, release, run: makeRun(s.mode, null), cluster: null })));
      expect(e.message).toMatch(/needs EDDY_PUBLIC_URL/);
    } finally {
      process.env.EDDY_PUBLIC_URL = url;
    }
  });

  it("a JobManager that cannot fetch its jar fails the run with the operator's reason", { timeout: 60_000 }, async () => {
    const s: Scenario = { mode: "k8s-application", type: "jar", flink: flink2 };
    const { job, release, adapter } = await prepare(s);
    const url = process.env.EDDY_PUBLIC_URL;
    // A public URL that does not lead to this Eddy: the signature is not one it made.
    process.env.EDDY_PUBLIC_URL = `${sim.url}/nowhere`;
    try {
      const ctx = deployContext({ job, release, run: makeRun(s.mode, null), cluster: null });
      const op = operateContext(ctx, await adapter.deploy(ctx));
      const seen = await until("failed", () => adapter.observe(op), (o) => o?.state === "FAILED");
      expect(seen?.failure).toMatch(/HTTP response code: 404/);
      expect(seen?.failure).toMatch(/sig=…/);
    } finally {
      process.env.EDDY_PUBLIC_URL = url;
    }
  });
});

describe("failed savepoints", () => {
  const fault = (jm: string, body: unknown) => fetch(`${sim.url}/_sim/jobmanagers/${jm}/faults`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

  it("a savepoint or stop that Flink fails is an AppError with Flink's reason, and the job keeps running", { timeout: 60_000 }, async () => {
    const s: Scenario = { mode: "remote", type: "jar", flink: flink2 };
    const { job, cluster, release, adapter } = await prepare(s);
    const op = await deployed(adapter, deployContext({ job, release, run: makeRun(s.mode, cluster), cluster }));
    await fault("session-1", { failNextSavepoint: true });
    const e = await failure(adapter.triggerSavepoint(op, { targetDirectory: null }));
    expect(isAppError(e)).toBe(true);
    expect(e.message).toBe("Flink could not take the savepoint: Failure reason: Not all required tasks are currently running.");
    await fault("session-1", { failNextSavepoint: true });
    const stop = await failure(adapter.stopWithSavepoint(op, { targetDirectory: null, drain: true }));
    expect(stop.message).toMatch(/^Flink could not stop the job with a savepoint \(it keeps running\): Failure reason/);
    expect((await adapter.observe(op))?.state).toBe("RUNNING");
    // Drained this time, into a directory of its own.
    const stopped = await adapter.stopWithSavepoint(op, { targetDirectory: "file:///tmp/eddy-drained", drain: true });
    expect(stopped.savepointPath).toMatch(/^file:\/\/\/tmp\/eddy-drained\/savepoint-/);
    expect((await adapter.observe(op))?.state).toBe("FINISHED");
  });

  it("in Kubernetes application mode, a stop into another directory goes through Flink, then the deployment is suspended", { timeout: 60_000 }, async () => {
    const s: Scenario = { mode: "k8s-application", type: "jar", flink: flink2 };
    const { job, release, adapter } = await prepare(s);
    const op = await deployed(adapter, deployContext({ job, release, run: makeRun(s.mode, null), cluster: null }));
    const stopped = await adapter.stopWithSavepoint(op, { targetDirectory: "file:///tmp/eddy-elsewhere", drain: false });
    expect(stopped.savepointPath).toMatch(/^file:\/\/\/tmp\/eddy-elsewhere\/savepoint-/);
    const dep = (await (await fetch(`${info.kubernetes.url}/apis/flink.apache.org/v1beta1/namespaces/flink/flinkdeployments/${op.run.k8sName}`)).json()) as { status: { lifecycleState: string } };
    expect(dep.status.lifecycleState).toBe("SUSPENDED");
    expect((await adapter.observe(op))?.state).toBe("FINISHED");
  });
});

describe("signed artifact URLs", () => {
  async function fetchArtifact(u: string) {
    const url = new URL(u);
    const [, , , release, file] = url.pathname.split("/");
    return artifactRoute(new Request(url), { params: Promise.resolve({ release: release!, file: file! }) });
  }

  it("serve the release's jar with a valid signature, and nothing (403) without one", async () => {
    const s: Scenario = { mode: "k8s-application", type: "jar", flink: flink2 };
    const { job, release } = await prepare(s);
    const ref = { jobId: job.id, releaseId: release.id, file: "StateMachineExample.jar" };
    const good = await fetchArtifact(await artifactUrl(ref));
    expect(good.status).toBe(200);
    expect(Buffer.from(await good.arrayBuffer())).toEqual(await fs.readFile(exampleJar("2.1.0")));

    const forged = new URL(await artifactUrl(ref));
    forged.searchParams.set("job", String(job.id + 1));
    const wrong = await fetchArtifact(forged.toString());
    expect(wrong.status).toBe(403);
    expect(((await wrong.json()) as { error: { message: string } }).error.message).toBe("This download link is not valid: its signature does not match.");

    const expired = await fetchArtifact(await artifactUrl(ref, { now: Date.now() - 8 * 24 * 3600 * 1000 }));
    expect(expired.status).toBe(403);
    expect(((await expired.json()) as { error: { message: string } }).error.message).toMatch(/expired/);

    const other = await fetchArtifact(await artifactUrl({ ...ref, file: "other.jar" }));
    expect(other.status).toBe(404);
  });

  it("past its time, a URL still serves while a run of its release is live (a JobManager pod restarted weeks later), and not after", async () => {
    const s: Scenario = { mode: "k8s-application", type: "jar", flink: flink2 };
    const { job, release } = await prepare(s);
    const ref = { jobId: job.id, releaseId: release.id, file: "StateMachineExample.jar" };
    const old = await artifactUrl(ref, { now: Date.now() - 30 * 24 * 3600 * 1000 });
    const [op] = await rawSql()<{ id: number }[]>`insert into job_operations (team_id, job_id, kind, requested_by_name) values (${job.teamId}, ${job.id}, 'start', 'test') returning id`;
    const run = await insertRun({ jobId: job.id, releaseId: release.id, version: 1, mode: s.mode, clusterId: null, flinkJobId: "a".repeat(32), restoredFrom: null, restoreKind: "none", allowNonRestoredState: false, operationId: op!.id });
    expect((await fetchArtifact(old)).status).toBe(200);
    await rawSql()`update job_runs set ended_at = now() where id = ${run.id}`;
    const after = await fetchArtifact(old);
    expect(after.status).toBe(403);
    expect(((await after.json()) as { error: { message: string } }).error.message).toMatch(/expired \(no run of its release is live any more\)/);
  });
});
