import path from "node:path";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import { Logger, runMigrations as runWorkerMigrations } from "graphile-worker";
import postgres from "postgres";

export const migrationsFolder = path.join(import.meta.dirname, "migrations");

const quietLogger = new Logger(() => () => {});

// Any constant works; it only has to be the same in every Eddy process.
const MIGRATION_LOCK = 7_420_311;

/**
 * Applies our committed Drizzle migrations, then graphile-worker's own schema. An advisory lock
 * makes concurrent starts of several console and worker processes take turns.
 */
export async function migrateDatabase(url: string): Promise<void> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await sql`select pg_advisory_lock(${MIGRATION_LOCK})`;
    try {
      await migrate(drizzle(sql), { migrationsFolder });
      await runWorkerMigrations({ connectionString: url, logger: quietLogger });
    } finally {
      await sql`select pg_advisory_unlock(${MIGRATION_LOCK})`;
    }
  } finally {
    await sql.end({ timeout: 5 });
  }
}
