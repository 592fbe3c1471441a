/** SqlGatewayClient: version negotiation, result paging over a prefixed base URL, SQL errors, GET with a body. */
import { afterEach, describe, expect, it } from "vitest";
import { FlinkError, FlinkTimeoutError } from "@/lib/flink/errors";
import { insertJobId, nextUri, parseSqlErrorPosition, SqlGatewayClient, sqlErrorLine, type ResultPage } from "@/lib/flink/sql-gateway";
import { closedPort, flinkErrors, sendJson, startStub, type Stub, type StubHandler } from "./flink-stub-server";

const SH = "6b1c2f0e-7a3d-4f5e-9b8c-0d1e2f3a4b5c";
const OH = "2b5c3a1e-4d6f-4a8b-9c0d-1e2f3a4b5c6d";
const JOB = "9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b";

let stub: Stub | undefined;
afterEach(async () => {
  await stub?.close();
  stub = undefined;
});

const columns = [
  { name: "id", logicalType: { type: "BIGINT", nullable: false }, comment: null },
  { name: "name", logicalType: { type: "VARCHAR", nullable: true, length: 2147483647 }, comment: null },
];
const resultPath = (v: number, token: number, rowFormat = true): string =>
  `/v${v}/sessions/${SH}/operations/${OH}/result/${token}${rowFormat ? "?rowFormat=JSON" : ""}`;

/** A gateway that answers NOT_READY, then two PAYLOADs (the second empty), then EOS, under /gw/. */
function pagingGateway(v: number): StubHandler {
  const withFormat = v >= 2;
  return (req, res) => {
    if (req.url === "/gw/api_versions") return sendJson(res, 200, { versions: ["V1", "V2", "V3", "V4"] });
    const token = Number(/result\/(\d+)/.exec(req.url)?.[1]);
    const next = (t: number): string => resultPath(v, t, withFormat);
    if (token === 0 && !req.url.includes("polled")) {
      // The first fetch is not ready; its nextResultUri points at the same token.
      return sendJson(res, 200, { resultType: "NOT_READY", nextResultUri: `${next(0)}${withFormat ? "&" : "?"}polled=1` });
    }
    if (token === 0) {
      return sendJson(res, 200, {
        resultType: "PAYLOAD",
        isQueryResult: true,
        jobID: JOB,
        resultKind: "SUCCESS_WITH_CONTENT",
        results: { columns, rowFormat: "JSON", data: [{ kind: "INSERT", fields: [1, "ada"] }, { kind: "INSERT", fields: [2, "grace"] }] },
        nextResultUri: next(1),
      });
    }
    if (token === 1) {
      return sendJson(res, 200, { resultType: "PAYLOAD", isQueryResult: true, jobID: JOB, resultKind: "SUCCESS_WITH_CONTENT", results: { columns, rowFormat: "JSON", data: [] }, nextResultUri: next(2) });
    }
    if (token === 2) {
      return sendJson(res, 200, {
        resultType: "PAYLOAD",
        isQueryResult: true,
        jobID: JOB,
        resultKind: "SUCCESS_WITH_CONTENT",
        results: { columns, rowFormat: "JSON", data: [{ kind: "UPDATE_AFTER", fields: [1, "ada l."] }] },
        nextResultUri: next(3),
      });
    }
    sendJson(res, 200, { resultType: "EOS", isQueryResult: true, jobID: JOB, resultKind: "SUCCESS_WITH_CONTENT", results: { columns, data: [] } });
  };
}

