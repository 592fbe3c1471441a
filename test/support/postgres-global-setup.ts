import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import type { TestProject } from "vitest/node";
import { migrateDatabase } from "@/db/migrate";
import { startEmbeddedPostgres } from "@/lib/runtime/embedded-postgres";
import { createDatabaseIfMissing } from "@/lib/runtime/database";

export const TEMPLATE_DB = "eddy_template";
export const TEST_ADMIN_PASSWORD = "admin-password-1";

declare module "vitest" {
  export interface ProvidedContext {
    pgAdminUrl: string;
    pgTemplate: string;
  }
}

/**
 * One embedded PostgreSQL for the whole integration run, and a template database migrated and
 * seeded once. Each test file clones the template (test/support/database-per-file.ts), which takes
 * milliseconds and keeps files from seeing each other's rows.
 */
export default async function setup(project: TestProject) {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "eddy-it-"));
  const server = await startEmbeddedPostgres({ dir });
  const adminUrl = server.url("postgres");
  await createDatabaseIfMissing(adminUrl, TEMPLATE_DB);
  const templateUrl = server.url(TEMPLATE_DB);
  await migrateDatabase(templateUrl);

  // Seed through the application's own code, in a child-free way: point db/client at the template.
  process.env.DATABASE_URL = templateUrl;
  const { seedDatabase } = await import("@/db/seed");
  const { closeDb } = await import("@/db/client");
  await seedDatabase({ adminPassword: TEST_ADMIN_PASSWORD });
  await closeDb();
  delete process.env.DATABASE_URL;

  // A template must have no open connections when it is cloned.
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await sql`select pg_terminate_backend(pid) from pg_stat_activity where datname = ${TEMPLATE_DB} and pid <> pg_backend_pid()`;
  await sql.end();

  project.provide("pgAdminUrl", adminUrl);
  project.provide("pgTemplate", TEMPLATE_DB);

  return async () => {
    await server.stop();
    await fs.rm(dir, { recursive: true, force: true });
  };
}
