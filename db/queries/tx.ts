import { db, type DbOrTx, type Tx } from "../client";

export type { DbOrTx, Tx };

/** Runs `fn` in one transaction; everything written through `tx` commits or rolls back together. */
export function transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db().transaction(fn);
}

/** The handle a query uses when its caller passes no transaction. */
export function conn(tx?: DbOrTx): DbOrTx {
  return tx ?? db();
}
