import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { afterAll, beforeAll, inject } from "vitest";

/**
 * Runs before each integration test file: clones the migrated template into a database of the
 * file's own and points DATABASE_URL at it. db/client.ts connects lazily, so every query in the
 * file, and every task it runs, uses this database.
 */
const adminUrl = inject("pgAdminUrl");
const template = inject("pgTemplate");
const name = `eddy_test_${randomBytes(6).toString("hex")}`;
const url = new URL(adminUrl);
url.pathname = `/${name}`;

beforeAll(async () => {
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await sql.unsafe(`create database "${name}" template "${template}"`);
  await sql.end();
  process.env.DATABASE_URL = url.toString();
});

afterAll(async () => {
  const { closeDb } = await import("@/db/client");
  await closeDb();
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await sql.unsafe(`drop database if exists "${name}" with (force)`);
  await sql.end();
});
