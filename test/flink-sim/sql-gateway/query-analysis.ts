import type { TableDef } from "./catalog";
import { Datagen, type Value } from "./datagen";
import { identifierValue, stringValue, type Token } from "./lexer";
import { fqn, lookup, resolve, SqlError, VALIDATION, type Ref } from "./names";
import type { RowSource } from "./outcomes";
import type { ResultColumn } from "./results";
import type { Session } from "./session";
import { Tokens, type Identifier } from "./tokens";
import { STRING_TYPE, type LogicalType } from "./types";
import { windowCallAt, windowColumns, windowValues } from "./window-tvf";

/**
 * Columns, sources and rows of a query. Evaluated as far as a test of a console needs: `*` and
 * column names over one relation (a table, a view, a CTE, a subquery or a window TVF over one of
 * them; datagen tables produce rows), literals and VALUES, LIMIT; any other expression becomes a
 * STRING column of NULLs, and WHERE is not applied. `complete` is false when a `*` stood for
 * columns the simulator could not resolve (so an enclosing query cannot check names against them).
 */
export type QueryAnalysis = { columns: ResultColumn[]; sources: string[]; bounded: boolean; durationMs?: number; source: RowSource; complete: boolean };

type Base = { columns: ResultColumn[]; source: RowSource | undefined; bounded: boolean; durationMs?: number };

/** CTE names in scope → their query (undefined when a column list renames its columns). */
type Ctes = Map<string, Tokens | undefined>;

/**
 * `planned`: the query is being planned (run or explained), which is when Flink checks that the
 * connectors can be read; a view's query is only validated when the view is created. A query given
 * as Tokens is a slice of the submitted statement, so its errors carry the statement's positions.
 */
