/** The shared HTTP layer: URL joining with prefixes, retries for reads only, timeouts, upstream error mapping. */
import { afterEach, describe, expect, it } from "vitest";
import { FlinkError, FlinkUnreachableError } from "@/lib/flink/errors";
import { HttpClient, joinUrl, parseBaseUrl } from "@/lib/flink/http";
import { flinkErrorMessage, upstreamError } from "@/lib/flink/upstream-error";
import { closedPort, flinkErrors, sendJson, startStub, type Stub } from "./flink-stub-server";

let stub: Stub | undefined;
afterEach(async () => {
  await stub?.close();
  stub = undefined;
});

describe("joinUrl", () => {
  it.each([
    ["http://proxy/flink/prod/", "/jobs/overview"],
    ["http://proxy/flink/prod", "/jobs/overview"],
    ["http://proxy/flink/prod//", "jobs/overview"],
    ["http://proxy/flink/prod", "jobs/overview"],
  ])("keeps the prefix of %s when joining %s", (base, path) => {
    expect(joinUrl(base, path)).toBe("http://proxy/flink/prod/jobs/overview");
  });

  it("works without a prefix and keeps the port", () => {
    expect(joinUrl("http://jm:8081", "/config")).toBe("http://jm:8081/config");
    expect(joinUrl("http://jm:8081/", "config")).toBe("http://jm:8081/config");
  });

  it("keeps a query in the path, appends query values, joins lists with commas and drops undefined", () => {
    expect(joinUrl("http://h/gw/", "/v4/sessions/s/operations/o/result/1?rowFormat=JSON", { extra: "a b" })).toBe(
      "http://h/gw/v4/sessions/s/operations/o/result/1?rowFormat=JSON&extra=a%20b",
    );
    expect(joinUrl("http://rm:8088/", "/ws/v1/cluster/apps", { applicationTypes: ["Apache Flink"], states: ["RUNNING", "ACCEPTED"], queue: undefined })).toBe(
      "http://rm:8088/ws/v1/cluster/apps?applicationTypes=Apache%20Flink&states=RUNNING,ACCEPTED",
    );
  });

  it("moves credentials from the URL into a Basic authorization header", () => {
    const parsed = parseBaseUrl("https://ops:s3cr%40t@proxy/flink/", "JobManager");
    expect(parsed.url).toBe("https://proxy/flink/");
    expect(parsed.headers.authorization).toBe(`Basic ${Buffer.from("ops:s3cr@t").toString("base64")}`);
  });

  it("refuses URLs that are not http(s)", () => {
    expect(() => parseBaseUrl("ftp://h/", "JobManager")).toThrow(/http:\/\/ or https:\/\//);
    expect(() => parseBaseUrl("not a url", "JobManager")).toThrow(/not a valid URL/);
  });
});

describe("retries", () => {
  it("retries a GET on 503 and counts three attempts with retries=2", async () => {
    let n = 0;
    stub = await startStub((_req, res) => (++n < 3 ? sendJson(res, 503, { errors: ["leader not ready"] }) : sendJson(res, 200, { ok: true })));
    const http = new HttpClient("JobManager", { baseUrl: `${stub.origin}/flink/`, retries: 2, retryDelayMs: 1 });
    await expect(http.getJson("/overview")).resolves.toEqual({ ok: true });
    expect(stub.requests.map((r) => r.url)).toEqual(["/flink/overview", "/flink/overview", "/flink/overview"]);
  });

  it("gives up after the last retry with the upstream's error", async () => {
    stub = await startStub((_req, res) => sendJson(res, 504, { errors: ["Gateway timeout"] }));
    const http = new HttpClient("JobManager", { baseUrl: stub.origin, retries: 1, retryDelayMs: 1 });
    await expect(http.getJson("/overview")).rejects.toMatchObject({ upstreamStatus: 504, message: "Gateway timeout" });
    expect(stub.requests).toHaveLength(2);
  });

  it("does not retry a 4xx", async () => {
    stub = await startStub((_req, res) => sendJson(res, 404, flinkErrors.jobNotFound("7f3a0c1e2d4b5a6978695a4b3c2d1e0f")));
    const http = new HttpClient("JobManager", { baseUrl: stub.origin, retries: 3, retryDelayMs: 1 });
    await expect(http.getJson("/jobs/7f3a0c1e2d4b5a6978695a4b3c2d1e0f")).rejects.toBeInstanceOf(FlinkError);
    expect(stub.requests).toHaveLength(1);
  });

  it("never retries writes, even on 503", async () => {
    stub = await startStub((_req, res) => sendJson(res, 503, { errors: ["not ready"] }));
    const http = new HttpClient("JobManager", { baseUrl: stub.origin, retries: 3, retryDelayMs: 1 });
    await expect(http.json("POST", "/jobs/x/savepoints", { json: {} })).rejects.toMatchObject({ upstreamStatus: 503 });
    await expect(http.request("PATCH", "/jobs/x", { query: { mode: "cancel" } })).rejects.toMatchObject({ upstreamStatus: 503 });
    expect(stub.requests).toHaveLength(2);
  });

  it("retries a GET whose connection was refused, then says so in a sentence", async () => {
    const port = await closedPort();
    let calls = 0;
    const counting: typeof fetch = (input, init) => {
      calls++;
      return fetch(input, init);
    };
    const http = new HttpClient("JobManager", { baseUrl: `http://127.0.0.1:${port}/flink/`, retries: 2, retryDelayMs: 1, fetch: counting });
    const e = await http.getJson("/overview").catch((x: unknown) => x);
    expect(e).toBeInstanceOf(FlinkUnreachableError);
    expect((e as Error).message).toBe(`The JobManager at http://127.0.0.1:${port}/flink/overview refused the connection; is it running?`);
    expect(calls).toBe(3);
  });

  it("does not retry a refused POST", async () => {
    const port = await closedPort();
    let calls = 0;
    const counting: typeof fetch = (input, init) => {
      calls++;
      return fetch(input, init);
    };
    const http = new HttpClient("JobManager", { baseUrl: `http://127.0.0.1:${port}`, retries: 2, retryDelayMs: 1, fetch: counting });
    await expect(http.json("POST", "/jars/upload")).rejects.toBeInstanceOf(FlinkUnreachableError);
    expect(calls).toBe(1);
  });
});

describe("timeouts", () => {
  it("turns a silent server into FlinkUnreachableError with a sentence", async () => {
    stub = await startStub(() => undefined); // never answers
    const http = new HttpClient("JobManager", { baseUrl: `${stub.origin}/flink/prod/`, timeoutMs: 200, retries: 0 });
    const started = Date.now();
    const e = await http.getJson("/overview").catch((x: unknown) => x);
    expect(e).toBeInstanceOf(FlinkUnreachableError);
    expect((e as Error).message).toBe(`The JobManager at ${stub.origin}/flink/prod/overview did not answer within 200 ms.`);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("says 10 s for the default timeout", async () => {
    const never: typeof fetch = () => Promise.reject(Object.assign(new DOMException("The operation timed out.", "TimeoutError")));
    const http = new HttpClient("SQL Gateway", { baseUrl: "http://gw:8083/", retries: 0, fetch: never });
    await expect(http.getJson("/info")).rejects.toThrow("The SQL Gateway at http://gw:8083/info did not answer within 10 s.");
  });

  it("retries a GET that timed out", async () => {
    let n = 0;
    stub = await startStub((_req, res) => {
      if (++n === 1) return; // the first attempt hangs
      sendJson(res, 200, { taskmanagers: 1 });
    });
    const http = new HttpClient("JobManager", { baseUrl: stub.origin, timeoutMs: 150, retries: 1, retryDelayMs: 1 });
    await expect(http.getJson("/overview")).resolves.toEqual({ taskmanagers: 1 });
    expect(stub.requests).toHaveLength(2);
  });

  it("passes a caller's abort through as is, without retrying", async () => {
    stub = await startStub(() => undefined);
    const http = new HttpClient("JobManager", { baseUrl: stub.origin, retries: 3 });
    const ac = new AbortController();
    setTimeout(() => ac.abort(new Error("page closed")), 50);
    await expect(http.getJson("/overview", { signal: ac.signal })).rejects.toThrow("page closed");
    expect(stub.requests).toHaveLength(1);
  });
});

describe("upstream errors", () => {
  const jobId = "7f3a0c1e2d4b5a6978695a4b3c2d1e0f";

  it("uses Flink's first meaningful line and keeps the whole trace in detail", async () => {
    stub = await startStub((_req, res) => sendJson(res, 404, flinkErrors.jobNotFound(jobId)));
    const http = new HttpClient("JobManager", { baseUrl: stub.origin });
    const e = (await http.getJson(`/jobs/${jobId}`).catch((x: unknown) => x)) as FlinkError;
    expect(e).toBeInstanceOf(FlinkError);
    expect(e.message).toBe(`Job ${jobId} not found`);
    expect(e.upstreamStatus).toBe(404);
    expect(e.upstream).toBe("JobManager");
    expect(e.detail).toContain("AbstractExecutionGraphHandler.java:99");
    expect(e.code).toBe("flink_error");
  });

  it("uses the cause of an 'Internal server error.'", () => {
    const body = flinkErrors.internal(
      "java.util.concurrent.CompletionException: org.apache.flink.runtime.checkpoint.CheckpointException: Checkpoint triggering task Source: kafka (1/2) of job 7f3a is not being executed at the moment.",
    );
    expect(flinkErrorMessage(body.errors)).toBe("Checkpoint triggering task Source: kafka (1/2) of job 7f3a is not being executed at the moment.");
  });

  it("keeps the class name of an exception without a message", () => {
    expect(flinkErrorMessage(flinkErrors.internal("java.lang.NullPointerException").errors)).toBe("NullPointerException");
  });

  it("reads an unknown route and a plain 'Internal server error.'", () => {
    expect(flinkErrorMessage(["Not found: /jobs/x/nonsense"])).toBe("Not found: /jobs/x/nonsense");
    expect(flinkErrorMessage(["Internal server error."])).toBe("Internal server error.");
  });

  it("maps YARN's RemoteException", () => {
    const e = upstreamError(
      "YARN ResourceManager",
      404,
      "Not Found",
      JSON.stringify({
        RemoteException: {
          exception: "NotFoundException",
          message: "java.lang.Exception: app with id: application_1700000000000_0042 not found",
          javaClassName: "org.apache.hadoop.yarn.webapp.NotFoundException",
        },
      }),
    );
    expect(e.message).toBe("app with id: application_1700000000000_0042 not found");
    expect(e.upstreamStatus).toBe(404);
  });

  it("maps a Kubernetes Status", () => {
    const e = upstreamError(
      "Kubernetes API server",
      404,
      "",
      JSON.stringify({ kind: "Status", apiVersion: "v1", status: "Failure", message: 'flinkdeployments.flink.apache.org "etl" not found', reason: "NotFound", code: 404 }),
    );
    expect(e.message).toBe('flinkdeployments.flink.apache.org "etl" not found');
  });

  it("does not show a proxy's HTML page as the message", () => {
    const e = upstreamError("JobManager", 502, "Bad Gateway", "<html><body><h1>502 Bad Gateway</h1></body></html>");
    expect(e.message).toBe("The JobManager answered HTTP 502 Bad Gateway.");
    expect(e.detail).toContain("<h1>");
  });

  it("says when a 200 answer is not JSON", async () => {
    stub = await startStub((_req, res) => {
      res.writeHead(200, { "content-type": "text/html" });
      res.end("<html>Application application_1_2 has finished</html>");
    });
    const http = new HttpClient("JobManager", { baseUrl: stub.origin });
    await expect(http.getJson("/jobs/overview")).rejects.toThrow("The JobManager answered with something that is not JSON (text/html).");
  });
});

describe("requests", () => {
  it("sends the configured headers and JSON bodies", async () => {
    stub = await startStub((_req, res) => sendJson(res, 202, { "request-id": "t1" }));
    const http = new HttpClient("JobManager", { baseUrl: stub.origin, headers: { authorization: "Bearer abc" } });
    await http.json("POST", "/jobs/x/stop", { json: { drain: true } });
    const req = stub.requests[0];
    expect(req?.headers.authorization).toBe("Bearer abc");
    expect(req?.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(req?.body.toString() ?? "")).toEqual({ drain: true });
  });

  it("keeps only the end of a long text, from a line boundary", async () => {
    const lines = Array.from({ length: 2000 }, (_, i) => `2025-01-01 00:00:00,000 INFO  line ${i}`).join("\n");
    stub = await startStub((_req, res) => {
      res.writeHead(200, { "content-type": "text/plain" });
      res.end(lines);
    });
    const http = new HttpClient("JobManager", { baseUrl: stub.origin });
    const tail = await http.getText("/jobmanager/log", { maxBytes: 200 });
    expect(tail.truncated).toBe(true);
    expect(Buffer.byteLength(tail.text)).toBeLessThanOrEqual(200);
    expect(tail.text.startsWith("2025-01-01")).toBe(true);
    expect(tail.text.endsWith("line 1999")).toBe(true);
    const whole = await http.getText("/jobmanager/log");
    expect(whole).toEqual({ text: lines, truncated: false });
  });

  it("sends writes to the write base, found once, and reads to the base", async () => {
    const reads = await startStub((_req, res) => sendJson(res, 200, {}));
    const writes = await startStub((_req, res) => sendJson(res, 202, {}));
    let resolved = 0;
    const http = new HttpClient("JobManager", {
      baseUrl: `${reads.origin}/proxy/application_1_2/`,
      writeBaseUrl: async () => {
        resolved++;
        return `${writes.origin}/`;
      },
    });
    await http.getJson("/jobs/overview");
    await http.request("PATCH", "/jobs/abc", { query: { mode: "cancel" } });
    await http.json("POST", "/jobs/abc/savepoints", { json: {} });
    await http.request("DELETE", "/jars/x.jar");
    expect(reads.requests.map((r) => `${r.method} ${r.url}`)).toEqual(["GET /proxy/application_1_2/jobs/overview"]);
    expect(writes.requests.map((r) => `${r.method} ${r.url}`)).toEqual(["PATCH /jobs/abc?mode=cancel", "POST /jobs/abc/savepoints", "DELETE /jars/x.jar"]);
    expect(resolved).toBe(1);
    await reads.close();
    await writes.close();
  });
});
