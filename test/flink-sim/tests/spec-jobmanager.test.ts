/**
 * Every JobManager endpoint the simulator implements that rest_v1_dispatcher.yml specifies, called in
 * realistic states and validated against the spec (with only the documented errata allowed).
 * Runs at speed 1 so short-lived states (IN_PROGRESS savepoints and checkpoints) are observable.
 */
import yazl from "yazl";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FlinkSim } from "../index";
import { validateJobManagerResponse } from "../spec-validator";
import { awaitJobState, call, post, simulator, until, type Answer } from "./support";

let sim: FlinkSim;
const covered = new Set<string>();

beforeAll(async () => {
  sim = await simulator(1);
});
afterAll(() => sim.close());

/** Calls a JobManager, validates the answer against the spec and records the template as covered. */
async function checked(jm: string, method: string, path: string, template: string, body?: unknown, headers?: Record<string, string>): Promise<Answer> {
  const answer = await call(method, `${sim.url}/jm/${jm}${path}`, body, headers);
  expect(validateJobManagerResponse(method, template, answer.status, answer.body), `${method} ${path} → ${answer.status} ${answer.text.slice(0, 300)}`).toEqual([]);
  expect(validateJobManagerResponse(method, path, answer.status, answer.body)).toEqual([]);
  covered.add(`${method} ${template}`);
  return answer;
}

async function submit(jm: string, spec: Record<string, unknown>): Promise<string> {
  return (await post(`${sim.url}/_sim/jobmanagers/${jm}/jobs`, spec)).body.jobId;
}

async function jar(): Promise<Buffer> {
  return new Promise((resolve) => {
    const z = new yazl.ZipFile();
    z.addBuffer(Buffer.from("Manifest-Version: 1.0\r\nMain-Class: com.example.Job\r\n\r\n"), "META-INF/MANIFEST.MF");
    z.end();
    const chunks: Buffer[] = [];
    z.outputStream.on("data", (c: Buffer) => chunks.push(c));
    z.outputStream.on("end", () => resolve(Buffer.concat(chunks)));
  });
}

