/**
 * What a script declares: tables, views, functions and catalogs, with the columns of tables and
 * views, for completion (and "go to definition" later).
 *
 * This is a token-level pass, not dt-sql-parser: the local grammar rejects many valid DDL
 * statements (CREATE TABLE ... DISTRIBUTED BY, CREATE TABLE AS with a column list, ...), and a
 * statement being typed is rarely complete, yet its table and columns should still be offered.
 */
import { RESERVED_WORDS } from "./dictionary";
import { splitTokens } from "./split";
import { tokenize, wordOf, type Token } from "./tokenizer";

export type ScriptSymbol = { name: string; kind: "table" | "view" | "function" | "catalog"; columns: string[]; from: number };
export type ScriptSymbols = { tables: ScriptSymbol[] };

/** Words that begin a table constraint or clause inside a column list, not a column. */
const NOT_COLUMNS = new Set(["PRIMARY", "CONSTRAINT", "WATERMARK", "PERIOD", "UNIQUE", "FOREIGN", "CHECK", "LIKE"]);

/** The identifier text of a word or `quoted` identifier, unquoted. */
export function identifierText(t: Token | undefined): string | undefined {
  if (!t) return undefined;
  if (t.kind === "word") return t.text;
  if (t.kind === "quoted-identifier" && !t.unterminated) return t.text.slice(1, -1).replace(/``/g, "`");
  if (t.kind === "variable") return t.text;
  return undefined;
}

/** Reads a possibly qualified name (cat.db.tbl) at `i`; returns the name and the index after it. */
export function readName(tokens: readonly Token[], i: number): { name: string; next: number; from: number } | undefined {
  const first = identifierText(tokens[i]);
  if (first === undefined) return undefined;
  const parts = [first];
  let j = i + 1;
  while (tokens[j]?.text === "." && identifierText(tokens[j + 1]) !== undefined) {
    parts.push(identifierText(tokens[j + 1]) as string);
    j += 2;
  }
  return { name: parts.join("."), next: j, from: tokens[i]?.from ?? 0 };
}

/** Splits `tokens[from, to)` at top-level commas. */
export function splitTopLevel(tokens: readonly Token[], from: number, to: number): Token[][] {
  const items: Token[][] = [[]];
  let depth = 0;
  for (let i = from; i < to; i++) {
    const t = tokens[i] as Token;
    if (t.kind === "punctuation" && (t.text === "(" || t.text === "[")) depth++;
    if (t.kind === "punctuation" && (t.text === ")" || t.text === "]")) depth--;
    if (depth === 0 && t.kind === "punctuation" && t.text === ",") {
      items.push([]);
      continue;
    }
    items[items.length - 1]?.push(t);
  }
  return items.filter((item) => item.length > 0);
}

function matchingClose(tokens: readonly Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    if (t.kind !== "punctuation") continue;
    if (t.text === "(" || t.text === "[") depth++;
    else if (t.text === ")" || t.text === "]") {
      depth--;
      if (depth === 0) return i;
    }
  }
  return tokens.length; // unclosed while typing: the list runs to the end
}

/** Column names of a CREATE TABLE column list. */
function columnsOfList(tokens: readonly Token[], open: number): string[] {
  const close = matchingClose(tokens, open);
  const out: string[] = [];
  for (const item of splitTopLevel(tokens, open + 1, close)) {
    const w = wordOf(item[0]);
    if (w && NOT_COLUMNS.has(w)) continue;
    const name = identifierText(item[0]);
    if (name !== undefined && (item.length === 1 || item[1]?.text !== ".")) out.push(name);
  }
  return out;
}

/**
 * Output column names of a simple query starting at `select` (the SELECT token): aliases, plain
 * (qualified) column references, and `*` expanded from a single known table.
 */
