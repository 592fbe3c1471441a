/**
 * Protects the admin CLI on a fresh database: every command seeds it first, as `npm start` does
 * (built-in roles; `admin` with EDDY_ADMIN_PASSWORD or a generated password; the `default` team),
 * and a generated password is printed at once, in the same box as `npm start`'s, on stderr, so
 * that stdout stays the command's answer. Before, `migrate` created `admin` with a random
 * password it never showed (ignoring EDDY_ADMIN_PASSWORD), and `create-user` on an empty database
 * made a user but no admin and no default team.
 *
 * The CLI runs as a child process (`node --import tsx bin/eddy.ts …`), as `npm run eddy` runs it,
 * against databases of its own on the integration run's PostgreSQL.
 */
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import postgres from "postgres";
import { afterAll, describe, expect, inject, it } from "vitest";
import { verifyPassword } from "@/lib/auth/password";
import { seedRoles } from "@/lib/auth/permissions";

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "..", "..");
const adminUrl = inject("pgAdminUrl");
const made: string[] = [];
let dataDir = "";

afterAll(async () => {
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
  for (const name of made) await sql.unsafe(`drop database if exists "${name}" with (force)`);
  await sql.end();
  if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
});

/** An empty database (not the migrated template): what a first `npm run eddy` meets. */
async function freshDatabase(): Promise<string> {
  const name = `eddy_cli_${randomBytes(5).toString("hex")}`;
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await sql.unsafe(`create database "${name}"`);
  await sql.end();
  made.push(name);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function eddy(databaseUrl: string, args: string[], env: Record<string, string> = {}) {
  dataDir ||= await fs.mkdtemp(path.join(os.tmpdir(), "eddy-cli-"));
  const childEnv: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: databaseUrl, EDDY_DATA_DIR: dataDir, ...env };
  if (!("EDDY_ADMIN_PASSWORD" in env)) delete childEnv.EDDY_ADMIN_PASSWORD;
  return run(process.execPath, ["--import", "tsx", "bin/eddy.ts", ...args], { cwd: root, env: childEnv });
}

/** The parser test/e2e/lifecycle.test.ts uses on `npm start`'s output. */
const printedPassword = (output: string) => /password: (\S+)/.exec(output)?.[1];

async function installed(databaseUrl: string) {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const users = await sql<{ username: string; is_admin: boolean; password_hash: string }[]>`select username, is_admin, password_hash from users order by id`;
    const teams = await sql<{ name: string }[]>`select name from teams order by id`;
    const roles = await sql<{ name: string; builtin: boolean }[]>`select name, builtin from roles order by id`;
    const members = await sql<{ username: string; team: string; role: string }[]>`
      select u.username, t.name as team, r.name as role from members m join users u on u.id = m.user_id join teams t on t.id = m.team_id join roles r on r.id = m.role_id`;
    return { users, teams, roles, members };
  } finally {
    await sql.end();
  }
}

const TIMEOUT = 120_000;

describe("the CLI on a fresh database", () => {
  it(
    "migrate creates admin with a generated password, prints it once in the start-up box, and a second run prints nothing",
    async () => {
      const db = await freshDatabase();
      const first = await eddy(db, ["migrate"]);
      expect(first.stdout).toContain("Database is up to date.");
      const password = printedPassword(first.stderr);
      expect(password, first.stderr).toMatch(/^[A-Za-z0-9]{20}$/);
      expect(first.stderr).toContain("| This password is shown only once. Change it under Account after signing in. |");
      expect(printedPassword(first.stdout)).toBeUndefined();

      const state = await installed(db);
      expect(state.users.map((u) => [u.username, u.is_admin])).toEqual([["admin", true]]);
      expect(await verifyPassword(state.users[0]!.password_hash, password!)).toBe(true);
      expect(state.teams.map((t) => t.name)).toEqual(["default"]);
      expect(state.roles.filter((r) => r.builtin).map((r) => r.name).sort()).toEqual(seedRoles.map((r) => r.name).sort());
      expect(state.members).toEqual([{ username: "admin", team: "default", role: "team admin" }]);

      const second = await eddy(db, ["migrate"]);
      expect(printedPassword(second.stdout + second.stderr)).toBeUndefined();
      expect((await installed(db)).users).toHaveLength(1);
    },
    TIMEOUT,
  );

  it(
    "migrate uses EDDY_ADMIN_PASSWORD when it is set, and prints no password",
    async () => {
      const db = await freshDatabase();
      const { stdout, stderr } = await eddy(db, ["migrate"], { EDDY_ADMIN_PASSWORD: "configured-password-1" });
      expect(printedPassword(stdout + stderr)).toBeUndefined();
      const [admin] = (await installed(db)).users;
      expect(admin?.username).toBe("admin");
      expect(await verifyPassword(admin!.password_hash, "configured-password-1")).toBe(true);
    },
    TIMEOUT,
  );

  it(
    "create-user as the first command still seeds admin and the default team, and shows admin's password",
    async () => {
      const db = await freshDatabase();
      const { stdout, stderr } = await eddy(db, ["create-user", "--username", "first-person", "--password", "first-password-1"]);
      expect(stdout).toContain("Created user first-person.");
      const password = printedPassword(stderr);
      expect(password, stderr).toMatch(/^[A-Za-z0-9]{20}$/);
      const state = await installed(db);
      expect(state.users.map((u) => [u.username, u.is_admin])).toEqual([
        ["admin", true],
        ["first-person", false],
      ]);
      expect(await verifyPassword(state.users[0]!.password_hash, password!)).toBe(true);
      expect(state.teams.map((t) => t.name)).toEqual(["default"]);
      expect(state.members).toEqual([{ username: "admin", team: "default", role: "team admin" }]);
    },
    TIMEOUT,
  );

  it(
    "create-token as the first command prints only the token on stdout",
    async () => {
      const db = await freshDatabase();
      const { stdout, stderr } = await eddy(db, ["create-token", "--user", "admin", "--team", "default"]);
      expect(stdout.trim()).toMatch(/^eddy_\S+$/);
      expect(printedPassword(stderr)).toMatch(/^[A-Za-z0-9]{20}$/);
    },
    TIMEOUT,
  );
});
