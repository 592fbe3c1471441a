/**
 * A job's whole life through Eddy's operations, against the Flink simulator, in every execution
 * mode: build, start, RUNNING, savepoint, stop with a savepoint, start again from it, a failure
 * Flink gives up on (auto-restart from the latest snapshot), cancel. Operations run the way the
 * worker runs them (runOperation); the watchers are called the way their tasks call them.
 */
import fs from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findClusterById } from "@/db/queries/clusters";
import { activeOperation, findOperationById, findRun, latestRelease, listEvents, listReleases, listSnapshots } from "@/db/queries/lifecycle";
import type { Principal } from "@/lib/auth/principal";
import { probeAndRecord, startSessionCluster } from "@/lib/environments/cluster-lifecycle";
import { createCluster } from "@/lib/environments/clusters";
import { registerVersion } from "@/lib/environments/flink-versions";
import { createJob, getJob, saveVersion } from "@/lib/jobs/jobs";
import { requestAction, requestBulk } from "@/lib/lifecycle/operations";
import { runOperation } from "@/lib/lifecycle/run-operation";
import { watchKubernetes, watchYarn } from "@/lib/lifecycle/watch";
import { uploadResource } from "@/lib/resources/resources";
import { adminPrincipal, makeTeam, unique } from "../support/fixtures";
import { startSimEnvironment, until, type SimEnvironment, type SimInfo } from "../support/sim-environment";

let env: SimEnvironment;
let sim: SimEnvironment["sim"];
let info: SimInfo;
let admin: Principal;
let team: string;

const SQL = `CREATE TABLE orders (id BIGINT, amount DOUBLE) WITH ('connector' = 'datagen');
CREATE TABLE sink (id BIGINT, amount DOUBLE) WITH ('connector' = 'blackhole');
INSERT INTO sink SELECT id, amount FROM orders;`;

/** Asks for an action as a person would, then runs it as the worker would; returns the finished operation. */
async function act(jobId: number, kind: string, options: Record<string, unknown> = {}) {
  const op = await requestAction(admin, team, jobId, kind, options);
  await runOperation(op.id, { attempts: 1, maxAttempts: 5 });
  return (await findOperationById(op.id))!;
}

async function uploadExampleJar(): Promise<string> {
  const bytes = await fs.readFile(path.join(info.flinkHomes["2.1.0"], "examples/streaming/TopSpeedWindowing.jar"));
  const name = `${unique("top-speed")}.jar`;
  const fd = new FormData();
  fd.set("kind", "app");
  fd.set("file", new File([new Uint8Array(bytes)], name));
  const r = new Response(fd);
  const request = new Request(`http://eddy.test/api/v1/teams/${team}/resources`, { method: "POST", headers: { "content-type": r.headers.get("content-type")! }, body: new Uint8Array(await r.arrayBuffer()) });
  await uploadResource(admin, team, request);
  return name;
}

async function simJobs(jmName: string): Promise<{ jid: string; state: string }[]> {
  const jm = info.jobmanagers.find((j) => j.name === jmName)!;
  return ((await (await fetch(`${jm.url}/jobs/overview`)).json()) as { jobs: { jid: string; state: string }[] }).jobs;
}

beforeAll(async () => {
  env = await startSimEnvironment("eddy-job-life", {}, { artifacts: true });
  ({ sim, info } = env);
  process.env.EDDY_YARN_RM_URL = info.yarn.url;
  admin = await adminPrincipal();
  team = (await makeTeam()).name;
  await registerVersion(admin, { home: info.flinkHomes["2.1.0"], name: "flink-2.1.0" });
  await registerVersion(admin, { home: info.flinkHomes["1.20.1"], name: "flink-1.20.1" });
});

afterAll(() => env?.close());

