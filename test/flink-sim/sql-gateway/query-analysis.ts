import type { TableDef } from "./catalog";
import { Datagen, type Value } from "./datagen";
import { identifierValue, stringValue, type Token } from "./lexer";
import { fqn, lookup, resolve, SqlError, VALIDATION, type Ref } from "./names";
import type { RowSource } from "./outcomes";
import type { ResultColumn } from "./results";
import type { Session } from "./session";
import { Tokens, type Identifier } from "./tokens";
import { STRING_TYPE, type LogicalType } from "./types";

/**
 * Columns, sources and rows of a query. Evaluated as far as a test of a console needs: `*` and
 * column names over one table (datagen tables produce rows), literals and VALUES, LIMIT; any other
 * expression becomes a STRING column of NULLs, and WHERE is not applied.
 */
export type QueryAnalysis = { columns: ResultColumn[]; sources: string[]; bounded: boolean; durationMs?: number; source: RowSource };

type Base = { columns: ResultColumn[]; source: RowSource | undefined; bounded: boolean; durationMs?: number };

/**
 * `planned`: the query is being planned (run or explained), which is when Flink checks that the
 * connectors can be read; a view's query is only validated when the view is created.
 */
export function analyzeQuery(session: Session, sql: string, planned = true, depth = 0): QueryAnalysis {
  const t = new Tokens(sql);
  const list = t.list;
  const tables = tableReferences(session, t).map((ref) => ({ ref, table: lookup(session, ref) }));
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
    return { columns: (rows[0] ?? []).map((v, i) => ({ name: `EXPR$${i}`, type: literalType(v) })), sources: [], bounded: true, source: constantSource(rows) };
  }
  const selectAt = list.findIndex((x, i) => x.upper === "SELECT" && t.depthAt(i) === 0);
  const fromAt = list.findIndex((x, i) => i > selectAt && x.upper === "FROM" && t.depthAt(i) === 0);
  const single = tables.length === 1 && fromAt >= 0 && !list.some((x) => ["JOIN", "LATERAL", "UNNEST"].includes(x.upper)) ? tables[0] : undefined;
  const base: Base = single ? tableSource(session, single.table, planned, depth) : { columns: [], source: undefined, bounded: tables.length === 0 };
  const distinct = ["DISTINCT", "ALL"].includes(list[selectAt + 1]?.upper ?? "") ? 1 : 0;
  const items = selectAt >= 0 ? t.splitItems(selectAt + 1 + distinct, fromAt >= 0 ? fromAt : limitAt >= 0 ? limitAt : list.length) : [];
  const columns: ResultColumn[] = [];
  const pick: ((row: Value[]) => Value)[] = [];
  items.forEach((item, i) => {
    if ((item.length === 1 && item[0]!.text === "*") || (item.length === 3 && item[2]!.text === "*")) {
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
    if (isColumn && single) {
      const tok = expr[expr.length - 1]!;
      const name = identifierValue(tok);
      const ci = base.columns.findIndex((c) => c.name === name);
      if (ci < 0) throw new SqlError(`${VALIDATION}: SQL validation failed. From line ${tok.line}, column ${tok.column} to line ${tok.line}, column ${tok.column + tok.text.length - 1}: Column '${name}' not found in any table`);
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
  };
}

function tableSource(session: Session, table: TableDef, planned: boolean, depth: number): Base {
  const columns = table.columns.map((c) => ({ name: c.name, type: c.type }));
  if (table.kind === "VIEW" && table.query && depth < 5) {
    const a = analyzeQuery(session, table.query, planned, depth + 1);
    return { columns: a.columns, source: a.source, bounded: a.bounded, durationMs: a.durationMs };
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
export function tableReferences(session: Session, t: Tokens): Ref[] {
  const list = t.list;
  const ctes = new Set<string>();
  if (list[0]?.upper === "WITH") {
    for (let k = 1; k < list.length; k++) {
      const x = list[k]!;
      if (t.depthAt(k) === 0 && (x.type === "word" || x.type === "quoted") && (list[k + 1]?.upper === "AS" || list[k + 1]?.text === "(") && (k === 1 || list[k - 1]!.text === ",")) ctes.add(identifierValue(x));
      if (t.depthAt(k) === 0 && x.upper === "SELECT") break;
    }
  }
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
