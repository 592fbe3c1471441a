/**
 * A worker killed (SIGKILL) at each step of a start: before anything, after the run was recorded,
 * after Flink accepted the job. Another worker process then finishes the start: it releases the
 * dead worker's lock (its heartbeat went stale), retries, and adopts what the first one submitted.
 * Flink ends up with exactly one job for the start, and no run is left DEPLOYING.
 */
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rawSql } from "@/db/client";
import { findOperationById, findRun, listRuns } from "@/db/queries/lifecycle";
import type { Principal } from "@/lib/auth/principal";
import { createCluster } from "@/lib/environments/clusters";
import { registerVersion } from "@/lib/environments/flink-versions";
import { createJob, getJob } from "@/lib/jobs/jobs";
import { requestAction } from "@/lib/lifecycle/operations";
import { runOperation } from "@/lib/lifecycle/run-operation";
import { scheduleClusterWatch } from "@/lib/lifecycle/watch-schedule";
import { uploadResource } from "@/lib/resources/resources";
import { startFlinkSim, type FlinkSim } from "@/test/flink-sim";
import { adminPrincipal, makeTeam, unique } from "../support/fixtures";
import { startWorkerProcess } from "../support/worker-process";

let sim: FlinkSim;
let tmp: string;
let admin: Principal;
let team: string;
let cluster: string;
let jmUrl: string;
let jarName: string;

async function flinkJobIds(): Promise<string[]> {
  const body = (await (await fetch(`${jmUrl}/jobs/overview`)).json()) as { jobs: { jid: string }[] };
  return body.jobs.map((j) => j.jid);
}

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), "eddy-crash-"));
  sim = await startFlinkSim({ dataDir: path.join(tmp, "sim"), speed: 20 });
  const info = (await (await fetch(`${sim.url}/_sim`)).json()) as { jobmanagers: { name: string; url: string; kind: string }[]; flinkHomes: Record<string, string> };
  jmUrl = (info.jobmanagers.find((j) => j.kind === "standalone") ?? info.jobmanagers[0]!).url;
  admin = await adminPrincipal();
  team = (await makeTeam()).name;
  await registerVersion(admin, { home: info.flinkHomes["2.1.0"]!, name: "flink-2.1.0" });
  cluster = (await createCluster(admin, team, { kind: "remote", name: unique("remote"), restUrl: jmUrl, flinkVersion: "flink-2.1.0" })).name;
  const bytes = await fs.readFile(path.join(info.flinkHomes["2.1.0"]!, "examples/streaming/TopSpeedWindowing.jar"));
  jarName = `${unique("top-speed")}.jar`;
  const fd = new FormData();
  fd.set("kind", "app");
  fd.set("file", new File([new Uint8Array(bytes)], jarName));
  const r = new Response(fd);
  await uploadResource(admin, team, new Request(`http://eddy.test/api/v1/teams/${team}/resources`, { method: "POST", headers: { "content-type": r.headers.get("content-type")! }, body: new Uint8Array(await r.arrayBuffer()) }));
});

afterAll(async () => {
  await sim?.close();
  await fs.rm(tmp, { recursive: true, force: true });
});

describe.each(["operation:start", "deploy:after-run-recorded", "deploy:after-submit"])("a worker killed at %s", (failpointName) => {
  it("leaves a start that another worker finishes, with exactly one Flink job", { timeout: 90_000 }, async () => {
    const job = await createJob(admin, team, { name: unique("crash"), type: "jar", sql: "", settings: { mode: "remote", cluster, jar: jarName } });
    const build = await requestAction(admin, team, job.id, "build", {});
    await runOperation(build.id, { attempts: 1, maxAttempts: 5 });
    const before = new Set(await flinkJobIds());

    const op = await requestAction(admin, team, job.id, "start", {});
    const doomed = startWorkerProcess({ EDDY_FAILPOINTS: failpointName });
    const code = await Promise.race([doomed.exited, new Promise<"alive">((r) => setTimeout(() => r("alive"), 60_000))]);
    expect(code, doomed.output()).toBeNull(); // killed by its signal, not exited
    expect(doomed.output()).toContain(`[failpoint] ${failpointName}`);
    expect((await findOperationById(op.id))?.status).not.toBe("succeeded");

    const rescuer = startWorkerProcess({});
    try {
      await expect.poll(async () => (await findOperationById(op.id))?.status, { timeout: 60_000, interval: 250 }).toBe("succeeded");
    } catch (e) {
      const task = await rawSql()`select attempts, max_attempts, locked_at, locked_by, run_at, last_error from graphile_worker.jobs where key = ${`op:${op.id}`}`;
      const log = (await findOperationById(op.id))?.log;
      throw new Error(`The start did not finish. Its task: ${JSON.stringify(task)}\nIts log:\n${log}\nThe rescuing worker said:\n${rescuer.output()}\nThe killed one said:\n${doomed.output()}`, { cause: e });
    } finally {
      await rescuer.stop();
    }
    expect(rescuer.output()).toMatch(/released the jobs of 1 worker process/);

    const finished = (await findOperationById(op.id))!;
    expect(finished.log).toMatch(/Attempt 2 of 5/);
    const runs = await listRuns({ jobId: job.id });
    expect(runs).toHaveLength(1);
    expect(runs.some((r) => r.state === "DEPLOYING")).toBe(false);
    const current = (await getJob(admin, team, job.id)).currentRunId!;
    const run = (await findRun({ jobId: job.id, id: current }))!;
    const added = (await flinkJobIds()).filter((id) => !before.has(id));
    expect(added).toEqual([run.flinkJobId]);
  });
});

