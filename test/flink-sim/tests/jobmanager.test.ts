/** The simulated JobManagers behave like Flink's: job state machine, savepoints, counts, faults, logs. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FlinkSim } from "../index";
import { awaitJobState, call, get, jobState, post, runningJob, simulator, until } from "./support";

let sim: FlinkSim;
let jm: string;

beforeAll(async () => {
  sim = await simulator();
  jm = `${sim.url}/jm/standalone-1`;
});
afterAll(() => sim.close());

const control = (path: string, body: unknown = {}) => post(`${sim.url}/_sim${path}`, body);

describe("job state machine", () => {
  it("goes INITIALIZING → CREATED → RUNNING and records when", async () => {
    const { body } = await control("/jobmanagers/standalone-1/jobs", { name: "lifecycle", parallelism: 3 });
    expect((await get(`${jm}/jobs/${body.jobId}/status`)).body.status).toBe("INITIALIZING");
    await awaitJobState(sim, "standalone-1", body.jobId, "RUNNING");
    const details = (await get(`${jm}/jobs/${body.jobId}`)).body;
    expect(details.timestamps.INITIALIZING).toBeGreaterThan(0);
    expect(details.timestamps.CREATED).toBeGreaterThanOrEqual(details.timestamps.INITIALIZING);
    expect(details.timestamps.RUNNING).toBeGreaterThanOrEqual(details.timestamps.CREATED);
    expect(details.timestamps.FAILED).toBe(0);
    expect(details["end-time"]).toBe(-1);
    expect(details.vertices.every((v: { parallelism: number }) => v.parallelism === 3)).toBe(true);
  });

  it("restarts under its restart strategy, then fails for good (RESTARTING, FAILING → FAILED)", async () => {
    const id = await runningJob(sim, "standalone-1", { flinkConfiguration: { "restart-strategy.fixed-delay.attempts": "1", "execution.checkpointing.interval": "100 ms" } });
    await until(() => get(`${jm}/jobs/${id}/checkpoints`), (r) => r.body.counts.completed >= 1);
    await control(`/jobmanagers/standalone-1/jobs/${id}/fail`, { exception: "java.io.IOException: connection reset" });
    expect(await jobState(sim, "standalone-1", id)).toBe("RESTARTING");
    await awaitJobState(sim, "standalone-1", id, "RUNNING");
    const ck = (await get(`${jm}/jobs/${id}/checkpoints`)).body;
    expect(ck.counts.restored).toBe(1);
    expect(ck.latest.restored.is_savepoint).toBe(false);

    // The only restart is used up: this failure is final.
    await control(`/jobmanagers/standalone-1/jobs/${id}/fail`, { exception: "java.lang.IllegalStateException: corrupt state" });
    expect(await jobState(sim, "standalone-1", id)).toBe("FAILING");
    await awaitJobState(sim, "standalone-1", id, "FAILED");
    const ex = (await get(`${jm}/jobs/${id}/exceptions`)).body;
    expect(ex.exceptionHistory.entries.map((e: { exceptionName: string }) => e.exceptionName)).toEqual(["java.lang.IllegalStateException", "java.io.IOException"]);
    expect(ex.exceptionHistory.entries[0].stacktrace).toContain("corrupt state");
    expect(ex).not.toHaveProperty("root-exception"); // 2.x removed the deprecated fields
    expect((await get(`${jm}/jobs/${id}`)).body["end-time"]).toBeGreaterThan(0);
    expect((await control(`/jobmanagers/standalone-1/jobs/${id}/fail`)).status).toBe(409);
  });

  it("fails at once when told the restarts are exhausted; 1.x shows the root exception", async () => {
    const id = await runningJob(sim, "legacy-1");
    await control(`/jobmanagers/legacy-1/jobs/${id}/fail`, { exception: "boom", restarts: "exhaust" });
    await awaitJobState(sim, "legacy-1", id, "FAILED");
    const ex = (await get(`${sim.url}/jm/legacy-1/jobs/${id}/exceptions`)).body;
    expect(ex["root-exception"]).toContain("Recovery is suppressed by FixedDelayRestartBackoffTimeStrategy");
    expect(ex["root-exception"]).toContain("java.lang.RuntimeException: boom");
    expect(ex["all-exceptions"]).toHaveLength(1);
  });

  it("cancels through CANCELLING → CANCELED; a second cancel is acknowledged, cancelling a job that ended otherwise is a conflict", async () => {
    const id = await runningJob(sim, "standalone-1");
    const r = await call("PATCH", `${jm}/jobs/${id}?mode=cancel`);
    expect(r.status).toBe(202);
    expect(r.body).toEqual({});
    expect(await jobState(sim, "standalone-1", id)).toBe("CANCELLING");
    await awaitJobState(sim, "standalone-1", id, "CANCELED");
    const again = await call("PATCH", `${jm}/jobs/${id}?mode=cancel`);
    expect(again.status).toBe(202);
    expect(again.body).toEqual({});
    const finished = (await control("/jobmanagers/standalone-1/jobs", { name: "bounded", batch: true, durationMs: 100 })).body.jobId;
    await awaitJobState(sim, "standalone-1", finished, "FINISHED");
    const conflict = await call("PATCH", `${jm}/jobs/${finished}?mode=cancel`);
    expect(conflict.status).toBe(409);
    expect(conflict.body.errors[0]).toContain("already reached another non-cancel state (FINISHED)");
    expect((await call("PATCH", `${jm}/jobs/${"a".repeat(32)}?mode=cancel`)).body.errors[0]).toContain("Job could not be found.");
    expect((await call("PATCH", `${jm}/jobs/${id}?mode=stop`)).status).toBe(308);
  });

  it("finishes bounded jobs: batch ones and streaming ones with a duration", async () => {
    const batch = (await control("/jobmanagers/standalone-1/jobs", { name: "batch", batch: true, durationMs: 300 })).body.jobId;
    const bounded = (await control("/jobmanagers/standalone-1/jobs", { name: "bounded", durationMs: 300 })).body.jobId;
    await awaitJobState(sim, "standalone-1", batch, "FINISHED");
    await awaitJobState(sim, "standalone-1", bounded, "FINISHED");
    expect((await get(`${jm}/jobs/${batch}`)).body["job-type"]).toBe("BATCH");
    expect((await get(`${jm}/jobs/${bounded}`)).body["job-type"]).toBe("STREAMING");
  });

  it("takes periodic checkpoints while running, keeping ten in the history", async () => {
    const id = await runningJob(sim, "standalone-1", { flinkConfiguration: { "execution.checkpointing.interval": "100 ms" } });
    const ck = await until(() => get(`${jm}/jobs/${id}/checkpoints`), (r) => r.body.counts.completed >= 12);
    expect(ck.body.history.length).toBe(10);
    expect(ck.body.latest.completed.external_path).toMatch(new RegExp(`/${id}/chk-\\d+$`));
    expect(typeof ck.body.summary.end_to_end_duration.p50).toBe("number");
  });
});

describe("savepoints", () => {
  it("completes asynchronously with a location, or with a failure cause when injected", async () => {
    const id = await runningJob(sim, "standalone-1");
    const trigger = await post(`${jm}/jobs/${id}/savepoints`, { "target-directory": "hdfs:///sp", "cancel-job": false });
    expect(trigger.status).toBe(202);
    const done = await until(() => get(`${jm}/jobs/${id}/savepoints/${trigger.body["request-id"]}`), (r) => r.body.status.id === "COMPLETED");
    expect(done.body.operation.location).toMatch(new RegExp(`^hdfs:///sp/savepoint-${id.slice(0, 6)}-[0-9a-f]{12}$`));
    expect((await get(`${jm}/jobs/${id}/checkpoints`)).body.latest.savepoint.external_path).toBe(done.body.operation.location);

    await control("/jobmanagers/standalone-1/faults", { failNextSavepoint: true });
    const failing = await post(`${jm}/jobs/${id}/savepoints`, {});
    const failed = await until(() => get(`${jm}/jobs/${id}/savepoints/${failing.body["request-id"]}`), (r) => r.body.status.id === "COMPLETED");
    expect(failed.body.operation["failure-cause"].class).toBe("java.util.concurrent.CompletionException");
    expect(failed.body.operation["failure-cause"]["serialized-throwable"]).toMatch(/^rO0AB/);
    expect(await jobState(sim, "standalone-1", id)).toBe("RUNNING");
    expect((await get(`${jm}/jobs/${id}/savepoints/${"0".repeat(32)}`)).status).toBe(404);
  });

  it("stop-with-savepoint ends FINISHED; a failed one leaves the job running; cancel-job cancels after the savepoint", async () => {
    const id = await runningJob(sim, "standalone-1");
    await control("/jobmanagers/standalone-1/faults", { failNextSavepoint: true });
    const failing = await post(`${jm}/jobs/${id}/stop`, { targetDirectory: "/sp", drain: true });
    await until(() => get(`${jm}/jobs/${id}/savepoints/${failing.body["request-id"]}`), (r) => r.body.status.id === "COMPLETED");
    expect(await jobState(sim, "standalone-1", id)).toBe("RUNNING");
    const stop = await post(`${jm}/jobs/${id}/stop`, { targetDirectory: "/sp", drain: false, formatType: "NATIVE" });
    const done = await until(() => get(`${jm}/jobs/${id}/savepoints/${stop.body["request-id"]}`), (r) => r.body.status.id === "COMPLETED");
    expect(done.body.operation.location).toMatch(/^\/sp\/savepoint-/);
    expect(await jobState(sim, "standalone-1", id)).toBe("FINISHED");
    const history = (await get(`${jm}/jobs/${id}/checkpoints`)).body.history;
    expect(history[0]).toMatchObject({ checkpoint_type: "SYNC_SAVEPOINT", status: "COMPLETED", savepointFormat: "NATIVE" });

    const other = await runningJob(sim, "standalone-1");
    await post(`${jm}/jobs/${other}/savepoints`, { "cancel-job": true });
    await awaitJobState(sim, "standalone-1", other, "CANCELED");
  });

  it("restores from the savepoint a jar run names", async () => {
    const id = (await control("/jobmanagers/standalone-1/jobs", { name: "restored", savepointPath: "s3://b/savepoint-abc" })).body.jobId;
    await awaitJobState(sim, "standalone-1", id, "RUNNING");
    const restored = (await get(`${jm}/jobs/${id}/checkpoints`)).body.latest.restored;
    expect(restored).toMatchObject({ is_savepoint: true, external_path: "s3://b/savepoint-abc" });
  });
});

describe("cluster views", () => {
  it("/overview counts follow the jobs and the slots they hold", async () => {
    const fresh = (await control("/jobmanagers", { name: "counting", kind: "session" })).body;
    const url = fresh.url as string;
    const overview = async () => (await get(`${url}/overview`)).body;
    expect(await overview()).toMatchObject({ taskmanagers: 2, "slots-total": 16, "slots-available": 16, "jobs-running": 0 });
    const a = await runningJob(sim, "counting", { parallelism: 3 });
    const b = await runningJob(sim, "counting", { parallelism: 2 });
    const c = await runningJob(sim, "counting");
    expect(await overview()).toMatchObject({ "jobs-running": 3, "slots-available": 10 });
    await call("PATCH", `${url}/jobs/${a}?mode=cancel`);
    await control(`/jobmanagers/counting/jobs/${b}/fail`, { restarts: "exhaust" });
    await post(`${url}/jobs/${c}/stop`, {});
    const after = await until(overview, (o) => o["jobs-running"] === 0);
    expect(after).toMatchObject({ "jobs-cancelled": 1, "jobs-failed": 1, "jobs-finished": 1, "slots-available": 16 });
    expect((await get(`${url}/jobs/overview`)).body.jobs).toHaveLength(3);
  });

  it("starts TaskManagers on demand on YARN, with container ids", async () => {
    const yarnJm = `${sim.url}/jm/yarn-session-1`;
    expect((await get(`${yarnJm}/taskmanagers`)).body.taskmanagers).toHaveLength(0);
    await runningJob(sim, "yarn-session-1", { parallelism: 5 });
    const tms = (await get(`${yarnJm}/taskmanagers`)).body.taskmanagers;
    expect(tms).toHaveLength(2);
    expect(tms[0].id).toMatch(/^container_\d+_0001_01_\d{6}$/);
    const detail = await get(`${yarnJm}/taskmanagers/${encodeURIComponent(tms[0].id)}`);
    expect(detail.body.allocatedSlots.length).toBeGreaterThan(0);
  });

  it("serves logs in log4j layout that grow with events", async () => {
    const before = (await get(`${jm}/jobmanager/logs`)).body.logs.find((l: { name: string }) => l.name === "jobmanager.log").size;
    const id = await runningJob(sim, "standalone-1", { name: "logged" });
    await call("PATCH", `${jm}/jobs/${id}?mode=cancel`);
    await awaitJobState(sim, "standalone-1", id, "CANCELED");
    const log = await get(`${jm}/jobmanager/log`);
    expect(log.headers["content-type"]).toContain("text/plain");
    expect(log.text).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} INFO  org\.apache\.flink\.runtime\.entrypoint\.ClusterEntrypoint +\[\] - /);
    expect(log.text).toContain(`Received JobGraph submission 'logged' (${id}).`);
    expect(log.text).toContain(`Job logged (${id}) switched from state RUNNING to CANCELLING.`);
    expect((await get(`${jm}/jobmanager/logs`)).body.logs.find((l: { name: string }) => l.name === "jobmanager.log").size).toBeGreaterThan(before);
    // The same file by name (it may have grown meanwhile: jobs keep checkpointing).
    const named = (await get(`${jm}/jobmanager/logs/jobmanager.log`)).text;
    expect(named.startsWith(log.text)).toBe(true);
    expect((await get(`${jm}/jobmanager/stdout`)).status).toBe(200);
    const tm = encodeURIComponent((await get(`${jm}/taskmanagers`)).body.taskmanagers[0].id);
    expect((await get(`${jm}/taskmanagers/${tm}/log`)).text).toContain("Successful registration at resource manager");
    expect((await get(`${jm}/taskmanagers/${tm}/stdout`)).status).toBe(200);
    expect((await get(`${jm}/taskmanagers/${tm}/logs`)).body.logs.map((l: { name: string }) => l.name)).toEqual(["taskmanager.log", "taskmanager.out"]);
    expect((await get(`${jm}/taskmanagers/${tm}/logs/taskmanager.log`)).status).toBe(200);
  });

  it("answers like Flink for unknown routes and jobs, with or without /v1", async () => {
    expect(await get(`${jm}/v1/nope?x=1`)).toMatchObject({ status: 404, body: { errors: ["Not found: /v1/nope?x=1"] } });
    expect((await call("DELETE", `${jm}/overview`)).status).toBe(404);
    const missing = await get(`${jm}/v1/jobs/${"b".repeat(32)}`);
    expect(missing.status).toBe(404);
    expect(missing.body.errors[0]).toContain(`NotFoundException: Job ${"b".repeat(32)} not found`);
    const config = (await get(`${jm}/jobmanager/config`)).body as { key: string; value: string }[];
    const restAddress = sim.world.jobmanagers.get("standalone-1")!.restAddress;
    expect(config.find((e) => e.key === "rest.port")!.value).toBe(restAddress.split(":")[1]);
    expect((await get(`${jm}/config`)).body["flink-version"]).toBe("2.1.0");
    expect((await get(`${sim.url}/jm/legacy-1/config`)).body["flink-version"]).toBe("1.20.1");
  });
});

describe("faults", () => {
  it("down refuses connections on the JobManager's port and drops them under the prefix; up restores both", async () => {
    const direct = `http://${sim.world.jobmanagers.get("session-1")!.restAddress}`;
    expect((await get(`${direct}/overview`)).status).toBe(200);
    await control("/jobmanagers/session-1/down");
    await expect(get(`${direct}/overview`)).rejects.toMatchObject({ code: "ECONNREFUSED" });
    await expect(get(`${sim.url}/jm/session-1/overview`)).rejects.toThrow(/socket hang up|ECONNRESET/);
    await control("/jobmanagers/session-1/up");
    expect((await get(`${direct}/overview`)).status).toBe(200);
    expect((await get(`${sim.url}/jm/session-1/overview`)).status).toBe(200);
  });

  it("answers 503 a given number of times, and adds latency", async () => {
    await control("/jobmanagers/standalone-1/faults", { status503: 2 });
    const first = await get(`${jm}/overview`);
    expect(first.status).toBe(503);
    expect(first.body.errors[0]).toContain("leader election");
    expect((await get(`${jm}/overview`)).status).toBe(503);
    expect((await get(`${jm}/overview`)).status).toBe(200);
    await control("/jobmanagers/standalone-1/faults", { latencyMs: 150 });
    const t = Date.now();
    await get(`${jm}/overview`);
    expect(Date.now() - t).toBeGreaterThanOrEqual(140);
    await call("DELETE", `${sim.url}/_sim/jobmanagers/standalone-1/faults`);
    const t2 = Date.now();
    await get(`${jm}/overview`);
    expect(Date.now() - t2).toBeLessThan(140);
  });
});
