/**
 * Every SQL Gateway endpoint of v1–v4 (materialized-table refresh exists only in v3's spec), called in realistic states (NOT_READY, PAYLOAD and EOS pages,
 * JSON and PLAIN_TEXT rows, failed statements) and validated against rest_v<n>_sql_gateway.yml
 * with only the documented wire format of fetch-results allowed.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FlinkSim } from "../index";
import { validateSqlGatewayResponse } from "../spec-validator";
import { call, simulator, until, type Answer } from "./support";

let sim: FlinkSim;
const covered = new Set<string>();

beforeAll(async () => {
  sim = await simulator(1);
});
afterAll(() => sim.close());

type Version = 1 | 2 | 3 | 4;

async function checked(version: Version, method: string, path: string, template: string, body?: unknown, prefixed = true): Promise<Answer> {
  const url = `${sim.url}/sql-gateway${prefixed ? `/v${version}` : ""}${path}`;
  const answer = await call(method, url, body);
  expect(validateSqlGatewayResponse(version, method, template, answer.status, answer.body), `v${version} ${method} ${path} → ${answer.status} ${answer.text.slice(0, 400)}`).toEqual([]);
  covered.add(`v${version} ${method} ${template}`);
  return answer;
}

const DATAGEN = "CREATE TABLE gen (id BIGINT, name STRING, price DECIMAL(10, 2), ok BOOLEAN, ts TIMESTAMP(3)) WITH ('connector' = 'datagen', 'number-of-rows' = '40', 'rows-per-second' = '400', 'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '1000')";

describe.each([1, 2, 3, 4] as const)("SQL Gateway v%i answers match its spec", (v) => {
  it("sessions, statements, results and errors", async () => {
    await checked(v, "GET", "/api_versions", "/api_versions");
    await checked(v, "GET", "/info", "/info");
    const { body: opened } = await checked(v, "POST", "/sessions", "/sessions", { sessionName: `spec-v${v}`, properties: { "parallelism.default": "1" } });
    const sh = opened.sessionHandle as string;
    const session = `/sessions/${sh}`;
    await checked(v, "GET", session, "/sessions/{session_handle}");
    await checked(v, "POST", `${session}/heartbeat`, "/sessions/{session_handle}/heartbeat", {});

    const run = async (statement: string) => (await checked(v, "POST", `${session}/statements`, "/sessions/{session_handle}/statements", { statement })).body.operationHandle as string;
    const op = (oh: string) => `${session}/operations/${oh}`;
    const RESULT = "/sessions/{session_handle}/operations/{operation_handle}/result/{token}";
    /** Fetches token 0 at once (NOT_READY while the statement runs), then follows nextResultUri to EOS. */
    const pages = async (oh: string, rowFormat = "JSON") => {
      const seen: Answer[] = [];
      let uri: string | undefined = `${op(oh)}/result/0${v >= 2 ? `?rowFormat=${rowFormat}` : ""}`;
      while (uri) {
        const page = await checked(v, "GET", uri, RESULT);
        expect(page.status).toBe(200);
        seen.push(page);
        uri = page.body.nextResultUri?.replace(/^\/v\d/, "");
        if (page.body.resultType !== "PAYLOAD") await new Promise((r) => setTimeout(r, 20));
      }
      return seen;
    };

    const ddl = await run(DATAGEN);
    await checked(v, "GET", `${op(ddl)}/status`, "/sessions/{session_handle}/operations/{operation_handle}/status");
    const ddlPages = await pages(ddl);
    expect(ddlPages[0]!.body.resultType).toBe("NOT_READY");
    expect(ddlPages.at(-1)!.body.resultType).toBe("EOS");
    if (v === 1) expect(ddlPages[0]!.body.nextResultUri).not.toContain("rowFormat");

    await pages(await run("CREATE TABLE out (id BIGINT, name STRING) WITH ('connector' = 'blackhole')"));
    const insert = await pages(await run("INSERT INTO out SELECT id, name FROM gen"));
    expect(insert.find((p) => p.body.resultType === "PAYLOAD")!.body.jobID).toMatch(/^[0-9a-f]{32}$/);
    const select = await pages(await run("SELECT * FROM gen"), "JSON");
    expect(select.flatMap((p) => p.body.results?.data ?? [])).toHaveLength(40);
    if (v >= 2) {
      const text = await pages(await run("SHOW TABLES"), "PLAIN_TEXT");
      expect(text.find((p) => p.body.resultType === "PAYLOAD")!.body.results.rowFormat).toBe("PLAIN_TEXT");
    }
    await pages(await run("SELECT 1"));

    // A failed statement: status ERROR, fetching answers 500 with Flink's error body.
    const bad = await run("SELECT * FROMM gen");
    await until(() => call("GET", `${sim.url}/sql-gateway/v${v}${op(bad)}/status`), (r) => r.body.status === "ERROR");
    await checked(v, "GET", `${op(bad)}/status`, "/sessions/{session_handle}/operations/{operation_handle}/status");
    expect((await checked(v, "GET", `${op(bad)}/result/0`, RESULT)).status).toBe(500);

    // Cancel a running statement; close an operation.
    const running = await run("SHOW DATABASES");
    expect((await checked(v, "POST", `${op(running)}/cancel`, "/sessions/{session_handle}/operations/{operation_handle}/cancel")).body.status).toBe("CANCELED");
    expect((await checked(v, "POST", `${op(running)}/cancel`, "/sessions/{session_handle}/operations/{operation_handle}/cancel")).status).toBe(500);
    expect((await checked(v, "DELETE", `${op(running)}/close`, "/sessions/{session_handle}/operations/{operation_handle}/close")).body.status).toBe("CLOSED");
    expect((await checked(v, "GET", `${op(running)}/status`, "/sessions/{session_handle}/operations/{operation_handle}/status")).status).toBe(500);

    if (v >= 2) {
      const candidates = await checked(v, "GET", `${session}/complete-statement`, "/sessions/{session_handle}/complete-statement", { statement: "SELECT * FR", position: 11 });
      expect(candidates.body.candidates).toContain("FROM");
      expect((await checked(v, "POST", `${session}/configure-session`, "/sessions/{session_handle}/configure-session", { statement: "SET 'pipeline.name' = 'configured'" })).body).toEqual({});
      expect((await checked(v, "POST", `${session}/configure-session`, "/sessions/{session_handle}/configure-session", { statement: "SELECT 1" })).status).toBe(500);
    } else {
      expect((await call("GET", `${sim.url}/sql-gateway/v1${session}/complete-statement`, { statement: "S", position: 1 })).status).toBe(404);
    }
    if (v === 3) {
      await pages(await run("CREATE MATERIALIZED TABLE mt FRESHNESS = INTERVAL '1' MINUTE AS SELECT id FROM gen"));
      const refresh = await checked(v, "POST", `${session}/materialized-tables/mt/refresh`, "/sessions/{session_handle}/materialized-tables/{identifier}/refresh", { isPeriodic: false });
      await pages(refresh.body.operationHandle);
    }
    if (v === 4) {
      const deployed = await checked(v, "POST", `${session}/scripts`, "/sessions/{session_handle}/scripts", {
        script: `${DATAGEN};\nCREATE TABLE out (id BIGINT) WITH ('connector' = 'blackhole');\nINSERT INTO out SELECT id FROM gen;`,
        executionConfig: { "execution.target": "kubernetes-application", "kubernetes.cluster-id": "sql-script-app", "kubernetes.namespace": "flink" },
      });
      expect(deployed.body.clusterID).toBe("sql-script-app");
      expect((await checked(v, "POST", `${session}/scripts`, "/sessions/{session_handle}/scripts", { script: "SELECT 1;" })).status).toBe(500);
      // No version prefix means v4.
      await checked(4, "GET", session, "/sessions/{session_handle}", undefined, false);
    }

    expect((await checked(v, "DELETE", session, "/sessions/{session_handle}")).body).toEqual({ status: "CLOSED" });
    expect((await checked(v, "GET", session, "/sessions/{session_handle}")).status).toBe(500);
  });
});

