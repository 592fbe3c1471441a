import { findCluster, type Cluster } from "@/db/queries/clusters";
import { requireTeamPermission } from "@/lib/auth/access";
import type { Principal } from "@/lib/auth/principal";
import { AppError } from "@/lib/errors";
import { parseSqlErrorPosition, sqlErrorLine, SqlGatewayClient } from "@/lib/flink/sql-gateway";
import { FlinkError } from "@/lib/flink/errors";
import { splitStatements, substituteVariables } from "@/lib/sql";
import { redactor } from "@/lib/variables/redact";
import { resolveVariables } from "@/lib/variables/substitution";

export type VerifiedStatement = {
  line: number;
  kind: "explained" | "executed" | "skipped";
  ok: boolean;
  /** EXPLAIN's plan text, for queries and inserts. */
  plan?: string;
  /** Flink's own message, positioned in the script when Flink gave a line and column. */
  error?: { message: string; line: number | null; column: number | null };
  note?: string;
};

const QUERY = /^\s*(\(?\s*select|with|insert|execute\s+statement\s+set|begin\s+statement\s+set|values|table)\b/i;
const USE_CATALOG = /^\s*use\s+catalog\s+`?([^`\s;]+)`?/i;
const SAFE_ALWAYS = /^\s*(set|reset|use|create\s+temporary|create\s+(temporary\s+)?function|load\s+module|unload\s+module|add\s+jar|show|describe|desc|explain)\b/i;

/** The cluster whose SQL Gateway answers for a team's job, with a clear refusal when there is none. */
async function gatewayCluster(teamId: number, ref: string | number | null | undefined): Promise<Cluster> {
  if (ref === null || ref === undefined || ref === "") throw new AppError("invalid_input", "Choose a cluster with a SQL Gateway to check against.", { fields: { cluster: "Required." } });
  const cluster = await findCluster({ teamId, ref });
  if (!cluster) throw new AppError("not_found", `Cluster “${String(ref)}” was not found.`);
  if (!cluster.sqlGatewayUrl) throw new AppError("invalid_input", `Cluster “${cluster.name}” names no SQL Gateway; add its URL on the cluster page to verify with Flink.`);
  return cluster;
}

/** Flink's "line L, column C" in a statement we prefixed → a position in the whole script. */
function inScript(stmt: { line: number; column: number }, message: string, prefix: number): { line: number | null; column: number | null } {
  const pos = parseSqlErrorPosition(message);
  if (!pos) return { line: null, column: null };
  return pos.line === 1 ? { line: stmt.line, column: stmt.column + Math.max(0, pos.column - 1 - prefix) } : { line: stmt.line + pos.line - 1, column: pos.column };
}

function explainFor(text: string): { sql: string; prefix: number } {
  const body = text.replace(/;\s*$/, "");
  // EXECUTE STATEMENT SET BEGIN … END and BEGIN STATEMENT SET; … END are explained as one set.
  const set = /^\s*(?:execute\s+)?statement\s+set\s+begin\b/i.test(body)
    ? body.replace(/^\s*execute\s+/i, "")
    : /^\s*begin\s+statement\s+set\s*;/i.test(body)
      ? body.replace(/^\s*begin\s+statement\s+set\s*;/i, "STATEMENT SET BEGIN ").replace(/;?\s*end\s*$/i, "; END")
      : body;
  return { sql: `EXPLAIN ${set}`, prefix: "EXPLAIN ".length };
}

/**
 * "Verify with Flink": Flink's own planner is the authority. In a fresh SQL Gateway session the
 * script's DDL and SET statements run (they are session-local in the default in-memory catalog), and
 * every query, INSERT and statement set is EXPLAINed. Once the script switches to another catalog,
 * its non-temporary DDL is skipped rather than run, since it would change that catalog for real.
 */
export async function verifyWithFlink(p: Principal, team: string | number, input: { sql: string; cluster?: string | number | null }): Promise<{ cluster: string; ok: boolean; statements: VerifiedStatement[] }> {
  const access = await requireTeamPermission(p, team, "job:view");
  const cluster = await gatewayCluster(access.team.id, input.cluster);
  const variables = await resolveVariables(access.team.id);
  // Flink quotes what it was sent (a literal in a plan, a name in an error): never show a secret back.
  const redact = redactor(variables.secrets);
  const { text, missing } = substituteVariables(input.sql, variables.values);
  if (missing.length) throw new AppError("invalid_input", `Unknown variable${missing.length > 1 ? "s" : ""}: ${missing.map((m) => `\${${m}}`).join(", ")}. Define ${missing.length > 1 ? "them" : "it"} under Variables.`);
  const gw = new SqlGatewayClient({ baseUrl: cluster.sqlGatewayUrl!, timeoutMs: 20_000 });
  const session = await gw.openSession({ name: `eddy-verify-${access.team.id}` });
  const out: VerifiedStatement[] = [];
  let catalog = "default_catalog";
  try {
    for (const stmt of splitStatements(text)) {
      const isQuery = QUERY.test(stmt.text);
      const useCatalog = USE_CATALOG.exec(stmt.text);
      if (!isQuery && catalog !== "default_catalog" && !SAFE_ALWAYS.test(stmt.text)) {
        out.push({ line: stmt.line, kind: "skipped", ok: true, note: `Not run: it would change catalog “${catalog}”.` });
        continue;
      }
      const { sql, prefix } = isQuery ? explainFor(stmt.text) : { sql: stmt.text.replace(/;\s*$/, ""), prefix: 0 };
      try {
        const op = await gw.executeStatement(session, sql);
        const r = await gw.collect(session, op, { timeoutMs: 30_000, maxRows: 1000 });
        const plan = isQuery ? r.rows.map((row) => row.fields.map(String).join("\t")).join("\n") : undefined;
        out.push({ line: stmt.line, kind: isQuery ? "explained" : "executed", ok: true, ...(plan ? { plan: redact(plan) } : {}) });
        if (useCatalog) catalog = useCatalog[1]!;
      } catch (e) {
        if (!(e instanceof FlinkError)) throw e;
        const message = sqlErrorLine(e.detail ?? e.message) || e.message;
        out.push({ line: stmt.line, kind: isQuery ? "explained" : "executed", ok: false, error: { message: redact(message), ...inScript(stmt, message, prefix) } });
      }
    }
  } finally {
    await gw.closeSession(session).catch(() => {});
  }
  return { cluster: cluster.name, ok: out.every((s) => s.ok), statements: out };
}

/**
 * Catalog-aware completion from the cluster's SQL Gateway (`complete-statement`), for the IDE.
 * Best effort: no gateway, or any failure, simply offers nothing.
 */
export async function completeWithGateway(p: Principal, team: string | number, input: { cluster?: string | number | null; sql: string; pos: number }): Promise<string[]> {
  const access = await requireTeamPermission(p, team, "job:view");
  if (input.cluster === null || input.cluster === undefined || input.cluster === "") return [];
  const cluster = await findCluster({ teamId: access.team.id, ref: input.cluster });
  if (!cluster?.sqlGatewayUrl) return [];
  const stmt = splitStatements(input.sql).find((s) => input.pos >= s.from && input.pos <= s.to + 1);
  if (!stmt) return [];
  const gw = new SqlGatewayClient({ baseUrl: cluster.sqlGatewayUrl, timeoutMs: 3_000, retries: 0 });
  try {
    const session = await gw.openSession({ name: "eddy-complete" });
    try {
      return await gw.completeStatement(session, stmt.text, input.pos - stmt.from);
    } finally {
      await gw.closeSession(session).catch(() => {});
    }
  } catch {
    return [];
  }
}
