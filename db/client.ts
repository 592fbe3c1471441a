import { drizzle, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import * as schema from "./schema";

export type Db = PostgresJsDatabase<typeof schema>;
/** A transaction handle; query functions accept either. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
export type DbOrTx = Db | Tx;

type Handle = { url: string; sql: postgres.Sql; db: Db };

// One pool per process (and per DATABASE_URL), kept on globalThis so Next's dev reloads reuse it.
const holder = globalThis as unknown as { __eddyDb?: Handle };

function open(): Handle {
  const url = process.env.DATABASE_URL;
  if (!url) {
    throw new Error("DATABASE_URL is not set: start Eddy with `npm start`, which provides a database.");
  }
  if (holder.__eddyDb && holder.__eddyDb.url === url) return holder.__eddyDb;
  const sql = postgres(url, {
    max: Number(process.env.EDDY_DB_POOL ?? 10),
    onnotice: () => {},
    // Tests and short CLI runs should not hold the process open on idle connections.
    idle_timeout: 30,
    connection: { application_name: process.env.EDDY_PROCESS_NAME ?? "eddy" },
  });
  const handle = { url, sql, db: drizzle(sql, { schema }) };
  holder.__eddyDb = handle;
  return handle;
}

/** The Drizzle database. Only db/queries/* may import this. */
export function db(): Db {
  return open().db;
}

/** The raw postgres.js client, for graphile-worker's add_job inside our transactions and for health checks. */
export function rawSql(): postgres.Sql {
  return open().sql;
}

export async function closeDb(): Promise<void> {
  const h = holder.__eddyDb;
  holder.__eddyDb = undefined;
  if (h) await h.sql.end({ timeout: 5 });
}
