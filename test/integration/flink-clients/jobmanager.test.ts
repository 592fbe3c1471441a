/**
 * JobManagerClient (lib/flink/jobmanager.ts) against the simulator's JobManagers: the 2.1.0
 * `standalone-1` and the 1.20.1 `legacy-1`, both reached through a base URL with a path prefix
 * (`${url}/jm/<name>`, as behind a reverse proxy), plus the direct address for the network errors.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import yazl from "yazl";
import { describe, expect, it } from "vitest";
import { FlinkError, FlinkUnreachableError } from "@/lib/flink/errors";
import { JobManagerClient, normaliseJobExceptions, type JobManagerClientOptions } from "@/lib/flink/jobmanager";
import type { JobDetails } from "@/lib/flink/jobmanager-types";
import {
  addJob,
  clearCalls,
  clearFaults,
  control,
  describeWorld,
  failJob,
  failure,
  flinkId,
  setFaults,
  simCalls,
  until,
  untilState,
  useFlinkSim,
  type AddJob,
} from "./sim";

const sim = useFlinkSim();
const POLL = { pollMs: 20, timeoutMs: 10_000 };
const SAVEPOINT_NAME = /\/savepoint-[0-9a-f]{6}-[0-9a-f]{12}$/;

/** A small real jar: a manifest naming the entry class, and one (fake) class file. */
function buildJar(mainClass: string): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  zip.addBuffer(Buffer.from(`Manifest-Version: 1.0\r\nMain-Class: ${mainClass}\r\nCreated-By: eddy client suite\r\n\r\n`), "META-INF/MANIFEST.MF");
  zip.addBuffer(Buffer.from([0xca, 0xfe, 0xba, 0xbe]), `${mainClass.replace(/\./g, "/")}.class`);
  zip.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on("data", (c: Buffer) => chunks.push(c));
    zip.outputStream.on("end", () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on("error", reject);
  });
}

const CLUSTERS = [
  { name: "standalone-1", version: "2.1.0" },
  { name: "legacy-1", version: "1.20.1" },
] as const;