describe("coverage", () => {
  it("validated every endpoint of every version", () => {
    const all = (v: number) => [
      `v${v} GET /api_versions`,
      `v${v} GET /info`,
      `v${v} POST /sessions`,
      `v${v} GET /sessions/{session_handle}`,
      `v${v} DELETE /sessions/{session_handle}`,
      `v${v} POST /sessions/{session_handle}/heartbeat`,
      `v${v} POST /sessions/{session_handle}/statements`,
      `v${v} GET /sessions/{session_handle}/operations/{operation_handle}/status`,
      `v${v} POST /sessions/{session_handle}/operations/{operation_handle}/cancel`,
      `v${v} DELETE /sessions/{session_handle}/operations/{operation_handle}/close`,
      `v${v} GET /sessions/{session_handle}/operations/{operation_handle}/result/{token}`,
      ...(v >= 2 ? [`v${v} GET /sessions/{session_handle}/complete-statement`, `v${v} POST /sessions/{session_handle}/configure-session`] : []),
      ...(v === 3 ? [`v${v} POST /sessions/{session_handle}/materialized-tables/{identifier}/refresh`] : []),
      ...(v >= 4 ? [`v${v} POST /sessions/{session_handle}/scripts`] : []),
    ];
    expect([...covered].sort()).toEqual([1, 2, 3, 4].flatMap(all).sort());
  });
});
