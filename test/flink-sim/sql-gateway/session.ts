import { uuid } from "../ids";
import { Catalogs } from "./catalog";
import type { Operation } from "./operations";

/**
 * One SQL Gateway session: its configuration (properties given at open, then SET/RESET), its own
 * catalogs and current catalog/database, its operations, and the buffered INSERTs of an open
 * `BEGIN STATEMENT SET`.
 */
export class Session {
  readonly handle = uuid();
  readonly catalogs = new Catalogs();
  readonly operations = new Map<string, Operation>();
  currentCatalog = "default_catalog";
  currentDatabase = "default_database";
  /** INSERT statements of an open `BEGIN STATEMENT SET;`, until `END;`. */
  statementSet?: string[];
  lastAccess = Date.now();
  properties: Record<string, string>;

  constructor(readonly name: string, private readonly initialProperties: Record<string, string>) {
    this.properties = { ...initialProperties };
  }

  touch(): void {
    this.lastAccess = Date.now();
  }

  /** RESET without a key goes back to the properties the session was opened with. */
  reset(key?: string): void {
    if (key === undefined) this.properties = { ...this.initialProperties };
    else if (key in this.initialProperties) this.properties[key] = this.initialProperties[key]!;
    else delete this.properties[key];
  }
}
