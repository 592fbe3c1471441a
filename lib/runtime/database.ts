import path from "node:path";
import postgres from "postgres";
import { migrateDatabase } from "@/db/migrate";
import type { Config } from "@/lib/config";
import { startEmbeddedPostgres, type EmbeddedServer } from "./embedded-postgres";

export const EMBEDDED_DATABASE = "eddy";

/**
 * Gives this process a migrated database: DATABASE_URL if set, else the embedded server in the
 * data directory (started, or shared with the Eddy process that already runs it). Sets
 * process.env.DATABASE_URL, which db/client.ts reads in this process and in Next's server code.
 */
export async function provideDatabase(
  config: Config,
  log: (line: string) => void,
): Promise<{ url: string; embedded?: EmbeddedServer }> {
  let url = config.databaseUrl;
  let embedded: EmbeddedServer | undefined;
  if (!url) {
    embedded = await startEmbeddedPostgres({
      dir: path.join(config.dataDir, "postgres"),
      port: config.embeddedPgPort,
      log: (l) => process.env.EDDY_PG_LOG === "1" && log(`[postgres] ${l}`),
    });
    await createDatabaseIfMissing(embedded.url("postgres"), EMBEDDED_DATABASE);
    url = embedded.url(EMBEDDED_DATABASE);
    log(
      embedded.attached
        ? `Using the embedded PostgreSQL already running on port ${embedded.port}.`
        : `Embedded PostgreSQL started on 127.0.0.1:${embedded.port} (data in ${path.join(config.dataDir, "postgres")}).`,
    );
  }
  process.env.DATABASE_URL = url;
  await migrateDatabase(url);
  return { url, embedded };
}

export async function createDatabaseIfMissing(adminUrl: string, name: string, template?: string): Promise<void> {
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql`select 1 as ok from pg_database where datname = ${name}`;
    if (!row) {
      await sql.unsafe(`create database ${ident(name)}${template ? ` template ${ident(template)}` : ""}`);
    }
  } catch (e) {
    // Two processes creating it at once: the loser sees a duplicate, which is fine.
    if ((e as { code?: string }).code !== "42P04") throw e;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

const ident = (s: string) => `"${s.replace(/"/g, '""')}"`;
