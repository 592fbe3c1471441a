/**
 * A tokenizer for Flink SQL, enough to find statement boundaries and report errors at the line and
 * column Calcite would. Comments (`-- …`, `/* … *\/`) are skipped; strings use '' to escape a quote
 * and identifiers can be quoted with backticks.
 */
export type Token = {
  type: "word" | "quoted" | "string" | "number" | "symbol" | "eof";
  text: string;
  /** Upper-cased text for words, the raw text otherwise. */
  upper: string;
  offset: number;
  line: number;
  column: number;
};

export class LexError extends Error {
  constructor(readonly line: number, readonly column: number, readonly after: string) {
    super(`Lexical error at line ${line}, column ${column}.  Encountered: <EOF> after : "${after}"`);
  }
}

function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const pos = (at: number) => ({ offset: at, line, column: at - lineStart + 1 });
  const advanceLines = (from: number, to: number) => {
    for (let k = from; k < to; k++) {
      if (sql[k] === "\n") {
        line += 1;
        lineStart = k + 1;
      }
    }
  };
  while (i < sql.length) {
    const c = sql[i]!;
    if (c === "\n" || c === " " || c === "\t" || c === "\r") {
      advanceLines(i, i + 1);
      i += 1;
      continue;
    }
    if (c === "-" && sql[i + 1] === "-") {
      while (i < sql.length && sql[i] !== "\n") i += 1;
      continue;
    }
    if (c === "/" && sql[i + 1] === "*") {
      const end = sql.indexOf("*/", i + 2);
      if (end < 0) throw endOfInput(sql, sql.slice(i));
      advanceLines(i, end + 2);
      i = end + 2;
      continue;
    }
    if (c === "'" || c === "`" || c === '"') {
      const start = pos(i);
      let j = i + 1;
      for (;;) {
        if (j >= sql.length) throw endOfInput(sql, sql.slice(i));
        if (sql[j] === c) {
          if (sql[j + 1] === c) j += 2;
          else break;
        } else j += 1;
      }
      const text = sql.slice(i, j + 1);
      tokens.push({ type: c === "'" ? "string" : "quoted", text, upper: text, ...start });
      advanceLines(i, j + 1);
      i = j + 1;
      continue;
    }
    const start = pos(i);
    const word = /^[A-Za-z_$][\w$]*/.exec(sql.slice(i, i + 256));
    if (word) {
      tokens.push({ type: "word", text: word[0], upper: word[0].toUpperCase(), ...start });
      i += word[0].length;
      continue;
    }
    const num = /^\d+(\.\d*)?([eE][+-]?\d+)?/.exec(sql.slice(i, i + 64));
    if (num) {
      tokens.push({ type: "number", text: num[0], upper: num[0], ...start });
      i += num[0].length;
      continue;
    }
    const sym = /^(<>|<=|>=|!=|\|\||::|=>|->)/.exec(sql.slice(i, i + 2))?.[0] ?? c;
    tokens.push({ type: "symbol", text: sym, upper: sym, ...start });
    i += sym.length;
  }
  tokens.push({ type: "eof", text: "<EOF>", upper: "<EOF>", ...pos(sql.length) });
  return tokens;
}

function endOfInput(sql: string, after: string): LexError {
  const lines = sql.split("\n");
  return new LexError(lines.length, (lines[lines.length - 1]?.length ?? 0) + 1, after);
}

/**
 * Splits a script into statements at top-level `;`, keeping `EXECUTE STATEMENT SET BEGIN … END;`
 * together. Returns the statement texts without their trailing `;`.
 */
export function splitStatements(script: string): string[] {
  let tokens: Token[];
  try {
    tokens = tokenize(script);
  } catch {
    return script.trim() === "" ? [] : [script.trim()];
  }
  const out: string[] = [];
  let start = 0;
  let inSetBlock = false;
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k]!;
    if (t.upper === "BEGIN" && tokens[k - 1]?.upper === "SET" && tokens[k - 2]?.upper === "STATEMENT" && tokens[k - 3]?.upper === "EXECUTE") inSetBlock = true;
    if (t.upper === "END" && inSetBlock) inSetBlock = false;
    if ((t.text === ";" && !inSetBlock) || t.type === "eof") {
      const text = script.slice(start, t.offset).trim();
      if (text !== "" && !isOnlyComments(text)) out.push(text);
      start = t.offset + 1;
    }
  }
  return out;
}

function isOnlyComments(text: string): boolean {
  try {
    return tokenize(text).length === 1;
  } catch {
    return false;
  }
}

/** The tokens of one statement without a trailing `;` (and without the EOF token). */
export function statementTokens(sql: string): Token[] {
  const t = tokenize(sql).filter((x) => x.type !== "eof");
  while (t.length > 0 && t[t.length - 1]!.text === ";") t.pop();
  return t;
}

/** An identifier's value: backticks removed (`` `a``b` `` → a`b). */
export function identifierValue(t: Token): string {
  return t.type === "quoted" && t.text.startsWith("`") ? t.text.slice(1, -1).replace(/``/g, "`") : t.text;
}

/** A string literal's value: quotes removed, '' unescaped. */
export function stringValue(t: Token): string {
  return t.type === "string" ? t.text.slice(1, -1).replace(/''/g, "'") : t.text;
}
