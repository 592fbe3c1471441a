import { alter, create, drop } from "./ddl";
import { explainText } from "./explain";
import { identifierValue, statementTokens, stringValue } from "./lexer";
import { catalogAndDatabase, fqn, lookup, resolve, SqlError, VALIDATION } from "./names";
import { content, jobPlan, ok, type Outcome, type StatementHost } from "./outcomes";
import { checkSyntax } from "./parse-check";
import { analyzeQuery, type QueryAnalysis } from "./query-analysis";
import { stringColumns } from "./results";
import type { Session } from "./session";
import { describe, show } from "./show";
import { Tokens } from "./tokens";

/**
 * Decides what one SQL statement does in a session (see outcomes.ts): parse check first, then
 * by leading keyword. DDL lives in ddl.ts, SHOW/DESCRIBE in show.ts, query evaluation in
 * query-analysis.ts. Inner statements (EXPLAIN's, an INSERT's query, a statement set's INSERTs)
 * are slices of the submitted statement's tokens, so every error position counts from its start.
 */
export function executeStatement(session: Session, sql: string, host: StatementHost): Outcome {
  try {
    const parseError = checkSyntax(sql);
    if (parseError) throw new SqlError(`org.apache.flink.table.api.SqlParserException: ${parseError.message}`);
    return execute(session, host, new Tokens(sql));
  } catch (e) {
    if (e instanceof SqlError) return { kind: "error", exception: e.exception };
    throw e;
  }
}

/** configure-session accepts only statements that change the session (Flink's list). */
export function isSessionConfiguration(sql: string): boolean {
  const t = statementTokens(sql).map((x) => x.upper);
  const [a, b] = t;
  if (a === "SET" || a === "RESET" || a === "USE" || a === "LOAD" || a === "UNLOAD" || (a === "ADD" && b === "JAR")) return true;
  if (a === "CREATE" || a === "DROP" || a === "ALTER") {
    const obj = t.slice(1).find((x) => !["TEMPORARY", "SYSTEM", "OR", "REPLACE"].includes(x));
    return obj !== undefined && ["TABLE", "VIEW", "FUNCTION", "CATALOG", "DATABASE"].includes(obj) && !t.includes("SELECT");
  }
  return false;
}

function execute(session: Session, host: StatementHost, t: Tokens): Outcome {
  const [a, b] = t.words;
  if (session.statementSet && a !== "INSERT" && a !== "END") {
    throw new SqlError("org.apache.flink.table.api.TableException: Only 'INSERT/CREATE TABLE AS' statement is allowed in Statement Set or use 'END' statement to submit Statement Set.");
  }
  switch (a) {
    case "SET": return set(session, t);
    case "RESET": {
      const key = t.at(1);
      session.reset(key ? (key.type === "string" ? stringValue(key) : t.list.slice(1).map((x) => x.text).join("")) : undefined);
      return ok();
    }
    case "USE": return use(session, t);
    case "CREATE": return create(session, host, t);
    case "DROP": return drop(session, t);
    case "ALTER": return alter(session, t);
    case "SHOW": return show(session, host, t);
    case "DESCRIBE": case "DESC": return describe(session, t, 1);
    case "EXPLAIN": return explain(session, host, t);
    case "INSERT": case "UPSERT": return insert(session, host, t);
    case "EXECUTE": {
      if (b === "STATEMENT") return jobOfInserts(session, host, statementSetInserts(t));
      // EXECUTE INSERT … / EXECUTE SELECT …: the inner statement is checked like a statement of its own.
      const inner = t.from(1);
      const parseError = checkSyntax(t.sql, inner.list);
      if (parseError) throw new SqlError(`org.apache.flink.table.api.SqlParserException: ${parseError.message}`);
      return execute(session, host, inner);
    }
    case "BEGIN":
      session.statementSet = [];
      return ok();
    case "END": return endStatementSet(session, host);
    case "SELECT": case "WITH": case "VALUES": case "(": case "TABLE": return query(session, host, t);
    case "STOP": return stopJob(session, host, t);
    default: return ok(); // ADD/REMOVE JAR, LOAD/UNLOAD MODULE, ANALYZE, CALL, TRUNCATE, DELETE, UPDATE, REPLACE
  }
}

