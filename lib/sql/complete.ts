/**
 * Completion for the IDE: what can be typed at a position of a script.
 *
 * Context-aware only where that is cheap and reliable on half-typed text (token level, no grammar):
 * inside `${` the variables; after `name.` the columns of that table or alias; after FROM / JOIN /
 * INTO the tables first; anywhere else keywords, functions, types, tables and columns. Inside
 * comments and string literals there is nothing to complete (except `${` in a string, the main
 * place variables are used). It never throws: a completion source that throws breaks typing.
 */
import { FUNCTION_NAMES, RESERVED_WORDS, flinkFunctions, flinkKeywords, flinkTypes, KNOWN_WORDS } from "./dictionary";
import { splitTokens } from "./split";
import { identifierText, readName, scriptSymbols, type ScriptSymbol } from "./symbols";
import { isTrivia, tokenize, wordOf, type Token } from "./tokenizer";
import { findVariables } from "./variables";

export type Completion = {
  label: string;
  type: "keyword" | "function" | "type" | "table" | "column" | "variable" | "snippet";
  detail?: string;
  apply?: string;
  /** longer description (CodeMirror's `info`) */
  info?: string;
  /** ranking hint (CodeMirror's `boost`, -99..99): what the context most likely wants */
  boost?: number;
};

export type CompletionResult = { from: number; to: number; options: Completion[] };

export type CompletionContext = {
  variables?: readonly string[];
  /** the user asked for completion (Ctrl-Space): also answer where nothing has been typed yet */
  explicit?: boolean;
};

const TABLE_FUNCTIONS = ["TUMBLE", "HOP", "CUMULATE", "SESSION", "ML_PREDICT", "VECTOR_SEARCH", "FROM_CHANGELOG", "TO_CHANGELOG", "UNNEST"];
const TABLE_CONTEXT = new Set(["FROM", "JOIN", "INTO", "TABLE", "UPDATE", "DESCRIBE", "DESC", "OVERWRITE", "LIKE"]);
const NEW_NAME_BEFORE_TABLE = new Set(["CREATE", "TEMPORARY", "EXISTS", "REPLACE", "MATERIALIZED", "DROP", "ALTER"]);

const SNIPPETS: Completion[] = [
  {
    label: "CREATE TABLE … kafka",
    type: "snippet",
    detail: "Kafka source table",
    apply:
      "CREATE TABLE source_table (\n  id BIGINT,\n  ts TIMESTAMP(3),\n  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND\n) WITH (\n  'connector' = 'kafka',\n  'topic' = 'topic_name',\n  'properties.bootstrap.servers' = 'localhost:9092',\n  'properties.group.id' = 'group_id',\n  'scan.startup.mode' = 'earliest-offset',\n  'format' = 'json'\n);",
  },
  {
    label: "CREATE TABLE … datagen",
    type: "snippet",
    detail: "Generated test data",
    apply: "CREATE TEMPORARY TABLE gen (\n  id BIGINT,\n  name STRING\n) WITH (\n  'connector' = 'datagen',\n  'rows-per-second' = '10'\n);",
  },
  { label: "INSERT INTO … SELECT", type: "snippet", detail: "Continuous insert", apply: "INSERT INTO sink_table\nSELECT *\nFROM source_table;" },
  {
    label: "EXECUTE STATEMENT SET",
    type: "snippet",
    detail: "Several INSERTs in one job",
    apply: "EXECUTE STATEMENT SET\nBEGIN\n  INSERT INTO sink_a SELECT * FROM source_table;\n  INSERT INTO sink_b SELECT * FROM source_table;\nEND;",
  },
  {
    label: "SELECT … TUMBLE window",
    type: "snippet",
    detail: "Window TVF aggregation",
    apply:
      "SELECT window_start, window_end, COUNT(*) AS cnt\nFROM TABLE(\n  TUMBLE(TABLE source_table, DESCRIPTOR(ts), INTERVAL '1' MINUTE))\nGROUP BY window_start, window_end;",
  },
  { label: "SET 'key' = 'value'", type: "snippet", detail: "Session option", apply: "SET 'table.exec.state.ttl' = '1 h';" },
];

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * SQL:2003 reserved words people name columns after. Quoting is always valid, so completion quotes
 * these too; the formatter's RESERVED_WORDS stays smaller because upper-casing is not harmless.
 */
const QUOTE_ALSO = new Set(["USER", "VALUE", "RESULT", "POSITION", "LANGUAGE", "SYSTEM", "METHOD", "MODULE", "RETURN", "OUTPUT", "INPUT", "START", "END", "OFFSET", "LIMIT"]);

