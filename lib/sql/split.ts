/**
 * Splits a FlinkSQL script into statements at `;`, on the tokenizer's view of the text, so a `;`
 * inside a string, a quoted identifier or a comment never ends a statement.
 *
 * Statement sets are one statement each, inner `;` included, because Flink runs them as one job:
 *   EXECUTE STATEMENT SET BEGIN INSERT ...; INSERT ...; END;   (one statement in Flink's grammar,
 *     also after EXPLAIN [details] and COMPILE [AND EXECUTE] PLAN '...' FOR)
 *   BEGIN STATEMENT SET; INSERT ...; INSERT ...; END;          (the SQL client's form)
 * The set ends at the first `END` that starts an inner statement; a CASE ... END inside an INSERT
 * is not at a statement start, so it does not end the set.
 *
 * A statement's text excludes the surrounding whitespace and comments and the terminating `;`:
 * that is what is sent to the SQL Gateway one statement at a time, and a leading comment would
 * only make "the statement at line N" point at the comment.
 */
import { isTrivia, LineIndex, tokenize, wordOf, type Token } from "./tokenizer";

export type Statement = { text: string; from: number; to: number; line: number; column: number };

/** A statement with its significant tokens (no whitespace or comments), for the other modules. */
export type StatementTokens = {
  from: number;
  to: number;
  /** significant tokens, without the terminating `;` */
  tokens: Token[];
  /** "execute" for [EXECUTE|EXPLAIN|COMPILE ...] STATEMENT SET BEGIN ... END, "begin" for BEGIN STATEMENT SET; ... END */
  statementSet?: "execute" | "begin";
  /** index in `tokens` of the first token after BEGIN (execute form) or after SET (begin form) */
  setBodyStart?: number;
  /** a statement set whose END was not found before the end of the script */
  unterminatedSet?: boolean;
  /** whether the statement was closed by a `;` */
  terminated: boolean;
};

function startsWithWords(tokens: readonly Token[], start: number, words: readonly string[]): boolean {
  for (let k = 0; k < words.length; k++) {
    if (wordOf(tokens[start + k]) !== words[k]) return false;
  }
  return true;
}

function isSemicolon(token: Token | undefined): boolean {
  return token !== undefined && token.kind === "punctuation" && token.text === ";";
}

/** Groups the significant tokens of a whole script into statements. */
export function splitTokens(allTokens: readonly Token[]): StatementTokens[] {
  const sig = allTokens.filter((t) => !isTrivia(t));
  const out: StatementTokens[] = [];
  let i = 0;
  while (i < sig.length) {
    // skip empty statements (`;;`)
    if (isSemicolon(sig[i])) {
      i++;
      continue;
    }
    const start = i;
    let set: "execute" | "begin" | undefined;
    let bodyStart = -1; // absolute index into sig
    if (startsWithWords(sig, i, ["BEGIN", "STATEMENT", "SET"])) {
      set = "begin";
      bodyStart = i + 3;
    } else {
      // ... STATEMENT SET BEGIN before the first `;`: EXECUTE, EXPLAIN [...], COMPILE PLAN '...' FOR
      for (let k = i; k < sig.length && !isSemicolon(sig[k]); k++) {
        if (startsWithWords(sig, k, ["STATEMENT", "SET", "BEGIN"])) {
          set = "execute";
          bodyStart = k + 3;
          break;
        }
      }
    }
    let end = i; // exclusive index of the statement's last significant token
    let terminated = false;
    let unterminatedSet = false;
    if (set) {
      // inner statements start after BEGIN (EXECUTE form) or after the `;` that follows SET
      let j = bodyStart;
      let atInnerStart = set === "execute";
      let found = false;
      while (j < sig.length) {
        const t = sig[j];
        if (isSemicolon(t)) {
          atInnerStart = true;
          j++;
          continue;
        }
        if (atInnerStart && wordOf(t) === "END") {
          found = true;
          j++;
          break;
        }
        atInnerStart = false;
        j++;
      }
      if (!found) unterminatedSet = true;
      end = j;
      // the set ends at END; whatever follows up to the next `;` still belongs to it (an error
      // for Flink, but it must not start a new statement that hides the problem)
      while (end < sig.length && !isSemicolon(sig[end])) end++;
    } else {
      while (end < sig.length && !isSemicolon(sig[end])) end++;
    }
    if (end < sig.length) terminated = true;
    const tokens = sig.slice(start, end);
    const first = tokens[0];
    const last = tokens[tokens.length - 1];
    if (first && last) {
      const st: StatementTokens = { from: first.from, to: last.to, tokens, terminated };
      if (set) {
        st.statementSet = set;
        st.setBodyStart = bodyStart - start;
      }
      if (unterminatedSet) st.unterminatedSet = true;
      out.push(st);
    }
    i = end + 1;
  }
  return out;
}

/**
 * Splits a script into statements. Empty statements (only whitespace or comments) are dropped;
 * a last statement without `;` is kept.
 */
export function splitStatements(script: string): Statement[] {
  const lines = new LineIndex(script);
  return splitTokens(tokenize(script)).map((s) => {
    const { line, column } = lines.position(s.from);
    return { text: script.slice(s.from, s.to), from: s.from, to: s.to, line, column };
  });
}

/**
 * The inner statements of a statement set (the INSERTs between BEGIN and END), or null when the
 * text is not a statement set. Offsets are relative to `text`. The server can use this to run a
 * `BEGIN STATEMENT SET; ...; END` block through the gateway as one `EXECUTE STATEMENT SET`.
 */
export function statementSetParts(text: string): Statement[] | null {
  const [st] = splitTokens(tokenize(text));
  if (!st || !st.statementSet) return null;
  const toks = st.tokens;
  const bodyStart = st.setBodyStart ?? 0;
  // the last inner END, when present, closes the set
  let bodyEnd = toks.length;
  for (let k = toks.length - 1; k >= bodyStart; k--) {
    if (wordOf(toks[k]) === "END" && (k === bodyStart || isSemicolon(toks[k - 1]))) {
      bodyEnd = k;
      break;
    }
  }
  const lines = new LineIndex(text);
  const parts: Statement[] = [];
  let k = bodyStart;
  while (k < bodyEnd) {
    if (isSemicolon(toks[k])) {
      k++;
      continue;
    }
    let e = k;
    while (e < bodyEnd && !isSemicolon(toks[e])) e++;
    const first = toks[k];
    const last = toks[e - 1];
    if (first && last) {
      const { line, column } = lines.position(first.from);
      parts.push({ text: text.slice(first.from, last.to), from: first.from, to: last.to, line, column });
    }
    k = e + 1;
  }
  return parts;
}