export function analyzeQuery(session: Session, query: Tokens | string, planned = true, depth = 0, outer: Ctes = new Map()): QueryAnalysis {
  const t = typeof query === "string" ? new Tokens(query) : query;
  const list = t.list;
  const ctes: Ctes = new Map([...outer, ...withClause(t)]);
  const tables = tableReferences(session, t, ctes).map((ref) => ({ ref, table: lookup(session, ref) }));
  for (const { ref, table } of planned ? tables : []) {
    if (["print", "blackhole"].includes(table.options.connector ?? "")) {
      throw new SqlError(`${VALIDATION}: Connector '${table.options.connector}' can only be used as a sink. It cannot be used as a source.\n(table ${fqn(ref)})`);
    }
  }
  const sources = tables.map(({ ref }) => fqn(ref));
  const limitAt = list.findIndex((x, i) => x.upper === "LIMIT" && t.depthAt(i) === 0);
  const limit = limitAt >= 0 ? Number(list[limitAt + 1]?.text) : undefined;
  if (list[0]?.upper === "VALUES") {
    const rows = valuesRows(t, 1);
    return { columns: (rows[0] ?? []).map((v, i) => ({ name: `EXPR$${i}`, type: literalType(v) })), sources: [], bounded: true, source: constantSource(rows), complete: true };
  }
  const selectAt = list.findIndex((x, i) => x.upper === "SELECT" && t.depthAt(i) === 0);
  const fromAt = list.findIndex((x, i) => i > selectAt && x.upper === "FROM" && t.depthAt(i) === 0);
  // Names are resolved only when FROM reads one relation (no joins, no lists; see isSoleRelation).
  const single = fromAt >= 0 && !list.some((x) => ["JOIN", "LATERAL", "UNNEST"].includes(x.upper));
  const scope = { session, planned, depth, ctes };
  const relation = single ? relationAt(scope, t, fromAt + 1) : undefined;
  const known = relation && isSoleRelation(t, relation.end) ? relation.base : undefined;
  const base: Base = known ?? { columns: [], source: undefined, bounded: tables.length === 0 };
  const distinct = ["DISTINCT", "ALL"].includes(list[selectAt + 1]?.upper ?? "") ? 1 : 0;
  const items = selectAt >= 0 ? t.splitItems(selectAt + 1 + distinct, fromAt >= 0 ? fromAt : limitAt >= 0 ? limitAt : list.length) : [];
  const columns: ResultColumn[] = [];
  const pick: ((row: Value[]) => Value)[] = [];
  let complete = true;
  items.forEach((item, i) => {
    if ((item.length === 1 && item[0]!.text === "*") || (item.length === 3 && item[2]!.text === "*")) {
      if (!known) complete = false;
      base.columns.forEach((c, ci) => {
        columns.push(c);
        pick.push((row) => row[ci] ?? null);
      });
      return;
    }
    const asAt = item.findIndex((x) => x.upper === "AS");
    const alias = asAt >= 0 ? identifierValue(item[asAt + 1]!) : item.length === 2 && item[1]!.type !== "symbol" ? identifierValue(item[1]!) : undefined;
    const expr = asAt >= 0 ? item.slice(0, asAt) : item.length === 2 ? item.slice(0, 1) : item;
    const literal = expr.length === 1 ? literalValue(expr[0]!) : undefined;
    if (literal !== undefined) {
      columns.push({ name: alias ?? `EXPR$${i}`, type: literalType(literal) });
      pick.push(() => literal);
      return;
    }
    const isColumn = (expr.length === 1 && (expr[0]!.type === "word" || expr[0]!.type === "quoted")) || (expr.length === 3 && expr[1]!.text === ".");
    if (isColumn && known) {
      const tok = expr[expr.length - 1]!;
      const name = identifierValue(tok);
      const ci = base.columns.findIndex((c) => c.name === name);
      if (ci < 0) throw validationError(tok, `Column '${name}' not found in any table`);
      columns.push({ ...base.columns[ci]!, name: alias ?? name });
      pick.push((row) => row[ci] ?? null);
      return;
    }
    columns.push({ name: alias ?? (isColumn ? identifierValue(expr[expr.length - 1]!) : `EXPR$${i}`), type: STRING_TYPE });
    pick.push(() => null);
  });
  const project = (row: Value[]) => pick.map((p) => p(row));
  const inner = base.source;
  const total = minDefined(inner ? inner.total : tables.length === 0 ? 1 : undefined, Number.isFinite(limit) ? limit : undefined);
  const rowsPerSecond = inner?.rowsPerSecond ?? 10000;
  return {
    columns,
    sources,
    bounded: total !== undefined,
    durationMs: total !== undefined ? (total / rowsPerSecond) * 1000 : undefined,
    source: inner ? { total, rowsPerSecond, row: (n) => project(inner.row(n)) } : tables.length === 0 ? constantSource([project([])]) : { total: undefined, rowsPerSecond: 0, row: () => [] },
    complete,
  };
}

/** Calcite's validation error, positioned on one token of the submitted statement. */
function validationError(tok: Token, message: string): SqlError {
  return new SqlError(`${VALIDATION}: SQL validation failed. From line ${tok.line}, column ${tok.column} to line ${tok.line}, column ${tok.column + tok.text.length - 1}: ${message}`);
}

type Scope = { session: Session; planned: boolean; depth: number; ctes: Ctes };

/**
 * The relation starting at token k of a FROM clause and the index of its last token: a table or
 * view, a CTE, a parenthesized subquery, or a window TVF over one of these. `base` is undefined
 * when its columns are unknown to the simulator (then nothing is checked against them).
 */