describe.each(CLUSTERS)("JobManager $name (Flink $version) at ${url}/jm/$name", ({ name, version }) => {
  const client = (opts: Partial<JobManagerClientOptions> = {}) => new JobManagerClient({ baseUrl: `${sim().url}/jm/${name}`, retryDelayMs: 10, ...opts });

  /** A job whose tasks all run (checkpoints and savepoints need that). */
  async function runningJob(job: AddJob = {}): Promise<string> {
    const id = await addJob(sim(), name, job);
    await until(() => client().job(id), (j: JobDetails) => j.state === "RUNNING" && (j.vertices ?? []).every((v) => v.status === "RUNNING"), { what: `job ${id} running all its tasks` });
    return id;
  }

  it("reads the dashboard configuration and the version from it", async () => {
    const c = client();
    const config = await c.config();
    expect(config["flink-version"]).toBe(version);
    expect(config.features?.["web-submit"]).toBe(true);
    expect((await c.flinkVersion())?.raw).toBe(version);
  });

  it("keeps the base URL's path prefix on every request", async () => {
    await clearCalls(sim());
    await client().overview();
    const calls = await simCalls(sim(), `jobmanager:${name}`);
    expect(calls).toEqual([expect.objectContaining({ method: "GET", path: "/overview", status: 200, via: "prefix" })]);
  });

  it("counts jobs in the overview as they are added, cancelled and finished", async () => {
    const c = client();
    const before = await c.overview();
    expect(before["flink-version"]).toBe(version);
    expect(before.taskmanagers).toBe(2);
    expect(before["slots-total"]).toBe(16);
    if (version.startsWith("2.")) expect(before).toHaveProperty("taskmanagers-blocked", 0);

    const id = await runningJob({ name: "counted" });
    const running = await c.overview();
    expect(running["jobs-running"]).toBe(before["jobs-running"]! + 1);
    expect(running["slots-available"]).toBe(before["slots-available"]! - 1);

    await c.cancel(id);
    const after = await until(() => c.overview(), (o) => o["jobs-cancelled"] === before["jobs-cancelled"]! + 1, { what: "the cancelled count" });
    expect(after["jobs-running"]).toBe(before["jobs-running"]);

    await addJob(sim(), name, { name: "bounded", batch: true, durationMs: 100 });
    await until(() => c.overview(), (o) => o["jobs-finished"] === before["jobs-finished"]! + 1, { what: "the finished count" });
  });

  it("lists jobs, their overview, details, status and configuration", async () => {
    const c = client();
    const id = await runningJob({ name: "orders", parallelism: 2 });
    expect(await c.jobs()).toContainEqual({ id, status: "RUNNING" });
    const overview = (await c.jobsOverview()).find((j) => j.jid === id);
    expect(overview).toMatchObject({ jid: id, name: "orders", state: "RUNNING", "end-time": -1 });
    expect(overview?.tasks?.running).toBe(overview?.tasks?.total);
    const details = await c.job(id);
    expect(details).toMatchObject({ jid: id, name: "orders", state: "RUNNING", "job-type": "STREAMING" });
    expect(details.vertices?.length).toBeGreaterThan(0);
    expect(details.vertices?.every((v) => v.parallelism === 2)).toBe(true);
    expect(await c.jobStatus(id)).toBe("RUNNING");
    const config = await c.jobConfig(id);
    expect(config).toMatchObject({ jid: id, name: "orders", "execution-config": { "job-parallelism": 2, "user-config": {} } });
    expect(config["execution-config"]?.["execution-mode"]).toBe(version.startsWith("1.") ? "PIPELINED" : undefined);
    await c.cancel(id);
  });

  it("reads a job's failures, newest first, in one shape for 1.x and 2.x", async () => {
    const c = client();
    const id = await runningJob({ name: "fragile" });
    await failJob(sim(), name, id, "java.io.IOException: disk full", "allow");
    await untilState(() => c.jobStatus(id), "RUNNING", "the restarted job");
    const first = await c.jobExceptions(id);
    expect(first.truncated).toBe(false);
    expect(first.entries).toHaveLength(1);
    expect(first.entries[0]).toMatchObject({ exceptionName: "java.io.IOException", message: "disk full", failureLabels: {}, concurrentExceptions: [] });
    expect(first.entries[0]?.stacktrace).toContain("java.io.IOException: disk full");
    expect(first.entries[0]?.taskName).toMatch(/^Source: /);
    expect(first.entries[0]?.endpoint).toMatch(/^[\w.-]+:\d+$/);
    expect(first.entries[0]?.taskManagerId).toContain(":");
    expect(first.entries[0]?.timestamp).toEqual(expect.any(Number));

    await failJob(sim(), name, id, "java.lang.IllegalStateException: corrupt state", "exhaust");
    await untilState(() => c.jobStatus(id), "FAILED", "the failed job");
    const all = await c.jobExceptions(id);
    expect(all.entries.map((e) => e.message)).toEqual(["corrupt state", "disk full"]);
    const newest = await c.jobExceptions(id, { maxExceptions: 1 });
    expect(newest.entries.map((e) => e.exceptionName)).toEqual(["java.lang.IllegalStateException"]);
    expect(newest.truncated).toBe(true);

    // Flink 1.x also sends the deprecated top-level fields (all a 1.12 JobManager has); read alone,
    // they normalise to the same failure.
    const raw = (await (await fetch(`${sim().url}/jm/${name}/jobs/${id}/exceptions`)).json()) as Record<string, unknown>;
    if (version.startsWith("2.")) {
      expect(raw).not.toHaveProperty("root-exception");
    } else {
      const { exceptionHistory: _history, ...legacyOnly } = raw;
      const legacy = normaliseJobExceptions(legacyOnly);
      expect(legacy.entries).toHaveLength(1);
      expect(legacy.entries[0]?.message).toMatch(/^Recovery is suppressed by FixedDelayRestartBackoffTimeStrategy/);
      expect(legacy.entries[0]?.stacktrace).toContain("java.lang.IllegalStateException: corrupt state");
      expect(legacy.entries[0]?.concurrentExceptions.map((e) => [e.exceptionName, e.message])).toEqual([["java.lang.IllegalStateException", "corrupt state"]]);
    }
  });

  it("reads checkpoint statistics before the first checkpoint and after a triggered one", async () => {
    const c = client();
    // No periodic checkpoints within the test: only the one triggered below.
    const id = await runningJob({ name: "checkpointed", flinkConfiguration: { "execution.checkpointing.interval": "1 h" } });
    const before = await c.jobCheckpoints(id);
    expect(before.counts).toMatchObject({ completed: 0, failed: 0, in_progress: 0 });
    expect(before.latest?.completed).toBeNull();
    expect(before.latest?.savepoint).toBeNull();
    expect(before.latest?.restored).toBeNull();
    expect(before.summary?.end_to_end_duration?.p99).toBe("NaN");
    expect(before.history).toEqual([]);

    const trigger = await c.triggerCheckpoint(id, { type: "FULL" });
    expect(trigger).toMatch(/^[0-9a-f]{32}$/);
    const result = await c.awaitCheckpoint(id, trigger, POLL);
    if (result.status !== "COMPLETED") expect.unreachable(`checkpoint failed: ${result.failureCause.message}`);
    expect(await c.checkpointStatus(id, trigger)).toEqual(result);

    const after = await c.jobCheckpoints(id);
    expect(after.counts?.completed).toBe(1);
    expect(after.latest?.completed).toMatchObject({ id: result.checkpointId, status: "COMPLETED", is_savepoint: false });
    expect(after.latest?.completed?.external_path).toMatch(new RegExp(`/${id}/chk-${result.checkpointId}$`));
    expect(after.summary?.end_to_end_duration?.p99).toEqual(expect.any(Number));
    await c.cancel(id);
  });

  it("reports a failed checkpoint with its cause", async () => {
    const c = client();
    const id = await runningJob({ name: "checkpoint-fails", flinkConfiguration: { "execution.checkpointing.interval": "1 h" } });
    await setFaults(sim(), name, { failNextCheckpoint: true });
    const result = await c.awaitCheckpoint(id, await c.triggerCheckpoint(id), POLL);
    expect(result.status).toBe("FAILED");
    if (result.status === "FAILED") expect(result.failureCause.message).not.toBe("");
    await c.cancel(id);
  });

  it("uploads a jar and runs it with arguments, parallelism, a fixed job id and configuration", async () => {
    const c = client();
    const { jarId } = await c.uploadJar({ filename: "etl-job.jar", data: await buildJar("com.example.Etl") });
    expect(jarId).toMatch(/^[0-9a-f-]{36}_etl-job\.jar$/);
    const listed = (await c.listJars()).files?.find((f) => f.id === jarId);
    expect(listed).toMatchObject({ name: "etl-job.jar", entry: [{ name: "com.example.Etl" }] });

    const fixed = flinkId();
    const { jobId } = await c.runJar(jarId, {
      programArgsList: ["--input", "s3://bucket/in put", "--mode=fast"],
      parallelism: 2,
      jobId: fixed,
      flinkConfiguration: { "pipeline.name": "etl from a jar" },
    });
    expect(jobId).toBe(fixed);
    await untilState(() => c.jobStatus(jobId), "RUNNING", "the jar's job");
    const job = await c.job(jobId);
    expect(job.name).toBe("etl from a jar");
    expect(job.vertices?.every((v) => v.parallelism === 2)).toBe(true);

    const again = await failure(c.runJar(jarId, { jobId: fixed }));
    expect(again).toBeInstanceOf(FlinkError);
    expect(again).toMatchObject({ upstreamStatus: 500, message: "Job has already been submitted." });

    await c.deleteJar(jarId);
    expect((await c.listJars()).files?.map((f) => f.id)).not.toContain(jarId);
    await c.cancel(jobId);
  });

  it("uploads a jar from a file path", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "eddy-jar-"));
    try {
      const file = path.join(dir, "from-disk.jar");
      await writeFile(file, await buildJar("com.example.FromDisk"));
      const c = client();
      const { jarId } = await c.uploadJar({ filename: "from-disk.jar", data: file });
      expect((await c.listJars()).files?.find((f) => f.id === jarId)?.entry).toEqual([{ name: "com.example.FromDisk" }]);
      await c.deleteJar(jarId);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("runs a jar from a savepoint with a claim mode", async () => {
    const c = client();
    const { jarId } = await c.uploadJar({ filename: "restored.jar", data: await buildJar("com.example.Restored") });
    const savepointPath = "file:///tmp/eddy-savepoints/savepoint-0a1b2c-0123456789ab";
    const { jobId } = await c.runJar(jarId, { savepointPath, claimMode: "NO_CLAIM", allowNonRestoredState: true });
    await untilState(() => c.jobStatus(jobId), "RUNNING", "the restored job");
    const checkpoints = await c.jobCheckpoints(jobId);
    expect(checkpoints.counts?.restored).toBe(1);
    expect(checkpoints.latest?.restored).toMatchObject({ is_savepoint: true, external_path: savepointPath });
    await c.cancel(jobId);
    await c.deleteJar(jarId);
  });

  it("stops a job with a savepoint: a location, and the job FINISHED", async () => {
    const c = client();
    const id = await runningJob({ name: "stopped" });
    const trigger = await c.stopWithSavepoint(id, { targetDirectory: "file:///tmp/eddy-savepoints", drain: false, formatType: "CANONICAL" });
    const result = await c.awaitSavepoint(id, trigger, POLL);
    if (result.status !== "COMPLETED") expect.unreachable(`stop failed: ${result.failureCause.message}`);
    expect(result.location).toMatch(new RegExp(`^file:///tmp/eddy-savepoints/savepoint-${id.slice(0, 6)}-[0-9a-f]{12}$`));
    expect(await c.savepointStatus(id, trigger)).toEqual(result);
    await untilState(() => c.jobStatus(id), "FINISHED", "the stopped job");
    expect((await c.jobCheckpoints(id)).latest?.savepoint?.external_path).toBe(result.location);

    // Cancelling a job that ended otherwise is a 409 from Flink, "already terminal" to the caller.
    const outcome = await c.cancel(id);
    expect(outcome).toEqual({ outcome: "already-terminal", message: "Job cancellation failed because the job has already reached another non-cancel state (FINISHED)." });
  });

  it("triggers savepoints: completed into state.savepoints.dir, or failed with the cause while the job keeps running", async () => {
    const c = client();
    const id = await runningJob({ name: "savepointed" });
    const ok = await c.awaitSavepoint(id, await c.triggerSavepoint(id, { formatType: "NATIVE" }), POLL);
    expect(ok).toMatchObject({ status: "COMPLETED", location: expect.stringMatching(new RegExp(`^file:///tmp/flink-savepoints${SAVEPOINT_NAME.source}`)) });

    await setFaults(sim(), name, { failNextSavepoint: true });
    const failed = await c.awaitSavepoint(id, await c.triggerSavepoint(id, { targetDirectory: "file:///tmp/eddy-savepoints" }), POLL);
    if (failed.status !== "FAILED") expect.unreachable(`expected a failed savepoint, got ${JSON.stringify(failed)}`);
    expect(failed.failureCause.className).toMatch(/Exception$/);
    expect(failed.failureCause.stackTrace).toContain("\tat ");
    expect(failed.failureCause.message).not.toMatch(/^\w+(\.\w+)+:/);
    expect(failed.failureCause.message.length).toBeGreaterThan(0);
    expect(await c.jobStatus(id)).toBe("RUNNING");

    const unknownTrigger = await failure(c.savepointStatus(id, flinkId()));
    expect(unknownTrigger).toMatchObject({ upstreamStatus: 404, message: expect.stringContaining("Operation not found under key") });
    await c.cancel(id);
  });

  it("cancels a job; cancelling it again is acknowledged, as Flink does for a CANCELED job", async () => {
    const c = client();
    const id = await runningJob({ name: "cancelled" });
    expect(await c.cancel(id)).toEqual({ outcome: "requested" });
    await untilState(() => c.jobStatus(id), "CANCELED", "the cancelled job");
    expect(await c.cancel(id)).toEqual({ outcome: "requested" });
  });

  it("answers an unknown or malformed job id with Flink's own message", async () => {
    const c = client();
    const unknown = flinkId();
    const e = await failure(c.job(unknown));
    expect(e).toBeInstanceOf(FlinkError);
    expect(e).toMatchObject({ upstreamStatus: 404, upstream: "JobManager", message: `Job ${unknown} not found` });
    expect((e as FlinkError).detail).toContain("NotFoundException");
    expect(await failure(c.jobStatus(unknown))).toMatchObject({ upstreamStatus: 404, message: expect.stringContaining("not found") });
    expect(await failure(c.cancel(unknown))).toMatchObject({ upstreamStatus: 404, message: "Job could not be found." });
    expect(await failure(c.job("not-a-job-id"))).toMatchObject({ upstreamStatus: 400, message: expect.stringContaining("Cannot resolve path parameter (jobid)") });
  });

  it("reads TaskManagers by id, URL-encoding the ':' in them", async () => {
    const c = client();
    const tms = await c.taskManagers();
    expect(tms).toHaveLength(2);
    const tm = tms[0]!;
    const tmId = tm.id!;
    expect(tmId).toContain(":");
    expect(tm.slotsNumber).toBe(8);
    await clearCalls(sim());
    const details = await c.taskManager(tmId);
    expect(details).toMatchObject({ id: tmId, slotsNumber: 8 });
    expect((await simCalls(sim(), `jobmanager:${name}`)).map((x) => x.path)).toEqual([`/taskmanagers/${encodeURIComponent(tmId)}`]);
    expect(await failure(c.taskManager("10.0.0.1:1-nothing"))).toMatchObject({ upstreamStatus: 404, message: expect.stringContaining("Could not find TaskExecutor") });
  });

  it("reads the JobManager configuration as a map", async () => {
    const jm = (await describeWorld(sim())).jobmanagers.find((j) => j.name === name)!;
    const config = await client().jobManagerConfig();
    expect(`${config["rest.address"]}:${config["rest.port"]}`).toBe(jm.restAddress);
    expect(config["state.savepoints.dir"]).toBe("file:///tmp/flink-savepoints");
    expect(config["taskmanager.numberOfTaskSlots"]).toBe("8");
  });

  it("reads JobManager logs: the list, the log, stdout and a log file by name", async () => {
    const c = client();
    const logs = await c.jobManagerLogList();
    expect(logs.map((l) => l.name)).toEqual(expect.arrayContaining(["jobmanager.log", "jobmanager.out"]));
    expect(logs.find((l) => l.name === "jobmanager.log")?.size).toBeGreaterThan(0);
    const log = await c.jobManagerLog();
    expect(log.truncated).toBe(false);
    expect(log.text).toContain(`(Version: ${version},`);
    expect(log.text).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} INFO /);
    expect((await c.jobManagerLogFile("jobmanager.log")).text).toContain("Rest endpoint listening at");
    expect(await c.jobManagerStdout()).toMatchObject({ truncated: false, text: expect.any(String) });
    expect(await failure(c.jobManagerLogFile("nothing.log"))).toMatchObject({ upstreamStatus: 404, message: "Can not find log file nothing.log." });
  });

  it("keeps only the tail of a log with maxBytes, from a line start", async () => {
    const c = client();
    const tail = await c.jobManagerLog({ maxBytes: 300 });
    const full = (await c.jobManagerLog()).text;
    expect(tail.truncated).toBe(true);
    expect(Buffer.byteLength(tail.text)).toBeLessThanOrEqual(300);
    expect(tail.text.length).toBeGreaterThan(0);
    expect(full).toContain(`\n${tail.text}`);
    const whole = await c.jobManagerLog({ maxBytes: 10_000_000 });
    expect(whole.truncated).toBe(false);
  });

  it("reads TaskManager logs: the list, the log, stdout and a file", async () => {
    const c = client();
    await runningJob({ name: "logging" }); // tasks write to the TaskManager logs
    const tmId = (await c.taskManagers())[0]!.id!;
    const files = await c.taskManagerLogList(tmId);
    const logName = files.map((f) => f.name).find((n) => n?.endsWith(".log"));
    expect(logName).toBeDefined();
    const log = await c.taskManagerLog(tmId);
    expect(log.text.length).toBeGreaterThan(0);
    expect((await c.taskManagerLogFile(tmId, logName!)).text.length).toBeGreaterThan(0);
    expect(await c.taskManagerStdout(tmId)).toMatchObject({ truncated: false });
    expect((await c.taskManagerLog(tmId, { maxBytes: 100 })).truncated).toBe(log.text.length > 100);
  });
});

