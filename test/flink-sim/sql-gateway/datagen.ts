import { hashString, seededRandom } from "../ids";
import type { Column, TableDef } from "./catalog";
import type { LogicalType } from "./types";

/**
 * Rows of a `'connector' = 'datagen'` table, following the connector's options: `number-of-rows`
 * (bounded) or unbounded, `rows-per-second` (default 10000), and per field `fields.<f>.kind`
 * (`random` or `sequence` with `start`/`end`, which also bounds the table), `min`/`max`, `length`.
 * Row n is the same every time (seeded by table, column and n), so tests can rely on values.
 */
export type Value = string | number | boolean | null;

export class Datagen {
  readonly total: number | undefined;
  readonly rowsPerSecond: number;

  constructor(private readonly table: TableDef, private readonly columns: Column[]) {
    const o = table.options;
    const bounds: number[] = [];
    if (o["number-of-rows"] !== undefined) bounds.push(Number(o["number-of-rows"]));
    for (const c of table.columns) {
      if (o[`fields.${c.name}.kind`] === "sequence") bounds.push(Number(o[`fields.${c.name}.end`] ?? 0) - Number(o[`fields.${c.name}.start`] ?? 0) + 1);
    }
    this.total = bounds.length > 0 ? Math.max(0, Math.min(...bounds)) : undefined;
    this.rowsPerSecond = Number(o["rows-per-second"] ?? 10000);
  }

  row(n: number): Value[] {
    return this.columns.map((c) => this.value(c, n));
  }

  private value(c: Column, n: number): Value {
    const o = this.table.options;
    const key = (k: string) => o[`fields.${c.name}.${k}`];
    if (c.computed !== undefined) return /PROCTIME|NOW|CURRENT_TIMESTAMP/i.test(c.computed) ? timestamp(Date.now(), c.type) : null;
    if (c.metadata) return null;
    const rnd = seededRandom(hashString(`${this.table.name}.${c.name}`) ^ Math.imul(n + 1, 2654435761));
    if (key("kind") === "sequence") return numeric(c.type, Number(key("start") ?? 0) + n);
    const t = c.type.type;
    if (c.type.nullable && Number(key("null-rate") ?? 0) > rnd()) return null;
    if (["TINYINT", "SMALLINT", "INTEGER", "BIGINT"].includes(t)) {
      const limits: Record<string, [number, number]> = { TINYINT: [-128, 127], SMALLINT: [-32768, 32767], INTEGER: [-2147483648, 2147483647], BIGINT: [-9007199254740991, 9007199254740991] };
      const [lo, hi] = limits[t]!;
      const min = Number(key("min") ?? lo);
      const max = Number(key("max") ?? hi);
      return Math.floor(min + rnd() * (max - min + 1));
    }
    if (t === "FLOAT" || t === "DOUBLE" || t === "DECIMAL") {
      const min = Number(key("min") ?? 0);
      const max = Number(key("max") ?? (t === "DECIMAL" ? 10 ** Math.min(9, Number(c.type.precision) - Number(c.type.scale)) - 1 : 1000));
      const v = min + rnd() * (max - min);
      return t === "DECIMAL" ? Number(v.toFixed(Number(c.type.scale))) : v;
    }
    if (t === "BOOLEAN") return rnd() < 0.5;
    if (t === "VARCHAR" || t === "CHAR") {
      const length = Math.min(Number(key("length") ?? 100), Number(c.type.length));
      let s = "";
      while (s.length < length) s += Math.floor(rnd() * 16).toString(16);
      return s;
    }
    if (t === "DATE") return new Date(Date.UTC(2024, 0, 1) + Math.floor(rnd() * 365) * 86_400_000).toISOString().slice(0, 10);
    if (t.startsWith("TIMESTAMP")) return timestamp(Date.now() - Math.floor(rnd() * 1000), c.type);
    return null;
  }
}

function numeric(type: LogicalType, v: number): Value {
  return ["VARCHAR", "CHAR"].includes(type.type) ? String(v) : v;
}

/** Flink's JSON row format writes timestamps in ISO-8601 without a zone. */
function timestamp(ms: number, type: LogicalType): string {
  const iso = new Date(ms).toISOString().replace("Z", "");
  return Number(type.precision ?? 3) === 0 ? iso.slice(0, 19) : iso;
}