function multipart(files: { name: string; data: Buffer }[]): { body: Buffer; headers: Record<string, string> } {
  const boundary = "----sim-boundary-1234";
  const parts = files.map((f) =>
    Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="jarfile"; filename="${f.name}"\r\nContent-Type: application/x-java-archive\r\n\r\n`), f.data, Buffer.from("\r\n")]),
  );
  return { body: Buffer.concat([...parts, Buffer.from(`--${boundary}--\r\n`)]), headers: { "content-type": `multipart/form-data; boundary=${boundary}` } };
}

describe("JobManager REST answers match rest_v1_dispatcher.yml", () => {
  it("cluster endpoints, on 2.x and 1.x", async () => {
    for (const jm of ["standalone-1", "legacy-1", "yarn-session-1"]) {
      await checked(jm, "GET", "/config", "/config");
      await checked(jm, "GET", "/v1/overview", "/overview");
      await checked(jm, "GET", "/jobmanager/config", "/jobmanager/config");
      await checked(jm, "GET", "/jobmanager/logs", "/jobmanager/logs");
      await checked(jm, "GET", "/taskmanagers", "/taskmanagers");
      await checked(jm, "GET", "/jobs", "/jobs");
      await checked(jm, "GET", "/jobs/overview", "/jobs/overview");
    }
    const tms = (await checked("standalone-1", "GET", "/taskmanagers", "/taskmanagers")).body.taskmanagers;
    const tm = encodeURIComponent(tms[0].id);
    await checked("standalone-1", "GET", `/taskmanagers/${tm}`, "/taskmanagers/{taskmanagerid}");
    await checked("standalone-1", "GET", `/taskmanagers/${tm}/logs`, "/taskmanagers/{taskmanagerid}/logs");
    await checked("standalone-1", "GET", "/taskmanagers/nope", "/taskmanagers/{taskmanagerid}");
  });

  it("a job through its life: initializing, running, checkpoints, savepoints, stop, cancel", async () => {
    // A checkpoint interval of an hour: no periodic checkpoint, so the empty statistics stay observable.
    const id = await submit("standalone-1", { name: "spec-job", parallelism: 2, flinkConfiguration: { "execution.checkpointing.interval": "1 h" } });
    await checked("standalone-1", "GET", `/jobs/${id}`, "/jobs/{jobid}"); // INITIALIZING
    await checked("standalone-1", "GET", `/jobs/${id}/status`, "/jobs/{jobid}/status");
    await until(() => call("GET", `${sim.url}/jm/standalone-1/jobs/${id}`), (r) => r.body.vertices.every((v: { status: string }) => v.status === "RUNNING"));
    await checked("standalone-1", "GET", `/jobs/${id}`, "/jobs/{jobid}");
    await checked("standalone-1", "GET", `/jobs/${id}/plan`, "/jobs/{jobid}/plan");
    const config = await checked("standalone-1", "GET", `/jobs/${id}/config`, "/jobs/{jobid}/config");
    expect(config.body).toMatchObject({ jid: id, name: "spec-job", "execution-config": { "job-parallelism": 2 } });
    expect(config.body["execution-config"]).not.toHaveProperty("execution-mode");
    const legacyJob = await submit("legacy-1", { name: "spec-legacy" });
    expect((await checked("legacy-1", "GET", `/jobs/${legacyJob}/config`, "/jobs/{jobid}/config")).body["execution-config"]["execution-mode"]).toBe("PIPELINED");
    await checked("standalone-1", "GET", `/jobs/${id}/exceptions`, "/jobs/{jobid}/exceptions");
    await checked("standalone-1", "GET", `/jobs/${id}/checkpoints/config`, "/jobs/{jobid}/checkpoints/config");
    const empty = await checked("standalone-1", "GET", `/jobs/${id}/checkpoints`, "/jobs/{jobid}/checkpoints");
    expect(empty.body.latest.completed).toBeNull();
    expect(empty.body.summary.state_size.p99).toBe("NaN");

    // A manual checkpoint: IN_PROGRESS in the history, then COMPLETED.
    const trigger = await checked("standalone-1", "POST", `/jobs/${id}/checkpoints`, "/jobs/{jobid}/checkpoints", { checkpointType: "FULL" });
    expect(trigger.status).toBe(202);
    const pending = await checked("standalone-1", "GET", `/jobs/${id}/checkpoints`, "/jobs/{jobid}/checkpoints");
    expect(pending.body.history[0].status).toBe("IN_PROGRESS");
    await checked("standalone-1", "GET", `/jobs/${id}/checkpoints/${trigger.body["request-id"]}`, "/jobs/{jobid}/checkpoints/{triggerid}");
    await until(() => call("GET", `${sim.url}/jm/standalone-1/jobs/${id}/checkpoints/${trigger.body["request-id"]}`), (r) => r.body.status.id === "COMPLETED");
    const done = await checked("standalone-1", "GET", `/jobs/${id}/checkpoints/${trigger.body["request-id"]}`, "/jobs/{jobid}/checkpoints/{triggerid}");
    expect(done.body.operation.checkpointId).toBe(1);
    const after = await checked("standalone-1", "GET", `/jobs/${id}/checkpoints`, "/jobs/{jobid}/checkpoints");
    expect(after.body.latest.completed.id).toBe(1);

    // A failed checkpoint.
    await post(`${sim.url}/_sim/jobmanagers/standalone-1/faults`, { failNextCheckpoint: true });
    const failing = await checked("standalone-1", "POST", `/jobs/${id}/checkpoints`, "/jobs/{jobid}/checkpoints", {});
    await until(() => call("GET", `${sim.url}/jm/standalone-1/jobs/${id}/checkpoints/${failing.body["request-id"]}`), (r) => r.body.status.id === "COMPLETED");
    const failed = await checked("standalone-1", "GET", `/jobs/${id}/checkpoints/${failing.body["request-id"]}`, "/jobs/{jobid}/checkpoints/{triggerid}");
    expect(failed.body.operation.failureCause.class).toContain("CheckpointException");
    expect((await checked("standalone-1", "GET", `/jobs/${id}/checkpoints`, "/jobs/{jobid}/checkpoints")).body.latest.failed.failure_message).toBeTruthy();

    // A savepoint: IN_PROGRESS, COMPLETED with a location; then one that fails.
    const sp = await checked("standalone-1", "POST", `/jobs/${id}/savepoints`, "/jobs/{jobid}/savepoints", { "target-directory": "s3://bucket/savepoints", "cancel-job": false });
    const inProgress = await checked("standalone-1", "GET", `/jobs/${id}/savepoints/${sp.body["request-id"]}`, "/jobs/{jobid}/savepoints/{triggerid}");
    expect(inProgress.body.status.id).toBe("IN_PROGRESS");
    await until(() => call("GET", `${sim.url}/jm/standalone-1/jobs/${id}/savepoints/${sp.body["request-id"]}`), (r) => r.body.status.id === "COMPLETED");
    const spDone = await checked("standalone-1", "GET", `/jobs/${id}/savepoints/${sp.body["request-id"]}`, "/jobs/{jobid}/savepoints/{triggerid}");
    expect(spDone.body.operation.location).toMatch(/^s3:\/\/bucket\/savepoints\/savepoint-[0-9a-f]{6}-[0-9a-f]{12}$/);
    await post(`${sim.url}/_sim/jobmanagers/standalone-1/faults`, { failNextSavepoint: true });
    const bad = await checked("standalone-1", "POST", `/jobs/${id}/savepoints`, "/jobs/{jobid}/savepoints", { "target-directory": "/sp" });
    await until(() => call("GET", `${sim.url}/jm/standalone-1/jobs/${id}/savepoints/${bad.body["request-id"]}`), (r) => r.body.status.id === "COMPLETED");
    const badDone = await checked("standalone-1", "GET", `/jobs/${id}/savepoints/${bad.body["request-id"]}`, "/jobs/{jobid}/savepoints/{triggerid}");
    expect(badDone.body.operation["failure-cause"]["stack-trace"]).toContain("CheckpointException");
    await checked("standalone-1", "GET", `/jobs/${id}/savepoints/${"0".repeat(32)}`, "/jobs/{jobid}/savepoints/{triggerid}");
    await checked("standalone-1", "GET", `/jobs/${id}/checkpoints`, "/jobs/{jobid}/checkpoints");

    // Stop with a savepoint: FINISHED; cancelling it now is a conflict.
    const stop = await checked("standalone-1", "POST", `/jobs/${id}/stop`, "/jobs/{jobid}/stop", { targetDirectory: "/sp", drain: false, formatType: "CANONICAL" });
    expect(stop.status).toBe(202);
    await awaitJobState(sim, "standalone-1", id, "FINISHED");
    await checked("standalone-1", "GET", `/jobs/${id}`, "/jobs/{jobid}");
    await checked("standalone-1", "GET", "/jobs/overview", "/jobs/overview");
    expect((await checked("standalone-1", "PATCH", `/jobs/${id}?mode=cancel`, "/jobs/{jobid}")).status).toBe(409);

    // Cancel a running job: 202 {} then CANCELED; unknown and malformed ids.
    const other = await submit("standalone-1", { name: "to-cancel" });
    await awaitJobState(sim, "standalone-1", other, "RUNNING");
    expect((await checked("standalone-1", "PATCH", `/jobs/${other}?mode=cancel`, "/jobs/{jobid}")).status).toBe(202);
    await checked("standalone-1", "GET", `/jobs/${other}`, "/jobs/{jobid}"); // CANCELLING
    await awaitJobState(sim, "standalone-1", other, "CANCELED");
    await checked("standalone-1", "GET", `/jobs/${other}`, "/jobs/{jobid}");
    expect((await checked("standalone-1", "PATCH", `/jobs/${"f".repeat(32)}?mode=cancel`, "/jobs/{jobid}")).status).toBe(404);
    expect((await checked("standalone-1", "GET", `/jobs/${"f".repeat(32)}`, "/jobs/{jobid}")).status).toBe(404);
    expect((await checked("standalone-1", "GET", "/jobs/not-a-job-id", "/jobs/{jobid}")).status).toBe(400);
    await checked("standalone-1", "GET", "/overview", "/overview");
  });

  it("restarting and failed jobs, with 2.x and 1.x exception views", async () => {
    for (const jm of ["standalone-1", "legacy-1"]) {
      const id = await submit(jm, { name: "fragile" });
      await awaitJobState(sim, jm, id, "RUNNING");
      await post(`${sim.url}/_sim/jobmanagers/${jm}/jobs/${id}/fail`, { exception: "java.io.IOException: disk full" });
      await checked(jm, "GET", `/jobs/${id}`, "/jobs/{jobid}"); // RESTARTING
      await awaitJobState(sim, jm, id, "RUNNING");
      await checked(jm, "GET", `/jobs/${id}/exceptions`, "/jobs/{jobid}/exceptions");
      await checked(jm, "GET", `/jobs/${id}/checkpoints`, "/jobs/{jobid}/checkpoints");
      await post(`${sim.url}/_sim/jobmanagers/${jm}/jobs/${id}/fail`, { exception: "java.lang.IllegalStateException: broken", restarts: "exhaust" });
      await awaitJobState(sim, jm, id, "FAILED");
      const ex = await checked(jm, "GET", `/jobs/${id}/exceptions?maxExceptions=1`, "/jobs/{jobid}/exceptions");
      expect(ex.body.exceptionHistory.truncated).toBe(true);
      expect("root-exception" in ex.body).toBe(jm === "legacy-1");
      await checked(jm, "GET", `/jobs/${id}`, "/jobs/{jobid}");
      await checked(jm, "GET", "/jobs/overview", "/jobs/overview");
      await checked(jm, "GET", "/overview", "/overview");
    }
  });

  it("jars: upload, list, run, delete and their errors", async () => {
    const { body, headers } = multipart([{ name: "my-job.jar", data: await jar() }]);
    const upload = await checked("standalone-1", "POST", "/jars/upload", "/jars/upload", body, headers);
    const jarId = String(upload.body.filename).split("/").pop();
    expect(jarId).toMatch(/^[0-9a-f-]{36}_my-job\.jar$/);
    await checked("standalone-1", "GET", "/jars", "/jars");
    const run = await checked("standalone-1", "POST", `/jars/${jarId}/run`, "/jars/{jarid}/run", { programArgsList: ["--x", "1"], parallelism: 2, flinkConfiguration: { "pipeline.name": "from-jar" } });
    expect(run.body.jobid).toMatch(/^[0-9a-f]{32}$/);
    expect((await checked("standalone-1", "POST", `/jars/${jarId}/run`, "/jars/{jarid}/run", { programArgs: "--x 1" })).status).toBe(400);
    // An unexpected failure (a duplicate job id) has Flink's 500 shape.
    const duplicate = await checked("standalone-1", "POST", `/jars/${jarId}/run`, "/jars/{jarid}/run", { jobId: run.body.jobid });
    expect(duplicate.status).toBe(500);
    expect(duplicate.body.errors[0]).toBe("Internal server error.");
    expect(duplicate.body.errors[1]).toMatch(/^<Exception on server side:\norg\.apache\.flink\.runtime\.client\.DuplicateJobSubmissionException: Job has already been submitted\.[\s\S]*\nEnd of exception on server side>$/);
    const twoFiles = multipart([{ name: "a.jar", data: await jar() }, { name: "b.jar", data: await jar() }]);
    expect((await checked("standalone-1", "POST", "/jars/upload", "/jars/upload", twoFiles.body, twoFiles.headers)).status).toBe(400);
    const notJar = multipart([{ name: "a.txt", data: Buffer.from("x") }]);
    expect((await checked("standalone-1", "POST", "/jars/upload", "/jars/upload", notJar.body, notJar.headers)).status).toBe(400);
    expect((await checked("standalone-1", "DELETE", `/jars/${jarId}`, "/jars/{jarid}")).status).toBe(200);
    expect((await checked("standalone-1", "DELETE", `/jars/${jarId}`, "/jars/{jarid}")).status).toBe(400);

    // Flink 1.x still accepts the space-separated programArgs.
    const legacy = multipart([{ name: "old.jar", data: await jar() }]);
    const legacyJar = String((await checked("legacy-1", "POST", "/jars/upload", "/jars/upload", legacy.body, legacy.headers)).body.filename).split("/").pop();
    expect((await checked("legacy-1", "POST", `/jars/${legacyJar}/run`, "/jars/{jarid}/run", { programArgs: "--x 1" })).status).toBe(200);
  });

  it("covered every implemented, specified endpoint", () => {
    expect([...covered].sort()).toEqual(
      [
        "DELETE /jars/{jarid}",
        "GET /config",
        "GET /jars",
        "GET /jobmanager/config",
        "GET /jobmanager/logs",
        "GET /jobs",
        "GET /jobs/overview",
        "GET /jobs/{jobid}",
        "GET /jobs/{jobid}/checkpoints",
        "GET /jobs/{jobid}/checkpoints/config",
        "GET /jobs/{jobid}/checkpoints/{triggerid}",
        "GET /jobs/{jobid}/config",
        "GET /jobs/{jobid}/exceptions",
        "GET /jobs/{jobid}/plan",
        "GET /jobs/{jobid}/savepoints/{triggerid}",
        "GET /jobs/{jobid}/status",
        "GET /overview",
        "GET /taskmanagers",
        "GET /taskmanagers/{taskmanagerid}",
        "GET /taskmanagers/{taskmanagerid}/logs",
        "PATCH /jobs/{jobid}",
        "POST /jars/upload",
        "POST /jars/{jarid}/run",
        "POST /jobs/{jobid}/checkpoints",
        "POST /jobs/{jobid}/savepoints",
        "POST /jobs/{jobid}/stop",
      ].sort(),
    );
  });
});
