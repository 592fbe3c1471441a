/**
 * Protects the audit log: every mutation leaves a row saying who did what to which object in which
 * team and how it ended (success, denied, failed); a failed mutation's writes are rolled back while
 * its row stays; and reading the log is limited to the team's auditors (a team's log) and to
 * administrators (the full log), with working search, outcome filter and paging.
 */
import { describe, expect, it } from "vitest";
import { findTeam, insertTeam } from "@/db/queries/teams";
import { audited } from "@/lib/audit";
import { cliPrincipal } from "@/lib/auth/principal";
import { conflict } from "@/lib/errors";
import { auditQuery, readFullAuditLog, readTeamAuditLog } from "@/lib/iam/audit-log";
import { addMember } from "@/lib/iam/members";
import { createRole } from "@/lib/iam/roles";
import { createTeam } from "@/lib/iam/teams";
import { createUser } from "@/lib/iam/users";
import { adminPrincipal, failure, makeMember, makeTeam, makeUser, unique } from "../support/fixtures";

/** The audit rows an administrator finds for an action and a search term, newest first. */
async function events(action: string, q: string) {
  const { rows } = await readFullAuditLog(await adminPrincipal(), auditQuery.parse({ action, q, pageSize: 200 }));
  return rows;
}

describe("what a mutation records", () => {
  it("a success: actor, action, object, team and outcome", async () => {
    const admin = await adminPrincipal();
    const name = unique("audited-team");
    const team = await createTeam(admin, { name });
    expect(await events("team.create", name)).toEqual([
      expect.objectContaining({
        actorId: admin.user.id,
        actorName: "admin",
        via: "session",
        action: "team.create",
        targetType: "team",
        targetId: String(team.id),
        targetName: name,
        teamId: team.id,
        teamName: name,
        outcome: "success",
        message: null,
      }),
    ]);

    const { user } = await makeUser();
    await addMember(admin, { team: name, user: user.username, role: "Viewer" });
    expect(await events("member.add", user.username)).toEqual([
      expect.objectContaining({
        actorName: "admin",
        targetType: "user",
        targetId: String(user.id),
        targetName: user.username,
        teamId: team.id,
        teamName: name,
        outcome: "success",
        detail: { role: "viewer" },
      }),
    ]);
  });

  it("a forbidden attempt is recorded as denied, with the message the person saw", async () => {
    const team = await makeTeam();
    const { principal } = await makeMember(team.name, "viewer");
    const { user } = await makeUser();
    const e = await failure(addMember(principal, { team: team.name, user: user.username, role: "developer" }));
    expect(await events("member.add", user.username)).toEqual([
      expect.objectContaining({
        actorId: principal.user.id,
        actorName: principal.user.username,
        teamId: team.id,
        targetName: user.username,
        outcome: "denied",
        message: e.message,
      }),
    ]);
    expect(e.message).toContain("does not allow this");
  });

  it("a refusal for non-admins is recorded too", async () => {
    const { principal } = await makeUser();
    const name = unique("wannabe");
    await failure(createRole(principal, { name }));
    expect(await events("role.create", name)).toEqual([
      expect.objectContaining({ actorName: principal.user.username, outcome: "denied", message: "Only administrators can do that." }),
    ]);
  });

  it("a failed attempt is recorded as failed, and its write is absent", async () => {
    const name = unique("twice");
    await makeTeam(name);
    const e = await failure(createTeam(await adminPrincipal(), { name: name.toUpperCase() }));
    const rows = await events("team.create", name);
    expect(rows.map((r) => [r.targetName, r.outcome, r.message])).toEqual([
      [name.toUpperCase(), "failed", e.message],
      [name, "success", null],
    ]);
    expect((await findTeam(name))!.name).toBe(name);
  });

  it("rolls back what a mutation wrote before it failed, and keeps the failure's row", async () => {
    const name = unique("half-made");
    const e = await failure(
      audited(await adminPrincipal(), { action: "test.half", targetType: "team", targetName: name }, async (tx, log) => {
        const team = await insertTeam({ name, description: "", createdBy: null }, tx);
        log.set({ targetId: team.id });
        throw conflict("Changed my mind.");
      }),
    );
    expect(e.message).toBe("Changed my mind.");
    expect(await findTeam(name)).toBeUndefined();
    const [row] = await events("test.half", name);
    expect(row).toMatchObject({ outcome: "failed", message: "Changed my mind.", targetName: name });
    expect(row!.targetId).not.toBeNull(); // what it learned before failing is still logged
  });

  it("an unexpected error is logged without its internals and still reaches the caller", async () => {
    const name = unique("crash");
    const e = await failure(
      audited(await adminPrincipal(), { action: "test.crash", targetType: "team", targetName: name }, async () => {
        throw new Error('relation "secret_table" does not exist');
      }),
    );
    expect(e.message).toContain("secret_table");
    expect(await events("test.crash", name)).toEqual([expect.objectContaining({ outcome: "failed", message: "Internal error" })]);
  });

  it("the CLI is recorded by its operator's name, without a user id", async () => {
    const username = unique("from-cli");
    await createUser(cliPrincipal("ops"), { username, password: "cli-password-1" });
    expect(await events("user.create", username)).toEqual([
      expect.objectContaining({ actorId: null, actorName: "cli:ops", via: "cli", outcome: "success", teamId: null }),
    ]);
  });
});

