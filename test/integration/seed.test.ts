/**
 * Protects the start-up seed, which runs on every start: a second run creates nothing twice and
 * shows no new password; built-in roles are put back to the catalogue (so new permissions reach
 * them, and hand edits in the database do not stick); custom roles are left alone; the session
 * secret stays the same (or every session would end on restart). The last test empties the file's
 * database to check a first start.
 */
import { describe, expect, it } from "vitest";
import { rawSql } from "@/db/client";
import { listMembers } from "@/db/queries/members";
import { findRole } from "@/db/queries/roles";
import { listAllTeams } from "@/db/queries/teams";
import { findUserPasswordHash, listUsers } from "@/db/queries/users";
import { seedDatabase, SESSION_SECRET_KEY } from "@/db/seed";
import { verifyPassword } from "@/lib/auth/password";
import { seedRoles } from "@/lib/auth/permissions";
import { auditQuery, readFullAuditLog } from "@/lib/iam/audit-log";
import { createRole } from "@/lib/iam/roles";
import { adminPrincipal, TEST_ADMIN_PASSWORD, unique } from "../support/fixtures";

async function storedSecret() {
  const [row] = await rawSql()<{ value: string }[]>`select value from system_settings where key = ${SESSION_SECRET_KEY}`;
  return row?.value;
}

describe("seedDatabase on an installed database", () => {
  it("creates no second admin, no second team and returns no password", async () => {
    const before = { users: await listUsers(), teams: await listAllTeams() };
    for (const opts of [{}, { adminPassword: "another-password" }]) {
      const result = await seedDatabase(opts);
      expect(result.generatedAdminPassword).toBeUndefined();
    }
    expect(await listUsers()).toEqual(before.users);
    expect(await listAllTeams()).toEqual(before.teams);
    // The existing admin keeps their password.
    const admin = before.users.find((u) => u.username === "admin")!;
    const hash = (await findUserPasswordHash(admin.id))!;
    expect(await verifyPassword(hash, TEST_ADMIN_PASSWORD)).toBe(true);
    expect(await verifyPassword(hash, "another-password")).toBe(false);
    const installs = await readFullAuditLog(await adminPrincipal(), auditQuery.parse({ action: "system.install" }));
    expect(installs.total).toBe(1);
  });

  it("keeps the session secret across runs", async () => {
    const first = await seedDatabase({});
    const second = await seedDatabase({});
    expect(first.sessionSecret.length).toBeGreaterThanOrEqual(32);
    expect(second.sessionSecret).toBe(first.sessionSecret);
    expect(await storedSecret()).toBe(first.sessionSecret);
  });

  it("resets built-in roles edited in the database to the catalogue", async () => {
    await rawSql()`update roles set permissions = '{job:view}' where name = 'viewer'`;
    await rawSql()`update roles set permissions = array_append(permissions, 'member:manage') where name = 'developer'`;
    await rawSql()`update roles set permissions = '{}' where name = 'team admin'`;
    await seedDatabase({});
    for (const r of seedRoles) {
      const stored = (await findRole(r.name))!;
      expect(stored.builtin, r.name).toBe(true);
      expect([...stored.permissions].sort(), r.name).toEqual([...r.permissions].sort());
    }
  });

  it("leaves custom roles alone", async () => {
    const name = unique("custom");
    const role = await createRole(await adminPrincipal(), { name, permissions: ["job:view", "job:deploy"] });
    await seedDatabase({});
    expect(await findRole(role.id)).toEqual(role);
  });

  it("is safe to run twice at the same time on an installed database", async () => {
    const [a, b] = await Promise.all([seedDatabase({}), seedDatabase({})]);
    expect(a.sessionSecret).toBe(b.sessionSecret);
    expect((await listUsers()).filter((u) => u.username === "admin")).toHaveLength(1);
  });
});

describe("seedDatabase on an empty database", () => {
  // Runs last: it empties this file's own database.
  it("creates the admin with a generated password, the default team and the built-in roles", async () => {
    await rawSql()`truncate users, teams, roles, members, api_tokens, audit_events, login_attempts, system_settings restart identity cascade`;

    const first = await seedDatabase({});
    expect(first.generatedAdminPassword).toMatch(/^[A-Za-z0-9]{20}$/);
    const users = await listUsers();
    expect(users.map((u) => [u.username, u.isAdmin, u.enabled])).toEqual([["admin", true, true]]);
    expect(await verifyPassword((await findUserPasswordHash(users[0]!.id))!, first.generatedAdminPassword!)).toBe(true);

    const teams = await listAllTeams();
    expect(teams.map((t) => t.name)).toEqual(["default"]);
    expect((await listMembers(teams[0]!.id)).map((m) => [m.username, m.role])).toEqual([["admin", "team admin"]]);
    for (const r of seedRoles) expect((await findRole(r.name))?.builtin, r.name).toBe(true);
    expect(await storedSecret()).toBe(first.sessionSecret);

    const second = await seedDatabase({});
    expect(second.generatedAdminPassword).toBeUndefined();
    expect(second.sessionSecret).toBe(first.sessionSecret);
    expect(await listUsers()).toHaveLength(1);
  });
});

describe("seedDatabase from several processes at once", () => {
  // Runs after the test above: empties the database again, then three consoles start together.
  it("creates exactly one admin, one default team and each built-in role once", async () => {
    await rawSql()`truncate users, teams, roles, members, api_tokens, audit_events, login_attempts, system_settings restart identity cascade`;
    const results = await Promise.all([seedDatabase({}), seedDatabase({}), seedDatabase({})]);
    expect(results.filter((r) => r.generatedAdminPassword)).toHaveLength(1);
    expect(new Set(results.map((r) => r.sessionSecret)).size).toBe(1);
    expect((await listUsers()).map((u) => u.username)).toEqual(["admin"]);
    expect((await listAllTeams()).map((t) => t.name)).toEqual(["default"]);
    for (const r of seedRoles) expect((await findRole(r.name))?.builtin, r.name).toBe(true);
  });
});
