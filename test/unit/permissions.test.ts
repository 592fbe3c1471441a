/**
 * Protects the permission catalogue and the built-in roles: every area the foundation promises a
 * permission for exists, the seeded roles only name catalogue permissions, and the three built-in
 * roles grant what their names say (a viewer changes nothing; a developer cannot manage members or
 * read secrets; a team admin can do everything).
 */
import { describe, expect, it } from "vitest";
import {
  allPermissions,
  describePermission,
  isPermission,
  permissionGroups,
  seedRoles,
  TEAM_ADMIN_ROLE,
  type Permission,
} from "@/lib/auth/permissions";

function role(name: string) {
  const r = seedRoles.find((x) => x.name === name);
  if (!r) throw new Error(`no seed role ${name}`);
  return new Set<string>(r.permissions);
}

describe("the permission catalogue", () => {
  it.each([
    // Jobs, action by action.
    "job:view",
    "job:create",
    "job:edit",
    "job:build",
    "job:deploy",
    "job:stop",
    "job:delete",
    // The other areas.
    "savepoint:view",
    "savepoint:trigger",
    "cluster:view",
    "cluster:manage",
    "flink_version:view",
    "flink_version:manage",
    "variable:view",
    "variable:view_secret",
    "variable:manage",
    "resource:view",
    "resource:manage",
    "alert_channel:view",
    "alert_channel:manage",
    "member:view",
    "member:manage",
    "team:edit",
    "token:create",
    "token:manage",
    "audit:view",
  ])("has %s", (p) => {
    expect(isPermission(p)).toBe(true);
    expect(allPermissions).toContain(p);
  });

  it("lists each permission once", () => {
    expect(new Set(allPermissions).size).toBe(allPermissions.length);
  });

  it("describes every permission in words, not by its key", () => {
    for (const g of permissionGroups) {
      expect(g.group.trim()).not.toBe("");
      for (const [p, description] of g.permissions) {
        expect(describePermission(p as Permission)).toBe(description);
        expect(description).not.toContain(p);
        expect(description.length).toBeGreaterThan(5);
      }
    }
  });

  it("only accepts the catalogue's keys", () => {
    expect(isPermission("job:fly")).toBe(false);
    expect(isPermission("JOB:VIEW")).toBe(false);
    expect(isPermission("")).toBe(false);
  });
});

describe("the built-in roles", () => {
  it("are team admin, developer and viewer", () => {
    expect(seedRoles.map((r) => r.name).sort()).toEqual([TEAM_ADMIN_ROLE, "developer", "viewer"].sort());
  });

  it.each(seedRoles.map((r) => [r.name, r] as const))("%s only uses catalogue permissions, each once", (_, r) => {
    for (const p of r.permissions) expect(isPermission(p), p).toBe(true);
    expect(new Set(r.permissions).size).toBe(r.permissions.length);
    expect(r.description.trim()).not.toBe("");
  });

  it("team admin holds every permission", () => {
    expect([...role(TEAM_ADMIN_ROLE)].sort()).toEqual([...allPermissions].sort());
  });

  it("viewer only views", () => {
    const viewer = role("viewer");
    expect(viewer.size).toBeGreaterThan(0);
    for (const p of viewer) expect(p, p).toMatch(/:view$/);
    expect(viewer.has("job:view")).toBe(true);
    expect(viewer.has("cluster:view")).toBe(true);
    expect(viewer.has("variable:view_secret")).toBe(false);
  });

  it("developer builds and deploys but cannot manage members or read secrets", () => {
    const dev = role("developer");
    for (const p of ["job:create", "job:edit", "job:build", "job:deploy", "job:stop", "job:view"]) {
      expect(dev.has(p), p).toBe(true);
    }
    expect(dev.has("member:manage")).toBe(false);
    expect(dev.has("variable:view_secret")).toBe(false);
  });

  it("developer is a subset of team admin, and viewer a subset of developer", () => {
    const admin = role(TEAM_ADMIN_ROLE);
    const dev = role("developer");
    for (const p of dev) expect(admin.has(p), p).toBe(true);
    for (const p of role("viewer")) expect(dev.has(p), p).toBe(true);
  });
});
