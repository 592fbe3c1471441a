/**
 * SqlGatewayClient (lib/flink/sql-gateway.ts) against the simulator's SQL Gateway at
 * `${url}/sql-gateway` (a path prefix the client must keep, also when it follows `nextResultUri`,
 * which is `/v4/…`), with REST API versions 1, 2 and 4.
 */
import { describe, expect, it } from "vitest";
import { FlinkError } from "@/lib/flink/errors";
import { JobManagerClient } from "@/lib/flink/jobmanager";
import { insertJobId, parseSqlErrorPosition, SqlGatewayClient, type SqlGatewayVersion } from "@/lib/flink/sql-gateway";
import { clearCalls, describeWorld, failure, simCalls, until, useFlinkSim } from "./sim";

const sim = useFlinkSim();
const FAST = { pollMs: 20, timeoutMs: 15_000 };

const gateway = (version?: SqlGatewayVersion) => new SqlGatewayClient({ baseUrl: `${sim().url}/sql-gateway`, retryDelayMs: 10, version });

/** The JobManager the gateway submits jobs to (GET /_sim `sqlGateway.jobmanager`). */
async function gatewayJobManager(): Promise<JobManagerClient> {
  const w = await describeWorld(sim());
  const jm = w.jobmanagers.find((j) => j.name === w.sqlGateway.jobmanager)!;
  return new JobManagerClient({ baseUrl: jm.url, retryDelayMs: 10 });
}

/** Runs a statement and reads all its results. */
async function run(gw: SqlGatewayClient, session: string, statement: string, opts: Parameters<SqlGatewayClient["collect"]>[2] = {}) {
  const op = await gw.executeStatement(session, statement);
  return gw.collect(session, op, { ...FAST, ...opts });
}

/** A bounded datagen table: ids 1…rows in sequence, 8-character names, random prices. */
const datagen = (name: string, rows: number, rowsPerSecond = 5000) =>
  `CREATE TABLE ${name} (id BIGINT, name STRING, price DOUBLE) WITH ('connector' = 'datagen', 'number-of-rows' = '${rows}', ` +
  `'rows-per-second' = '${rowsPerSecond}', 'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '1000000', 'fields.name.length' = '8')`;

describe("versions and sessions", () => {
  it("negotiates the highest common version, or uses the one given", async () => {
    expect(await gateway().apiVersion()).toBe(4);
    expect(await gateway(2).apiVersion()).toBe(2);
    expect(await gateway().info()).toMatchObject({ productName: "Apache Flink", version: expect.stringMatching(/^2\./) });
  });

  it("opens, reads, configures, keeps alive and closes a session", async () => {
    const gw = gateway();
    const session = await gw.openSession({ name: "suite", properties: { "parallelism.default": "2" } });
    expect(session).toMatch(/^[0-9a-f-]{36}$/);
    expect(await gw.getSession(session)).toMatchObject({ "parallelism.default": "2" });

    await gw.configureSession(session, "CREATE TABLE configured (id INT) WITH ('connector' = 'blackhole')");
    const tables = await run(gw, session, "SHOW TABLES");
    expect(tables.rows.map((r) => r.fields)).toEqual([["configured"]]);

    await gw.heartbeat(session);
    await gw.closeSession(session);
    const gone = await failure(gw.getSession(session));
    expect(gone).toBeInstanceOf(FlinkError);
    expect(gone).toMatchObject({ upstream: "SQL Gateway", upstreamStatus: 500, message: `Session '${session}' does not exist.` });
  });

  it("refuses what a version does not have before asking the gateway", async () => {
    const v1 = gateway(1);
    const session = await v1.openSession();
    await clearCalls(sim());
    await expect(v1.configureSession(session, "USE CATALOG default_catalog")).rejects.toThrow("needs SQL Gateway REST API v2 or newer; this gateway speaks v1");
    await expect(v1.completeStatement(session, "SELECT", 6)).rejects.toThrow("v2 or newer");
    await expect(gateway(2).deployScript(session, { script: "SELECT 1;" })).rejects.toThrow("needs SQL Gateway REST API v4");
    expect(await simCalls(sim(), "sql-gateway")).toEqual([]);
  });

  it("reports a statement the session cannot be configured with", async () => {
    const gw = gateway();
    const session = await gw.openSession();
    const e = await failure(gw.configureSession(session, "SELECT 1"));
    expect(e).toMatchObject({ upstreamStatus: 500, message: expect.stringContaining("Unsupported statement for configuring session") });
  });
});

