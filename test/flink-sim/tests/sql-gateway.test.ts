/** The SQL Gateway: sessions, SET, DDL per session and catalog, EXPLAIN, INSERT jobs, datagen queries, errors. */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FlinkSim } from "../index";
import { splitStatements } from "../sql-gateway/lexer";
import { checkSyntax } from "../sql-gateway/parse-check";
import { call, fetchAll, get, post, simulator, until } from "./support";

let sim: FlinkSim;
let gw: string;

beforeAll(async () => {
  sim = await simulator();
  gw = `${sim.url}/sql-gateway`;
});
afterAll(() => sim.close());

async function openSession(properties: Record<string, string> = {}): Promise<string> {
  return (await post(`${gw}/v4/sessions`, { properties })).body.sessionHandle;
}

/** Runs a statement and returns its pages (NOT_READY first, then PAYLOAD pages, EOS last). */
async function execute(sh: string, statement: string, rowFormat = "JSON", maxPages?: number) {
  const oh = (await post(`${gw}/v4/sessions/${sh}/statements`, { statement })).body.operationHandle;
  const pages = await fetchAll(gw, `/v4/sessions/${sh}/operations/${oh}/result/0?rowFormat=${rowFormat}`, maxPages);
  return { oh, pages, rows: pages.flatMap((p) => p.results?.data ?? []).map((r: { fields: unknown[] }) => r.fields), payload: pages.find((p) => p.resultType === "PAYLOAD") };
}

/** Runs a statement that must fail and returns Flink's error text. */
async function failure(sh: string, statement: string): Promise<string> {
  const oh = (await post(`${gw}/v4/sessions/${sh}/statements`, { statement })).body.operationHandle;
  await until(() => get(`${gw}/v4/sessions/${sh}/operations/${oh}/status`), (r) => r.body.status === "ERROR");
  const r = await get(`${gw}/v4/sessions/${sh}/operations/${oh}/result/0`);
  expect(r.status).toBe(500);
  return (r.body.errors as string[]).join("\n");
}

/** Calcite's "From line L, column C to line L, column C2" for the first `needle` in `sql` (1-based, lines split on \n). */
function span(sql: string, needle: string): string {
  const at = sql.indexOf(needle);
  if (at < 0) throw new Error(`${needle} is not in the statement`);
  const lines = sql.slice(0, at).split("\n");
  const line = lines.length;
  const column = lines[lines.length - 1]!.length + 1;
  return `From line ${line}, column ${column} to line ${line}, column ${column + needle.length - 1}`;
}

const gen = (name: string, rows: number, rps = 10000) =>
  `CREATE TABLE ${name} (id BIGINT, name STRING, price DOUBLE) WITH ('connector' = 'datagen', 'number-of-rows' = '${rows}', 'rows-per-second' = '${rps}', 'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '100000', 'fields.name.length' = '8')`;