function relationAt(scope: Scope, t: Tokens, k: number): { base: Base | undefined; end: number } | undefined {
  const x = t.at(k);
  if (!x || scope.depth >= 5) return undefined;
  const window = windowCallAt(t, k);
  if (window) {
    const data = relationAt(scope, t, window.data);
    if (!data?.base) return { base: undefined, end: window.end };
    const { columns, source } = data.base;
    const at = window.timecol ? columns.findIndex((c) => c.name === identifierValue(window.timecol!)) : -1;
    // Flink checks the DESCRIPTOR's column against the input (SqlWindowTableFunction#validateColumnNames).
    if (window.timecol && at < 0) throw validationError(window.timecol, `Unknown identifier '${identifierValue(window.timecol)}'`);
    const time = columns[at]?.type ?? { type: "TIMESTAMP_WITHOUT_TIME_ZONE", nullable: false, precision: 3 };
    const row = (n: number) => (source ? [...source.row(n), ...windowValues(window, source.row(n)[at] ?? null)] : []);
    return { base: { ...data.base, columns: [...columns, ...windowColumns(time)], source: source && { ...source, row } }, end: window.end };
  }
  if (x.text === "(") {
    const close = t.matching(k);
    const a = analyzeQuery(scope.session, t.slice(k + 1, close), scope.planned, scope.depth + 1, scope.ctes);
    return { base: a.complete ? a : undefined, end: close };
  }
  if ((x.type !== "word" && x.type !== "quoted") || ["LATERAL", "UNNEST", "TABLE"].includes(x.upper)) return undefined;
  const ident = t.identifierAt(k);
  if (t.at(ident.end + 1)?.text === "(") return undefined; // a table function call
  if (ident.parts.length === 1 && scope.ctes.has(ident.parts[0]!)) {
    const body = scope.ctes.get(ident.parts[0]!);
    const a = body && analyzeQuery(scope.session, body, scope.planned, scope.depth + 1, scope.ctes);
    return { base: a?.complete ? a : undefined, end: ident.end };
  }
  return { base: tableSource(scope.session, lookup(scope.session, resolve(scope.session, ident)), scope.planned, scope.depth), end: ident.end };
}

/** What may follow FROM's only relation and its alias; anything else (`,`, MATCH_RECOGNIZE, FOR SYSTEM_TIME, a column alias list) may change its columns. */
const AFTER_RELATION = new Set(["WHERE", "GROUP", "HAVING", "ORDER", "LIMIT", "UNION", "EXCEPT", "INTERSECT", "MINUS", "OFFSET", "FETCH", "WINDOW", ")"]);

/** Whether the relation ending at token `end` is FROM's only one, its columns unchanged. */
function isSoleRelation(t: Tokens, end: number): boolean {
  let j = end + 1;
  if (t.at(j)?.upper === "AS") j += 1;
  const alias = t.at(j);
  if (alias && (alias.type === "word" || alias.type === "quoted") && !AFTER_RELATION.has(alias.upper)) j += 1;
  return j >= t.length || AFTER_RELATION.has(t.at(j)!.upper);
}

/** `WITH a AS (…), b (x, y) AS (…)`: the CTEs a query defines. */
function withClause(t: Tokens): Ctes {
  const out: Ctes = new Map();
  if (t.at(0)?.upper !== "WITH") return out;
  let k = 1;
  while (t.at(k)?.type === "word" || t.at(k)?.type === "quoted") {
    let j = k + 1;
    const renamed = t.at(j)?.text === "(";
    if (renamed) j = t.matching(j) + 1;
    if (t.at(j)?.upper !== "AS" || t.at(j + 1)?.text !== "(") break;
    const close = t.matching(j + 1);
    out.set(identifierValue(t.at(k)!), renamed ? undefined : t.slice(j + 2, close));
    if (t.at(close + 1)?.text !== ",") break;
    k = close + 2;
  }
  return out;
}