export function selectColumns(tokens: readonly Token[], select: number, known: ReadonlyMap<string, ScriptSymbol>): string[] {
  // the select list runs to the FROM at the same depth
  let depth = 0;
  let end = tokens.length;
  for (let i = select + 1; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    if (t.text === "(" || t.text === "[") depth++;
    else if (t.text === ")" || t.text === "]") depth--;
    else if (depth === 0 && wordOf(t) === "FROM") {
      end = i;
      break;
    }
  }
  let start = select + 1;
  if (wordOf(tokens[start]) === "DISTINCT" || wordOf(tokens[start]) === "ALL") start++;
  const out: string[] = [];
  for (const item of splitTopLevel(tokens, start, end)) {
    const last = item[item.length - 1];
    const beforeLast = item[item.length - 2];
    if (item.length === 1 && last?.text === "*") {
      const from = readName(tokens, end + 1);
      const table = from ? known.get(from.name.toLowerCase()) : undefined;
      if (table) out.push(...table.columns);
      continue;
    }
    const lastName = identifierText(last);
    if (lastName === undefined || (last?.kind === "word" && RESERVED_WORDS.has(last.text.toUpperCase()))) continue;
    // col | t.col | expr AS alias | expr alias
    if (item.length === 1 || beforeLast?.text === "." || wordOf(beforeLast) === "AS" || (beforeLast !== undefined && isExpressionEnd(beforeLast))) {
      out.push(lastName);
    }
  }
  return out;
}

function isExpressionEnd(t: Token): boolean {
  return t.kind === "word" || t.kind === "quoted-identifier" || t.text === ")" || t.kind === "number" || t.kind === "string";
}

/** Tables, views, functions and catalogs the script creates, in order. */
export function scriptSymbols(script: string): ScriptSymbols {
  const tables: ScriptSymbol[] = [];
  const known = new Map<string, ScriptSymbol>();
  const add = (s: ScriptSymbol) => {
    tables.push(s);
    known.set(s.name.toLowerCase(), s);
  };
  for (const st of splitTokens(tokenize(script))) {
    const t = st.tokens;
    let i = 0;
    const w = (k: number) => wordOf(t[k]);
    if (w(0) === "REPLACE") i = 1;
    else if (w(0) === "CREATE") {
      i = 1;
      if (w(i) === "OR" && w(i + 1) === "REPLACE") i += 2;
    } else continue;
    if (w(i) === "TEMPORARY") i++;
    if (w(i) === "SYSTEM") i++;
    let kind: ScriptSymbol["kind"] | undefined;
    if (w(i) === "TABLE") kind = "table";
    else if (w(i) === "MATERIALIZED" && w(i + 1) === "TABLE") {
      kind = "table";
      i++;
    } else if (w(i) === "VIEW") kind = "view";
    else if (w(i) === "FUNCTION") kind = "function";
    else if (w(i) === "CATALOG") kind = "catalog";
    if (!kind) continue;
    i++;
    if (w(i) === "IF" && w(i + 1) === "NOT" && w(i + 2) === "EXISTS") i += 3;
    const name = readName(t, i);
    if (!name) continue;
    let columns: string[] = [];
    let j = name.next;
    if ((kind === "table" || kind === "view") && t[j]?.text === "(") {
      columns = columnsOfList(t, j);
      j = matchingClose(t, j) + 1;
    }
    if (kind === "table" || kind === "view") {
      // CREATE TABLE ... LIKE other: the other table's columns come first
      for (let k = j; k < t.length; k++) {
        if (w(k) === "LIKE") {
          const other = readName(t, k + 1);
          const base = other ? known.get(other.name.toLowerCase()) : undefined;
          if (base) columns = [...base.columns, ...columns.filter((c) => !base.columns.includes(c))];
          break;
        }
        if (w(k) === "AS") break;
      }
      // CREATE VIEW v AS SELECT ..., CREATE TABLE t AS SELECT ...: columns of the query when simple
      if (columns.length === 0 || kind === "table") {
        let depth = 0;
        for (let k = j; k < t.length; k++) {
          const tok = t[k] as Token;
          if (tok.text === "(") depth++;
          else if (tok.text === ")") depth--;
          else if (depth === 0 && wordOf(tok) === "AS") {
            let s = k + 1;
            while (t[s]?.text === "(") s++;
            if (wordOf(t[s]) === "SELECT") {
              const fromQuery = selectColumns(t, s, known);
              columns = [...columns, ...fromQuery.filter((c) => !columns.includes(c))];
            }
            break;
          }
        }
      }
    }
    add({ name: name.name, kind, columns, from: name.from });
  }
  return { tables };
}
