/**
 * lib/sql: the FlinkSQL toolkit shared by the browser IDE (CodeMirror) and the server (save and
 * build validation). Pure TypeScript with no node:* imports, so it runs in both.
 */
export type { Statement } from "./split";
export { splitStatements, statementSetParts } from "./split";

export { VARIABLE_PATTERN, findVariables, substituteVariables } from "./variables";
export type { VariableRef } from "./variables";

export type { Diagnostic, Severity } from "./validate";
export { NOT_RECOGNISED_MESSAGE, clearValidationCache, hasBlockingErrors, validateScript, warmUpValidator } from "./validate";

export { formatScript } from "./format";

export { flinkFunctions, flinkKeywords, flinkTypes } from "./dictionary";

export type { ScriptSymbol, ScriptSymbols } from "./symbols";
export { scriptSymbols } from "./symbols";

export type { Completion, CompletionContext, CompletionResult } from "./complete";
export { completionsAt, quoteIdentifier } from "./complete";

export type { SqlDialectSpec } from "./dialect";
export { FLINK_SQL_DIALECT } from "./dialect";