describe("configuration", () => {
  it("SET stores session properties, plain SET lists them, RESET removes them", async () => {
    const sh = await openSession({ "parallelism.default": "2" });
    await execute(sh, "SET 'table.exec.state.ttl' = '1 h'");
    expect((await get(`${gw}/v4/sessions/${sh}`)).body.properties).toMatchObject({ "table.exec.state.ttl": "1 h", "parallelism.default": "2" });
    const listed = await execute(sh, "SET");
    expect(listed.payload.results.columns.map((c: { name: string }) => c.name)).toEqual(["key", "value"]);
    expect(listed.rows).toContainEqual(["table.exec.state.ttl", "1 h"]);
    await execute(sh, "RESET 'table.exec.state.ttl'");
    expect((await get(`${gw}/v4/sessions/${sh}`)).body.properties).not.toHaveProperty("table.exec.state.ttl");
    await execute(sh, "SET 'a.b' = 'c'");
    await execute(sh, "RESET");
    expect((await get(`${gw}/v4/sessions/${sh}`)).body.properties).toMatchObject({ "parallelism.default": "2" });
    expect((await get(`${gw}/v4/sessions/${sh}`)).body.properties).not.toHaveProperty("a.b");
  });

  it("DDL lives in its session, catalog and database", async () => {
    const a = await openSession();
    const b = await openSession();
    await execute(a, gen("orders", 10));
    expect((await execute(a, "SHOW TABLES")).rows).toEqual([["orders"]]);
    expect((await execute(b, "SHOW TABLES")).rows).toEqual([]);
    expect(await failure(a, gen("orders", 10))).toContain("TableAlreadyExistException: Table (or view) default_database.orders already exists in Catalog default_catalog.");
    await execute(a, "CREATE TABLE IF NOT EXISTS orders (x INT) WITH ('connector' = 'blackhole')");

    await execute(a, "CREATE CATALOG lake WITH ('type' = 'generic_in_memory')");
    await execute(a, "USE CATALOG lake");
    expect((await execute(a, "SHOW CURRENT CATALOG")).rows).toEqual([["lake"]]);
    expect((await execute(a, "SHOW DATABASES")).rows).toEqual([["default"]]);
    await execute(a, "CREATE DATABASE raw");
    await execute(a, "USE raw");
    await execute(a, "CREATE TABLE events (id INT) WITH ('connector' = 'blackhole')");
    await execute(a, "CREATE VIEW recent AS SELECT id FROM events");
    await execute(a, "CREATE TEMPORARY FUNCTION parse_ts AS 'com.example.ParseTs' LANGUAGE JAVA");
    expect((await execute(a, "SHOW TABLES")).rows).toEqual([["events"], ["recent"]]);
    expect((await execute(a, "SHOW VIEWS")).rows).toEqual([["recent"]]);
    expect((await execute(a, "SHOW USER FUNCTIONS")).rows).toEqual([["parse_ts"]]);
    expect((await execute(a, "SHOW FUNCTIONS")).rows).toContainEqual(["parse_ts"]);
    expect((await execute(a, "SHOW CATALOGS")).rows).toEqual([["default_catalog"], ["lake"]]);
    expect((await execute(a, "SHOW TABLES FROM default_catalog.default_database")).rows).toEqual([["orders"]]);

    await execute(a, "DROP VIEW recent");
    await execute(a, "DROP TABLE IF EXISTS nothing_here");
    expect(await failure(a, "DROP TABLE nothing_here")).toContain("Table with identifier 'lake.raw.nothing_here' does not exist.");
    expect(await failure(a, "USE CATALOG nowhere")).toContain("A catalog with name [nowhere] does not exist.");
    await execute(a, "DROP FUNCTION parse_ts");
    expect((await execute(a, "SHOW USER FUNCTIONS")).rows).toEqual([]);
  });

  it("DESCRIBE shows columns, keys and watermarks; EXPLAIN shows Flink's plan sections", async () => {
    const sh = await openSession();
    await execute(sh, "CREATE TABLE clicks (user_id BIGINT NOT NULL, url VARCHAR(200), ts TIMESTAMP(3), PRIMARY KEY (user_id) NOT ENFORCED, WATERMARK FOR ts AS ts - INTERVAL '5' SECOND) WITH ('connector' = 'kafka')");
    const d = await execute(sh, "DESCRIBE clicks");
    expect(d.payload.results.columns.map((c: { name: string }) => c.name)).toEqual(["name", "type", "null", "key", "extras", "watermark"]);
    expect(d.rows).toEqual([
      ["user_id", "BIGINT", false, "PRI(user_id)", null, null],
      ["url", "VARCHAR(200)", true, null, null, null],
      ["ts", "TIMESTAMP(3)", true, null, null, "ts - INTERVAL '5' SECOND"],
    ]);
    expect(await failure(sh, "DESCRIBE nope")).toContain("Tables or views with the identifier 'default_catalog.default_database.nope' doesn't exist.");
    await execute(sh, "CREATE TABLE sink (user_id BIGINT, url STRING) WITH ('connector' = 'print')");
    const plan = String((await execute(sh, "EXPLAIN PLAN FOR INSERT INTO sink SELECT user_id, url FROM clicks")).rows[0]![0]);
    expect(plan).toMatch(/^== Abstract Syntax Tree ==\nLogicalSink\(table=\[default_catalog\.default_database\.sink\]/);
    expect(plan).toContain("== Optimized Physical Plan ==");
    expect(plan).toContain("== Optimized Execution Plan ==");
    expect(plan).toContain("TableSourceScan(table=[[default_catalog, default_database, clicks]]");
  });

  it("closes idle sessions after sql-gateway.session.idle-timeout; heartbeats keep them", async () => {
    await post(`${sim.url}/_sim/sql-gateway/config`, { "sql-gateway.session.idle-timeout": "2 s", "sql-gateway.session.check-interval": "200 ms" });
    try {
      const idle = await openSession();
      const busy = await openSession();
      const stop = setInterval(() => void post(`${gw}/v4/sessions/${busy}/heartbeat`, {}), 50);
      // Asking the gateway about a session counts as using it, so watch the world instead.
      await until(async () => sim.world.sqlGateway.sessions.has(idle), (alive) => !alive);
      clearInterval(stop);
      const gone = await get(`${gw}/v4/sessions/${idle}`);
      expect(gone.status).toBe(500);
      expect(gone.body.errors[1]).toContain(`Session '${idle}' does not exist.`);
      expect((await get(`${gw}/v4/sessions/${busy}`)).status).toBe(200);
    } finally {
      await post(`${sim.url}/_sim/sql-gateway/config`, { "sql-gateway.session.idle-timeout": "10 min", "sql-gateway.session.check-interval": "1 min" });
    }
  });
});

describe("jobs and queries", () => {
  it("INSERT submits a job to session-1 and returns its id in jobID and the row", async () => {
    const sh = await openSession();
    await execute(sh, gen("src", 1_000_000));
    await execute(sh, "CREATE TABLE sink (id BIGINT, name STRING) WITH ('connector' = 'blackhole')");
    const r = await execute(sh, "INSERT INTO sink SELECT id, name FROM src");
    expect(r.pages[0].resultType).toBe("NOT_READY");
    expect(r.payload).toMatchObject({ isQueryResult: false, resultKind: "SUCCESS_WITH_CONTENT" });
    expect(r.payload.results.columns).toEqual([{ name: "job id", logicalType: { type: "VARCHAR", nullable: true, length: 2147483647 }, comment: null }]);
    expect(r.payload.results.data).toEqual([{ kind: "INSERT", fields: [r.payload.jobID] }]);
    const jobs = (await get(`${sim.url}/jm/session-1/jobs/overview`)).body.jobs;
    expect(jobs.find((j: { jid: string }) => j.jid === r.payload.jobID)).toMatchObject({ name: "insert-into_default_catalog.default_database.sink" });
  });

  it("statement sets submit one job for all their INSERTs", async () => {
    const sh = await openSession();
    await execute(sh, gen("src", 100));
    await execute(sh, "CREATE TABLE s1 (id BIGINT) WITH ('connector' = 'blackhole')");
    await execute(sh, "CREATE TABLE s2 (id BIGINT) WITH ('connector' = 'blackhole')");
    const block = await execute(sh, "EXECUTE STATEMENT SET BEGIN INSERT INTO s1 SELECT id FROM src; INSERT INTO s2 SELECT id FROM src; END");
    const job = (await get(`${sim.url}/jm/session-1/jobs/${block.payload.jobID}`)).body;
    expect(job.name).toBe("insert-into_default_catalog.default_database.s1,default_catalog.default_database.s2");

    await execute(sh, "BEGIN STATEMENT SET");
    expect((await execute(sh, "INSERT INTO s1 SELECT id FROM src")).rows).toEqual([["OK"]]);
    expect(await failure(sh, "SELECT 1")).toContain("Only 'INSERT/CREATE TABLE AS' statement is allowed in Statement Set");
    const end = await execute(sh, "END");
    expect(end.payload.jobID).toMatch(/^[0-9a-f]{32}$/);
    expect(await failure(sh, "END")).toContain("No Statement Set to submit.");
  });

  it("SELECT on a bounded datagen table pages its rows to EOS", async () => {
    const sh = await openSession();
    await execute(sh, gen("numbers", 25, 200));
    const r = await execute(sh, "SELECT id, name FROM numbers");
    expect(r.payload).toMatchObject({ isQueryResult: true, resultKind: "SUCCESS_WITH_CONTENT" });
    expect(r.payload.jobID).toMatch(/^[0-9a-f]{32}$/);
    expect(r.pages.filter((p) => p.resultType === "PAYLOAD").length).toBeGreaterThan(1);
    expect(r.pages.at(-1).resultType).toBe("EOS");
    expect(r.pages.at(-1)).not.toHaveProperty("nextResultUri");
    expect(r.rows.map((x) => x[0])).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(r.rows.every((x) => typeof x[1] === "string" && (x[1] as string).length === 8)).toBe(true);
    await until(() => get(`${sim.url}/jm/session-1/jobs/${r.payload.jobID}/status`), (s) => s.body.status === "FINISHED");

    const text = await execute(sh, "SELECT id FROM numbers LIMIT 3", "PLAIN_TEXT");
    expect(text.rows).toEqual([["1"], ["2"], ["3"]]);
  });

  it("SELECT on an unbounded table keeps returning pages; closing it cancels its job", async () => {
    const sh = await openSession();
    await execute(sh, "CREATE TABLE endless (id INT) WITH ('connector' = 'datagen', 'rows-per-second' = '100')");
    const oh = (await post(`${gw}/v4/sessions/${sh}/statements`, { statement: "SELECT * FROM endless" })).body.operationHandle;
    const pages = await fetchAll(gw, `/v4/sessions/${sh}/operations/${oh}/result/0`, 30);
    expect(pages.at(-1).resultType).toBe("PAYLOAD");
    expect(pages.at(-1).nextResultUri).toBeDefined();
    const jobId = pages.at(-1).jobID;
    expect((await call("DELETE", `${gw}/v4/sessions/${sh}/operations/${oh}/close`)).body).toEqual({ status: "CLOSED" });
    await until(() => get(`${sim.url}/jm/session-1/jobs/${jobId}/status`), (s) => s.body.status === "CANCELED");
  });

  it("STOP JOB stops a job with a savepoint and returns its path", async () => {
    const sh = await openSession();
    await execute(sh, gen("src", 1_000_000));
    await execute(sh, "CREATE TABLE sink (id BIGINT) WITH ('connector' = 'blackhole')");
    const jobId = (await execute(sh, "INSERT INTO sink SELECT id FROM src")).payload.jobID;
    await until(() => get(`${sim.url}/jm/session-1/jobs/${jobId}`), (r) => r.body.vertices.every((v: { status: string }) => v.status === "RUNNING"));
    const stopped = await execute(sh, `STOP JOB '${jobId}' WITH SAVEPOINT`);
    expect(String(stopped.rows[0]![0])).toMatch(/savepoint-[0-9a-f]{6}-[0-9a-f]{12}$/);
    expect((await get(`${sim.url}/jm/session-1/jobs/${jobId}/status`)).body.status).toBe("FINISHED");
  });

  it("v4 scripts deploy an application cluster with a job", async () => {
    const sh = await openSession();
    const before = sim.world.jobmanagers.size;
    const k8s = await post(`${gw}/v4/sessions/${sh}/scripts`, {
      script: `${gen("src", 1_000_000)};\nCREATE TABLE out (id BIGINT) WITH ('connector' = 'blackhole');\nINSERT INTO out SELECT id FROM src;`,
      executionConfig: { "execution.target": "kubernetes-application", "kubernetes.cluster-id": "sql-app" },
    });
    expect(k8s.body).toEqual({ clusterID: "sql-app" });
    const jm = sim.world.jobmanagers.get("sql-app.default")!;
    expect(jm.kind).toBe("application");
    expect([...jm.jobs.values()][0]!.name).toBe("insert-into_default_catalog.default_database.out");
    const yarn = await post(`${gw}/v4/sessions/${sh}/scripts`, { script: "INSERT INTO t SELECT 1;", executionConfig: { "execution.target": "yarn-application" } });
    expect(yarn.body.clusterID).toMatch(/^application_\d+_\d{4}$/);
    await until(async () => sim.world.jobmanagers.size, (n) => n === before + 2);
  });
});

describe("window table-valued functions", () => {
  const ORDERS = "CREATE TABLE orders (id BIGINT, amount DOUBLE, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '5' SECOND) WITH ('connector' = 'datagen', 'number-of-rows' = '5')";
  const TUMBLE = "TABLE(TUMBLE(TABLE orders, DESCRIPTOR(ts), INTERVAL '1' MINUTES))";
  const WINDOW_BOUND = { type: "TIMESTAMP_WITHOUT_TIME_ZONE", nullable: false, precision: 3 };

  it("return the input's columns plus window_start, window_end and window_time", async () => {
    const sh = await openSession();
    await execute(sh, ORDERS);
    const all = await execute(sh, `SELECT * FROM ${TUMBLE}`);
    expect(all.payload.results.columns.map((c: { name: string; logicalType: unknown }) => [c.name, c.logicalType])).toEqual([
      ["id", { type: "BIGINT", nullable: true }],
      ["amount", { type: "DOUBLE", nullable: true }],
      ["ts", { type: "TIMESTAMP_WITHOUT_TIME_ZONE", nullable: true, precision: 3 }],
      ["window_start", WINDOW_BOUND],
      ["window_end", WINDOW_BOUND],
      // window_time keeps the time column's type (TIMESTAMP(3) here, TIMESTAMP_LTZ(3) for PROCTIME()).
      ["window_time", { type: "TIMESTAMP_WITHOUT_TIME_ZONE", nullable: false, precision: 3 }],
    ]);
    expect(all.rows).toHaveLength(5);
    const [, , ts, start, end, time] = all.rows[0] as string[];
    const minute = (iso: string) => Date.parse(`${iso}Z`);
    expect(minute(start!) % 60_000).toBe(0);
    expect(minute(end!) - minute(start!)).toBe(60_000);
    expect(minute(ts!)).toBeGreaterThanOrEqual(minute(start!));
    expect(minute(ts!)).toBeLessThan(minute(end!));
    expect(minute(time!)).toBe(minute(end!) - 1);

    const grouped = await execute(sh, `SELECT window_start, window_end, SUM(amount) FROM ${TUMBLE} GROUP BY window_start, window_end`);
    expect(grouped.payload.results.columns.map((c: { name: string }) => c.name)).toEqual(["window_start", "window_end", "EXPR$2"]);
  });

  it("are accepted in the named-argument form, as HOP, CUMULATE and SESSION, and under subqueries and CTEs", async () => {
    const sh = await openSession();
    await execute(sh, ORDERS);
    const names = async (sql: string) => (await execute(sh, sql)).payload.results.columns.map((c: { name: string }) => c.name);
    expect(await names("SELECT window_start, window_end, COUNT(*) AS n FROM TABLE(TUMBLE(DATA => TABLE orders, TIMECOL => DESCRIPTOR(ts), SIZE => INTERVAL '10' MINUTES)) GROUP BY window_start, window_end")).toEqual(["window_start", "window_end", "n"]);
    expect(await names("SELECT window_time, id FROM TABLE(HOP(TABLE orders, DESCRIPTOR(ts), INTERVAL '5' MINUTES, INTERVAL '10' MINUTES))")).toEqual(["window_time", "id"]);
    expect(await names("SELECT window_start, window_end FROM TABLE(CUMULATE(TABLE orders, DESCRIPTOR(ts), INTERVAL '2' MINUTES, INTERVAL '10' MINUTES))")).toEqual(["window_start", "window_end"]);
    expect(await names("SELECT id, window_start FROM TABLE(SESSION(TABLE orders PARTITION BY id, DESCRIPTOR(ts), INTERVAL '5' MINUTES)) w")).toEqual(["id", "window_start"]);
    // Window Top-N: the outer query reads the windowed subquery's columns.
    expect(await names(`SELECT window_start, id, price FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY window_start, window_end ORDER BY price DESC) AS rownum FROM (SELECT window_start, window_end, id, SUM(amount) AS price FROM ${TUMBLE} GROUP BY window_start, window_end, id)) WHERE rownum <= 3`)).toEqual(["window_start", "id", "price"]);
    expect(await names(`WITH w AS (SELECT * FROM ${TUMBLE}) SELECT window_end, amount FROM w`)).toEqual(["window_end", "amount"]);
    await execute(sh, `CREATE VIEW windowed AS SELECT * FROM ${TUMBLE}`);
    expect(await names("SELECT window_start, id FROM windowed")).toEqual(["window_start", "id"]);
  });

  it("work in INSERT … SELECT and EXPLAIN; unknown tables, descriptor columns and window columns still fail", async () => {
    const sh = await openSession();
    await execute(sh, ORDERS);
    await execute(sh, "CREATE TABLE totals (window_start TIMESTAMP(3), window_end TIMESTAMP(3), total DOUBLE) WITH ('connector' = 'blackhole')");
    const insert = `INSERT INTO totals SELECT window_start, window_end, SUM(amount) FROM ${TUMBLE} GROUP BY window_start, window_end`;
    expect((await execute(sh, insert)).payload.jobID).toMatch(/^[0-9a-f]{32}$/);
    const plan = String((await execute(sh, `EXPLAIN ${insert}`)).rows[0]![0]);
    expect(plan).toContain("LogicalSink(table=[default_catalog.default_database.totals], fields=[window_start, window_end, EXPR$2])");
    expect(plan).toContain("TableSourceScan(table=[[default_catalog, default_database, orders]]");

    const unknownTable = `EXPLAIN SELECT window_start FROM TABLE(TUMBLE(TABLE nope, DESCRIPTOR(ts), INTERVAL '1' MINUTES))`;
    expect(await failure(sh, unknownTable)).toContain(`SQL validation failed. ${span(unknownTable, "nope")}: Object 'nope' not found within 'default_catalog.default_database'`);
    const unknownTimecol = `SELECT window_start FROM TABLE(TUMBLE(TABLE orders, DESCRIPTOR(tss), INTERVAL '1' MINUTES))`;
    expect(await failure(sh, unknownTimecol)).toContain(`SQL validation failed. ${span(unknownTimecol, "tss")}: Unknown identifier 'tss'`);
    const unknownColumn = `SELECT window_begin FROM ${TUMBLE}`;
    expect(await failure(sh, unknownColumn)).toContain(`${span(unknownColumn, "window_begin")}: Column 'window_begin' not found in any table`);
    // Without the window TVF, the table has no window columns.
    expect(await failure(sh, "SELECT window_start FROM orders")).toContain("Column 'window_start' not found in any table");
  });
});

describe("errors", () => {
  it("bad SQL fails with Flink's parse error and position", async () => {
    const sh = await openSession();
    await execute(sh, gen("t", 5));
    const oh = (await post(`${gw}/v4/sessions/${sh}/statements`, { statement: "SELECT *\nFROMM t" })).body.operationHandle;
    expect((await post(`${gw}/v4/sessions/${sh}/statements`, { statement: "SELEC 1" })).status).toBe(200); // errors come with the results
    const error = await failure(sh, "SELECT * FROMM t");
    expect(error).toContain('org.apache.flink.table.api.SqlParserException: SQL parse failed. Encountered "FROMM" at line 1, column 10.');
    expect(error).toContain("Internal server error.");
    await until(() => get(`${gw}/v4/sessions/${sh}/operations/${oh}/status`), (r) => r.body.status === "ERROR");
    expect((await get(`${gw}/v4/sessions/${sh}/operations/${oh}/result/0`)).body.errors[1]).toContain('Encountered "FROMM" at line 2, column 1.');
    expect(await failure(sh, "CREATE TABEL x (a INT)")).toContain('Encountered "TABEL" at line 1, column 8.');
    expect(await failure(sh, "SELECT 'open")).toContain("Lexical error at line 1, column 13.");
    expect(await failure(sh, "SELECT (1 + 2")).toContain('Encountered "<EOF>"');
  });

  it("unknown tables and columns fail validation", async () => {
    const sh = await openSession();
    expect(await failure(sh, "SELECT * FROM x")).toContain("Object 'x' not found within 'default_catalog.default_database'");
    await execute(sh, gen("t", 5));
    expect(await failure(sh, "SELECT missing FROM t")).toContain("Column 'missing' not found in any table");
    expect(await failure(sh, "INSERT INTO nowhere SELECT id FROM t")).toContain("Object 'nowhere' not found within 'default_catalog.default_database'");
  });

  it("positions count from the start of the submitted statement, on every line", async () => {
    const sh = await openSession();
    await execute(sh, gen("src", 5));
    await execute(sh, "CREATE TABLE sink (id BIGINT, name STRING) WITH ('connector' = 'blackhole')");

    // An unknown table on line 1 after EXPLAIN: the column counts "EXPLAIN " too.
    const explained = "EXPLAIN INSERT INTO sink SELECT id, name FROM nope";
    expect(span(explained, "nope")).toBe("From line 1, column 47 to line 1, column 50");
    expect(await failure(sh, explained)).toContain(`SQL validation failed. From line 1, column 47 to line 1, column 50: Object 'nope' not found within 'default_catalog.default_database'`);

    // An unknown column on line 3 of a multi-line INSERT.
    const multiLine = "INSERT INTO sink\nSELECT id,\n    nam\nFROM src";
    expect(await failure(sh, multiLine)).toContain("SQL validation failed. From line 3, column 5 to line 3, column 7: Column 'nam' not found in any table");

    // An unknown sink, plain and explained.
    const sink = "INSERT INTO nowhere SELECT id, name FROM src";
    expect(await failure(sh, sink)).toContain("SQL validation failed. From line 1, column 13 to line 1, column 19: Object 'nowhere' not found within 'default_catalog.default_database'");
    expect(await failure(sh, `EXPLAIN ${sink}`)).toContain("SQL validation failed. From line 1, column 21 to line 1, column 27: Object 'nowhere' not found within 'default_catalog.default_database'");

    // Leading lines, statement sets and EXECUTE keep the statement's positions; so do parse errors.
    const leading = "\n  SELECT id\n  FROM src, missing";
    expect(await failure(sh, leading)).toContain(`${span(leading, "missing")}: Object 'missing' not found`);
    const set = "EXECUTE STATEMENT SET BEGIN\nINSERT INTO sink SELECT id, name FROM src;\nINSERT INTO sink SELECT id, nme FROM src;\nEND";
    expect(await failure(sh, set)).toContain("From line 3, column 29 to line 3, column 31: Column 'nme' not found in any table");
    const explainedSet = "EXPLAIN STATEMENT SET BEGIN INSERT INTO sink SELECT id, name FROM src; INSERT INTO gone SELECT id, name FROM src; END";
    expect(await failure(sh, explainedSet)).toContain(`${span(explainedSet, "gone")}: Object 'gone' not found`);
    expect(await failure(sh, "EXECUTE INSERT sink SELECT 1")).toContain('Encountered "sink" at line 1, column 16.');
  });

  it("complete-statement completes keywords and tables (a GET with a JSON body)", async () => {
    const sh = await openSession();
    await execute(sh, gen("orders", 1));
    expect((await call("GET", `${gw}/v4/sessions/${sh}/complete-statement`, { statement: "SELECT * FR", position: 11 })).body).toEqual({ candidates: ["FROM"] });
    expect((await call("GET", `${gw}/v4/sessions/${sh}/complete-statement`, { statement: "SELECT * FROM ord", position: 17 })).body.candidates).toContain("default_catalog.default_database.orders");
  });
});

describe("the syntax check", () => {
  it("accepts every SQL statement of Flink's documentation corpus", () => {
    const dir = path.resolve(import.meta.dirname, "../../fixtures/flink/docs-sql");
    // These three files are result tables printed in the docs, not SQL.
    const notSql = new Set(["queries-joins_8.sql", "queries-joins_11.sql", "queries-joins_16.sql"]);
    const rejected: string[] = [];
    let statements = 0;
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith(".sql") && !notSql.has(f))) {
      for (const st of splitStatements(fs.readFileSync(path.join(dir, file), "utf8"))) {
        statements += 1;
        const e = checkSyntax(st);
        if (e) rejected.push(`${file}: ${e.message.split("\n")[0]}`);
      }
    }
    expect(rejected).toEqual([]);
    expect(statements).toBeGreaterThan(150);
  });
});
