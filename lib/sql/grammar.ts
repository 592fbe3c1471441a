/**
 * The one place that talks to dt-sql-parser's FlinkSQL grammar: "does the local grammar accept
 * this statement, and if not, where does it first stop and what did it expect there?"
 *
 * Why not `FlinkSQL.validate()`: it runs antlr4-c3 code completion on every error to phrase its
 * message (tens of milliseconds each), keeps going after the first error (later errors are
 * artefacts of recovery) and prints lexer errors to the console. We only need the first error, so
 * we attach our own listener and stop there.
 *
 * Prediction mode: SLL (what dt-sql-parser uses) is fast but may reject input the grammar accepts;
 * full LL never does, but costs 5-30 times more (8 ms for a window TVF query against 0.2 ms). A
 * rejection only becomes a warning, so SLL is the default; full LL is used (a) for MATCH_RECOGNIZE,
 * the one construct where it changed the verdict on Flink's documentation examples, and (b) to
 * confirm a rejection before it is reported as an error.
 */
import { FlinkSQL } from "dt-sql-parser";

type Parser = ReturnType<FlinkSQL["createParser"]>;
type ErrorListener = Parameters<Parser["addErrorListener"]>[0];

// antlr4ng's PredictionMode.SLL / PredictionMode.LL (antlr4ng is dt-sql-parser's dependency, not ours)
const SLL = 0;
const LL = 1;

export type GrammarError = {
  /** offset of the offending token in the parsed text */
  from: number;
  /** offset after the offending token */
  to: number;
  /** text of the offending token ("" at the end of the input) */
  text: string;
  /** whether the token is an unquoted identifier for the grammar */
  isIdentifier: boolean;
  /** the parse stopped at the end of the input: the statement is incomplete */
  atEnd: boolean;
  /** keywords and symbols the grammar expected at that point (upper case, without KW_) */
  expected: string[];
  /** antlr's own message (the warning phrases its own, shorter one) */
  message: string;
};

let flink: FlinkSQL | undefined;

class StopParsing extends Error {}

function readableTokenName(parser: Parser, type: number): string | undefined {
  const literal = parser.vocabulary.getLiteralName(type);
  if (literal) return literal.replace(/^'|'$/g, "");
  const symbolic = parser.vocabulary.getSymbolicName(type);
  if (!symbolic) return undefined;
  if (symbolic.startsWith("KW_")) return symbolic.slice(3);
  if (symbolic === "EOF") return undefined;
  return symbolic;
}

type RecognitionError = Parameters<ErrorListener["syntaxError"]>[5];

function expectedTokens(parser: Parser, e: RecognitionError): string[] {
  // A NoViableAltException reports the tokens expected where its decision began (often the
  // statement start: "expected ALTER, CREATE, DROP" at `ALTER CATALOG`), not where it failed.
  if (e && "deadEndConfigs" in e) return [];
  try {
    const set = e ? e.getExpectedTokens() : parser.getExpectedTokens();
    if (!set) return [];
    return set
      .toArray()
      .map((t) => readableTokenName(parser, t))
      .filter((s): s is string => s !== undefined);
  } catch {
    return [];
  }
}

function parseOnce(text: string, mode: number): GrammarError | null {
  flink ??= new FlinkSQL();
  // Closures assign these; an object keeps TypeScript from narrowing them to their initial value.
  const found: { lexer?: { line: number; column: number; message: string }; parser?: GrammarError } = {};
  // The callback only sees lexer errors (cheap): parser errors go to our own listener below.
  const parser = flink.createParser(text, (e) => {
    found.lexer ??= { line: e.startLine, column: e.startColumn, message: e.message };
  });
  const listener: ErrorListener = {
    syntaxError(_recognizer, offendingSymbol, _line, _column, msg, e) {
      if (found.parser) throw new StopParsing();
      const token = offendingSymbol as { start: number; stop: number; type: number; text?: string } | null;
      const expected = expectedTokens(parser, e);
      const atEnd = !token || token.type === -1;
      found.parser = {
        from: atEnd ? text.length : token.start,
        to: atEnd ? text.length : token.stop + 1,
        text: atEnd ? "" : (token.text ?? ""),
        isIdentifier: !atEnd && parser.vocabulary.getSymbolicName(token.type) === "ID_LITERAL",
        atEnd,
        expected,
        message: msg,
      };
      throw new StopParsing();
    },
    reportAmbiguity() {},
    reportAttemptingFullContext() {},
    reportContextSensitivity() {},
  };
  parser.removeErrorListeners();
  parser.addErrorListener(listener);
  parser.buildParseTrees = false;
  parser.interpreter.predictionMode = mode;
  try {
    parser.program();
  } catch (err) {
    // The generated parser should not throw on any input; if it does, treat it as "not recognised".
    if (!(err instanceof StopParsing) && !found.parser) {
      found.parser = { from: 0, to: 0, text: "", isIdentifier: false, atEnd: false, expected: [], message: String(err) };
    }
  }
  if (found.lexer) {
    const offset = offsetOf(text, found.lexer.line, found.lexer.column);
    if (!found.parser || offset <= found.parser.from) {
      return {
        from: offset,
        to: Math.min(text.length, offset + 1),
        text: text.slice(offset, offset + 1),
        isIdentifier: false,
        atEnd: false,
        expected: [],
        message: found.lexer.message,
      };
    }
  }
  return found.parser ?? null;
}

/** ANTLR counts lines by `\n` only and columns from 1 here (dt-sql-parser's ParseError). */
function offsetOf(text: string, line: number, column: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf("\n", offset);
    if (nl < 0) break;
    offset = nl + 1;
  }
  return Math.min(text.length, offset + column - 1);
}

/**
 * First syntax error of `text` for the local FlinkSQL grammar, or null if it parses. With
 * `full`, a rejection is confirmed by the full LL parse (whose error is returned).
 */
export function firstGrammarError(text: string, opts?: { full?: boolean }): GrammarError | null {
  const sll = parseOnce(text, SLL);
  if (!sll) return null;
  if (opts?.full || /match_recognize/i.test(text)) return parseOnce(text, LL);
  return sll;
}

/**
 * Builds the grammar's tables ahead of the first real validation (the first parse of each kind of
 * statement costs tens of milliseconds). The IDE can call it when the editor opens.
 */
export function warmUpGrammar(): void {
  for (const text of [
    "CREATE TABLE t (a INT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '5' SECOND) WITH ('connector' = 'kafka')",
    "INSERT INTO s SELECT a, UPPER(b) AS b, SUM(c) AS c FROM t WHERE a > 1 AND b LIKE 'x%' GROUP BY a, UPPER(b)",
    "SELECT * FROM TABLE(TUMBLE(TABLE t, DESCRIPTOR(ts), INTERVAL '1' MINUTE))",
    "SET 'k' = 'v'",
  ]) {
    parseOnce(text, SLL);
  }
}