describe("statements", () => {
  it("SET changes the session; DDL answers OK", async () => {
    const gw = gateway();
    const session = await gw.openSession();
    const set = await run(gw, session, "SET 'table.exec.state.ttl' = '1 h'");
    expect(set).toMatchObject({ resultKind: "SUCCESS", isQueryResult: false, jobId: null, truncated: false });
    expect(set.columns.map((c) => c.name)).toEqual(["result"]);
    expect(set.rows).toEqual([{ kind: "INSERT", fields: ["OK"] }]);
    expect(await gw.getSession(session)).toMatchObject({ "table.exec.state.ttl": "1 h" });

    const ddl = await run(gw, session, datagen("orders", 10));
    expect(ddl.rows.map((r) => r.fields)).toEqual([["OK"]]);
    expect((await run(gw, session, "SHOW TABLES")).rows.map((r) => r.fields)).toEqual([["orders"]]);
  });

  it("EXPLAIN gives Flink's plan as text", async () => {
    const gw = gateway();
    const session = await gw.openSession();
    await run(gw, session, datagen("clicks", 10));
    await run(gw, session, "CREATE TABLE sink (id BIGINT) WITH ('connector' = 'blackhole')");
    const plan = await run(gw, session, "EXPLAIN PLAN FOR INSERT INTO sink SELECT id FROM clicks");
    const text = plan.rows[0]?.fields[0];
    expect(typeof text).toBe("string");
    expect(text).toMatch(/^== Abstract Syntax Tree ==/);
    expect(text).toContain("== Optimized Execution Plan ==");
  });

  it("INSERT submits a job whose id the caller gets, visible on the gateway's JobManager", async () => {
    const gw = gateway();
    const session = await gw.openSession();
    await run(gw, session, datagen("src", 1_000_000));
    await run(gw, session, "CREATE TABLE sink (id BIGINT, name STRING) WITH ('connector' = 'blackhole')");
    const op = await gw.executeStatement(session, "INSERT INTO sink SELECT id, name FROM src");
    const pages = [];
    for await (const page of gw.results(session, op, FAST)) pages.push(page);
    expect(pages).toHaveLength(1);
    const jobId = insertJobId(pages[0]!);
    expect(jobId).toMatch(/^[0-9a-f]{32}$/);
    // The fallback for older gateways reads the same id from the single "job id" row.
    expect(insertJobId({ results: pages[0]!.results })).toBe(jobId);
    expect(await gw.operationStatus(session, op)).toBe("FINISHED");

    const jm = await gatewayJobManager();
    const job = await jm.job(jobId!);
    expect(job.name).toBe("insert-into_default_catalog.default_database.sink");
    await jm.cancel(jobId!);
  });

  it("a statement set submits one job for its INSERTs; executionConfig names it", async () => {
    const gw = gateway();
    const session = await gw.openSession();
    await run(gw, session, datagen("src", 100));
    await run(gw, session, "CREATE TABLE s1 (id BIGINT) WITH ('connector' = 'blackhole')");
    await run(gw, session, "CREATE TABLE s2 (id BIGINT) WITH ('connector' = 'blackhole')");
    const op = await gw.executeStatement(session, "EXECUTE STATEMENT SET BEGIN INSERT INTO s1 SELECT id FROM src; INSERT INTO s2 SELECT id FROM src; END", {
      executionConfig: { "pipeline.name": "fan-out" },
    });
    const set = await gw.collect(session, op, FAST);
    expect(set).toMatchObject({ resultKind: "SUCCESS_WITH_CONTENT", isQueryResult: false, jobId: expect.stringMatching(/^[0-9a-f]{32}$/) });
    expect(set.columns.map((c) => c.name)).toEqual(["job id"]);
    expect((await (await gatewayJobManager()).job(set.jobId!)).name).toBe("fan-out");
  });

  it("bad SQL fails on reading its results, with Calcite's message and a line/column", async () => {
    const gw = gateway();
    const session = await gw.openSession();
    await run(gw, session, datagen("t", 5));
    const op = await gw.executeStatement(session, "SELECT *\nFROMM t");
    const e = await failure(gw.collect(session, op, FAST));
    expect(e).toBeInstanceOf(FlinkError);
    expect(e).toMatchObject({ upstreamStatus: 500, message: 'SQL parse failed. Encountered "FROMM" at line 2, column 1.' });
    expect(parseSqlErrorPosition(e.message)).toEqual({ line: 2, column: 1 });
    expect((e as FlinkError).detail).toContain("SqlParserException");
    expect(await gw.operationStatus(session, op)).toBe("ERROR");
  });

  it("an unknown table fails validation with Flink's message", async () => {
    const gw = gateway();
    const session = await gw.openSession();
    const e = await failure(run(gw, session, "SELECT * FROM nowhere"));
    expect(e).toBeInstanceOf(FlinkError);
    expect(e.message).toContain("Object 'nowhere' not found within 'default_catalog.default_database'");
  });

  it("completes a statement (a GET with a JSON body)", async () => {
    const gw = gateway();
    const session = await gw.openSession();
    await run(gw, session, datagen("orders", 1));
    expect(await gw.completeStatement(session, "SELECT * FR", 11)).toEqual(["FROM"]);
    expect(await gw.completeStatement(session, "SELECT * FROM ord", 17)).toContain("default_catalog.default_database.orders");
    const e = await failure(gw.completeStatement("00000000-0000-0000-0000-000000000000", "SELECT", 6));
    expect(e).toMatchObject({ upstreamStatus: 500, message: expect.stringContaining("does not exist") });
  });
});