describe("reading a team's audit log", () => {
  it("shows only that team's events and needs audit:view", async () => {
    const a = await makeTeam();
    const b = await makeTeam();
    const { principal: auditor } = await makeMember(a.name, "team admin");
    const { user: inA } = await makeMember(a.name, "developer");
    const { user: inB } = await makeMember(b.name, "developer");

    const log = await readTeamAuditLog(auditor, a.name, auditQuery.parse({}));
    expect(log.rows.length).toBeGreaterThan(0);
    expect(log.total).toBe(log.rows.length);
    expect(new Set(log.rows.map((r) => r.teamId))).toEqual(new Set([a.id]));
    const targets = log.rows.map((r) => r.targetName);
    expect(targets).toContain(inA.username);
    expect(targets).not.toContain(inB.username);

    // Developers and viewers hold no audit:view; people outside the team do not see it at all.
    for (const role of ["developer", "viewer"]) {
      const { principal } = await makeMember(a.name, role);
      const e = await failure(readTeamAuditLog(principal, a.name, auditQuery.parse({})));
      expect(e).toMatchObject({ code: "forbidden" });
      expect(e.message).toContain(`Your role “${role}” in team “${a.name}”`);
    }
    expect(await failure(readTeamAuditLog(auditor, b.name, auditQuery.parse({})))).toMatchObject({ code: "not_found" });
  });
});

describe("reading the full audit log", () => {
  it("is for administrators only", async () => {
    const { principal } = await makeMember("default", "team admin");
    expect(await failure(readFullAuditLog(principal, auditQuery.parse({})))).toMatchObject({
      code: "forbidden",
      message: "Only administrators can do that.",
    });
  });

  it("shows every team's events and those of no team", async () => {
    const a = await makeTeam();
    const b = await makeTeam();
    const { rows } = await readFullAuditLog(await adminPrincipal(), auditQuery.parse({ pageSize: 200 }));
    const teams = new Set(rows.map((r) => r.teamId));
    expect(teams).toContain(a.id);
    expect(teams).toContain(b.id);
    expect(teams).toContain(null);
    expect(rows.map((r) => r.action)).toContain("system.install");
  });

  it("filters by search text and outcome", async () => {
    const admin = await adminPrincipal();
    const marker = unique("needle");
    await makeTeam(`${marker}-one`);
    await failure(createTeam(admin, { name: `${marker}-ONE` }));
    const all = await readFullAuditLog(admin, auditQuery.parse({ q: marker.toUpperCase() }));
    expect(all.total).toBe(2);
    expect(all.rows.every((r) => r.targetName?.toLowerCase().includes(marker))).toBe(true);

    const failed = await readFullAuditLog(admin, auditQuery.parse({ q: marker, outcome: "failed" }));
    expect(failed.rows.map((r) => [r.targetName, r.outcome])).toEqual([[`${marker}-ONE`, "failed"]]);

    const denied = await readFullAuditLog(admin, auditQuery.parse({ outcome: "denied", pageSize: 200 }));
    expect(denied.rows.length).toBeGreaterThan(0);
    expect(denied.rows.every((r) => r.outcome === "denied")).toBe(true);
  });

  it("treats % and _ in the search text literally", async () => {
    const admin = await adminPrincipal();
    const name = unique("100% uptime");
    await makeTeam(name);
    const percent = await readFullAuditLog(admin, auditQuery.parse({ q: "%", pageSize: 200 }));
    expect(percent.rows.map((r) => r.targetName)).toContain(name);
    const mentions = (r: (typeof percent.rows)[number]) =>
      [r.actorName, r.action, r.targetName, r.teamName, r.message].some((s) => s?.includes("%"));
    expect(percent.rows.every(mentions)).toBe(true);
    const underscore = await readFullAuditLog(admin, auditQuery.parse({ q: "0_ up" }));
    expect(underscore.total).toBe(0);
  });

  it("pages through the events, newest first", async () => {
    const admin = await adminPrincipal();
    const marker = unique("paged");
    const team = await makeTeam(marker);
    for (let i = 0; i < 12; i++) await makeMember(team.name, "viewer", { username: `${marker}-u${String(i).padStart(2, "0")}` });

    const q = { q: marker, action: "member.add", pageSize: 10 };
    const first = await readFullAuditLog(admin, auditQuery.parse({ ...q, page: 1 }));
    const second = await readFullAuditLog(admin, auditQuery.parse({ ...q, page: "2" }));
    expect(first.total).toBe(12);
    expect(second.total).toBe(12);
    expect(first.rows).toHaveLength(10);
    expect(second.rows).toHaveLength(2);
    const names = [...first.rows, ...second.rows].map((r) => r.targetName);
    expect(names).toEqual(Array.from({ length: 12 }, (_, i) => `${marker}-u${String(11 - i).padStart(2, "0")}`));

    const oldestFirst = await readFullAuditLog(admin, auditQuery.parse({ ...q, dir: "asc", sort: "at" }));
    expect(oldestFirst.rows[0]!.targetName).toBe(`${marker}-u00`);
  });

  it("ignores nonsense in the query instead of failing", async () => {
    const q = auditQuery.parse({ page: "abc", pageSize: "100000", outcome: "maybe", sort: "password_hash", dir: "sideways" });
    expect(q).toMatchObject({ page: 1, pageSize: 50, outcome: undefined, sort: "at", dir: "desc" });
    const out = await readFullAuditLog(await adminPrincipal(), q);
    expect(out.rows.length).toBeGreaterThan(0);
  });
});
