/** JobManagerClient against a stub JobManager: paths under a prefix, bodies, version differences, status unions. */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { FlinkError, FlinkTimeoutError } from "@/lib/flink/errors";
import { JobManagerClient, normaliseJobExceptions, parseCheckpointStatus, parseSavepointStatus } from "@/lib/flink/jobmanager";
import { flinkErrors, sendJson, startStub, type Stub, type StubHandler } from "./flink-stub-server";

const JOB = "7f3a0c1e2d4b5a6978695a4b3c2d1e0f";
let stub: Stub | undefined;
afterEach(async () => {
  await stub?.close();
  stub = undefined;
});

async function client(handler: StubHandler, opts: { flinkVersion?: string } = {}): Promise<JobManagerClient> {
  stub = await startStub(handler);
  return new JobManagerClient({ baseUrl: `${stub.origin}/flink/prod/`, retryDelayMs: 1, ...opts });
}

const lastBody = (): unknown => JSON.parse(stub?.requests.at(-1)?.body.toString() ?? "null");

/** The one file part of a multipart body. */
function filePart(body: Buffer, contentType: string): { headers: string; data: Buffer } {
  const boundary = /boundary=(.+)$/.exec(contentType)?.[1] ?? "";
  const text = body.toString("latin1");
  const start = text.indexOf(`--${boundary}\r\n`) + boundary.length + 4;
  const headerEnd = text.indexOf("\r\n\r\n", start);
  const end = text.indexOf(`\r\n--${boundary}--`);
  return { headers: text.slice(start, headerEnd), data: body.subarray(headerEnd + 4, end) };
}

describe("reads", () => {
  it("joins every path to the prefixed base URL", async () => {
    const jm = await client((req, res) => {
      if (req.url === "/flink/prod/overview") return sendJson(res, 200, { taskmanagers: 2, "slots-total": 4, "flink-version": "2.1.0" });
      if (req.url === "/flink/prod/jobs/overview") return sendJson(res, 200, { jobs: [{ jid: JOB, name: "etl", state: "RUNNING", "end-time": -1 }] });
      if (req.url === `/flink/prod/jobs/${JOB}/status`) return sendJson(res, 200, { status: "RUNNING" });
      sendJson(res, 404, { errors: [`Not found: ${req.url}`] });
    });
    expect((await jm.overview()).taskmanagers).toBe(2);
    expect((await jm.jobsOverview())[0]?.name).toBe("etl");
    expect(await jm.jobStatus(JOB)).toBe("RUNNING");
  });

  it("URL-encodes TaskManager ids, which are any string on the wire", async () => {
    const jm = await client((req, res) => sendJson(res, 200, req.url.endsWith("/logs") ? { logs: [{ name: "taskmanager.log", size: 10, mtime: 1 }] } : { id: "localhost:40313-5a1b2c" }));
    await jm.taskManager("localhost:40313-5a1b2c");
    await jm.taskManagerLogList("container_e01_1700000000000_0001_01_000002");
    await jm.taskManagerLogFile("flink-taskmanager-7d9f/x", "gc.log.0");
    expect(stub?.requests.map((r) => r.url)).toEqual([
      "/flink/prod/taskmanagers/localhost%3A40313-5a1b2c",
      "/flink/prod/taskmanagers/container_e01_1700000000000_0001_01_000002/logs",
      "/flink/prod/taskmanagers/flink-taskmanager-7d9f%2Fx/logs/gc.log.0",
    ]);
  });

  it("turns /jobmanager/config into a map", async () => {
    const jm = await client((_req, res) => sendJson(res, 200, [{ key: "rest.address", value: "node7" }, { key: "rest.port", value: "40213" }]));
    expect(await jm.jobManagerConfig()).toEqual({ "rest.address": "node7", "rest.port": "40213" });
  });

  it("reads the tail of a log as text", async () => {
    const jm = await client((_req, res) => {
      res.writeHead(200, { "content-type": "text/plain" });
      res.end("first line\nsecond line\nthird line\n");
    });
    expect(await jm.jobManagerLog({ maxBytes: 20 })).toEqual({ text: "third line\n", truncated: true });
    expect(stub?.requests[0]?.url).toBe("/flink/prod/jobmanager/log");
  });

  it("surfaces 'job not found' with Flink's words and the 404", async () => {
    const jm = await client((_req, res) => sendJson(res, 404, flinkErrors.jobNotFound(JOB)));
    await expect(jm.job(JOB)).rejects.toMatchObject({ message: `Job ${JOB} not found`, upstreamStatus: 404 });
  });
});