/** A table's columns and rows; undefined for a view whose `*` the simulator could not resolve. */
function tableSource(session: Session, table: TableDef, planned: boolean, depth: number): Base | undefined {
  const columns = table.columns.map((c) => ({ name: c.name, type: c.type }));
  if (table.kind === "VIEW" && table.query && depth < 5) {
    const a = analyzeQuery(session, table.query, planned, depth + 1);
    return a.complete ? { columns: a.columns, source: a.source, bounded: a.bounded, durationMs: a.durationMs } : undefined;
  }
  if (table.options.connector === "datagen") {
    const gen = new Datagen(table, table.columns);
    return { columns, source: { total: gen.total, rowsPerSecond: gen.rowsPerSecond, row: (n) => gen.row(n) }, bounded: gen.total !== undefined };
  }
  // Other connectors (kafka, filesystem, …) have no data in the simulator: an endless, empty stream.
  return { columns, source: { total: undefined, rowsPerSecond: 0, row: () => [] }, bounded: false };
}

function valuesRows(t: Tokens, from: number): Value[][] {
  const rows: Value[][] = [];
  let k = from;
  while (k < t.length && t.at(k)!.text === "(") {
    const close = t.matching(k);
    rows.push(t.splitItems(k + 1, close).map((item) => (item.length === 1 ? literalValue(item[0]!) ?? null : null)));
    k = close + 1;
    if (t.at(k)?.text === ",") k += 1;
  }
  return rows;
}

const CLAUSE_WORDS = new Set(["WHERE", "GROUP", "HAVING", "ORDER", "LIMIT", "UNION", "JOIN", "INNER", "LEFT", "RIGHT", "FULL", "CROSS", "ON", "WINDOW", "MATCH_RECOGNIZE", "FOR", "OFFSET", "FETCH", "EXCEPT", "INTERSECT"]);

/** Tables named after FROM, JOIN or TABLE (not CTE names, not subqueries or table functions). */
export function tableReferences(session: Session, t: Tokens, ctes: Ctes = withClause(t)): Ref[] {
  const list = t.list;
  const refs: Ref[] = [];
  const read = (k: number): Identifier | undefined => {
    const x = list[k];
    if (!x || (x.type !== "word" && x.type !== "quoted") || ["LATERAL", "TABLE", "UNNEST", "SELECT"].includes(x.upper)) return undefined;
    const ident = t.identifierAt(k);
    if (list[ident.end + 1]?.text === "(") return undefined; // a table function call
    if (ident.parts.length === 1 && ctes.has(ident.parts[0]!)) return ident;
    refs.push(resolve(session, ident));
    return ident;
  };
  for (let k = 0; k < list.length; k++) {
    const w = list[k]!.upper;
    if (w !== "FROM" && w !== "JOIN" && !(w === "TABLE" && k > 0)) continue;
    let ident = read(k + 1);
    // FROM a, b: comma-separated references at the same depth.
    while (ident && w === "FROM") {
      let j = ident.end + 1;
      if (list[j]?.upper === "AS") j += 1;
      if (list[j] && list[j]!.type !== "symbol" && !CLAUSE_WORDS.has(list[j]!.upper)) j += 1;
      if (list[j]?.text !== ",") break;
      ident = read(j + 1);
    }
  }
  return refs;
}

function literalValue(t: Token): Value | undefined {
  if (t.type === "number") return Number(t.text);
  if (t.type === "string") return stringValue(t);
  if (t.upper === "TRUE" || t.upper === "FALSE") return t.upper === "TRUE";
  return undefined;
}

function literalType(v: Value): LogicalType {
  if (typeof v === "number") return Number.isInteger(v) ? { type: "INTEGER", nullable: false } : { type: "DECIMAL", nullable: false, precision: 10, scale: 2 };
  if (typeof v === "boolean") return { type: "BOOLEAN", nullable: false };
  if (typeof v === "string") return { type: "CHAR", nullable: false, length: Math.max(1, v.length) };
  return { type: "NULL", nullable: true };
}

function constantSource(rows: Value[][]): RowSource {
  return { total: rows.length, rowsPerSecond: 10000, row: (n) => rows[n] ?? [] };
}

function minDefined(...xs: (number | undefined)[]): number | undefined {
  const d = xs.filter((x): x is number => x !== undefined);
  return d.length === 0 ? undefined : Math.min(...d);
}
