/**
 * FlinkSQL for CodeMirror: the spec object `SQLDialect.define(FLINK_SQL_DIALECT)` takes
 * (@codemirror/lang-sql's SQLDialectSpec). Typed structurally so lib/sql, which also runs on the
 * server, does not import CodeMirror.
 *
 * `${variables}` are not a CodeMirror SQL token kind; highlight them with a decoration driven by
 * VARIABLE_PATTERN.
 */
import { FUNCTION_NAMES, INTERVAL_UNITS, STATEMENT_STARTERS, flinkKeywords, flinkTypes } from "./dictionary";

export type SqlDialectSpec = {
  keywords: string;
  builtin: string;
  types: string;
  backslashEscapes: boolean;
  hashComments: boolean;
  slashComments: boolean;
  spaceAfterDashes: boolean;
  doubleDollarQuotedStrings: boolean;
  doubleQuotedStrings: boolean;
  charSetCasts: boolean;
  plsqlQuotingMechanism: boolean;
  operatorChars: string;
  specialVar: string;
  identifierQuotes: string;
  caseInsensitiveIdentifiers: boolean;
  unquotedBitLiterals: boolean;
  treatBitsAsBytes: boolean;
};

const lower = (words: Iterable<string>) => [...new Set([...words].map((w) => w.toLowerCase()))].sort().join(" ");

export const FLINK_SQL_DIALECT: SqlDialectSpec = {
  keywords: lower([...flinkKeywords, ...STATEMENT_STARTERS, ...INTERVAL_UNITS]),
  builtin: lower(FUNCTION_NAMES),
  types: lower(flinkTypes),
  // '' is the only escape in a Flink string; a backslash is an ordinary character
  backslashEscapes: false,
  hashComments: false,
  slashComments: false,
  // Calcite treats `--x` as a comment too
  spaceAfterDashes: false,
  doubleDollarQuotedStrings: false,
  // "..." is not a string in Flink (it is not valid at all); highlighting it as a string would hide that
  doubleQuotedStrings: false,
  charSetCasts: true,
  plsqlQuotingMechanism: false,
  operatorChars: "*+-%<>!=&|~^/",
  specialVar: "",
  identifierQuotes: "`",
  // CodeMirror uses this only to decide whether completion must quote a name with capitals. Flink
  // keeps the case of unquoted identifiers (Orders stays Orders), so no quoting is needed.
  caseInsensitiveIdentifiers: true,
  unquotedBitLiterals: false,
  treatBitsAsBytes: false,
};
