/**
 * Flink SQL data types as the SQL Gateway writes them in `results.columns[].logicalType`
 * (LogicalTypeJsonSerializer): `{"type":"VARCHAR","nullable":true,"length":2147483647}`,
 * `{"type":"DECIMAL","precision":10,"scale":0,…}`, `{"type":"ARRAY","elementType":{…}}`, …
 */
export type LogicalType = { type: string; nullable: boolean; [param: string]: unknown };

const MAX_LENGTH = 2147483647;

/** Parses a type as written in DDL (`STRING`, `VARCHAR(10) NOT NULL`, `ARRAY<INT>`, `TIMESTAMP(3)`). */
export function parseType(text: string): LogicalType {
  let t = text.trim();
  let nullable = true;
  const notNull = /\s+NOT\s+NULL$/i.exec(t);
  if (notNull) {
    nullable = false;
    t = t.slice(0, notNull.index).trim();
  }
  t = t.replace(/\s+NULL$/i, "");
  const upper = t.toUpperCase();
  const args = (/\(([^)]*)\)/.exec(t)?.[1] ?? "").split(",").map((s) => s.trim()).filter((s) => s !== "").map(Number);
  const inner = (/<(.*)>$/s.exec(t)?.[1] ?? "").trim();
  const base = upper.replace(/[(<].*$/s, "").trim();
  if (base === "STRING") return { type: "VARCHAR", nullable, length: MAX_LENGTH };
  if (base === "VARCHAR" || base === "CHAR") return { type: base, nullable, length: args[0] ?? 1 };
  if (base === "BYTES") return { type: "VARBINARY", nullable, length: MAX_LENGTH };
  if (base === "VARBINARY" || base === "BINARY") return { type: base, nullable, length: args[0] ?? 1 };
  if (base === "INT" || base === "INTEGER") return { type: "INTEGER", nullable };
  if (["TINYINT", "SMALLINT", "BIGINT", "BOOLEAN", "FLOAT", "DOUBLE", "DATE"].includes(base)) return { type: base, nullable };
  if (base === "DECIMAL" || base === "DEC" || base === "NUMERIC") return { type: "DECIMAL", nullable, precision: args[0] ?? 10, scale: args[1] ?? 0 };
  if (base === "TIME") return { type: "TIME_WITHOUT_TIME_ZONE", nullable, precision: args[0] ?? 0 };
  if (base === "TIMESTAMP_LTZ" || /WITH\s+LOCAL\s+TIME\s+ZONE/.test(upper)) return { type: "TIMESTAMP_WITH_LOCAL_TIME_ZONE", nullable, precision: args[0] ?? 6 };
  if (base === "TIMESTAMP") return { type: "TIMESTAMP_WITHOUT_TIME_ZONE", nullable, precision: args[0] ?? 6 };
  if (base === "ARRAY" || base === "MULTISET") return { type: base, nullable, elementType: parseType(inner || "STRING") };
  if (base === "MAP") {
    const [k, v] = splitTopLevel(inner);
    return { type: "MAP", nullable, keyType: parseType(k ?? "STRING"), valueType: parseType(v ?? "STRING") };
  }
  if (base === "ROW") {
    return {
      type: "ROW",
      nullable,
      fields: splitTopLevel(inner).map((f) => {
        const m = /^\s*(`[^`]+`|\S+)\s+(.*)$/s.exec(f);
        return { name: (m?.[1] ?? f).replace(/`/g, ""), fieldType: parseType(m?.[2] ?? "STRING") };
      }),
    };
  }
  return { type: "VARCHAR", nullable, length: MAX_LENGTH };
}

export const STRING_TYPE: LogicalType = { type: "VARCHAR", nullable: true, length: MAX_LENGTH };
export const BOOLEAN_TYPE: LogicalType = { type: "BOOLEAN", nullable: true };

/** Splits on commas outside (), <> so `MAP<STRING, ROW<a INT, b INT>>` splits correctly. */
function splitTopLevel(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let cur = "";
  for (const ch of s) {
    if (quote) {
      if (ch === quote) quote = undefined;
    } else if (ch === "'" || ch === "`") quote = ch;
    else if (ch === "(" || ch === "<") depth += 1;
    else if (ch === ")" || ch === ">") depth -= 1;
    else if (ch === "," && depth === 0) {
      out.push(cur.trim());
      cur = "";
      continue;
    }
    cur += ch;
  }
  if (cur.trim() !== "") out.push(cur.trim());
  return out;
}

/** The SQL text of a logical type, as DESCRIBE prints it. */
export function typeText(t: LogicalType): string {
  const nn = t.nullable ? "" : " NOT NULL";
  switch (t.type) {
    case "VARCHAR": return (t.length === MAX_LENGTH ? "STRING" : `VARCHAR(${String(t.length)})`) + nn;
    case "VARBINARY": return (t.length === MAX_LENGTH ? "BYTES" : `VARBINARY(${String(t.length)})`) + nn;
    case "CHAR": case "BINARY": return `${t.type}(${String(t.length)})${nn}`;
    case "INTEGER": return `INT${nn}`;
    case "DECIMAL": return `DECIMAL(${String(t.precision)}, ${String(t.scale)})${nn}`;
    case "TIME_WITHOUT_TIME_ZONE": return `TIME(${String(t.precision)})${nn}`;
    case "TIMESTAMP_WITHOUT_TIME_ZONE": return `TIMESTAMP(${String(t.precision)})${nn}`;
    case "TIMESTAMP_WITH_LOCAL_TIME_ZONE": return `TIMESTAMP_LTZ(${String(t.precision)})${nn}`;
    case "ARRAY": case "MULTISET": return `${t.type}<${typeText(t.elementType as LogicalType)}>${nn}`;
    case "MAP": return `MAP<${typeText(t.keyType as LogicalType)}, ${typeText(t.valueType as LogicalType)}>${nn}`;
    case "ROW": return `ROW<${(t.fields as { name: string; fieldType: LogicalType }[]).map((f) => `\`${f.name}\` ${typeText(f.fieldType)}`).join(", ")}>${nn}`;
    default: return t.type + nn;
  }
}