describe("results", () => {
  it("follows nextResultUri through NOT_READY, PAYLOAD and EOS under a prefixed base URL (negotiated v4)", async () => {
    stub = await startStub(pagingGateway(4));
    const gw = new SqlGatewayClient({ baseUrl: `${stub.origin}/gw/` });
    const pages: ResultPage[] = [];
    for await (const page of gw.results(SH, OH, { pollMs: 5 })) pages.push(page);
    expect(pages.map((p) => p.results?.data.length)).toEqual([2, 0, 1]);
    expect(stub.requests.map((r) => r.url)).toEqual([
      "/gw/api_versions",
      `/gw${resultPath(4, 0)}`,
      `/gw${resultPath(4, 0)}&polled=1`,
      `/gw${resultPath(4, 1)}`,
      `/gw${resultPath(4, 2)}`,
      `/gw${resultPath(4, 3)}`,
    ]);
  });

  it("collects rows, columns and the job id", async () => {
    stub = await startStub(pagingGateway(4));
    const gw = new SqlGatewayClient({ baseUrl: `${stub.origin}/gw` });
    const out = await gw.collect(SH, OH, { pollMs: 5 });
    expect(out).toEqual({
      columns,
      rows: [
        { kind: "INSERT", fields: [1, "ada"] },
        { kind: "INSERT", fields: [2, "grace"] },
        { kind: "UPDATE_AFTER", fields: [1, "ada l."] },
      ],
      jobId: JOB,
      resultKind: "SUCCESS_WITH_CONTENT",
      isQueryResult: true,
      truncated: false,
    });
  });

  it("speaks v1 without ?rowFormat, which v1 does not know", async () => {
    stub = await startStub(pagingGateway(1));
    const gw = new SqlGatewayClient({ baseUrl: `${stub.origin}/gw/`, version: 1 });
    const out = await gw.collect(SH, OH, { pollMs: 5 });
    expect(out.rows).toHaveLength(3);
    expect(stub.requests.every((r) => !r.url.includes("rowFormat"))).toBe(true);
    expect(stub.requests[0]?.url).toBe(`/gw${resultPath(1, 0, false)}`);
  });

  it("stops at maxRows and says it was cut", async () => {
    stub = await startStub(pagingGateway(4));
    const gw = new SqlGatewayClient({ baseUrl: `${stub.origin}/gw/`, version: 4 });
    const out = await gw.collect(SH, OH, { pollMs: 5, maxRows: 1 });
    expect(out.rows).toEqual([{ kind: "INSERT", fields: [1, "ada"] }]);
    expect(out.truncated).toBe(true);
  });

  it("asks for PLAIN_TEXT when told to", async () => {
    stub = await startStub((_req, res) => sendJson(res, 200, { resultType: "EOS" }));
    const gw = new SqlGatewayClient({ baseUrl: stub.origin, version: 3 });
    await gw.collect(SH, OH, { rowFormat: "PLAIN_TEXT" });
    expect(stub.requests[0]?.url).toBe(`/v3/sessions/${SH}/operations/${OH}/result/0?rowFormat=PLAIN_TEXT`);
  });

  it("gives up on a result that is never ready", async () => {
    stub = await startStub((_req, res) => sendJson(res, 200, { resultType: "NOT_READY", nextResultUri: resultPath(4, 0) }));
    const gw = new SqlGatewayClient({ baseUrl: stub.origin, version: 4 });
    await expect(gw.collect(SH, OH, { pollMs: 10, timeoutMs: 60 })).rejects.toBeInstanceOf(FlinkTimeoutError);
  });

  it("resolves nextResultUri forms against the prefix", () => {
    expect(nextUri("/v4/sessions/s/operations/o/result/1?rowFormat=JSON", 4, "JSON")).toBe("/v4/sessions/s/operations/o/result/1?rowFormat=JSON");
    expect(nextUri("http://gw-internal:8083/v2/sessions/s/operations/o/result/1", 2, "JSON")).toBe("/v2/sessions/s/operations/o/result/1?rowFormat=JSON");
    expect(nextUri("sessions/s/operations/o/result/1", 1, "JSON")).toBe("/v1/sessions/s/operations/o/result/1");
  });
});