describe("jars", () => {
  const answer = { filename: "/tmp/flink-web-1c2d/flink-web-upload/5b3f9a7e-0c1d-4e2f-8a9b-1c2d3e4f5a6b_etl-job.jar", status: "success" };

  it("uploads a buffer as multipart with field jarfile and the java-archive type, and returns the basename as jar id", async () => {
    const jm = await client((_req, res) => sendJson(res, 200, answer));
    const data = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0xff, 0x00, 0x0d, 0x0a]);
    const { jarId } = await jm.uploadJar({ filename: "/builds/etl-job.jar", data });
    expect(jarId).toBe("5b3f9a7e-0c1d-4e2f-8a9b-1c2d3e4f5a6b_etl-job.jar");
    const req = stub?.requests[0];
    expect(req?.method).toBe("POST");
    expect(req?.url).toBe("/flink/prod/jars/upload");
    const part = filePart(req?.body ?? Buffer.alloc(0), String(req?.headers["content-type"]));
    expect(part.headers).toBe('Content-Disposition: form-data; name="jarfile"; filename="etl-job.jar"\r\nContent-Type: application/x-java-archive');
    expect(part.data.equals(data)).toBe(true);
    expect(Number(req?.headers["content-length"])).toBe(req?.body.byteLength);
  });

  it("streams a file path and a Readable", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "eddy-jar-"));
    try {
      const file = path.join(dir, "big.jar");
      const data = Buffer.alloc(300_000, 7);
      await writeFile(file, data);
      const jm = await client((_req, res) => sendJson(res, 200, answer));
      await jm.uploadJar({ filename: "big.jar", data: file });
      await jm.uploadJar({ filename: "streamed.jar", data: Readable.from([data.subarray(0, 1000), data.subarray(1000)]) });
      for (const req of stub?.requests ?? []) {
        expect(filePart(req.body, String(req.headers["content-type"])).data.equals(data)).toBe(true);
      }
      expect(Number(stub?.requests[0]?.headers["content-length"])).toBe(stub?.requests[0]?.body.byteLength);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("refuses a file that is not a .jar before sending anything", async () => {
    const jm = await client((_req, res) => sendJson(res, 200, answer));
    await expect(jm.uploadJar({ filename: "job.zip", data: Buffer.from("x") })).rejects.toThrow(/only .jar files/);
    expect(stub?.requests).toHaveLength(0);
  });

  it("runs a jar with programArgsList, never programArgs", async () => {
    const jm = await client((_req, res) => sendJson(res, 200, { jobid: JOB }));
    const result = await jm.runJar("abc_etl.jar", { entryClass: "com.example.Etl", programArgsList: ["--topic", "a b"], parallelism: 4, jobId: JOB });
    expect(result).toEqual({ jobId: JOB });
    expect(stub?.requests[0]?.url).toBe("/flink/prod/jars/abc_etl.jar/run");
    expect(lastBody()).toEqual({ entryClass: "com.example.Etl", programArgsList: ["--topic", "a b"], parallelism: 4, jobId: JOB });
  });

  it.each([
    ["2.1.0", "claimMode"],
    ["1.20.1", "claimMode"],
    ["1.17.2", "restoreMode"],
  ])("on Flink %s sends the claim mode as %s", async (version, field) => {
    const jm = await client((req, res) => (req.url.endsWith("/config") ? sendJson(res, 200, { "flink-version": version }) : sendJson(res, 200, { jobid: JOB })));
    await jm.runJar("x.jar", { savepointPath: "s3://sp/savepoint-1", claimMode: "NO_CLAIM" });
    expect(lastBody()).toEqual({ programArgsList: [], savepointPath: "s3://sp/savepoint-1", [field]: "NO_CLAIM" });
  });

  it("refuses options the cluster's Flink does not have, with a sentence", async () => {
    const jm = await client((_req, res) => sendJson(res, 200, { "flink-version": "1.14.6" }));
    await expect(jm.runJar("x.jar", { claimMode: "CLAIM" })).rejects.toThrow("Choosing how a savepoint is claimed needs Flink 1.15 or newer; this cluster runs 1.14.6.");
    await expect(jm.runJar("x.jar", { flinkConfiguration: { "pipeline.name": "x" } })).rejects.toThrow(/needs Flink 1\.17/);
    await expect(jm.triggerCheckpoint(JOB)).rejects.toThrow(/Triggering a checkpoint needs Flink 1\.17/);
    await expect(jm.triggerSavepoint(JOB, { formatType: "NATIVE" })).rejects.toThrow(/needs Flink 1\.15/);
    expect(stub?.requests.map((r) => r.url)).toEqual(["/flink/prod/config"]); // asked once, cached
  });

  it("uses a version given up front instead of asking", async () => {
    const jm = await client((_req, res) => sendJson(res, 200, { jobid: JOB }), { flinkVersion: "1.18.1" });
    await jm.runJar("x.jar", { claimMode: "CLAIM", flinkConfiguration: { "pipeline.name": "etl" } });
    expect(stub?.requests.map((r) => r.url)).toEqual(["/flink/prod/jars/x.jar/run"]);
    expect(lastBody()).toMatchObject({ restoreMode: "CLAIM", flinkConfiguration: { "pipeline.name": "etl" } });
  });
});

