import { eq, sql, type SQL } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";

const MAX_INT4 = 2_147_483_647;

/**
 * The WHERE condition for a "name or numeric id" reference, or null when the reference cannot
 * match anything: ids beyond Postgres' int range, and text Postgres cannot even hold (NUL).
 * Callers treat null as "not found" instead of letting the database fail with a 500.
 */
export function refCondition(ref: string | number, id: PgColumn, name: PgColumn): SQL | null {
  if (typeof ref === "number") return Number.isInteger(ref) && ref > 0 && ref <= MAX_INT4 ? eq(id, ref) : null;
  if (ref.includes("\u0000")) return null;
  if (/^\d+$/.test(ref)) {
    const n = Number(ref);
    return n > 0 && n <= MAX_INT4 ? eq(id, n) : null;
  }
  return eq(sql`lower(${name})`, ref.toLowerCase());
}