describe("failed statements", () => {
  const validationFailure = flinkErrors.internal(
    [
      "org.apache.flink.table.gateway.api.utils.SqlGatewayException: org.apache.flink.table.gateway.api.utils.SqlGatewayException: Failed to fetchResults.",
      "\tat org.apache.flink.table.gateway.rest.handler.statement.FetchResultsHandler.handleRequest(FetchResultsHandler.java:91)",
      "Caused by: org.apache.flink.table.gateway.api.utils.SqlGatewayException: Failed to fetchResults.",
      "\tat org.apache.flink.table.gateway.service.SqlGatewayServiceImpl.fetchResults(SqlGatewayServiceImpl.java:231)",
      "\t... 48 more",
      `Caused by: org.apache.flink.table.gateway.service.utils.SqlExecutionException: Failed to execute the operation ${OH}.`,
      "\tat org.apache.flink.table.gateway.service.operation.OperationManager$Operation.processThrowable(OperationManager.java:414)",
      "Caused by: org.apache.flink.table.api.ValidationException: SQL validation failed. From line 1, column 15 to line 1, column 22: Object 'orderz' not found",
      "\tat org.apache.flink.table.planner.calcite.FlinkPlannerImpl.org$apache$flink$table$planner$calcite$FlinkPlannerImpl$$validate(FlinkPlannerImpl.scala:200)",
      "Caused by: org.apache.calcite.runtime.CalciteContextException: From line 1, column 15 to line 1, column 22: Object 'orderz' not found",
      "Caused by: org.apache.calcite.sql.validate.SqlValidatorException: Object 'orderz' not found",
      "\t... 30 more",
    ].join("\n"),
  );

  it("surfaces the SQL error with its position when results are fetched", async () => {
    stub = await startStub((_req, res) => sendJson(res, 500, validationFailure));
    const gw = new SqlGatewayClient({ baseUrl: `${stub.origin}/gw/`, version: 4, retries: 0 });
    const e = (await gw.collect(SH, OH).catch((x: unknown) => x)) as FlinkError;
    expect(e).toBeInstanceOf(FlinkError);
    expect(e.message).toBe("SQL validation failed. From line 1, column 15 to line 1, column 22: Object 'orderz' not found");
    expect(e.upstreamStatus).toBe(500);
    expect(parseSqlErrorPosition(e.message)).toEqual({ line: 1, column: 15 });
  });

  it("shows a parse error's position and the root cause when there is none", () => {
    const parse = flinkErrors.internal(
      'org.apache.flink.table.gateway.api.utils.SqlGatewayException: Failed to fetchResults.\nCaused by: org.apache.flink.table.api.SqlParserException: SQL parse failed. Encountered "FORM" at line 2, column 10.\nWas expecting one of:\n    <EOF> \n\tat x.y(Z.java:1)\nCaused by: org.apache.calcite.sql.parser.SqlParseException: Encountered "FORM" at line 2, column 10.',
    );
    const line = sqlErrorLine(parse.errors[1] as string);
    expect(line).toBe('SQL parse failed. Encountered "FORM" at line 2, column 10.');
    expect(parseSqlErrorPosition(line)).toEqual({ line: 2, column: 10 });
    const noSession = flinkErrors.internal(
      `org.apache.flink.table.gateway.api.utils.SqlGatewayException: Failed to getSessionConfig.\n\tat a.b(C.java:1)\nCaused by: org.apache.flink.table.gateway.api.utils.SqlGatewayException: Session '${SH}' does not exist.\n\tat d.e(F.java:2)`,
    );
    expect(sqlErrorLine(noSession.errors[1] as string)).toBe(`Session '${SH}' does not exist.`);
    expect(parseSqlErrorPosition("Object 'x' not found")).toBeNull();
  });
});

describe("insertJobId", () => {
  it("reads the top-level jobID", () => {
    expect(insertJobId({ jobID: JOB, results: { columns: [{ name: "job id", logicalType: { type: "VARCHAR", nullable: false }, comment: null }], data: [{ kind: "INSERT", fields: [JOB] }] } })).toBe(JOB);
  });

  it("falls back to the single 'job id' row of older gateways", () => {
    expect(insertJobId({ results: { columns: [{ name: "job id", logicalType: { type: "VARCHAR", nullable: false }, comment: null }], data: [{ kind: "INSERT", fields: [JOB] }] } })).toBe(JOB);
  });

  it("finds none for DDL", () => {
    expect(insertJobId({ results: { columns: [{ name: "result", logicalType: { type: "VARCHAR", nullable: true }, comment: null }], data: [{ kind: "INSERT", fields: ["OK"] }] } })).toBeNull();
  });
});

