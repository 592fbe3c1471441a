/**
 * A small FlinkSQL tokenizer that knows exactly the lexical rules everything else in lib/sql relies
 * on: where strings, quoted identifiers and comments begin and end, and where `${variables}` are.
 *
 * Why not dt-sql-parser's lexer: it rejects `${var}` outside strings, treats some Flink-valid input
 * as errors, and only exists for statements it can parse. Splitting, variable search, symbol
 * collection and the "certain" lexical errors must work on any text the user is typing, so they run
 * on this tokenizer, which never throws and always covers the whole input.
 *
 * Flink's lexical rules (Calcite with Flink's parser config):
 * - string literals are '...' with '' as the only escape (a backslash is an ordinary character);
 * - identifiers are quoted with backticks, `` doubling a backtick; "..." is not valid FlinkSQL,
 *   but we still treat it as a quoted token so a `;` inside it does not split a statement;
 * - comments are `-- ...` to the end of the line and `/* ... *\/` (not nested); `/*+ ... *\/` is a
 *   hint, lexically a comment;
 * - unquoted identifiers may contain `$` (Calcite's LETTER includes it), which is why a variable is
 *   only recognised when `${` is followed by a valid name and `}`;
 * - X'0F' (binary), N'..', _UTF16'..' (charset) and U&'..' (unicode) are single literals: a space
 *   after the prefix would make it an identifier followed by a string, so the prefix belongs to the
 *   string token (the formatter must never separate them).
 */

export type TokenKind =
  | "whitespace"
  | "line-comment"
  | "block-comment"
  | "string" // '...'
  | "quoted-identifier" // `...`
  | "double-quoted" // "..."
  | "word" // unquoted identifier or keyword
  | "number"
  | "variable" // ${name}
  | "operator"
  | "punctuation" // ( ) [ ] { } , ; .
  | "other";

export type Token = {
  kind: TokenKind;
  text: string;
  /** offset of the first character */
  from: number;
  /** offset after the last character */
  to: number;
  /** set on a string, quoted identifier or block comment that reaches the end of the input unclosed */
  unterminated?: boolean;
};

/** StreamPark's variable name rule: a letter, then letters, digits, `.`, `_` or `-`. */
const VARIABLE_AT = /\$\{[A-Za-z][A-Za-z0-9._-]*\}/y;

const MULTI_CHAR_OPERATORS = ["<>", "<=", ">=", "!=", "||", "=>", "::", "->"];

function isWordStart(code: number): boolean {
  return (
    (code >= 65 && code <= 90) || // A-Z
    (code >= 97 && code <= 122) || // a-z
    code === 95 || // _
    code === 36 || // $
    code > 127 // Calcite accepts unicode letters in identifiers
  );
}

function isWordPart(code: number): boolean {
  return isWordStart(code) || (code >= 48 && code <= 57);
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13 || code === 12 || code === 11 || code === 0xa0 || code === 0xfeff;
}

/** Length of the `${name}` variable starting at `pos`, or 0. */
export function variableLengthAt(text: string, pos: number): number {
  if (text.charCodeAt(pos) !== 36 || text.charCodeAt(pos + 1) !== 123) return 0;
  VARIABLE_AT.lastIndex = pos;
  const m = VARIABLE_AT.exec(text);
  return m ? m[0].length : 0;
}

/** Scans a quoted token whose quote doubles as its own escape ('' `` ""). Returns the end offset. */
function scanQuoted(text: string, start: number, quote: number, end: number): { to: number; unterminated: boolean } {
  let i = start + 1;
  while (i < end) {
    if (text.charCodeAt(i) === quote) {
      if (i + 1 < end && text.charCodeAt(i + 1) === quote) {
        i += 2;
        continue;
      }
      return { to: i + 1, unterminated: false };
    }
    i++;
  }
  return { to: end, unterminated: true };
}

/**
 * Tokenizes `text[start, end)`. Whitespace and comments are returned as tokens too (the formatter
 * and the completion need them); use {@link isTrivia} to skip them.
 */