describe("savepoints and checkpoints", () => {
  it("stops with camelCase keys and triggers with kebab-case keys", async () => {
    const jm = await client((_req, res) => sendJson(res, 202, { "request-id": "trig-1" }), { flinkVersion: "2.0.0" });
    expect(await jm.stopWithSavepoint(JOB, { targetDirectory: "s3://sp", drain: true, formatType: "CANONICAL" })).toBe("trig-1");
    expect(lastBody()).toEqual({ targetDirectory: "s3://sp", drain: true, formatType: "CANONICAL" });
    expect(await jm.triggerSavepoint(JOB, { targetDirectory: "s3://sp" })).toBe("trig-1");
    expect(lastBody()).toEqual({ "target-directory": "s3://sp", "cancel-job": false });
    expect(stub?.requests.map((r) => `${r.method} ${r.url}`)).toEqual([`POST /flink/prod/jobs/${JOB}/stop`, `POST /flink/prod/jobs/${JOB}/savepoints`]);
  });

  it("parses the savepoint status union; COMPLETED with a failure cause is FAILED", () => {
    expect(parseSavepointStatus({ status: { id: "IN_PROGRESS" } })).toEqual({ status: "IN_PROGRESS" });
    expect(parseSavepointStatus({ status: { id: "COMPLETED" }, operation: { location: "s3://sp/savepoint-7f3a0c-1a2b3c4d5e6f" } })).toEqual({
      status: "COMPLETED",
      location: "s3://sp/savepoint-7f3a0c-1a2b3c4d5e6f",
    });
    const failed = parseSavepointStatus({
      status: { id: "COMPLETED" },
      operation: {
        "failure-cause": {
          class: "java.util.concurrent.CompletionException",
          "stack-trace":
            "java.util.concurrent.CompletionException: org.apache.flink.runtime.checkpoint.CheckpointException: Failure to finalize checkpoint.\n\tat java.base/java.util.concurrent.CompletableFuture.encodeThrowable(CompletableFuture.java:332)\nCaused by: java.io.IOException: No space left on device\n",
          "serialized-throwable": "rO0ABXNyAC...",
        },
      },
    });
    expect(failed).toEqual({
      status: "FAILED",
      failureCause: {
        className: "java.util.concurrent.CompletionException",
        message: "Failure to finalize checkpoint.",
        stackTrace: expect.stringContaining("No space left on device"),
      },
    });
  });

  it("awaits a savepoint through IN_PROGRESS", async () => {
    let polls = 0;
    const jm = await client((_req, res) =>
      sendJson(res, 200, ++polls < 3 ? { status: { id: "IN_PROGRESS" } } : { status: { id: "COMPLETED" }, operation: { location: "hdfs:///sp/savepoint-1" } }),
    );
    await expect(jm.awaitSavepoint(JOB, "trig-1", { pollMs: 5, timeoutMs: 5000 })).resolves.toEqual({ status: "COMPLETED", location: "hdfs:///sp/savepoint-1" });
    expect(stub?.requests[0]?.url).toBe(`/flink/prod/jobs/${JOB}/savepoints/trig-1`);
    expect(polls).toBe(3);
  });

  it("gives up waiting with a FlinkTimeoutError that says the savepoint may still finish", async () => {
    const jm = await client((_req, res) => sendJson(res, 200, { status: { id: "IN_PROGRESS" } }));
    const e = await jm.awaitSavepoint(JOB, "trig-1", { pollMs: 10, timeoutMs: 50 }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(FlinkTimeoutError);
    expect((e as Error).message).toBe(`The savepoint of job ${JOB} did not finish within 50 ms; it may still finish later.`);
  });

  it("triggers a checkpoint and parses its status", async () => {
    const jm = await client((req, res) =>
      req.method === "POST" ? sendJson(res, 202, { "request-id": "cp-1" }) : sendJson(res, 200, { status: { id: "COMPLETED" }, operation: { checkpointId: 42 } }),
      { flinkVersion: "1.19.0" },
    );
    expect(await jm.triggerCheckpoint(JOB, { type: "FULL" })).toBe("cp-1");
    expect(lastBody()).toEqual({ checkpointType: "FULL" });
    await expect(jm.awaitCheckpoint(JOB, "cp-1", { pollMs: 5, timeoutMs: 1000 })).resolves.toEqual({ status: "COMPLETED", checkpointId: 42 });
    expect(parseCheckpointStatus({ status: { id: "COMPLETED" }, operation: { failureCause: { class: "x.Y", "stack-trace": "org.apache.flink.runtime.checkpoint.CheckpointException: Checkpoint expired before completing.\n" } } })).toMatchObject({
      status: "FAILED",
      failureCause: { message: "Checkpoint expired before completing." },
    });
  });
});

describe("cancel", () => {
  it("PATCHes ?mode=cancel without a body", async () => {
    const jm = await client((_req, res) => sendJson(res, 202, {}));
    expect(await jm.cancel(JOB)).toEqual({ outcome: "requested" });
    const req = stub?.requests[0];
    expect(`${req?.method} ${req?.url}`).toBe(`PATCH /flink/prod/jobs/${JOB}?mode=cancel`);
    expect(req?.body.byteLength).toBe(0);
  });

  it("tells 'already in a terminal state' (409) apart from failures", async () => {
    const jm = await client((_req, res) =>
      sendJson(res, 409, {
        errors: [
          "org.apache.flink.runtime.rest.handler.RestHandlerException: Job cancellation failed because the job has already reached another terminal state (FINISHED).\n\tat org.apache.flink.runtime.rest.handler.job.JobCancellationHandler.lambda$handleRequest$0(JobCancellationHandler.java:129)\n",
        ],
      }),
    );
    expect(await jm.cancel(JOB)).toEqual({
      outcome: "already-terminal",
      message: "Job cancellation failed because the job has already reached another terminal state (FINISHED).",
    });
  });

  it("throws for an unknown job", async () => {
    const jm = await client((_req, res) => sendJson(res, 404, { errors: ["org.apache.flink.runtime.rest.handler.RestHandlerException: Job could not be found.\n\tat x.y(Z.java:1)"] }));
    await expect(jm.cancel(JOB)).rejects.toEqual(expect.objectContaining({ message: "Job could not be found.", upstreamStatus: 404 }));
    await expect(jm.cancel(JOB)).rejects.toBeInstanceOf(FlinkError);
  });
});

describe("job exceptions", () => {
  it("reads the 2.x shape", () => {
    const out = normaliseJobExceptions({
      exceptionHistory: {
        entries: [
          {
            exceptionName: "java.lang.RuntimeException",
            stacktrace: "java.lang.RuntimeException: Kafka broker unreachable\n\tat com.example.Source.run(Source.java:10)\n",
            timestamp: 1700000000000,
            taskName: "Source: kafka (1/2)#0",
            endpoint: "10.0.0.7:40213",
            taskManagerId: "10.0.0.7:40213-a1b2c3",
            failureLabels: { type: "USER" },
            concurrentExceptions: [{ exceptionName: "java.io.IOException", stacktrace: "java.io.IOException: Broken pipe\n", timestamp: 1700000000001 }],
          },
        ],
        truncated: false,
      },
    });
    expect(out.entries[0]).toMatchObject({
      message: "Kafka broker unreachable",
      endpoint: "10.0.0.7:40213",
      failureLabels: { type: "USER" },
      concurrentExceptions: [{ exceptionName: "java.io.IOException", message: "Broken pipe", endpoint: null, taskName: null }],
    });
    expect(out.truncated).toBe(false);
  });

  it("reads 1.x history entries with `location` instead of `endpoint`", () => {
    const out = normaliseJobExceptions({
      "root-exception": "java.lang.RuntimeException: boom\n",
      timestamp: 1,
      "all-exceptions": [],
      truncated: false,
      exceptionHistory: { entries: [{ exceptionName: "java.lang.RuntimeException", stacktrace: "java.lang.RuntimeException: boom\n", timestamp: 1, location: "host-1:6121", taskName: "Map (1/1)" }], truncated: true },
    });
    expect(out).toMatchObject({ entries: [{ message: "boom", endpoint: "host-1:6121", taskName: "Map (1/1)", concurrentExceptions: [] }], truncated: true });
  });

  it("reads the 1.12 shape without exceptionHistory", () => {
    const out = normaliseJobExceptions({
      "root-exception": "org.apache.flink.runtime.JobException: Recovery is suppressed by NoRestartBackoffTimeStrategy\n\tat x.y(Z.java:1)\nCaused by: java.lang.ArithmeticException: / by zero\n",
      timestamp: 1600000000000,
      "all-exceptions": [{ exception: "java.lang.ArithmeticException: / by zero\n\tat a.b(C.java:2)", task: "Map (1/1)", location: "host-1:6121", timestamp: 1600000000000, taskManagerId: "tm-1" }],
      truncated: false,
    });
    expect(out.entries).toHaveLength(1);
    expect(out.entries[0]).toMatchObject({
      exceptionName: "org.apache.flink.runtime.JobException",
      message: "Recovery is suppressed by NoRestartBackoffTimeStrategy",
      timestamp: 1600000000000,
      concurrentExceptions: [{ exceptionName: "java.lang.ArithmeticException", message: "/ by zero", taskName: "Map (1/1)", endpoint: "host-1:6121", taskManagerId: "tm-1" }],
    });
  });

  it("reads a job without failures", () => {
    expect(normaliseJobExceptions({ exceptionHistory: { entries: [], truncated: false } })).toEqual({ entries: [], truncated: false });
    expect(normaliseJobExceptions({ "root-exception": null, "all-exceptions": [], truncated: false })).toEqual({ entries: [], truncated: false });
  });

  it("passes maxExceptions", async () => {
    const jm = await client((_req, res) => sendJson(res, 200, { exceptionHistory: { entries: [], truncated: false } }));
    await jm.jobExceptions(JOB, { maxExceptions: 20 });
    expect(stub?.requests[0]?.url).toBe(`/flink/prod/jobs/${JOB}/exceptions?maxExceptions=20`);
  });
});
