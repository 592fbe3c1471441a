import { LexError, statementTokens, type Token } from "./lexer";

/**
 * A tokenizer-level stand-in for Flink's SQL parser: it rejects what is certainly invalid (an
 * unknown leading keyword, a wrong keyword where the grammar requires one, unbalanced parentheses
 * or quotes) with Calcite's message and position, and accepts everything else, so valid Flink SQL
 * is never rejected. Message shape (SqlParserException):
 *   SQL parse failed. Encountered "FROMM" at line 1, column 10.
 */
export class SqlParseError extends Error {
  constructor(message: string) {
    super(`SQL parse failed. ${message}`);
  }
}

const STATEMENT_STARTS = new Set([
  "SELECT", "WITH", "VALUES", "TABLE", "INSERT", "UPSERT", "EXECUTE", "BEGIN", "END", "CREATE", "DROP", "ALTER", "USE", "SHOW",
  "DESCRIBE", "DESC", "EXPLAIN", "SET", "RESET", "ADD", "REMOVE", "LOAD", "UNLOAD", "TRUNCATE", "DELETE", "UPDATE", "ANALYZE",
  "CALL", "STOP", "REPLACE", "(",
]);

/** After these leading keywords the grammar needs one of the listed keywords. */
const REQUIRED_NEXT: Record<string, string[]> = {
  CREATE: ["TABLE", "VIEW", "FUNCTION", "CATALOG", "DATABASE", "MATERIALIZED", "MODEL", "CONNECTION", "TEMPORARY", "SYSTEM", "OR"],
  DROP: ["TABLE", "VIEW", "FUNCTION", "CATALOG", "DATABASE", "MATERIALIZED", "MODEL", "CONNECTION", "TEMPORARY", "SYSTEM"],
  ALTER: ["TABLE", "VIEW", "FUNCTION", "CATALOG", "DATABASE", "MATERIALIZED", "MODEL", "CONNECTION", "TEMPORARY", "SYSTEM"],
  INSERT: ["INTO", "OVERWRITE"],
  UPSERT: ["INTO"],
  SHOW: ["TABLES", "VIEWS", "FUNCTIONS", "USER", "CATALOGS", "DATABASES", "CURRENT", "CREATE", "COLUMNS", "MODULES", "FULL", "JARS", "JOBS", "JOB", "PARTITIONS", "PROCEDURES", "MATERIALIZED", "MODELS", "CONNECTIONS", "CATALOG"],
  EXECUTE: ["STATEMENT", "INSERT", "PLAN", "SELECT", "WITH"],
  BEGIN: ["STATEMENT"],
  STOP: ["JOB"],
  ADD: ["JAR"],
  REMOVE: ["JAR"],
  LOAD: ["MODULE"],
  UNLOAD: ["MODULE"],
  TRUNCATE: ["TABLE"],
  REPLACE: ["TABLE"],
};

/** CREATE/DROP/ALTER may stack modifiers before the object keyword. */
const MODIFIERS = new Set(["TEMPORARY", "SYSTEM", "OR", "REPLACE"]);

/** What may follow `SELECT *` (a star cannot take an alias). */
const AFTER_STAR = new Set(["FROM", "EXCEPT", "UNION", "INTERSECT", "MINUS", "ORDER", "LIMIT", "FETCH", "OFFSET", "WHERE", "GROUP", "HAVING", "WINDOW", ",", ")", ";"]);

/**
 * `part`: tokens of statement `sql` to check as a statement of its own (`EXECUTE INSERT …`); its
 * positions, and the end of input, stay those of the whole statement, as the parser reports them.
 */
export function checkSyntax(sql: string, part?: Token[]): SqlParseError | undefined {
  let tokens: Token[];
  try {
    tokens = part ?? statementTokens(sql);
  } catch (e) {
    if (e instanceof LexError) return new SqlParseError(e.message);
    throw e;
  }
  const first = tokens[0];
  if (!first) return undefined;
  if (!STATEMENT_STARTS.has(first.upper)) return encountered(first, ["SELECT", "INSERT", "CREATE", "SET", "SHOW"]);
  return checkParentheses(tokens, sql) ?? checkRequiredKeyword(tokens) ?? checkStar(tokens) ?? checkFromTypo(tokens);
}

