/**
 * Local FlinkSQL validation: fast, and never wrongly blocking.
 *
 * The authority on FlinkSQL is Flink's planner (EXPLAIN through the SQL Gateway). This check runs
 * on every keystroke and before saving, so it must never block SQL that Flink accepts. The local
 * grammar (dt-sql-parser 4.5.1) rejects about half of the examples in Flink's own documentation
 * (window TVFs with named arguments, ML_PREDICT, CALL, CREATE MODEL, ALTER TABLE ... MODIFY, ...),
 * so "the grammar rejects it" is never enough to call something an error. Severity follows
 * certainty:
 *
 * 1. Lexical errors, on the whole script with our own tokenizer (tokenizer.ts), are certain:
 *    an unterminated '...' string, `...` or "..." identifier or /* comment is an error at its
 *    opening character; within a statement, a `)` or `]` without its opener, or an opener never
 *    closed, is an error at that bracket. Flink's lexer and parser reject these whatever the
 *    statement is, so no grammar knowledge is needed.
 * 2. A statement whose first word is not a statement keyword but is within edit distance 1-2 of
 *    one (SELEC, INSRET, CRATE) is certainly wrong: no Flink statement starts with it. (A first word
 *    that resembles nothing, such as the output table pasted after a query, is left to step 3.)
 * 3. Each statement is parsed by the local grammar. If it parses, nothing is reported. If not, the
 *    failure is an error only when it is certainly a misspelled keyword: the statement starts with
 *    a statement kind the grammar knows (SELECT, INSERT, CREATE, ...), the grammar stopped at (or
 *    just after) an unquoted word that is no Flink keyword, type or function but is within edit
 *    distance 1-2 of a clause keyword (FORM, WHER, INOT), and putting that keyword in its place
 *    moves the grammar past that point. Every other rejection is a warning, "not recognised
 *    locally; Flink will decide", carrying the grammar's complaint.
 *    Statements with a ${variable} outside string literals get no grammar-based error at all: the
 *    value may be any piece of SQL.
 * 4. When the caller passes the known variable names, a ${name} that is not among them is an error:
 *    it cannot be substituted, whatever Flink would make of the rest.
 *
 * test/unit/sql-corpus.test.ts runs the 116 examples of Flink's documentation through this and
 * allows no error at all.
 *
 * Speed: the IDE revalidates on every keystroke, so per-statement results are cached by statement
 * text (an LRU map); only the statement being edited is parsed again.
 */
import { CLAUSE_KEYWORDS, KNOWN_WORDS, STATEMENT_STARTERS } from "./dictionary";
import { firstGrammarError, warmUpGrammar, type GrammarError } from "./grammar";
import { splitTokens, statementSetParts, type StatementTokens } from "./split";
import { LineIndex, tokenize, wordOf, type Token } from "./tokenizer";
import { findVariables } from "./variables";

export type Severity = "error" | "warning" | "info";

export type Diagnostic = {
  severity: Severity;
  code: string;
  message: string;
  from: number;
  to: number;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
};

/** A diagnostic with offsets only (relative to a statement while cached). */
type Finding = { severity: Severity; code: string; message: string; from: number; to: number };

export const NOT_RECOGNISED_MESSAGE = "Not recognised locally; Flink will decide.";

/** Statement kinds the local grammar knows: only in these is a rejection a possible typo. */
const GRAMMAR_STATEMENT_KINDS = new Set([
  "SELECT", "WITH", "VALUES", "INSERT", "CREATE", "DROP", "ALTER", "DESCRIBE", "DESC", "EXPLAIN", "USE",
  "SHOW", "LOAD", "UNLOAD", "SET", "RESET", "ADD", "REMOVE", "EXECUTE", "BEGIN",
]);

const STARTERS = new Set(STATEMENT_STARTERS);

// ---------------------------------------------------------------------------------------------
// Edit distance

/** Optimal string alignment distance: Levenshtein plus adjacent transpositions (FORM -> FROM = 1). */
export function editDistance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  let prev2 = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= m; i++) {
    const cur = new Array<number>(n + 1).fill(0);
    cur[0] = i;
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, (prev2[j - 2] ?? 0) + 1);
      cur[j] = v;
    }
    prev2 = prev;
    prev = cur;
  }
  return prev[n] ?? 0;
}

