/**
 * Safe FlinkSQL formatting: it must never change what a script means.
 *
 * The script is formatted statement by statement; only each statement's own text is replaced, so
 * comments and blank lines between statements, and the `;`, stay as written. A statement's new
 * text is kept only if
 *   1. its token stream equals the original's, ignoring whitespace and the case of reserved words
 *      (Flink identifiers are case-sensitive, so the case of any other word must not change;
 *      comments must survive, hints `/*+ ... *\/` exactly), and
 *   2. formatting it again gives the same text (so formatScript is idempotent);
 * otherwise the statement is left exactly as it was. sql-formatter has no Flink dialect and
 * breaks some Flink syntax (it splits `=>` into `= >`); check 1 is what makes that harmless.
 *
 * Layout: queries (SELECT, INSERT, WITH, ...) go through sql-formatter with a Flink variant of its
 * Spark dialect (Flink's '' string escapes, `=>`). DDL (CREATE/ALTER/REPLACE) gets our own layout,
 * one column or option per line, because sql-formatter treats `METADATA FROM` as a FROM clause
 * and puts a WITH option list on one line.
 */
import { formatDialect, spark, type DialectOptions } from "sql-formatter";
import { FUNCTION_NAMES, INTERVAL_UNITS, RESERVED_WORDS, flinkKeywords, flinkTypes } from "./dictionary";
import { splitTokens, statementSetParts } from "./split";
import { isTrivia, tokenize, wordOf, type Token } from "./tokenizer";

const KEYWORD_SET = new Set(flinkKeywords);
const TYPE_SET = new Set(flinkTypes);
const UNIT_SET = new Set(INTERVAL_UNITS);

/**
 * Flink's functions, so sql-formatter writes `ML_PREDICT(` rather than `ML_PREDICT (`; words that
 * are also keywords, types or units (LEFT JOIN, INTERVAL '1' HOUR, MAP[...]) keep Spark's reading.
 */
const EXTRA_FUNCTION_NAMES = [
  "DESCRIPTOR",
  ...[...FUNCTION_NAMES].filter(
    (name) => !KEYWORD_SET.has(name) && !TYPE_SET.has(name) && !UNIT_SET.has(name) && !["IF", "REPLACE", "TRUNCATE"].includes(name),
  ),
];

const FLINK_FORMAT_DIALECT: DialectOptions = {
  ...spark,
  name: "flink",
  tokenizerOptions: {
    ...spark.tokenizerOptions,
    reservedFunctionNames: [...new Set([...spark.tokenizerOptions.reservedFunctionNames, ...EXTRA_FUNCTION_NAMES])],
    // Flink strings escape a quote by doubling it; a backslash is an ordinary character.
    stringTypes: ["''-qq", '""-qq'],
    operators: [...(spark.tokenizerOptions.operators ?? []), "=>"],
  },
};

const INDENT = "  ";
const INLINE_LIMIT = 60;

// ---------------------------------------------------------------------------------------------
// Token signature: what must not change

function signature(text: string): string[] {
  const out: string[] = [];
  const tokens = tokenize(text);
  for (const t of tokens) {
    if (t.kind === "whitespace") continue;
    if (t.kind === "word") {
      const upper = t.text.toUpperCase();
      out.push(RESERVED_WORDS.has(upper) ? `w:${upper}` : `w:${t.text}`);
    } else if (t.kind === "block-comment") {
      // a hint is SQL (its options are strings): exact; a plain comment: its words
      out.push(t.text.startsWith("/*+") ? `h:${t.text}` : `c:${t.text.replace(/\s+/g, " ")}`);
    } else if (t.kind === "line-comment") {
      out.push(`c:${t.text.trimEnd()}`);
    } else {
      out.push(`${t.kind}:${t.text}`);
    }
  }
  return out;
}