export function tokenize(text: string, start = 0, end = text.length): Token[] {
  const tokens: Token[] = [];
  let i = start;
  const push = (kind: TokenKind, from: number, to: number, unterminated = false) => {
    const token: Token = { kind, text: text.slice(from, to), from, to };
    if (unterminated) token.unterminated = true;
    tokens.push(token);
  };
  while (i < end) {
    const c = text.charCodeAt(i);
    const next = i + 1 < end ? text.charCodeAt(i + 1) : -1;
    if (isSpace(c)) {
      let j = i + 1;
      while (j < end && isSpace(text.charCodeAt(j))) j++;
      push("whitespace", i, j);
      i = j;
    } else if (c === 45 && next === 45) {
      // -- comment to the end of the line (the newline belongs to the following whitespace)
      let j = i + 2;
      while (j < end && text.charCodeAt(j) !== 10 && text.charCodeAt(j) !== 13) j++;
      push("line-comment", i, j);
      i = j;
    } else if (c === 47 && next === 42) {
      const close = text.indexOf("*/", i + 2);
      if (close < 0 || close + 2 > end) {
        push("block-comment", i, end, true);
        i = end;
      } else {
        push("block-comment", i, close + 2);
        i = close + 2;
      }
    } else if (c === 39 || c === 96 || c === 34) {
      const { to, unterminated } = scanQuoted(text, i, c, end);
      push(c === 39 ? "string" : c === 96 ? "quoted-identifier" : "double-quoted", i, to, unterminated);
      i = to;
    } else if (c === 36 && next === 123) {
      const len = variableLengthAt(text, i);
      if (len > 0 && i + len <= end) {
        push("variable", i, i + len);
        i += len;
      } else {
        // `${` without a valid name: leave `$` to the word rule so the rest stays tokenised.
        i = scanWord(text, i, end, push);
      }
    } else if (isWordStart(c)) {
      i = scanWord(text, i, end, push);
    } else if (isDigit(c) || (c === 46 && isDigit(next))) {
      let j = i;
      while (j < end && isDigit(text.charCodeAt(j))) j++;
      if (j < end && text.charCodeAt(j) === 46) {
        j++;
        while (j < end && isDigit(text.charCodeAt(j))) j++;
      }
      const e = text.charCodeAt(j);
      if ((e === 69 || e === 101) && j + 1 < end) {
        let k = j + 1;
        const sign = text.charCodeAt(k);
        if (sign === 43 || sign === 45) k++;
        if (isDigit(text.charCodeAt(k))) {
          while (k < end && isDigit(text.charCodeAt(k))) k++;
          j = k;
        }
      }
      push("number", i, j);
      i = j;
    } else if ("()[]{},;.".includes(text[i] ?? "")) {
      push("punctuation", i, i + 1);
      i++;
    } else if ("+-*/%=<>!~^&|?:@#".includes(text[i] ?? "")) {
      const two = text.slice(i, i + 2);
      if (i + 2 <= end && MULTI_CHAR_OPERATORS.includes(two)) {
        push("operator", i, i + 2);
        i += 2;
      } else {
        push("operator", i, i + 1);
        i++;
      }
    } else {
      // a lone surrogate half or control character: keep it as one token so offsets stay exact
      push("other", i, i + 1);
      i++;
    }
  }
  return tokens;
}

const STRING_PREFIX = /^(?:[xXnN]|_[A-Za-z0-9_]+)$/;

function scanWord(
  text: string,
  i: number,
  end: number,
  push: (kind: TokenKind, from: number, to: number, unterminated?: boolean) => void,
): number {
  let j = i + 1;
  while (j < end) {
    const c = text.charCodeAt(j);
    // `tbl_${env}`: the variable is its own token, so it is found and substituted like any other
    if (c === 36 && variableLengthAt(text, j) > 0) break;
    if (!isWordPart(c)) break;
    j++;
  }
  const word = text.slice(i, j);
  const quoteAt = j < end && text.charCodeAt(j) === 39 ? j : (word === "U" || word === "u") && text.startsWith("&'", j) ? j + 1 : -1;
  if (quoteAt >= 0 && (quoteAt > j || STRING_PREFIX.test(word))) {
    const { to, unterminated } = scanQuoted(text, quoteAt, 39, end);
    push("string", i, to, unterminated);
    return to;
  }
  push("word", i, j);
  return j;
}

/** Whitespace and comments: what Flink's parser skips. */
export function isTrivia(token: Token): boolean {
  return token.kind === "whitespace" || token.kind === "line-comment" || token.kind === "block-comment";
}

export function isComment(token: Token): boolean {
  return token.kind === "line-comment" || token.kind === "block-comment";
}

/** Upper-cased text of an unquoted word, or undefined for any other token. */
export function wordOf(token: Token | undefined): string | undefined {
  return token && token.kind === "word" ? token.text.toUpperCase() : undefined;
}

/**
 * Converts offsets to 1-based line/column the way CodeMirror counts them: `\r\n`, `\n` and a lone
 * `\r` each end a line, and columns are UTF-16 code units.
 */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) this.starts.push(i + 1);
      else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        this.starts.push(i + 1);
      }
    }
  }

  position(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (this.starts[lo] ?? 0) + 1 };
  }

  /** Offset of the end of the line containing `offset` (before its line break). */
  lineEnd(text: string, offset: number): number {
    let i = offset;
    while (i < text.length && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
    return i;
  }
}