describe("a FlinkSQL job on a Remote cluster, through its whole life", () => {
  let jobId = 0;
  let clusterId = 0;
  const jmName = () => info.sqlGateway.jobmanager;
  const watch = () => probeAndRecord(clusterId);

  it("builds a release and starts: Flink runs it under the run's own job id", async () => {
    const jm = info.jobmanagers.find((j) => j.name === jmName())!;
    const cluster = await createCluster(admin, team, { kind: "remote", name: unique("remote"), restUrl: jm.url, sqlGatewayUrl: info.sqlGateway.url, flinkVersion: "flink-2.1.0" });
    clusterId = cluster.id;
    const job = await createJob(admin, team, { name: unique("orders"), type: "sql", sql: SQL, settings: { mode: "remote", cluster: cluster.name, savepointDir: "file:///tmp/eddy-sp", checkpointDir: "file:///tmp/eddy-ck" } });
    jobId = job.id;

    const build = await act(jobId, "build");
    expect(build.status, build.message ?? "").toBe("succeeded");
    const start = await act(jobId, "start");
    expect(start.status, `${start.message}\n${start.log}`).toBe("succeeded");
    expect(start.steps.map((s: { name: string }) => s.name)).toEqual(expect.arrayContaining(["Choose snapshot"]));

    const after = await getJob(admin, team, jobId);
    expect(after.observedState).toBe("RUNNING");
    expect(after.desiredState).toBe("running");
    expect(after.deployedVersion).toBe(1);
    const run = (await findRun({ jobId, id: after.currentRunId! }))!;
    const flink = await simJobs(jmName());
    expect(flink.find((j) => j.jid === run.flinkJobId)?.state).toBe("RUNNING");
  });

  it("refuses a second start while it runs, with a sentence", async () => {
    await expect(requestAction(admin, team, jobId, "start", {})).rejects.toMatchObject({ code: "conflict" });
  });

  it("takes a savepoint and records it", async () => {
    const op = await act(jobId, "savepoint");
    expect(op.status, op.message ?? "").toBe("succeeded");
    const snaps = await listSnapshots({ jobId });
    expect(snaps[0]).toMatchObject({ kind: "savepoint", trigger: "manual" });
    expect(snaps[0]!.path).toMatch(/^file:\/\/\/tmp\/eddy-sp\//);
  });

  it("stops with a savepoint: SUSPENDED, wanted suspended, and Flink no longer runs it", async () => {
    const before = await getJob(admin, team, jobId);
    const run = (await findRun({ jobId, id: before.currentRunId! }))!;
    const op = await act(jobId, "stop");
    expect(op.status, op.message ?? "").toBe("succeeded");
    const job = await getJob(admin, team, jobId);
    expect(job.observedState).toBe("SUSPENDED");
    expect(job.desiredState).toBe("suspended");
    expect((await findRun({ jobId, id: run.id }))?.endedAt).not.toBeNull();
    expect((await simJobs(jmName())).find((j) => j.jid === run.flinkJobId)?.state).toBe("FINISHED");
    expect((await listSnapshots({ jobId }))[0]).toMatchObject({ kind: "savepoint", trigger: "stop" });
  });

  it("starts again from the stop's savepoint, as a new run with a new Flink job id", async () => {
    const stopSavepoint = (await listSnapshots({ jobId }))[0]!;
    const previous = (await getJob(admin, team, jobId)).currentRunId!;
    const op = await act(jobId, "start", { restore: { snapshotId: stopSavepoint.id } });
    expect(op.status, `${op.message}\n${op.log}`).toBe("succeeded");
    const job = await getJob(admin, team, jobId);
    expect(job.currentRunId).not.toBe(previous);
    const run = (await findRun({ jobId, id: job.currentRunId! }))!;
    expect(run.restoredFrom).toBe(stopSavepoint.path);
    expect(run.restoreKind).toBe("savepoint");
  });

  it("notices a failure Flink gives up on, and restarts the job automatically from the latest snapshot", async () => {
    const job = await getJob(admin, team, jobId);
    const run = (await findRun({ jobId, id: job.currentRunId! }))!;
    await fetch(`${sim.url}/_sim/jobmanagers/${jmName()}/jobs/${run.flinkJobId}/fail`, { method: "POST", body: JSON.stringify({ exception: "java.io.IOException: disk full", restarts: "exhaust" }) });
    await until("the failure noticed", async () => (await watch(), (await getJob(admin, team, jobId)).observedState), (s) => s === "FAILED" || s === "INITIALIZING" || s === "RUNNING" || s === "DEPLOYING");
    const auto = await activeOperation(jobId);
    expect(auto).toMatchObject({ kind: "start", requestedByName: "Eddy (auto-restart)" });
    await runOperation(auto!.id, { attempts: 1, maxAttempts: 5 });
    const restarted = await getJob(admin, team, jobId);
    expect(restarted.observedState).toBe("RUNNING");
    expect(restarted.restartCount).toBe(1);
    const events = await listEvents({ jobId });
    expect(events.map((e) => e.message).join("\n")).toMatch(/Restarting automatically \(attempt 1 of 3/);
    // The timeline says why, in Flink's words (its root cause, read once by the watcher).
    expect(events.find((e) => e.toState === "FAILED")?.message).toMatch(/reports FAILED: java\.io\.IOException: disk full/);
  });

  it("cancels: CANCELED, wanted cancelled, and the watcher leaves it alone", async () => {
    const op = await act(jobId, "cancel");
    expect(op.status, op.message ?? "").toBe("succeeded");
    await watch();
    const job = await getJob(admin, team, jobId);
    expect(job.observedState).toBe("CANCELED");
    expect(job.desiredState).toBe("cancelled");
    expect(await activeOperation(jobId)).toBeUndefined();
  });

  it("a SQL error Flink finds fails the start with Flink's sentence, and leaves no run pretending to deploy", async () => {
    const job = await createJob(admin, team, { name: unique("broken"), type: "sql", sql: "CREATE TABLE t (a INT) WITH ('connector' = 'datagen');\nINSERT INTO missing_table SELECT a FROM t;", settings: { mode: "remote", cluster: (await findClusterById(clusterId))!.name } });
    expect((await act(job.id, "build")).status).toBe("succeeded");
    const op = await act(job.id, "start");
    expect(op.status).toBe("failed");
    expect(op.message).toMatch(/missing_table/);
    expect((await getJob(admin, team, job.id)).observedState).toBe("FAILED");
  });
});

/**
 * A build is the last check before Flink: invalid SQL is saved (work in progress is kept) as a
 * version marked not valid, and such a head is never built or started. A build asked for while the
 * head was valid, and run after an invalid save, reads the new head and stops at “Validate SQL”.
 */
describe("a build refuses SQL with a blocking error", () => {
  // Line 3, column 18: the misspelled keyword the validator proves.
  const BROKEN = SQL.replace("INSERT INTO sink SELECT", "INSERT INTO sink SELEC");
  const why = "Line 3, column 18: Unknown word SELEC. Did you mean SELECT?";

  it("fails at “Validate SQL” with the line and column, records a failed release, and starting is refused", async () => {
    const cluster = await createCluster(admin, team, { kind: "remote", name: unique("remote"), restUrl: "http://127.0.0.1:9", flinkVersion: "flink-2.1.0" });
    const job = await createJob(admin, team, { name: unique("typo"), type: "sql", sql: SQL, settings: { mode: "remote", cluster: cluster.name } });
    expect(job.valid).toBe(true);

    // Asked for while version 1 is valid; version 2 is saved before the worker runs the build.
    const op = await requestAction(admin, team, job.id, "build", {});
    const saved = await saveVersion(admin, team, job.name, { sql: BROKEN, note: "typo" });
    expect(saved).toMatchObject({ number: 2, unchanged: false, job: { headVersion: 2, valid: false } });
    expect(saved.diagnostics).toEqual([expect.objectContaining({ severity: "error", line: 3, column: 18 })]);

    await runOperation(op.id, { attempts: 1, maxAttempts: 5 });
    const build = (await findOperationById(op.id))!;
    expect(build.status).toBe("failed");
    expect(build.message).toBe(`Build failed at “Validate SQL”: ${why}`);
    const steps = build.steps as { name: string; status: string; message?: string }[];
    expect(steps.find((s) => s.name === "Validate SQL")).toMatchObject({ status: "failed", message: why });
    expect(steps.some((s) => s.name === "Freeze release")).toBe(false);
    const [release] = await listReleases({ jobId: job.id });
    expect(release).toMatchObject({ version: 2, status: "failed", failedStep: "Validate SQL", error: why });
    expect(await latestRelease({ jobId: job.id })).toBeUndefined();

    // Neither a start nor another build is accepted while the head has blocking errors.
    const blocked = `“${job.name}” version 2 has blocking errors; fix them and save before building or starting.`;
    await expect(requestAction(admin, team, job.id, "start", {})).rejects.toMatchObject({ code: "conflict", message: blocked });
    await expect(requestAction(admin, team, job.id, "build", {})).rejects.toMatchObject({ code: "conflict", message: blocked });
    expect(await activeOperation(job.id)).toBeUndefined();
    expect((await getJob(admin, team, job.id)).observedState).toBe("NEVER_STARTED");

    // Fixed and saved again, it builds.
    await saveVersion(admin, team, job.name, { sql: SQL, note: "fixed" });
    const rebuilt = await act(job.id, "build");
    expect(rebuilt.status, rebuilt.message ?? "").toBe("succeeded");
    expect(await latestRelease({ jobId: job.id })).toMatchObject({ version: 3, status: "succeeded" });
  });
});

/** The JobManager (session or application cluster) that runs a Flink job now. */
async function jobManagerOf(flinkJobId: string): Promise<string> {
  const now = (await (await fetch(`${sim.url}/_sim`)).json()) as SimInfo;
  for (const jm of now.jobmanagers) {
    const r = await fetch(`${jm.url}/jobs/${flinkJobId}`).catch(() => null);
    if (r?.ok) return jm.name;
  }
  throw new Error(`no JobManager runs ${flinkJobId}`);
}

/**
 * The same life in every other mode, for a FlinkSQL and a JAR job: start, RUNNING as the mode's
 * watcher sees it, savepoint, stop with a savepoint, start from it, a failure Flink gives up on and
 * the automatic restart, cancel. (Per-job mode is Flink 1.x only, which has no SQL Driver: JAR only.)
 */
describe.each([
  { mode: "remote", type: "jar" as const },
  { mode: "yarn-session", type: "sql" as const },
  { mode: "yarn-session", type: "jar" as const },
  { mode: "k8s-session", type: "sql" as const },
  { mode: "k8s-session", type: "jar" as const },
  { mode: "yarn-application", type: "sql" as const },
  { mode: "yarn-application", type: "jar" as const },
  { mode: "yarn-per-job", type: "jar" as const, flinkVersion: "flink-1.20.1" },
  { mode: "k8s-application", type: "sql" as const },
  { mode: "k8s-application", type: "jar" as const },
])("a $type job in $mode mode", ({ mode, type, flinkVersion }) => {
  let jobId = 0;
  let watch: () => Promise<unknown> = async () => {};

  it("starts and runs", async () => {
    const version = flinkVersion ?? "flink-2.1.0";
    let cluster: string | undefined;
    if (mode === "remote") {
      const jm = info.jobmanagers.find((j) => j.kind === "standalone") ?? info.jobmanagers[0]!;
      const c = await createCluster(admin, team, { kind: "remote", name: unique("remote"), restUrl: jm.url, flinkVersion: version });
      cluster = c.name;
      watch = () => probeAndRecord(c.id);
    } else if (mode === "yarn-session") {
      const c = await createCluster(admin, team, { kind: "yarn-session", name: unique("yarn"), yarnRmUrl: info.yarn.url, start: true, flinkVersion: version, sqlGatewayUrl: info.sqlGateway.url });
      await startSessionCluster(c.id);
      cluster = c.name;
      watch = () => probeAndRecord(c.id);
    } else if (mode === "k8s-session") {
      const name = unique("k8s");
      const c = await createCluster(admin, team, { kind: "k8s-session", name, k8sNamespace: "flink", k8sClusterId: name, start: true, flinkVersion: version, sqlGatewayUrl: info.sqlGateway.url });
      await startSessionCluster(c.id);
      cluster = c.name;
      watch = () => until("session healthy", () => probeAndRecord(c.id), (x) => x?.health === "healthy");
    } else if (mode.startsWith("yarn")) {
      watch = () => watchYarn(info.yarn.url);
    } else {
      watch = () => watchKubernetes("flink");
    }
    if (mode === "k8s-session") await watch();
    const jar = type === "jar" ? await uploadExampleJar() : undefined;
    const job = await createJob(admin, team, {
      name: unique(`${mode}-${type}`),
      type,
      sql: type === "sql" ? SQL : "",
      settings: { mode, cluster, flinkVersion: version, jar, k8sNamespace: mode.startsWith("k8s") ? "flink" : undefined, savepointDir: "file:///tmp/eddy-sp" },
    });
    jobId = job.id;
    expect((await act(jobId, "build")).status).toBe("succeeded");
    const start = await act(jobId, "start");
    expect(start.status, `${start.message}\n${start.log}`).toBe("succeeded");
    const running = await until("RUNNING", async () => (await watch(), (await getJob(admin, team, jobId)).observedState), (s) => s === "RUNNING");
    expect(running).toBe("RUNNING");
  });

  it("takes a savepoint, stops with one, and starts again from it", async () => {
    const sp = await act(jobId, "savepoint");
    expect(sp.status, `${sp.message}\n${sp.log}`).toBe("succeeded");
    const stop = await act(jobId, "stop");
    expect(stop.status, `${stop.message}\n${stop.log}`).toBe("succeeded");
    expect((await getJob(admin, team, jobId)).observedState).toBe("SUSPENDED");
    const stopPath = (await listSnapshots({ jobId }))[0]!.path;
    const again = await act(jobId, "start");
    expect(again.status, `${again.message}\n${again.log}`).toBe("succeeded");
    const job = await until("RUNNING again", async () => (await watch(), await getJob(admin, team, jobId)), (j) => j.observedState === "RUNNING");
    expect((await findRun({ jobId, id: job.currentRunId! }))?.restoredFrom).toBe(stopPath);
  });

  it("restarts by itself after a failure Flink gives up on", async () => {
    const failed = (await findRun({ jobId, id: (await getJob(admin, team, jobId)).currentRunId! }))!;
    const jm = await jobManagerOf(failed.flinkJobId);
    await fetch(`${sim.url}/_sim/jobmanagers/${jm}/jobs/${failed.flinkJobId}/fail`, { method: "POST", body: JSON.stringify({ exception: "java.io.IOException: disk full", restarts: "exhaust" }) });
    const auto = await until("the automatic restart", async () => (await watch(), await activeOperation(jobId)), (op) => op !== undefined);
    expect(auto).toMatchObject({ kind: "start", requestedByName: "Eddy (auto-restart)" });
    expect((await findRun({ jobId, id: failed.id }))?.state).toBe("FAILED");
    await runOperation(auto!.id, { attempts: 1, maxAttempts: 5 });
    const job = await until("RUNNING after the restart", async () => (await watch(), await getJob(admin, team, jobId)), (j) => j.observedState === "RUNNING");
    expect(job.currentRunId).not.toBe(failed.id);
    expect(job.restartCount).toBe(1);
  });

  it("cancels", async () => {
    const op = await act(jobId, "cancel");
    expect(op.status, `${op.message}\n${op.log}`).toBe("succeeded");
    await watch();
    expect((await getJob(admin, team, jobId)).observedState).toBe("CANCELED");
  });
});

describe("bulk actions", () => {
  it("answer per job: queued for some, a sentence for the others", async () => {
    const jm = info.jobmanagers.find((j) => j.name === info.sqlGateway.jobmanager)!;
    const c = await createCluster(admin, team, { kind: "remote", name: unique("remote"), restUrl: jm.url, sqlGatewayUrl: info.sqlGateway.url });
    const a = await createJob(admin, team, { name: unique("bulk"), type: "sql", sql: SQL, settings: { mode: "remote", cluster: c.name } });
    const b = await createJob(admin, team, { name: unique("bulk"), type: "sql", sql: SQL, settings: { mode: "remote", cluster: c.name } });
    const results = await requestBulk(admin, team, [a.id, b.id, 999_999], "build", {});
    expect(results).toEqual([
      { jobId: a.id, ok: true, operationId: expect.any(Number) },
      { jobId: b.id, ok: true, operationId: expect.any(Number) },
      { jobId: 999_999, ok: false, message: expect.stringMatching(/was not found/) },
    ]);
    // The builds are still queued: a second bulk request is refused per job, and says why.
    const again = await requestBulk(admin, team, [a.id], "build", {});
    expect(again[0]).toMatchObject({ ok: false, message: expect.stringMatching(/already has a build in progress/) });
  });
});

describe("checkpoint watching", () => {
  it("records retained checkpoints, and restarts the job when checkpoints keep failing, as its policy says", { timeout: 90_000 }, async () => {
    process.env.EDDY_CHECKPOINT_WATCH_SECONDS = "1";
    try {
      const jm = info.jobmanagers.find((j) => j.kind === "standalone") ?? info.jobmanagers[0]!;
      const c = await createCluster(admin, team, { kind: "remote", name: unique("remote"), restUrl: jm.url, flinkVersion: "flink-2.1.0" });
      const job = await createJob(admin, team, {
        name: unique("checkpointed"),
        type: "jar",
        sql: "",
        settings: {
          mode: "remote",
          cluster: c.name,
          jar: await uploadExampleJar(),
          checkpointDir: "file:///tmp/eddy-ck",
          dynamicProperties: { "execution.checkpointing.interval": "1 s", "execution.checkpointing.externalized-checkpoint-retention": "RETAIN_ON_CANCELLATION" },
          checkpointFailure: { action: "restart", count: 2, windowMinutes: 10 },
        },
      });
      expect((await act(job.id, "build")).status).toBe("succeeded");
      expect((await act(job.id, "start")).status).toBe("succeeded");
      const checkpoint = await until("a checkpoint on record", async () => (await probeAndRecord(c.id), (await listSnapshots({ jobId: job.id })).find((s) => s.kind === "checkpoint")), (s) => s !== undefined, 30_000);
      expect(checkpoint).toMatchObject({ kind: "checkpoint", trigger: "periodic" });
      expect(checkpoint!.path).toMatch(/^file:\/\/\/tmp\/eddy-ck\/.*chk-\d+$/);

      // Checkpoints fail, one after another (the simulator fails the next one each time it is told).
      const restart = await until(
        "the policy's restart",
        async () => {
          await fetch(`${sim.url}/_sim/jobmanagers/${jm.name}/faults`, { method: "POST", body: JSON.stringify({ failNextCheckpoint: true }) });
          await new Promise((r) => setTimeout(r, 300));
          await probeAndRecord(c.id);
          return activeOperation(job.id);
        },
        (op) => op !== undefined,
        30_000,
      );
      await fetch(`${sim.url}/_sim/jobmanagers/${jm.name}/faults`, { method: "DELETE" });
      expect(restart).toMatchObject({ kind: "restart", requestedByName: "Eddy (checkpoint policy)" });
      const events = (await listEvents({ jobId: job.id })).map((e) => e.message);
      expect(events.some((m) => /checkpoints? failed/.test(m))).toBe(true);
      expect(events.some((m) => /2 checkpoint failures within 10 minutes: restarting the job/.test(m))).toBe(true);
      await runOperation(restart!.id, { attempts: 1, maxAttempts: 5 });
      expect((await getJob(admin, team, job.id)).observedState).toBe("RUNNING");
    } finally {
      delete process.env.EDDY_CHECKPOINT_WATCH_SECONDS;
    }
  });
});