describe.each([1, 2, 4] as const)("queries with REST API v%i", (version) => {
  it("a SELECT on a bounded datagen table reads to EOS: right count, columns and typed fields", async () => {
    const gw = gateway(version);
    const session = await gw.openSession();
    await run(gw, session, datagen("numbers", 40, 400));
    await clearCalls(sim());
    const result = await run(gw, session, "SELECT id, name, price FROM numbers");
    expect(result).toMatchObject({ isQueryResult: true, resultKind: "SUCCESS_WITH_CONTENT", truncated: false, jobId: expect.stringMatching(/^[0-9a-f]{32}$/) });
    expect(result.columns.map((c) => [c.name, c.logicalType.type])).toEqual([["id", "BIGINT"], ["name", "VARCHAR"], ["price", "DOUBLE"]]);
    expect(result.rows).toHaveLength(40);
    expect(result.rows.map((r) => r.fields[0])).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(result.rows.every((r) => r.kind === "INSERT" && typeof r.fields[1] === "string" && typeof r.fields[2] === "number")).toBe(true);

    // Every page went to /sql-gateway/vN/… (the prefix kept); rowFormat only from v2 on.
    const fetches = (await simCalls(sim(), "sql-gateway")).filter((c) => c.path.includes("/result/"));
    expect(fetches.length).toBeGreaterThan(1);
    expect(fetches.every((c) => c.path.startsWith(`/v${version}/sessions/${session}/`) && c.status === 200)).toBe(true);
    expect(fetches.every((c) => (version === 1 ? c.query === "" : c.query === "?rowFormat=JSON"))).toBe(true);
  });

  it("a SELECT in PLAIN_TEXT gives display strings (v1 has only JSON)", async () => {
    const gw = gateway(version);
    const session = await gw.openSession();
    await run(gw, session, datagen("numbers", 3));
    const result = await run(gw, session, "SELECT id FROM numbers", { rowFormat: "PLAIN_TEXT" });
    expect(result.rows.map((r) => r.fields)).toEqual(version === 1 ? [[1], [2], [3]] : [["1"], ["2"], ["3"]]);
  });
});

describe("unbounded queries", () => {
  it("stops at maxRows; closing the operation cancels its job", async () => {
    const gw = gateway();
    const session = await gw.openSession();
    await run(gw, session, "CREATE TABLE endless (id INT) WITH ('connector' = 'datagen', 'rows-per-second' = '200')");
    const op = await gw.executeStatement(session, "SELECT * FROM endless");
    const result = await gw.collect(session, op, { ...FAST, maxRows: 5 });
    expect(result.rows).toHaveLength(5);
    expect(result.truncated).toBe(true);
    expect(result.jobId).toMatch(/^[0-9a-f]{32}$/);
    expect(await gw.closeOperation(session, op)).toBe("CLOSED");
    const jm = await gatewayJobManager();
    await until(() => jm.jobStatus(result.jobId!), (s) => s === "CANCELED", { what: "the query's job cancelled" });
  });

  it("gives up after timeoutMs with a FlinkTimeoutError, and cancels a running operation", async () => {
    const gw = gateway();
    const session = await gw.openSession();
    await run(gw, session, "CREATE TABLE quiet (id INT) WITH ('connector' = 'kafka')");
    const op = await gw.executeStatement(session, "SELECT * FROM quiet");
    const e = await failure(gw.collect(session, op, { pollMs: 20, timeoutMs: 300 }));
    expect(e.name).toBe("FlinkTimeoutError");
    expect(e.message).toBe("The results of the statement did not finish within 300 ms.");
    const status = await gw.operationStatus(session, op);
    expect(["RUNNING", "FINISHED"]).toContain(status);
  });
});