/** `SET` lists the session's configuration; `SET 'k' = 'v'` (quotes optional) changes it. */
function set(session: Session, t: Tokens): Outcome {
  if (t.length === 1) return content(stringColumns("key", "value"), Object.entries(session.properties).sort(([x], [y]) => x.localeCompare(y)));
  const eq = t.list.findIndex((x) => x.text === "=");
  const part = (from: number, to: number) => {
    const ts = t.list.slice(from, to);
    return ts.length === 1 && ts[0]!.type === "string" ? stringValue(ts[0]!) : ts.map((x) => x.text).join("");
  };
  session.properties[part(1, eq)] = part(eq + 1, t.length);
  return ok();
}

function use(session: Session, t: Tokens): Outcome {
  if (t.at(1)?.upper === "MODULES") return ok();
  if (t.at(1)?.upper === "CATALOG") {
    const name = identifierValue(t.at(2)!);
    const catalog = session.catalogs.catalogs.get(name);
    if (!catalog) throw new SqlError(`org.apache.flink.table.catalog.exceptions.CatalogException: A catalog with name [${name}] does not exist.`);
    session.currentCatalog = name;
    session.currentDatabase = [...catalog.keys()][0]!;
    return ok();
  }
  const [catalog, database] = catalogAndDatabase(session, t.identifierAt(1).parts);
  if (!session.catalogs.database(catalog, database)) {
    throw new SqlError(`org.apache.flink.table.catalog.exceptions.CatalogException: A database with name [${database}] does not exist in the catalog: [${catalog}].`);
  }
  session.currentCatalog = catalog;
  session.currentDatabase = database;
  return ok();
}

/**
 * EXPLAIN [PLAN FOR | ESTIMATED_COST, …] <query, INSERT or statement set>: validated, then the plan
 * text. A statement set is `[EXECUTE] STATEMENT SET BEGIN … END`.
 */
function explain(session: Session, host: StatementHost, t: Tokens): Outcome {
  let k = 1;
  if (t.at(1)?.upper === "PLAN" && t.at(2)?.upper === "FOR") k = 3;
  else while (["ESTIMATED_COST", "CHANGELOG_MODE", "JSON_EXECUTION_PLAN", "PLAN_ADVICE", ","].includes(t.at(k)?.upper ?? "")) k += 1;
  const inner = t.from(k);
  const first = t.at(k)?.upper;
  let plan: { sink?: string; sources: string[]; fields: string[] };
  if (first === "INSERT" || first === "UPSERT" || first === "EXECUTE" || first === "STATEMENT") {
    const parsed = (first === "INSERT" || first === "UPSERT" ? [inner] : statementSetInserts(inner)).map((s) => parseInsert(session, s));
    plan = { sink: parsed.map((p) => p.sink).join(", "), sources: parsed.flatMap((p) => p.analysis.sources), fields: parsed[0]?.analysis.columns.map((c) => c.name) ?? [] };
  } else {
    const analysis = analyzeQuery(session, inner);
    plan = { sources: analysis.sources, fields: analysis.columns.map((c) => c.name) };
  }
  return content(stringColumns("result"), [[explainText(plan)]]);
}

/** In an open `BEGIN STATEMENT SET`, INSERTs are validated and buffered; otherwise each is a job. */
function insert(session: Session, host: StatementHost, t: Tokens): Outcome {
  const p = parseInsert(session, t);
  if (session.statementSet) {
    session.statementSet.push(t.text);
    return ok();
  }
  return { kind: "job", plan: jobPlan(session, host, [p.sink], p.analysis.sources, p.analysis.bounded, p.analysis.durationMs) };
}