/**
 * Whether `word` looks like a typo of `keyword`: at least 3 letters, and 1 edit away (2 for words
 * of 6 letters or more, where a double slip is still unambiguous).
 */
function nearMiss(word: string, keyword: string): number | undefined {
  if (word.length < 3 || word === keyword) return undefined;
  if (Math.abs(word.length - keyword.length) > 2) return undefined;
  const limit = Math.max(word.length, keyword.length) >= 6 ? 2 : 1;
  const d = editDistance(word, keyword);
  return d <= limit ? d : undefined;
}

function closestKeywords(word: string, keywords: Iterable<string>): string[] {
  const scored: [string, number][] = [];
  for (const k of keywords) {
    const d = nearMiss(word, k);
    if (d !== undefined) scored.push([k, d]);
  }
  return scored.sort((x, y) => x[1] - y[1] || x[0].localeCompare(y[0])).map(([k]) => k);
}

// ---------------------------------------------------------------------------------------------
// Lexical checks

function lexicalFindings(tokens: readonly Token[], script: string, lines: LineIndex): Finding[] {
  const out: Finding[] = [];
  for (const t of tokens) {
    if (!t.unterminated) continue;
    const { line, column } = lines.position(t.from);
    const eol = Math.max(t.from + 1, lines.lineEnd(script, t.from));
    const where = `at line ${line}, column ${column}`;
    if (t.kind === "block-comment") {
      out.push({ severity: "error", code: "unterminated-comment", message: `Unclosed comment: the /* ${where} has no */.`, from: t.from, to: t.from + 2 });
    } else if (t.kind === "string") {
      out.push({ severity: "error", code: "unbalanced-quote", message: `Unclosed string: the ' ${where} has no closing quote.`, from: t.from, to: eol });
    } else if (t.kind === "quoted-identifier") {
      out.push({ severity: "error", code: "unbalanced-quote", message: `Unclosed identifier: the \` ${where} has no closing backtick.`, from: t.from, to: eol });
    } else {
      out.push({ severity: "error", code: "unbalanced-quote", message: `Unclosed quote: the " ${where} has no closing quote.`, from: t.from, to: eol });
    }
  }
  return out;
}

