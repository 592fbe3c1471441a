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
