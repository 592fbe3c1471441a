import type { Value } from "./datagen";
import { STRING_TYPE, type LogicalType } from "./types";

/**
 * Result columns and rows in the SQL Gateway's wire format (flink-apis.md §2):
 * `columns: [{name, logicalType, comment}]`, `data: [{kind, fields}]`. With rowFormat JSON the
 * fields are typed values; with PLAIN_TEXT they are the strings the SQL client would print.
 */
export type ResultColumn = { name: string; type: LogicalType; comment?: string };
export type RowKind = "INSERT" | "UPDATE_BEFORE" | "UPDATE_AFTER" | "DELETE";
export type Row = { kind: RowKind; fields: Value[] };
export type RowFormat = "JSON" | "PLAIN_TEXT";

export function columnsJson(columns: ResultColumn[]): Record<string, unknown>[] {
  return columns.map((c) => ({ name: c.name, logicalType: c.type, comment: c.comment ?? null }));
}

export function rowsJson(rows: Row[], columns: ResultColumn[], format: RowFormat): Record<string, unknown>[] {
  if (format === "JSON") return rows.map((r) => ({ kind: r.kind, fields: r.fields }));
  return rows.map((r) => ({ kind: r.kind, fields: r.fields.map((v, i) => plainText(v, columns[i]?.type)) }));
}

function plainText(v: Value, type: LogicalType | undefined): string {
  if (v === null) return "NULL";
  if (typeof v === "boolean") return v ? "TRUE" : "FALSE";
  if (typeof v === "string" && type?.type.startsWith("TIMESTAMP")) return v.replace("T", " ");
  return String(v);
}

/** The single `result` column with an `OK` row that DDL, SET and USE return. */
export const OK_COLUMNS: ResultColumn[] = [{ name: "result", type: STRING_TYPE }];
export const OK_ROWS: Row[] = [{ kind: "INSERT", fields: ["OK"] }];

export function stringColumns(...names: string[]): ResultColumn[] {
  return names.map((name) => ({ name, type: STRING_TYPE }));
}

export function insertRows(values: Value[][]): Row[] {
  return values.map((fields) => ({ kind: "INSERT", fields }));
}