describe("a worker killed between noticing a failure and restarting the job", () => {
  it("commits neither: the next worker notices the failure again and restarts the job", { timeout: 120_000 }, async () => {
    const job = await createJob(admin, team, { name: unique("fails"), type: "jar", sql: "", settings: { mode: "remote", cluster, jar: jarName } });
    await runOperation((await requestAction(admin, team, job.id, "build", {})).id, { attempts: 1, maxAttempts: 5 });
    await runOperation((await requestAction(admin, team, job.id, "start", {})).id, { attempts: 1, maxAttempts: 5 });
    const started = await getJob(admin, team, job.id);
    expect(started.observedState).toBe("RUNNING");
    const run = (await findRun({ jobId: job.id, id: started.currentRunId! }))!;
    const jm = (await (await fetch(`${sim.url}/_sim`)).json()) as { jobmanagers: { name: string; url: string }[] };
    const name = jm.jobmanagers.find((j) => j.url === jmUrl)!.name;
    const failed = await fetch(`${sim.url}/_sim/jobmanagers/${name}/jobs/${run.flinkJobId}/fail`, { method: "POST", body: JSON.stringify({ exception: "java.io.IOException: disk full", restarts: "exhaust" }) });
    expect(failed.status).toBe(200);

    const fast = { EDDY_CLUSTER_PROBE_SECONDS: "1", EDDY_WATCH_SECONDS: "1" };
    // Watch the cluster now, whatever probe an earlier worker left scheduled.
    await scheduleClusterWatch((await getJob(admin, team, job.id)).clusterId!);
    const doomed = startWorkerProcess({ ...fast, EDDY_FAILPOINTS: "auto-restart:before-operation" });
    const code = await Promise.race([doomed.exited, new Promise<"alive">((r) => setTimeout(() => r("alive"), 60_000))]);
    if (code === "alive") await doomed.stop();
    expect(code, doomed.output()).toBeNull();
    // The failure and its consequence are one transaction: the crash took both back.
    const after = await getJob(admin, team, job.id);
    expect(after.observedState).toBe("RUNNING");
    expect((await findRun({ jobId: job.id, id: run.id }))?.endedAt).toBeNull();

    const rescuer = startWorkerProcess(fast);
    try {
      await expect
        .poll(async () => (await rawSql()<{ n: number }[]>`select count(*)::int as n from job_operations where job_id = ${job.id} and requested_by_name = 'Eddy (auto-restart)'`)[0]!.n, { timeout: 60_000, interval: 250 })
        .toBe(1);
    } finally {
      await rescuer.stop();
    }
    const events = (await rawSql()<{ message: string }[]>`select message from job_events where job_id = ${job.id} order by id`).map((e) => e.message);
    expect(events.filter((m) => /Restarting automatically \(attempt 1 of 3/.test(m))).toHaveLength(1);
  });
});

describe("a worker killed after a stop's savepoint completed, before the job ended", () => {
  it("keeps the savepoint: the next worker finds the job ended and stops with that savepoint", { timeout: 120_000 }, async () => {
    const job = await createJob(admin, team, { name: unique("stops"), type: "jar", sql: "", settings: { mode: "remote", cluster, jar: jarName } });
    await runOperation((await requestAction(admin, team, job.id, "build", {})).id, { attempts: 1, maxAttempts: 5 });
    await runOperation((await requestAction(admin, team, job.id, "start", {})).id, { attempts: 1, maxAttempts: 5 });
    const op = await requestAction(admin, team, job.id, "stop", {});
    const doomed = startWorkerProcess({ EDDY_FAILPOINTS: "stop:after-savepoint" });
    const code = await Promise.race([doomed.exited, new Promise<"alive">((r) => setTimeout(() => r("alive"), 60_000))]);
    if (code === "alive") await doomed.stop();
    expect(code, doomed.output()).toBeNull();
    expect(doomed.output()).toContain("[failpoint] stop:after-savepoint");

    const rescuer = startWorkerProcess({});
    try {
      await expect.poll(async () => (await findOperationById(op.id))?.status, { timeout: 60_000, interval: 250 }).toBe("succeeded");
    } finally {
      await rescuer.stop();
    }
    const done = (await findOperationById(op.id))!;
    const snapshots = (await rawSql()<{ path: string; trigger: string }[]>`select path, trigger from job_snapshots where job_id = ${job.id} and kind = 'savepoint'`);
    expect(snapshots).toHaveLength(1);
    expect(snapshots[0]!.trigger).toBe("stop");
    expect(done.result).toMatchObject({ savepointPath: snapshots[0]!.path });
    const after = await getJob(admin, team, job.id);
    expect(after.observedState).toBe("SUSPENDED");
  });
});