describe("one page at a time", () => {
  it("fetchResults reads a page and gives the next URI with the version and row format", async () => {
    const gw = gateway(2);
    const session = await gw.openSession();
    await run(gw, session, datagen("few", 3));
    const op = await gw.executeStatement(session, "SELECT id FROM few");
    const first = await until(() => gw.fetchResults(session, op, 0, { rowFormat: "PLAIN_TEXT" }), (p) => p.resultType !== "NOT_READY", { what: "the first page" });
    expect(first).toMatchObject({ resultType: "PAYLOAD", isQueryResult: true, results: { rowFormat: "PLAIN_TEXT" } });
    expect(first.nextResultUri).toBe(`/v2/sessions/${session}/operations/${op}/result/1?rowFormat=PLAIN_TEXT`);
  });
});

describe("cancelling a running statement (speed 1: an INSERT takes 150 ms to submit its job)", () => {
  const slowSim = useFlinkSim(1);

  it("cancels the operation: CANCELED, no job, and its results are refused", async () => {
    const gw = new SqlGatewayClient({ baseUrl: `${slowSim().url}/sql-gateway`, retryDelayMs: 10 });
    const session = await gw.openSession();
    await run(gw, session, datagen("src", 100));
    await run(gw, session, "CREATE TABLE sink (id BIGINT) WITH ('connector' = 'blackhole')");
    const op = await gw.executeStatement(session, "INSERT INTO sink SELECT id FROM src");
    expect(await gw.cancelOperation(session, op)).toBe("CANCELED");
    expect(await gw.operationStatus(session, op)).toBe("CANCELED");
    const e = await failure(gw.fetchResults(session, op, 0));
    expect(e).toMatchObject({ upstreamStatus: 500, message: `Can not fetch results from the CANCELED operation ${op}.` });
    // A finished operation cannot be cancelled any more.
    const done = await gw.executeStatement(session, "SHOW TABLES");
    await until(() => gw.operationStatus(session, done), (s) => s === "FINISHED", { what: "SHOW TABLES finishing" });
    expect(await failure(gw.cancelOperation(session, done))).toMatchObject({ upstreamStatus: 500, message: expect.stringContaining("from FINISHED to CANCELED") });
  });
});

describe("scripts (v4)", () => {
  it("deploys a script in application mode: a cluster id, and a new JobManager with the job", async () => {
    const gw = gateway();
    const session = await gw.openSession();
    const before = (await describeWorld(sim())).jobmanagers.length;
    const clusterId = await gw.deployScript(session, {
      script: `${datagen("src", 1_000_000)};\nCREATE TABLE out (id BIGINT) WITH ('connector' = 'blackhole');\nINSERT INTO out SELECT id FROM src;`,
      executionConfig: { "execution.target": "kubernetes-application", "kubernetes.cluster-id": "sql-script" },
    });
    expect(clusterId).toBe("sql-script");
    const world = await describeWorld(sim());
    expect(world.jobmanagers).toHaveLength(before + 1);
    expect(world.jobmanagers.find((j) => j.name === "sql-script.default")).toMatchObject({ kind: "application" });
    const ingress = world.kubernetes.ingressUrlTemplate.replace("{{namespace}}", "default").replace("{{name}}", clusterId);
    const jm = new JobManagerClient({ baseUrl: ingress, retryDelayMs: 10 });
    const jobs = await until(() => jm.jobsOverview(), (j) => j.length === 1, { what: "the script's job" });
    expect(jobs[0]?.name).toBe("insert-into_default_catalog.default_database.out");
  });

  it("deploys to YARN with a YARN application id as the cluster id", async () => {
    const gw = gateway();
    const session = await gw.openSession();
    const clusterId = await gw.deployScript(session, { script: "INSERT INTO t SELECT 1;", executionConfig: { "execution.target": "yarn-application" } });
    expect(clusterId).toMatch(/^application_\d+_\d{4}$/);
    await until(async () => (await describeWorld(sim())).jobmanagers.some((j) => j.name === clusterId), (found) => found, { what: `the JobManager of ${clusterId}` });
  });
});