function encountered(t: Token, expected: string[]): SqlParseError {
  const text = t.type === "eof" ? "<EOF>" : t.text;
  const list = expected.map((e) => (e === "<EOF>" ? "    <EOF> " : `    "${e}" ...`)).join("\n");
  return new SqlParseError(`Encountered "${text}" at line ${t.line}, column ${t.column}.\nWas expecting one of:\n${list}\n    `);
}

function checkParentheses(tokens: Token[], sql: string): SqlParseError | undefined {
  let depth = 0;
  for (const t of tokens) {
    if (t.text === "(") depth += 1;
    if (t.text === ")") {
      depth -= 1;
      if (depth < 0) return encountered(t, ["<EOF>"]);
    }
  }
  if (depth > 0) {
    const lines = sql.trimEnd().replace(/;$/, "").split("\n");
    const eof: Token = { type: "eof", text: "<EOF>", upper: "<EOF>", offset: sql.length, line: lines.length, column: (lines[lines.length - 1]?.length ?? 0) };
    return encountered(eof, [")", ","]);
  }
  return undefined;
}

function checkRequiredKeyword(tokens: Token[]): SqlParseError | undefined {
  const first = tokens[0]!;
  const required = REQUIRED_NEXT[first.upper];
  if (!required) return undefined;
  let k = 1;
  if (["CREATE", "DROP", "ALTER"].includes(first.upper)) while (tokens[k] && MODIFIERS.has(tokens[k]!.upper)) k += 1;
  const next = tokens[k];
  if (!next) return encountered({ ...first, type: "eof", text: "<EOF>", column: first.column + first.text.length }, required);
  if (k > 1) return ["TABLE", "VIEW", "FUNCTION", "CATALOG", "DATABASE", "MATERIALIZED", "MODEL", "CONNECTION"].includes(next.upper) ? undefined : encountered(next, required);
  return required.includes(next.upper) ? undefined : encountered(next, required);
}

/** `SELECT * FROMM t`: the token after a select-list star must be a keyword. */
function checkStar(tokens: Token[]): SqlParseError | undefined {
  for (let k = 1; k < tokens.length - 1; k++) {
    const t = tokens[k]!;
    const prev = tokens[k - 1]!;
    if (t.text !== "*" || !["SELECT", "DISTINCT", "ALL", ",", "."].includes(prev.upper)) continue;
    const next = tokens[k + 1]!;
    if (next.type === "word" && !AFTER_STAR.has(next.upper)) return encountered(next, ["<EOF>", "EXCEPT", "FETCH", "FROM", "GROUP", "HAVING", "LIMIT", "ORDER", "UNION", "WHERE"]);
  }
  return undefined;
}

/**
 * `SELECT a FROMM t`: Calcite reads FROMM as an alias of `a` and then fails on `t`. Flagged only
 * when the word is a near miss of FROM and no real FROM follows, so an alias like `form` is fine.
 */
function checkFromTypo(tokens: Token[]): SqlParseError | undefined {
  if (tokens[0]!.upper !== "SELECT") return undefined;
  let depth = 0;
  for (let k = 1; k < tokens.length - 1; k++) {
    const t = tokens[k]!;
    if (t.text === "(") depth += 1;
    if (t.text === ")") depth -= 1;
    if (depth !== 0 || t.type !== "word" || t.upper === "FROM" || editDistance(t.upper, "FROM") > 1) continue;
    const laterFrom = tokens.slice(k + 1).some((x) => x.upper === "FROM");
    const prev = tokens[k - 1]!;
    const next = tokens[k + 1]!;
    if (!laterFrom && (prev.type === "word" || prev.type === "quoted" || prev.text === ")") && (next.type === "word" || next.type === "quoted")) {
      return encountered(next, ["<EOF>", "EXCEPT", "FETCH", "FROM", "GROUP", "HAVING", "LIMIT", "ORDER", "UNION", "WHERE", ","]);
    }
  }
  return undefined;
}

function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}