/** A name as it must be written: backquoted when it is not a plain identifier or is reserved. */
export function quoteIdentifier(name: string): string {
  const upper = name.toUpperCase();
  return IDENTIFIER.test(name) && !RESERVED_WORDS.has(upper) && !QUOTE_ALSO.has(upper) ? name : "`" + name.replace(/`/g, "``") + "`";
}

function quoteQualified(name: string): string {
  return name.split(".").map(quoteIdentifier).join(".");
}

function variableOptions(script: string, ctx: CompletionContext | undefined, suffix: (name: string) => string): Completion[] {
  const names = new Set<string>(ctx?.variables ?? []);
  for (const v of findVariables(script)) names.add(v.name);
  return [...names].sort().map((name) => ({ label: name, type: "variable" as const, detail: "variable", apply: name + suffix(name) }));
}

function tableOption(t: ScriptSymbol, boost?: number): Completion {
  const option: Completion = { label: t.name, type: "table", detail: t.columns.length > 0 ? `${t.kind} (${t.columns.length} columns)` : t.kind };
  const applied = quoteQualified(t.name);
  if (applied !== t.name) option.apply = applied;
  if (boost !== undefined) option.boost = boost;
  return option;
}

function columnOption(name: string, table: string, boost?: number): Completion {
  const option: Completion = { label: name, type: "column", detail: table };
  const applied = quoteIdentifier(name);
  if (applied !== name) option.apply = applied;
  if (boost !== undefined) option.boost = boost;
  return option;
}

const FUNCTION_OPTIONS: Completion[] = flinkFunctions.map((f) => ({ label: f.name, type: "function", detail: f.signature, info: f.description }));
const TYPE_OPTIONS: Completion[] = flinkTypes.filter((t) => !FUNCTION_NAMES.has(t)).map((t) => ({ label: t, type: "type" }));
const KEYWORD_OPTIONS: Completion[] = flinkKeywords
  .filter((k) => !FUNCTION_NAMES.has(k) && !flinkTypes.includes(k))
  .map((k) => ({ label: k, type: "keyword" }));

/** Alias (and table name) -> table, for the statement's FROM/JOIN items: `orders o`, `orders AS o`. */
function aliasesIn(tokens: readonly Token[], known: ReadonlyMap<string, ScriptSymbol>): Map<string, ScriptSymbol> {
  const out = new Map<string, ScriptSymbol>();
  for (let i = 0; i < tokens.length; i++) {
    const name = readName(tokens, i);
    if (!name) continue;
    const table = known.get(name.name.toLowerCase());
    if (!table) continue;
    out.set(name.name.toLowerCase(), table);
    let j = name.next;
    if (wordOf(tokens[j]) === "AS") j++;
    const alias = identifierText(tokens[j]);
    const aliasWord = wordOf(tokens[j]);
    if (alias !== undefined && !(aliasWord && KNOWN_WORDS.has(aliasWord))) out.set(alias.toLowerCase(), table);
    i = name.next - 1;
  }
  return out;
}

function complete(script: string, rawPos: number, ctx: CompletionContext | undefined): CompletionResult | null {
  const pos = Math.max(0, Math.min(script.length, rawPos));
  const tokens = tokenize(script);
  const at = tokens.find((t) => t.from < pos && pos <= t.to);

  // ${ ... : the variables (in code and in strings alike)
  const variablePrefix = /\$\{([A-Za-z0-9._-]*)$/.exec(script.slice(Math.max(0, pos - 200), pos));
  const inComment = at !== undefined && (at.kind === "line-comment" || (at.kind === "block-comment" && (pos < at.to || at.unterminated === true)));
  const inHint = inComment && at?.text.startsWith("/*+") === true;
  if (inComment && !(inHint && variablePrefix)) return null;
  if (variablePrefix) {
    let to = pos;
    while (to < script.length && /[A-Za-z0-9._-]/.test(script[to] ?? "")) to++;
    const closed = script[to] === "}";
    const options = variableOptions(script, ctx, () => (closed ? "" : "}"));
    return options.length > 0 ? { from: pos - (variablePrefix[1] ?? "").length, to, options } : null;
  }
  if (at && (at.kind === "string" || at.kind === "quoted-identifier" || at.kind === "double-quoted") && (pos < at.to || at.unterminated)) {
    return null;
  }

  // the word being typed
  let from = pos;
  while (from > 0 && /[A-Za-z0-9_$]/.test(script[from - 1] ?? "")) from--;
  const prefix = script.slice(from, pos);
  if (/^[0-9]/.test(prefix)) return null;

  const significant = tokens.filter((t) => !isTrivia(t));
  let prevIndex = -1;
  for (let i = 0; i < significant.length; i++) {
    if ((significant[i] as Token).to <= from) prevIndex = i;
    else break;
  }
  const prev = significant[prevIndex];
  const symbols = scriptSymbols(script).tables;
  const known = new Map(symbols.map((s) => [s.name.toLowerCase(), s] as const));
  const statement = splitTokens(tokens).find((s) => s.from <= pos && pos <= s.to + 1) ?? { tokens: [] as Token[] };

  // name. -> the columns of that table or alias
  if (prev && prev.text === "." && prev.to === from) {
    let k = prevIndex - 1;
    const parts: string[] = [];
    while (k >= 0) {
      const part = identifierText(significant[k]);
      if (part === undefined) break;
      parts.unshift(part);
      if (significant[k - 1]?.text === "." && significant[k - 1]?.to === significant[k]?.from) k -= 2;
      else break;
    }
    const qualifier = parts.join(".").toLowerCase();
    const aliases = aliasesIn(statement.tokens, known);
    const table =
      aliases.get(qualifier) ?? known.get(qualifier) ?? symbols.find((s) => s.name.toLowerCase().split(".").pop() === qualifier);
    if (!table || table.columns.length === 0) return null;
    return { from, to: pos, options: table.columns.map((c) => columnOption(c, table.name)) };
  }

  const prevWord = wordOf(prev);
  const prevPrevWord = wordOf(significant[prevIndex - 1]);

  // USE CATALOG x, USE x, DROP CATALOG x
  if (prevWord === "CATALOG" || (prevWord === "USE" && prefix !== "")) {
    const catalogs = symbols.filter((s) => s.kind === "catalog").map((s) => tableOption(s, 10));
    if (prevWord === "CATALOG" && prevPrevWord === "CREATE") return null;
    if (catalogs.length > 0 || prevWord === "CATALOG") return catalogs.length > 0 ? { from, to: pos, options: catalogs } : null;
  }

  // FROM / JOIN / INTO ...: tables first
  if (prevWord && TABLE_CONTEXT.has(prevWord)) {
    if (prevWord === "TABLE" && prevPrevWord && NEW_NAME_BEFORE_TABLE.has(prevPrevWord) && prevPrevWord !== "DROP" && prevPrevWord !== "ALTER") {
      return null; // CREATE TABLE <new name>
    }
    if (prevWord === "LIKE" && !statement.tokens.some((t) => wordOf(t) === "CREATE")) {
      // WHERE a LIKE <pattern>: nothing to offer
    } else {
      const options: Completion[] = symbols.filter((s) => s.kind === "table" || s.kind === "view").map((s) => tableOption(s, 10));
      if (prevWord === "FROM" || prevWord === "JOIN") {
        for (const f of FUNCTION_OPTIONS) if (TABLE_FUNCTIONS.includes(f.label)) options.push({ ...f, boost: 5 });
        options.push({ label: "TABLE", type: "keyword", boost: 4 }, { label: "LATERAL", type: "keyword", boost: 4 });
      }
      if (options.length > 0) return { from, to: pos, options };
      if (!prefix && !ctx?.explicit) return null;
    }
  }

  if (!prefix && !ctx?.explicit) return null;

  const options: Completion[] = [];
  const seen = new Set<string>();
  const push = (o: Completion) => {
    const key = o.label.toUpperCase();
    if (seen.has(key)) return;
    seen.add(key);
    options.push(o);
  };
  // at a statement start: snippets
  if (!prev || prev.text === ";") for (const s of SNIPPETS) push(s);
  // columns of the tables this statement uses come first, then every other known column
  const used = new Set(aliasesIn(statement.tokens, known).values());
  for (const t of used) for (const c of t.columns) push(columnOption(c, t.name, 3));
  for (const t of symbols) if (t.kind === "table" || t.kind === "view") push(tableOption(t, 1));
  for (const t of symbols) if (t.kind === "function") push({ label: t.name, type: "function", detail: "function (this script)" });
  for (const f of FUNCTION_OPTIONS) push(f);
  for (const t of TYPE_OPTIONS) push(t);
  for (const k of KEYWORD_OPTIONS) push(k);
  for (const t of symbols) if (!used.has(t)) for (const c of t.columns) push(columnOption(c, t.name, -1));
  for (const v of variableOptions(script, ctx, () => "")) push({ ...v, label: "${" + v.label + "}", apply: "${" + v.label + "}" });
  return { from, to: pos, options };
}

/** Completion options at `pos` of `script`, or null when there is nothing sensible to offer. */
export function completionsAt(script: string, pos: number, ctx?: CompletionContext): CompletionResult | null {
  try {
    return complete(script, pos, ctx);
  } catch {
    return null;
  }
}
