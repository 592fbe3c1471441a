import type { Database, TableDef } from "./catalog";
import type { Token } from "./lexer";
import type { Session } from "./session";
import type { Identifier } from "./tokens";

/** Identifier resolution against a session's catalogs, and the errors Flink gives for it. */
export class SqlError extends Error {
  constructor(readonly exception: string) {
    super(exception);
  }
}

export const VALIDATION = "org.apache.flink.table.api.ValidationException";

export type Ref = { catalog: string; database: string; name: string; token: Token; endToken: Token };

/** `a` → current catalog and database; `d.a` → current catalog; `c.d.a` as written. */
export function resolve(session: Session, id: Identifier): Ref {
  const { parts, first: token, last: endToken } = id;
  if (parts.length >= 3) return { catalog: parts[0]!, database: parts[1]!, name: parts[2]!, token, endToken };
  if (parts.length === 2) return { catalog: session.currentCatalog, database: parts[0]!, name: parts[1]!, token, endToken };
  return { catalog: session.currentCatalog, database: session.currentDatabase, name: parts[0]!, token, endToken };
}

export function fqn(ref: { catalog: string; database: string; name: string }): string {
  return `${ref.catalog}.${ref.database}.${ref.name}`;
}

/** The table or view, or Calcite's validation error with the reference's position. */
export function lookup(session: Session, ref: Ref): TableDef {
  const table = session.catalogs.database(ref.catalog, ref.database)?.tables.get(ref.name);
  if (!table) {
    const { token: from, endToken: to } = ref;
    throw new SqlError(`${VALIDATION}: SQL validation failed. From line ${from.line}, column ${from.column} to line ${to.line}, column ${to.column + to.text.length - 1}: Object '${ref.name}' not found within '${ref.catalog}.${ref.database}'`);
  }
  return table;
}

export function databaseOf(session: Session, ref: Ref): Database {
  const db = session.catalogs.database(ref.catalog, ref.database);
  if (!db) throw new SqlError(`org.apache.flink.table.catalog.exceptions.DatabaseNotExistException: Database ${ref.database} does not exist in Catalog ${ref.catalog}.`);
  return db;
}

/** `c.d` or `d` (in the current catalog). */
export function catalogAndDatabase(session: Session, parts: string[]): [string, string] {
  return parts.length > 1 ? [parts[0]!, parts[1]!] : [session.currentCatalog, parts[0]!];
}