/** First bracket problem of a statement: an unmatched closer, a mismatched pair or an unclosed opener. */
function bracketFinding(tokens: readonly Token[], lines: LineIndex): Finding | null {
  const stack: Token[] = [];
  for (const t of tokens) {
    if (t.kind !== "punctuation") continue;
    if (t.text === "(" || t.text === "[") stack.push(t);
    else if (t.text === ")" || t.text === "]") {
      const open = stack.pop();
      const want = t.text === ")" ? "(" : "[";
      if (!open) {
        return { severity: "error", code: "unbalanced-paren", message: `Unmatched '${t.text}': there is no '${want}' before it in this statement.`, from: t.from, to: t.to };
      }
      if (open.text !== want) {
        const { line, column } = lines.position(open.from);
        return {
          severity: "error",
          code: "unbalanced-paren",
          message: `'${t.text}' does not close the '${open.text}' at line ${line}, column ${column}.`,
          from: t.from,
          to: t.to,
        };
      }
    }
  }
  const open = stack[stack.length - 1];
  if (open) {
    const close = open.text === "(" ? ")" : "]";
    return { severity: "error", code: "unbalanced-paren", message: `Unclosed '${open.text}': no matching '${close}' before the end of the statement.`, from: open.from, to: open.to };
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Per-statement grammar check (cached)

type Analysis = Finding[]; // offsets relative to the statement text

const CACHE_SIZE = 2000;
const cache = new Map<string, Analysis>();

function cached(key: string, compute: () => Analysis): Analysis {
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const value = compute();
  cache.set(key, value);
  if (cache.size > CACHE_SIZE) {
    const oldest = cache.keys().next();
    if (!oldest.done) cache.delete(oldest.value);
  }
  return value;
}

/** Prepares the local grammar so the first validation is as fast as later ones. */
export function warmUpValidator(): void {
  warmUpGrammar();
}

/** Forget cached results (tests measure cold timings with it). */
export function clearValidationCache(): void {
  cache.clear();
}

/** `text` is the original statement: the grammar saw stand-ins for variables. */
function describeGrammarError(e: GrammarError, text: string): string {
  if (e.atEnd) return "the statement ends too early";
  const shownText = text.slice(e.from, e.to) || e.text;
  const expected = e.expected.filter((x) => x !== ";" && x !== "SEMICOLON");
  const shown = expected.length > 0 && expected.length <= 6 ? `; expected ${expected.join(", ")}` : "";
  return `'${shownText}' not expected here${shown}`;
}

/** Tries `keyword` in place of `[from, to)`; true if the grammar then gets past `mustPass`. */
function fixGetsFurther(text: string, from: number, to: number, keyword: string, mustPass: number): boolean {
  const fixed = text.slice(0, from) + keyword + text.slice(to);
  const e = firstGrammarError(fixed);
  if (!e) return true;
  const shift = keyword.length - (to - from);
  return e.from - shift >= mustPass;
}

function misspelling(text: string, tokens: readonly Token[], e: GrammarError): Finding | null {
  if (e.atEnd) return null;
  const idx = tokens.findIndex((t) => t.from === e.from);
  if (idx < 0) return null;
  const candidates: { token: Token; isErrorToken: boolean }[] = [];
  // a word next to a dot is a name part (t.form), never a keyword
  const namePart = (k: number) => tokens[k - 1]?.text === "." || tokens[k + 1]?.text === ".";
  const at = tokens[idx];
  if (at && e.isIdentifier && !namePart(idx)) candidates.push({ token: at, isErrorToken: true });
  // SELECT a FORM t: the grammar reads FORM as an alias of `a` and stops at `t`.
  const before = tokens[idx - 1];
  if (before && idx > 1 && !namePart(idx - 1)) candidates.push({ token: before, isErrorToken: false });
  const errorTokenEnd = at ? at.to : e.to;
  for (const { token, isErrorToken } of candidates) {
    const word = wordOf(token);
    if (!word || KNOWN_WORDS.has(word)) continue;
    const expected = new Set(isErrorToken ? e.expected : []);
    for (const keyword of closestKeywords(word, CLAUSE_KEYWORDS).slice(0, 3)) {
      // Confirmation, in original offsets. If the grammar expected this keyword at the token, or
      // the token was swallowed as an alias just before the stop (SELECT a FORM t), the fixed
      // statement must get past the point where the original stopped. Otherwise (antlr's expected
      // set is often incomplete) the fixed statement must parse completely.
      const mustPass = expected.has(keyword) ? token.to : isErrorToken ? Infinity : errorTokenEnd;
      if (fixGetsFurther(text, token.from, token.to, keyword, mustPass)) {
        return {
          severity: "error",
          code: "misspelled-keyword",
          message: `Unknown word ${token.text}. Did you mean ${keyword}?`,
          from: token.from,
          to: token.to,
        };
      }
    }
  }
  return null;
}

/**
 * Checks one statement (not a statement set) for certain typos and local-grammar rejections.
 */
function analyseStatement(text: string): Analysis {
  return cached(text, () => {
    const tokens = tokenize(text).filter((t) => t.kind !== "whitespace" && t.kind !== "line-comment" && t.kind !== "block-comment");
    const first = tokens[0];
    if (!first) return [];
    const firstWord = wordOf(first);
    // 2. a misspelled statement keyword
    if (firstWord && !STARTERS.has(firstWord)) {
      const [keyword] = closestKeywords(firstWord, STATEMENT_STARTERS);
      if (keyword) {
        return [
          {
            severity: "error",
            code: "misspelled-keyword",
            message: `${first.text} does not start any Flink statement. Did you mean ${keyword}?`,
            from: first.from,
            to: first.to,
          },
        ];
      }
    }
    // The grammar cannot lex ${var} outside strings: stand in an identifier of the same length so
    // offsets stay exact.
    let prepared = text;
    let looseVariables = false;
    for (const t of tokens) {
      if (t.kind !== "variable") continue;
      looseVariables = true;
      prepared = prepared.slice(0, t.from) + "v".padEnd(t.to - t.from, "_") + prepared.slice(t.to);
    }
    const e = firstGrammarError(prepared);
    if (!e) return [];
    const knownKind = firstWord ? GRAMMAR_STATEMENT_KINDS.has(firstWord) : first.text === "(";
    if (knownKind && !looseVariables) {
      const typo = misspelling(prepared, tokens, e);
      // an error must hold for the full grammar too, not only for the fast prediction mode
      if (typo && firstGrammarError(prepared, { full: true })?.from === e.from) return [typo];
    }
    // 3. anything else the grammar rejects: a warning where it stopped
    const last = tokens[tokens.length - 1] ?? first;
    const from = e.atEnd || e.to <= e.from ? last.from : e.from;
    const to = e.atEnd || e.to <= e.from ? last.to : e.to;
    return [
      {
        severity: "warning",
        code: "not-recognised",
        message: `${NOT_RECOGNISED_MESSAGE} (Local grammar: ${describeGrammarError(e, text)}.)`,
        from,
        to,
      },
    ];
  });
}

function analyseStatementTokens(script: string, st: StatementTokens): Finding[] {
  const text = script.slice(st.from, st.to);
  const shift = (fs: Finding[], by: number) => fs.map((x) => ({ ...x, from: x.from + by, to: x.to + by }));
  if (!st.statementSet) return shift(analyseStatement(text), st.from);
  const out: Finding[] = [];
  if (st.unterminatedSet) {
    const first = st.tokens[0];
    out.push(
      st.statementSet === "execute"
        ? { severity: "error", code: "unterminated-statement-set", message: "STATEMENT SET BEGIN has no END.", from: st.from, to: first ? first.to : st.from }
        : { severity: "warning", code: "unterminated-statement-set", message: "BEGIN STATEMENT SET has no END; its INSERTs would never run.", from: st.from, to: first ? first.to : st.from },
    );
  }
  for (const part of statementSetParts(text) ?? []) {
    out.push(...shift(analyseStatement(part.text), st.from + part.from));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------

/**
 * Validates a whole script. Errors are certain (Flink would reject the script too); warnings are
 * statements the local grammar does not recognise, for Flink to decide.
 */
export function validateScript(script: string, opts?: { variables?: readonly string[] }): Diagnostic[] {
  const lines = new LineIndex(script);
  const all = tokenize(script);
  const findings: Finding[] = lexicalFindings(all, script, lines);
  const statements = splitTokens(all);
  const lexicalEnd = findings.length > 0 ? Math.min(...findings.map((f) => f.from)) : Infinity;

  for (const st of statements) {
    // A statement holding an unterminated token already has its error; its text is not SQL.
    if (st.to > lexicalEnd) continue;
    const bracket = bracketFinding(st.tokens, lines);
    if (bracket) {
      findings.push(bracket);
      continue;
    }
    findings.push(...analyseStatementTokens(script, st));
  }

  for (const t of all) {
    // `${` that is not a variable (the tokenizer keeps `$` in the word, Calcite allows it there)
    if (t.kind === "word" && t.text.endsWith("$") && script.charCodeAt(t.to) === 123) {
      findings.push({
        severity: "warning",
        code: "malformed-variable",
        message: "This ${ is not a variable: a variable is ${name}, the name a letter followed by letters, digits, '.', '_' or '-'.",
        from: t.to - 1,
        to: t.to + 1,
      });
    }
  }

  if (opts?.variables) {
    const known = new Set(opts.variables);
    for (const v of findVariables(script)) {
      if (!known.has(v.name)) {
        findings.push({
          severity: "error",
          code: "unknown-variable",
          message: `Unknown variable \${${v.name}}: no value is defined for "${v.name}", so it cannot be substituted.`,
          from: v.from,
          to: v.to,
        });
      }
    }
  }

  if (statements.length === 0 && findings.length === 0) {
    findings.push({ severity: "info", code: "empty-script", message: "The script has no statements.", from: 0, to: 0 });
  }

  return findings
    .sort((a, b) => a.from - b.from || a.to - b.to)
    .map((f) => {
      const start = lines.position(f.from);
      const end = lines.position(f.to);
      return { ...f, line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
    });
}

/** Whether anything would stop a save or a run: any diagnostic of severity "error". */
export function hasBlockingErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}