function endStatementSet(session: Session, host: StatementHost): Outcome {
  const inserts = session.statementSet;
  if (!inserts) throw new SqlError("org.apache.flink.table.gateway.service.utils.SqlExecutionException: No Statement Set to submit. 'END' statement should be used after 'BEGIN STATEMENT SET'.");
  session.statementSet = undefined;
  return inserts.length === 0 ? ok() : jobOfInserts(session, host, inserts);
}

/** A statement set: one job for all its INSERTs. */
function jobOfInserts(session: Session, host: StatementHost, inserts: (Tokens | string)[]): Outcome {
  if (inserts.length === 0) throw new SqlError(`${VALIDATION}: Statement set must contain at least one INSERT statement.`);
  const parsed = inserts.map((s) => parseInsert(session, s));
  const bounded = parsed.every((p) => p.analysis.bounded);
  const duration = Math.max(0, ...parsed.map((p) => p.analysis.durationMs ?? 0));
  return { kind: "job", plan: jobPlan(session, host, parsed.map((p) => p.sink), parsed.flatMap((p) => p.analysis.sources), bounded, bounded ? duration : undefined) };
}

/** The INSERTs between `[EXECUTE] STATEMENT SET BEGIN` and `END`, split at top-level `;`. */
function statementSetInserts(t: Tokens): Tokens[] {
  const begin = t.words.indexOf("BEGIN");
  const end = t.at(t.length - 1)?.upper === "END" ? t.length - 1 : t.length;
  const inserts: Tokens[] = [];
  let start = begin + 1;
  for (let k = start; k <= end; k++) {
    if (k < end && (t.at(k)!.text !== ";" || t.depthAt(k) !== 0)) continue;
    if (k > start) inserts.push(t.slice(start, k));
    start = k + 1;
  }
  return inserts;
}

function parseInsert(session: Session, insert: Tokens | string): { sink: string; analysis: QueryAnalysis } {
  const t = typeof insert === "string" ? new Tokens(insert) : insert;
  const ident = t.identifierAt(2);
  const ref = resolve(session, ident);
  const sink = lookup(session, ref);
  if (sink.options.connector === "datagen") throw new SqlError(`${VALIDATION}: Connector 'datagen' can only be used as a source. It cannot be used as a sink.`);
  const queryStart = t.list.findIndex((x, i) => i > ident.end && ["SELECT", "VALUES", "WITH", "TABLE"].includes(x.upper) && t.depthAt(i) === 0);
  const analysis = queryStart >= 0 ? analyzeQuery(session, t.from(queryStart)) : { columns: [], sources: [], bounded: true, source: { total: 0, rowsPerSecond: 1, row: () => [] }, complete: true };
  return { sink: fqn(ref), analysis };
}

/** A query runs as a `collect` job whose rows the client fetches. */
function query(session: Session, host: StatementHost, t: Tokens): Outcome {
  const analysis = analyzeQuery(session, t);
  const plan = { ...jobPlan(session, host, [], analysis.sources, analysis.bounded, analysis.durationMs), name: session.properties["pipeline.name"] ?? "collect" };
  return { kind: "query", columns: analysis.columns, plan, source: analysis.source };
}

function stopJob(session: Session, host: StatementHost, t: Tokens): Outcome {
  const id = stringValue(t.at(2)!);
  if (!host.jobmanager()?.jobs.has(id)) {
    throw new SqlError(`org.apache.flink.table.gateway.service.utils.SqlExecutionException: Could not stop job ${id} in session ${session.handle}.\nCaused by: org.apache.flink.runtime.messages.FlinkJobNotFoundException: Could not find Flink job (${id})`);
  }
  return { kind: "stop", jobId: id, withSavepoint: t.words.includes("SAVEPOINT"), drain: t.words.includes("DRAIN") };
}
