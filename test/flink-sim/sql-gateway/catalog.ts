import type { LogicalType } from "./types";

/**
 * A session's catalogs (the SQL Gateway gives every session its own CatalogManager): catalog →
 * database → tables, views and functions. Identifiers are case-sensitive, as in Flink.
 */
export type Column = { name: string; type: LogicalType; comment?: string; computed?: string; metadata?: boolean };

export type TableDef = {
  kind: "TABLE" | "VIEW" | "MATERIALIZED_TABLE";
  name: string;
  columns: Column[];
  options: Record<string, string>;
  primaryKey?: string[];
  watermark?: { column: string; expression: string };
  /** For views and materialized tables, the defining query. */
  query?: string;
  temporary: boolean;
  ddl: string;
};

export type FunctionDef = { name: string; className: string; language: string; temporary: boolean };

export type Database = { tables: Map<string, TableDef>; functions: Map<string, FunctionDef> };

export class Catalogs {
  readonly catalogs = new Map<string, Map<string, Database>>();

  constructor() {
    this.createCatalog("default_catalog", "default_database");
  }

  /** A new in-memory catalog holds one database (`default` for generic_in_memory). */
  createCatalog(name: string, defaultDatabase = "default"): void {
    this.catalogs.set(name, new Map([[defaultDatabase, newDatabase()]]));
  }

  database(catalog: string, database: string): Database | undefined {
    return this.catalogs.get(catalog)?.get(database);
  }

  createDatabase(catalog: string, database: string): boolean {
    const c = this.catalogs.get(catalog);
    if (!c || c.has(database)) return false;
    c.set(database, newDatabase());
    return true;
  }
}

function newDatabase(): Database {
  return { tables: new Map(), functions: new Map() };
}