describe("sessions and statements", () => {
  it("negotiates the highest version both know, once", async () => {
    stub = await startStub((req, res) => {
      if (req.url === "/api_versions") return sendJson(res, 200, { versions: ["V1", "V2", "V3"] });
      if (req.url === "/v3/sessions") return sendJson(res, 200, { sessionHandle: SH });
      sendJson(res, 200, { operationHandle: OH });
    });
    const gw = new SqlGatewayClient({ baseUrl: stub.origin });
    expect(await gw.apiVersion()).toBe(3);
    expect(await gw.openSession({ name: "eddy", properties: { "execution.runtime-mode": "streaming" } })).toBe(SH);
    expect(JSON.parse(stub.requests[1]?.body.toString() ?? "")).toEqual({ sessionName: "eddy", properties: { "execution.runtime-mode": "streaming" } });
    expect(await gw.executeStatement(SH, "INSERT INTO sink SELECT * FROM src", { executionConfig: { "pipeline.name": "etl" } })).toBe(OH);
    expect(stub.requests.map((r) => `${r.method} ${r.url}`)).toEqual(["GET /api_versions", "POST /v3/sessions", `POST /v3/sessions/${SH}/statements`]);
  });

  it("refuses v2+ features on a v1 gateway", async () => {
    stub = await startStub((_req, res) => sendJson(res, 200, {}));
    const gw = new SqlGatewayClient({ baseUrl: stub.origin, version: 1 });
    await expect(gw.configureSession(SH, "USE CATALOG c")).rejects.toThrow("Configuring a session needs SQL Gateway REST API v2 or newer; this gateway speaks v1.");
    await expect(gw.completeStatement(SH, "SELECT * FR", 11)).rejects.toThrow(/v2 or newer/);
    await expect(gw.deployScript(SH, { script: "INSERT INTO x SELECT 1" })).rejects.toThrow(/v4 or newer/);
    expect(stub.requests).toHaveLength(0);
  });

  it("sends complete-statement as a GET with a JSON body, under the prefix", async () => {
    stub = await startStub((_req, res) => sendJson(res, 200, { candidates: ["FROM", "FULL"] }));
    const gw = new SqlGatewayClient({ baseUrl: `${stub.origin}/gw/`, version: 2, headers: { authorization: "Bearer t" } });
    expect(await gw.completeStatement(SH, "SELECT * FR", 11)).toEqual(["FROM", "FULL"]);
    const req = stub.requests[0];
    expect(`${req?.method} ${req?.url}`).toBe(`GET /gw/v2/sessions/${SH}/complete-statement`);
    expect(req?.headers["content-type"]).toBe("application/json");
    expect(req?.headers.authorization).toBe("Bearer t");
    expect(JSON.parse(req?.body.toString() ?? "")).toEqual({ statement: "SELECT * FR", position: 11 });
  });

  it("retries complete-statement (an idempotent GET) on 503, and not with retries: 0", async () => {
    let calls = 0;
    const handler: StubHandler = (_req, res) => {
      calls++;
      if (calls === 1) return sendJson(res, 503, { errors: ["Service temporarily unavailable."] });
      sendJson(res, 200, { candidates: ["FROM"] });
    };
    stub = await startStub(handler);
    const gw = new SqlGatewayClient({ baseUrl: stub.origin, version: 2, retries: 2, retryDelayMs: 1 });
    expect(await gw.completeStatement(SH, "SELECT * FR", 11)).toEqual(["FROM"]);
    expect(stub.requests.map((r) => `${r.method} ${r.url} ${r.body.toString()}`)).toEqual(
      Array(2).fill(`GET /v2/sessions/${SH}/complete-statement {"statement":"SELECT * FR","position":11}`),
    );

    // The IDE asks with retries: 0 and takes a failure as "no candidates".
    calls = 0;
    stub.requests.length = 0;
    const ide = new SqlGatewayClient({ baseUrl: stub.origin, version: 2, retries: 0 });
    await expect(ide.completeStatement(SH, "SELECT * FR", 11)).rejects.toMatchObject({ upstreamStatus: 503 });
    expect(stub.requests).toHaveLength(1);
  });

  it("retries a refused complete-statement, then says so; never retries a 4xx or 500", async () => {
    const port = await closedPort();
    const down = new SqlGatewayClient({ baseUrl: `http://127.0.0.1:${port}/`, version: 2, retries: 1, retryDelayMs: 1 });
    await expect(down.completeStatement(SH, "SEL", 3)).rejects.toThrow(`The SQL Gateway at http://127.0.0.1:${port}/v2/sessions/${SH}/complete-statement refused the connection; is it running?`);
    stub = await startStub((_req, res) => sendJson(res, 400, { errors: ["Bad request."] }));
    const gw = new SqlGatewayClient({ baseUrl: stub.origin, version: 2, retries: 3, retryDelayMs: 1 });
    await expect(gw.completeStatement(SH, "SEL", 3)).rejects.toMatchObject({ upstreamStatus: 400 });
    expect(stub.requests).toHaveLength(1);
  });

  it("maps complete-statement errors like the others", async () => {
    stub = await startStub((_req, res) =>
      sendJson(res, 500, flinkErrors.internal(`org.apache.flink.table.gateway.api.utils.SqlGatewayException: Failed to completeStatement.\nCaused by: org.apache.flink.table.gateway.api.utils.SqlGatewayException: Session '${SH}' does not exist.`)),
    );
    const gw = new SqlGatewayClient({ baseUrl: stub.origin, version: 4 });
    await expect(gw.completeStatement(SH, "SEL", 3)).rejects.toMatchObject({ message: `Session '${SH}' does not exist.`, upstreamStatus: 500 });
  });

  it("deploys a script (v4) and returns the cluster id", async () => {
    stub = await startStub((_req, res) => sendJson(res, 200, { clusterID: "application_1700000000000_0007" }));
    const gw = new SqlGatewayClient({ baseUrl: stub.origin, version: 4 });
    expect(await gw.deployScript(SH, { scriptUri: "hdfs:///scripts/etl.sql", executionConfig: { "execution.target": "yarn-application" } })).toBe("application_1700000000000_0007");
    expect(stub.requests[0]?.url).toBe(`/v4/sessions/${SH}/scripts`);
  });
});