function sameTokens(a: string, b: string): boolean {
  const x = signature(a);
  const y = signature(b);
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

/** Upper-cases reserved words (safe: they can never be identifiers unquoted). */
function upperCaseReserved(text: string): string {
  let out = "";
  let last = 0;
  let prevSignificant: Token | undefined;
  for (const t of tokenize(text)) {
    if (t.kind === "word" && RESERVED_WORDS.has(t.text.toUpperCase()) && t.text !== t.text.toUpperCase()) {
      // after a dot it is a field name (t.`year` is how it must be written, but do not touch t.year)
      if (!(prevSignificant && prevSignificant.text === ".")) {
        out += text.slice(last, t.from) + t.text.toUpperCase();
        last = t.to;
      }
    }
    if (!isTrivia(t)) prevSignificant = t;
  }
  return out + text.slice(last);
}

// ---------------------------------------------------------------------------------------------
// Inline layout: tokens on one line with conventional spacing

const NO_SPACE_BEFORE_PAREN = new Set([...flinkTypes, ...FUNCTION_NAMES, "HASH"]);
const TYPE_CONSTRUCTORS = new Set(["ARRAY", "MAP", "MULTISET", "ROW", "RAW"]);
const KEYWORDS = KEYWORD_SET;

function isOpen(t: Token | undefined): boolean {
  return t !== undefined && t.kind === "punctuation" && (t.text === "(" || t.text === "[");
}

/** Joins tokens (whitespace dropped) into text; a line comment ends its line. */
function joinInline(tokens: readonly Token[], indent: string): string {
  let out = "";
  let prev: Token | undefined;
  let prevPrev: Token | undefined;
  let atLineStart = true;
  let angles = 0; // inside ARRAY<...>, MAP<...>, ROW<...>: written without spaces around < >
  for (const t of tokens) {
    if (t.kind === "whitespace") continue;
    const openAngle = t.text === "<" && t.kind === "operator" && (angles > 0 || TYPE_CONSTRUCTORS.has(wordOf(prev) ?? ""));
    const closeAngle = t.text === ">" && t.kind === "operator" && angles > 0;
    if (!atLineStart && prev) {
      let space = true;
      const p = prev.text;
      if (openAngle || closeAngle) space = false;
      else if (prev.kind === "operator" && p === "<" && angles > 0) space = false;
      else if (t.kind === "punctuation" && [",", ")", "]", ".", ";"].includes(t.text)) space = false;
      else if (prev.kind === "punctuation" && (p === "(" || p === "[" || p === ".")) space = false;
      else if (t.text === "(" && t.kind === "punctuation") {
        const w = wordOf(prev);
        if (prev.kind === "quoted-identifier" || prev.kind === "variable") space = false;
        else if (w !== undefined) space = KEYWORDS.has(w) && !NO_SPACE_BEFORE_PAREN.has(w);
      } else if (t.text === "[" && t.kind === "punctuation") {
        space = !(prev.kind === "word" || prev.kind === "quoted-identifier" || p === "]" || p === ")");
      } else if (prev.kind === "operator" && (p === "-" || p === "+")) {
        // unary minus/plus: after an operator, an opening bracket, a comma or a keyword
        const before = prevPrev;
        const unary =
          before === undefined ||
          before.kind === "operator" ||
          isOpen(before) ||
          before.text === "," ||
          (before.kind === "word" && KEYWORDS.has(before.text.toUpperCase()) && !NO_SPACE_BEFORE_PAREN.has(before.text.toUpperCase()));
        if (unary) space = false;
      }
      if (space) out += " ";
    }
    out += t.text;
    if (openAngle) angles++;
    if (closeAngle) angles--;
    atLineStart = false;
    if (t.kind === "line-comment") {
      out += "\n" + indent;
      atLineStart = true;
    }
    prevPrev = prev;
    prev = t;
  }
  return out.trimEnd();
}

// ---------------------------------------------------------------------------------------------
// DDL layout

const BLOCK_AFTER = new Set(["WITH", "SET", "RESET", "ADD", "MODIFY", "INPUT", "OUTPUT"]);
const CLAUSE_STARTS = new Set(["COMMENT", "PARTITIONED", "DISTRIBUTED", "WITH", "LIKE", "INPUT", "OUTPUT", "FRESHNESS", "REFRESH_MODE"]);
const QUERY_STARTS = new Set(["SELECT", "WITH", "VALUES", "("]);

/** Index of the token closing the bracket opened at `open`, or -1. */
function closing(tokens: readonly Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    const t = tokens[i];
    if (!t || t.kind !== "punctuation") continue;
    if (t.text === "(" || t.text === "[") depth++;
    else if (t.text === ")" || t.text === "]") {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/** Whether a comment token starts its own line in the original text. */
function ownLine(text: string, t: Token): boolean {
  for (let i = t.from - 1; i >= 0; i--) {
    const c = text[i];
    if (c === "\n" || c === "\r") return true;
    if (c !== " " && c !== "\t") return false;
  }
  return true;
}

/** A bracketed list, one item per line unless it is short and has no comments. */
function formatBlock(text: string, inner: readonly Token[]): string {
  const items: Token[][] = [[]];
  let depth = 0;
  for (const t of inner) {
    const current = items[items.length - 1];
    if (!current) continue;
    if (t.kind === "punctuation" && (t.text === "(" || t.text === "[")) depth++;
    if (t.kind === "punctuation" && (t.text === ")" || t.text === "]")) depth--;
    current.push(t);
    if (depth === 0 && t.kind === "punctuation" && t.text === ",") items.push([]);
  }
  const hasComment = inner.some((t) => t.kind === "line-comment" || t.kind === "block-comment");
  const inline = joinInline(inner, "");
  if (!hasComment && inline.length <= INLINE_LIMIT) return `(${inline})`;
  const lines: string[] = [];
  for (const item of items) {
    // a comment on its own line before the item stays on its own line
    let k = 0;
    while (k < item.length) {
      const t = item[k];
      if (!t) break;
      if (t.kind === "whitespace") {
        k++;
        continue;
      }
      if (t.kind === "line-comment" || t.kind === "block-comment") {
        const previous = lines.length - 1;
        // `col STRING,  -- note`: the comment stays at the end of the line it was on
        if (!ownLine(text, t) && previous >= 0) lines[previous] += ` ${t.text}`;
        else lines.push(INDENT + t.text);
        k++;
        continue;
      }
      break;
    }
    const rest = item.slice(k);
    // a comment after the item's comma belongs at the end of its line
    const body = joinInline(rest, INDENT);
    if (body) lines.push(INDENT + body);
  }
  return `(\n${lines.join("\n")}\n)`;
}

/** Formats a query with sql-formatter; throws if sql-formatter cannot parse it. */
function formatQuery(text: string): string {
  return formatDialect(text, {
    dialect: FLINK_FORMAT_DIALECT,
    keywordCase: "preserve",
    tabWidth: 2,
    linesBetweenQueries: 1,
  }).trim();
}

function formatDdl(text: string, kind: "create" | "alter"): string {
  const tokens = tokenize(text);
  const lines: string[] = [];
  let current: Token[] = [];
  const flush = () => {
    const s = joinInline(current, "");
    if (s) lines.push(s);
    current = [];
  };
  let prev: Token | undefined; // previous significant token
  let depth = 0; // brackets laid out inline
  let sawBlock = false;
  let headerIsTable = false;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    const w = wordOf(t);
    if (w === "TABLE" || w === "MODEL") headerIsTable = true;
    if (depth === 0 && t.kind === "punctuation" && t.text === "(") {
      const pw = wordOf(prev);
      const afterName = prev !== undefined && (prev.kind === "quoted-identifier" || prev.kind === "variable" || (pw !== undefined && !KEYWORDS.has(pw)));
      const isBlock = (pw !== undefined && BLOCK_AFTER.has(pw)) || (kind === "create" && headerIsTable && !sawBlock && afterName);
      const end = closing(tokens, i);
      if (isBlock && end > i) {
        sawBlock = true;
        const block = formatBlock(text, tokens.slice(i + 1, end));
        if (!block.includes("\n")) {
          // short: stays on the current line as one piece
          current.push({ kind: "other", text: block, from: t.from, to: t.from });
        } else {
          const [firstLine, ...rest] = block.split("\n");
          const head = joinInline(current, "");
          const lastHead = [...current].reverse().find((c) => !(c.kind === "whitespace"));
          if (lastHead?.kind === "line-comment") lines.push(head, firstLine ?? "", ...rest.slice(0, -1));
          else lines.push(`${head}${head ? " " : ""}${firstLine ?? ""}`, ...rest.slice(0, -1));
          // the closing ")" starts the next line; what follows joins it
          current = [{ kind: "punctuation", text: ")", from: t.from, to: t.from }];
        }
        prev = tokens[end];
        i = end;
        continue;
      }
    }
    if (kind === "create" && depth === 0 && w !== undefined) {
      if (w === "AS") {
        // CREATE VIEW ... AS <query>, CREATE TABLE ... AS <query>: the query gets the query layout
        let j = i + 1;
        while (j < tokens.length && isTrivia(tokens[j] as Token)) j++;
        const next = tokens[j];
        const nw = next && (wordOf(next) ?? next.text);
        if (next && nw !== undefined && QUERY_STARTS.has(nw)) {
          current.push(t);
          flush();
          // comments between AS and the query go with the query
          const query = text.slice(tokens[i + 1]?.from ?? next.from).trim();
          let formatted: string;
          try {
            formatted = formatQuery(query);
          } catch {
            formatted = joinInline(tokens.slice(j), "");
          }
          lines.push(formatted);
          return lines.join("\n");
        }
      }
      const onlyClose = current.every((c) => isTrivia(c) || c.text === ")");
      const hasContent = current.some((c) => !isTrivia(c));
      // each clause on its own line, except ") WITH (" right after a column block
      if (CLAUSE_STARTS.has(w) && hasContent && !(onlyClose && w === "WITH")) flush();
    }
    if (t.kind === "punctuation" && (t.text === "(" || t.text === "[")) depth++;
    if (t.kind === "punctuation" && (t.text === ")" || t.text === "]")) depth--;
    current.push(t);
    if (!isTrivia(t)) prev = t;
  }
  flush();
  return lines.join("\n");
}

// ---------------------------------------------------------------------------------------------

/** Statements sql-formatter does not understand well enough to lay out readably. */
const LEAVE_ALONE = new Set(["MATCH_RECOGNIZE"]);

function layout(text: string): string {
  const tokens = tokenize(text);
  if (tokens.some((t) => t.kind === "word" && LEAVE_ALONE.has(t.text.toUpperCase()))) return text;
  const first = wordOf(tokens.find((t) => !isTrivia(t)));
  if (first === "CREATE" || first === "REPLACE") return formatDdl(text, "create");
  if (first === "ALTER") return formatDdl(text, "alter");
  if (first === "SELECT" || first === "WITH" || first === "INSERT" || first === "VALUES" || first === "UPSERT" || first === "EXPLAIN") {
    return formatQuery(text);
  }
  // SET, USE, SHOW, CALL, ...: one line
  return joinInline(tokens, "");
}

function formatOnce(text: string): string {
  return upperCaseReserved(layout(text));
}

/**
 * Applies `layout` to one statement only if that is safe: the result has the same tokens (ignoring
 * whitespace and the case of reserved words) and laying it out again changes nothing. Otherwise
 * the statement comes back exactly as it was. Exported for tests, which check the safety net
 * with a layout that does break Flink syntax.
 */
export function formatStatementWith(text: string, layout: (statement: string) => string): string {
  let formatted: string;
  try {
    formatted = layout(text);
  } catch {
    return text;
  }
  if (formatted === text) return text;
  if (!sameTokens(text, formatted)) return text;
  try {
    if (layout(formatted) !== formatted) return text;
  } catch {
    return text;
  }
  return formatted;
}

function formatStatement(text: string): string {
  return formatStatementWith(text, formatOnce);
}

/** Replaces each statement's range with its formatted text. */
function formatRanges(text: string, ranges: readonly { from: number; to: number }[], each: (s: string) => string): string {
  let out = "";
  let last = 0;
  for (const r of ranges) {
    out += text.slice(last, r.from) + each(text.slice(r.from, r.to));
    last = r.to;
  }
  return out + text.slice(last);
}

function formatStatementOrSet(text: string): string {
  const parts = statementSetParts(text);
  if (parts) return formatRanges(text, parts, formatStatement);
  return formatStatement(text);
}

/**
 * Formats a script statement by statement. Safe: a statement is only changed in whitespace and
 * in the case of reserved words, comments and ${variables} are kept, and formatting twice gives
 * the same text as formatting once.
 */
export function formatScript(script: string): string {
  const statements = splitTokens(tokenize(script));
  // An unterminated string or comment swallows the rest of the script: leave that statement alone.
  return formatRanges(script, statements, (s) => (tokenize(s).some((t) => t.unterminated) ? s : formatStatementOrSet(s)));
}