describe("JobManager failures on the wire (standalone-1)", () => {
  const prefixed = (opts: Partial<JobManagerClientOptions> = {}) => new JobManagerClient({ baseUrl: `${sim().url}/jm/standalone-1`, retryDelayMs: 10, ...opts });
  const direct = async (opts: Partial<JobManagerClientOptions> = {}) => {
    const jm = (await describeWorld(sim())).jobmanagers.find((j) => j.name === "standalone-1")!;
    return new JobManagerClient({ baseUrl: `http://${jm.restAddress}/`, retryDelayMs: 10, ...opts });
  };

  it("works at the JobManager's own address too", async () => {
    await clearCalls(sim());
    expect((await (await direct()).config())["flink-version"]).toBe("2.1.0");
    expect((await simCalls(sim(), "jobmanager:standalone-1")).map((c) => c.via)).toEqual(["direct"]);
  });

  it("is FlinkUnreachableError while the JobManager is down, and works again once it is up", async () => {
    const viaPrefix = prefixed({ retries: 0 });
    const viaPort = await direct({ retries: 0 });
    await control(sim(), "POST", "/jobmanagers/standalone-1/down");
    try {
      const dropped = await failure(viaPrefix.overview());
      expect(dropped).toBeInstanceOf(FlinkUnreachableError);
      expect(dropped).not.toBeInstanceOf(FlinkError);
      expect(dropped.message).toMatch(/^The JobManager at http:\/\/127\.0\.0\.1:\d+\/jm\/standalone-1\/overview closed the connection before answering\.$/);
      const refused = await failure(viaPort.overview());
      expect(refused).toBeInstanceOf(FlinkUnreachableError);
      expect(refused.message).toContain("refused the connection");
    } finally {
      await control(sim(), "POST", "/jobmanagers/standalone-1/up");
    }
    expect((await viaPrefix.overview())["flink-version"]).toBe("2.1.0");
  });

  it("retries a GET on 503 (leader election) and gives up after its retries with Flink's message", async () => {
    await clearCalls(sim());
    await setFaults(sim(), "standalone-1", { status503: 2 });
    expect((await prefixed({ retries: 2 }).overview())["flink-version"]).toBe("2.1.0");
    const overviewCalls = (await simCalls(sim(), "jobmanager:standalone-1")).filter((c) => c.path === "/overview");
    expect(overviewCalls.map((c) => c.status)).toEqual([503, 503, 200]);

    await setFaults(sim(), "standalone-1", { status503: 2 });
    const e = await failure(prefixed({ retries: 1 }).overview());
    expect(e).toBeInstanceOf(FlinkError);
    expect(e).toMatchObject({ upstreamStatus: 503, message: "Service temporarily unavailable due to an ongoing leader election. Please refresh." });
    await clearFaults(sim(), "standalone-1");
  });

  it("never retries a write on 503", async () => {
    const c = prefixed({ retries: 3 });
    const id = await addJob(sim(), "standalone-1", { name: "not-retried" });
    await untilState(() => c.jobStatus(id), "RUNNING", "the job");
    await clearCalls(sim());
    await setFaults(sim(), "standalone-1", { status503: 1 });
    expect(await failure(c.triggerSavepoint(id))).toMatchObject({ upstreamStatus: 503 });
    const posts = (await simCalls(sim(), "jobmanager:standalone-1")).filter((x) => x.method === "POST");
    expect(posts.map((x) => x.status)).toEqual([503]);
    await clearFaults(sim(), "standalone-1");
    await c.cancel(id);
  });

  it("times out a slow answer as FlinkUnreachableError naming the timeout", async () => {
    await setFaults(sim(), "standalone-1", { latencyMs: 400 });
    try {
      const e = await failure(prefixed({ timeoutMs: 100, retries: 0 }).overview());
      expect(e).toBeInstanceOf(FlinkUnreachableError);
      expect(e.message).toMatch(/did not answer within 100 ms\.$/);
      // A per-call allowance above the latency succeeds.
      expect((await prefixed({ timeoutMs: 5_000, retries: 0 }).overview())["flink-version"]).toBe("2.1.0");
    } finally {
      await clearFaults(sim(), "standalone-1");
    }
  });
});
