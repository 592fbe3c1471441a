/**
 * Protects the identity and access services against a real database: who may create and change
 * teams, users, roles and memberships, the messages people read when they may not, that refused
 * and failed writes change nothing, and that teams a person cannot see look exactly like teams
 * that do not exist.
 */
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { listMembers } from "@/db/queries/members";
import { findRole } from "@/db/queries/roles";
import { findTeam, listAllTeams } from "@/db/queries/teams";
import { countUsers, findUser, findUserPasswordHash, getUserSessionState } from "@/db/queries/users";
import { teamAccess } from "@/lib/auth/access";
import { attemptLogin } from "@/lib/auth/login";
import { verifyPassword } from "@/lib/auth/password";
import { cliPrincipal } from "@/lib/auth/principal";
import { addMember, changeMemberRole, listCandidateUsers, listTeamMembers, removeMember } from "@/lib/iam/members";
import { createRole, deleteRole, listAllRoles, updateRole } from "@/lib/iam/roles";
import { createTeam, deleteTeam, listVisibleTeams, updateTeam } from "@/lib/iam/teams";
import { auditQuery, readFullAuditLog } from "@/lib/iam/audit-log";
import { createUser, listAllUsers, resetPassword, updateUser } from "@/lib/iam/users";
import { describeIssues } from "@/lib/validation";
import { adminPrincipal, failure, makeMember, makeTeam, makeUser, unique, USER_PASSWORD } from "../support/fixtures";

const ONLY_ADMINS = "Only administrators can do that.";

describe("users", () => {
  // First in the file: these rely on `admin` being the only enabled administrator.
  it("the last enabled administrator cannot be disabled or demoted, even from the CLI", async () => {
    const cli = cliPrincipal("ops");
    for (const change of [{ enabled: false }, { isAdmin: false }]) {
      const e = await failure(updateUser(cli, { user: "admin", ...change }));
      expect(e).toMatchObject({
        code: "conflict",
        message: "This is the last enabled administrator; make someone else an administrator first.",
      });
    }
    expect(await findUser("admin")).toMatchObject({ enabled: true, isAdmin: true });
  });

  it("nobody can disable themselves or drop their own administrator rights", async () => {
    const admin = await adminPrincipal();
    await makeUser({ isAdmin: true }); // so that "last administrator" is not the reason
    for (const change of [{ enabled: false }, { isAdmin: false }]) {
      const e = await failure(updateUser(admin, { user: "admin", ...change }));
      expect(e).toMatchObject({ code: "conflict", message: "You cannot disable yourself or remove your own administrator rights." });
    }
    expect(await findUser("admin")).toMatchObject({ enabled: true, isAdmin: true });
  });

  it("another administrator can be demoted while one remains", async () => {
    const other = await makeUser({ isAdmin: true });
    const updated = await updateUser(await adminPrincipal(), { user: other.user.username, isAdmin: false });
    expect(updated.isAdmin).toBe(false);
  });

  // lib/iam/users.ts: `loses` counts `isAdmin: false` on a *disabled* administrator as losing an
  // enabled one, so the only enabled administrator is told "This is the last enabled administrator"
  // about an account that is not enabled at all, and cannot take away its rights.
  it("a disabled administrator can be demoted while a single enabled one remains", async () => {
    const cli = cliPrincipal("ops");
    // Make sure `admin` is the only enabled administrator left.
    for (const u of await listAllUsers(cli)) {
      if (u.isAdmin && u.enabled && u.username !== "admin") await updateUser(cli, { user: u.username, enabled: false });
    }
    const ghost = await makeUser({ isAdmin: true });
    await updateUser(await adminPrincipal(), { user: ghost.user.username, enabled: false });
    const demoted = await updateUser(await adminPrincipal(), { user: ghost.user.username, isAdmin: false });
    expect(demoted).toMatchObject({ isAdmin: false, enabled: false });
  });

  it("an administrator creates a user with a generated password that signs in", async () => {
    const username = unique("gen");
    const { user, generatedPassword } = await createUser(await adminPrincipal(), { username, displayName: "Gen Erated" });
    expect(user).toMatchObject({ username, displayName: "Gen Erated", isAdmin: false, enabled: true });
    expect(generatedPassword).toMatch(/^[A-Za-z0-9]{20}$/);
    const hash = (await findUserPasswordHash(user.id))!;
    expect(hash).not.toContain(generatedPassword!);
    expect(await verifyPassword(hash, generatedPassword!)).toBe(true);
    expect(await verifyPassword(hash, "something-else")).toBe(false);
  });

  it("a chosen password is used and no password is shown back", async () => {
    const { user, generatedPassword } = await createUser(await adminPrincipal(), { username: unique("pw"), password: "chosen-password" });
    expect(generatedPassword).toBeUndefined();
    expect(await verifyPassword((await findUserPasswordHash(user.id))!, "chosen-password")).toBe(true);
  });

  it("a duplicate username, in any case, is a conflict and a failed write changes nothing", async () => {
    const before = await countUsers();
    const e = await failure(createUser(await adminPrincipal(), { username: "ADMIN", password: "some-password" }));
    expect(e).toMatchObject({ code: "conflict", message: "A user named “ADMIN” already exists." });
    expect(await countUsers()).toBe(before);
  });

  it("only administrators create or list users", async () => {
    const { principal } = await makeUser();
    const before = await countUsers();
    const e = await failure(createUser(principal, { username: unique("sneaky"), password: "some-password" }));
    expect(e).toMatchObject({ code: "forbidden", message: ONLY_ADMINS });
    expect(await countUsers()).toBe(before);
    expect(await failure(listAllUsers(principal))).toMatchObject({ code: "forbidden" });
  });

  it("refuses invalid usernames before touching the database", async () => {
    const e = await failure(createUser(await adminPrincipal(), { username: "a b" }));
    expect(e).toBeInstanceOf(z.ZodError);
    expect(describeIssues(e as z.ZodError).fields.username).toMatch(/letters, digits/);
  });

  it("an administrator can disable another user", async () => {
    const { user } = await makeUser();
    const updated = await updateUser(await adminPrincipal(), { user: String(user.id), enabled: false });
    expect(updated.enabled).toBe(false);
    expect((await findUser(user.id))!.enabled).toBe(false);
  });
});

describe("resetPassword", () => {
  // A fresh address per sign-in attempt, so sign-in throttling never plays a part.
  let n = 0;
  const signIn = (username: string, password: string) => attemptLogin({ username, password, address: `203.0.113.${++n}` });
  const sessionVersionOf = async (id: number) => (await getUserSessionState(id))!.sessionVersion;

  it("sets the chosen password: it signs in, the old one no longer does, and their sessions end", async () => {
    const { user } = await makeUser();
    const before = await sessionVersionOf(user.id);
    expect(await signIn(user.username, USER_PASSWORD)).toMatchObject({ ok: true, user: { sessionVersion: before } });

    const r = await resetPassword(await adminPrincipal(), { user: user.username, password: "reset-password-1" });
    expect(r.generatedPassword).toBeUndefined();

    // Sessions carry the version they were signed in with; every request compares it with the user's.
    expect(await sessionVersionOf(user.id)).toBe(before + 1);
    expect(await signIn(user.username, "reset-password-1")).toEqual({ ok: true, user: { id: user.id, username: user.username, sessionVersion: before + 1 } });
    expect(await signIn(user.username, USER_PASSWORD)).toMatchObject({ ok: false, reason: "invalid" });
  });

  it("generates a password when none is given, by name or id, and records it in the audit log", async () => {
    const { user } = await makeUser();
    const before = await sessionVersionOf(user.id);
    const { generatedPassword } = await resetPassword(cliPrincipal("ops"), { user: String(user.id) });
    expect(generatedPassword).toMatch(/^[A-Za-z0-9]{20}$/);
    expect(await sessionVersionOf(user.id)).toBe(before + 1);
    expect(await signIn(user.username, generatedPassword!)).toMatchObject({ ok: true });
    expect(await signIn(user.username, USER_PASSWORD)).toMatchObject({ ok: false, reason: "invalid" });
    // An empty password (a form's untouched field) also means "generate one".
    const again = await resetPassword(await adminPrincipal(), { user: user.username, password: "" });
    expect(again.generatedPassword).toMatch(/^[A-Za-z0-9]{20}$/);
    expect(await signIn(user.username, again.generatedPassword!)).toMatchObject({ ok: true });
    expect(await signIn(user.username, generatedPassword!)).toMatchObject({ ok: false });

    const { rows } = await readFullAuditLog(await adminPrincipal(), auditQuery.parse({ action: "user.reset_password", q: user.username }));
    expect(rows.map((r) => [r.targetName, r.outcome])).toEqual([
      [user.username, "success"],
      [user.username, "success"],
    ]);
    // The password itself is never written to the log.
    expect(JSON.stringify(rows)).not.toContain(generatedPassword);
  });

  it("only administrators reset passwords; a refusal changes nothing", async () => {
    const { user } = await makeUser();
    const { principal } = await makeUser();
    const before = await sessionVersionOf(user.id);
    const e = await failure(resetPassword(principal, { user: user.username, password: "taken-over-1" }));
    expect(e).toMatchObject({ code: "forbidden", message: ONLY_ADMINS });
    expect(await sessionVersionOf(user.id)).toBe(before);
    expect(await signIn(user.username, USER_PASSWORD)).toMatchObject({ ok: true });
    expect(await signIn(user.username, "taken-over-1")).toMatchObject({ ok: false });
  });

  it("an unknown user is not found, and a too-short password is refused before anything changes", async () => {
    const ghost = unique("ghost");
    expect(await failure(resetPassword(await adminPrincipal(), { user: ghost, password: "some-password" }))).toMatchObject({ code: "not_found", message: `User “${ghost}” was not found.` });
    const { user } = await makeUser();
    const before = await sessionVersionOf(user.id);
    const e = await failure(resetPassword(await adminPrincipal(), { user: user.username, password: "short" }));
    expect(e).toBeInstanceOf(z.ZodError);
    expect(describeIssues(e as z.ZodError).fields.password).toBe("A password needs at least 8 characters.");
    expect(await sessionVersionOf(user.id)).toBe(before);
    expect(await signIn(user.username, USER_PASSWORD)).toMatchObject({ ok: true });
  });
});

describe("teams", () => {
  it("an administrator creates a team, with an empty description by default", async () => {
    const name = unique("Analytics");
    const team = await createTeam(await adminPrincipal(), { name });
    expect(team).toMatchObject({ name, description: "" });
    expect((await listVisibleTeams(await adminPrincipal())).map((t) => t.name)).toContain(name);
  });

  it("a duplicate name, in any case, is a conflict with a human message", async () => {
    const name = unique("Data-Platform");
    await makeTeam(name);
    const e = await failure(createTeam(await adminPrincipal(), { name: name.toLowerCase() }));
    expect(e).toMatchObject({ code: "conflict", message: `A team named “${name.toLowerCase()}” already exists.` });
    expect((await listAllTeams()).filter((t) => t.name.toLowerCase() === name.toLowerCase())).toHaveLength(1);
  });

  it("people who are not administrators cannot create teams", async () => {
    const { principal } = await makeMember("default", "team admin");
    const name = unique("nope");
    const e = await failure(createTeam(principal, { name }));
    expect(e).toMatchObject({ code: "forbidden", message: ONLY_ADMINS });
    expect(await findTeam(name)).toBeUndefined();
  });

  it("keeps an HTML name verbatim", async () => {
    const name = "<img src=x onerror=alert(1)>";
    const team = await createTeam(await adminPrincipal(), { name, description: "<b>bold</b> & co" });
    expect(team.name).toBe(name);
    expect(await findTeam(team.id)).toMatchObject({ name, description: "<b>bold</b> & co" });
    expect(await findTeam(name)).toMatchObject({ id: team.id });
  });

  it("refuses invalid names with the field's message", async () => {
    const e = await failure(createTeam(await adminPrincipal(), { name: "a/b" }));
    expect(describeIssues(e as z.ZodError).fields).toEqual({ name: "A team name cannot contain a slash." });
  });

  it("non-admins see only their teams, with their role", async () => {
    const mine = await makeTeam();
    await makeTeam(); // someone else's
    const { principal } = await makeMember(mine.name, "developer");
    const visible = await listVisibleTeams(principal);
    expect(visible.map((t) => [t.name, t.role])).toEqual([[mine.name, "developer"]]);
  });

  describe("updateTeam", () => {
    it("a team admin edits the description but only a system admin renames", async () => {
      const team = await makeTeam();
      const { principal } = await makeMember(team.name, "team admin");

      const edited = await updateTeam(principal, { team: team.name, description: "Owns the pipelines." });
      expect(edited.description).toBe("Owns the pipelines.");

      const newName = unique("renamed");
      const e = await failure(updateTeam(principal, { team: team.name, name: newName }));
      expect(e).toMatchObject({ code: "forbidden", message: ONLY_ADMINS });
      expect((await findTeam(team.id))!.name).toBe(team.name);

      // Sending the current name back (as a form does) is not a rename.
      await updateTeam(principal, { team: team.name, name: team.name, description: "Again." });

      const renamed = await updateTeam(await adminPrincipal(), { team: String(team.id), name: newName });
      expect(renamed.name).toBe(newName);
      expect(await findTeam(team.name)).toBeUndefined();
    });

    it("a developer cannot edit the team", async () => {
      const team = await makeTeam();
      const { principal } = await makeMember(team.name, "developer");
      const e = await failure(updateTeam(principal, { team: team.name, description: "mine now" }));
      expect(e.code).toBe("forbidden");
      expect(e.message).toContain(`Your role “developer” in team “${team.name}” does not allow this`);
      expect((await findTeam(team.id))!.description).toBe("");
    });

    it("renaming onto another team's name is a conflict", async () => {
      const a = await makeTeam();
      const b = await makeTeam();
      const e = await failure(updateTeam(await adminPrincipal(), { team: a.name, name: b.name.toUpperCase() }));
      expect(e).toMatchObject({ code: "conflict", message: `A team named “${b.name.toUpperCase()}” already exists.` });
      expect((await findTeam(a.id))!.name).toBe(a.name);
    });
  });

  it("deleting asks for the exact name when a confirmation is given", async () => {
    const team = await makeTeam();
    const e = await failure(deleteTeam(await adminPrincipal(), { team: team.name, confirmName: team.name.toUpperCase() }));
    expect(e).toMatchObject({ code: "invalid_input", fields: { confirmName: "This does not match the team's name." } });
    expect(await findTeam(team.id)).toBeDefined();
    await deleteTeam(await adminPrincipal(), { team: team.name, confirmName: team.name });
    expect(await findTeam(team.id)).toBeUndefined();
  });
});

describe("roles", () => {
  it("built-in roles cannot be changed or deleted", async () => {
    const admin = await adminPrincipal();
    const before = (await findRole("viewer"))!;
    const changed = await failure(updateRole(admin, { role: "viewer", permissions: ["member:manage"] }));
    expect(changed).toMatchObject({
      code: "conflict",
      message: "“viewer” is a built-in role and cannot be changed; create a new role instead.",
    });
    const deleted = await failure(deleteRole(admin, { role: "Team Admin" }));
    expect(deleted).toMatchObject({ code: "conflict", message: "“team admin” is a built-in role and cannot be deleted." });
    expect(await findRole("viewer")).toEqual(before);
    expect(await findRole("team admin")).toBeDefined();
  });

  it("an administrator creates, changes and deletes a custom role", async () => {
    const admin = await adminPrincipal();
    const name = unique("release manager");
    const role = await createRole(admin, { name, permissions: ["job:view", "job:deploy", "job:deploy"] });
    expect(role).toMatchObject({ name, builtin: false, description: "" });
    expect(role.permissions.sort()).toEqual(["job:deploy", "job:view"]);

    const renamed = unique("releaser");
    const updated = await updateRole(admin, { role: name, name: renamed, permissions: ["job:view"] });
    expect(updated).toMatchObject({ id: role.id, name: renamed, permissions: ["job:view"] });
    expect((await listAllRoles(admin)).map((r) => r.name)).toContain(renamed);

    await deleteRole(admin, { role: renamed });
    expect(await findRole(role.id)).toBeUndefined();
  });

  it("a role cannot be deleted while members hold it, and the message says how many", async () => {
    const admin = await adminPrincipal();
    const name = unique("on-call");
    await createRole(admin, { name, permissions: ["job:view"] });
    const team = await makeTeam();
    await makeMember(team.name, name);
    expect(await failure(deleteRole(admin, { role: name }))).toMatchObject({
      code: "conflict",
      message: `“${name}” is held by 1 member; give them another role first.`,
    });
    await makeMember("default", name);
    expect((await failure(deleteRole(admin, { role: name }))).message).toBe(
      `“${name}” is held by 2 members; give them another role first.`,
    );
    expect(await findRole(name)).toBeDefined();
  });

  it("unknown permissions are refused and nothing is created", async () => {
    const name = unique("wizard");
    const e = await failure(createRole(await adminPrincipal(), { name, permissions: ["job:view", "job:teleport" as "job:view"] }));
    expect(e).toBeInstanceOf(z.ZodError);
    expect(describeIssues(e as z.ZodError).fields).toEqual({ "permissions.1": "Unknown permission." });
    expect(await findRole(name)).toBeUndefined();
  });

  it("duplicate role names, in any case, are a conflict", async () => {
    const e = await failure(createRole(await adminPrincipal(), { name: "Developer" }));
    expect(e).toMatchObject({ code: "conflict", message: "A role named “Developer” already exists." });
  });

  it("only administrators manage roles", async () => {
    const { principal } = await makeMember("default", "team admin");
    const name = unique("self-made");
    expect(await failure(createRole(principal, { name }))).toMatchObject({ code: "forbidden", message: ONLY_ADMINS });
    expect(await findRole(name)).toBeUndefined();
  });

  it("a custom role grants exactly its permissions", async () => {
    const name = unique("roster reader");
    await createRole(await adminPrincipal(), { name, permissions: ["member:view"] });
    const team = await makeTeam();
    const { principal } = await makeMember(team.name, name);
    expect((await listTeamMembers(principal, team.name)).length).toBe(1);
    const other = await makeUser();
    const e = await failure(addMember(principal, { team: team.name, user: other.user.username, role: "viewer" }));
    expect(e.code).toBe("forbidden");
  });
});

describe("members", () => {
  it("an administrator adds a member, changes their role and removes them", async () => {
    const admin = await adminPrincipal();
    const team = await makeTeam();
    const { user } = await makeUser();

    const added = await addMember(admin, { team: team.name, user: user.username, role: "viewer" });
    expect(added).toMatchObject({ userId: user.id, username: user.username, role: "viewer", enabled: true });
    expect((await listTeamMembers(admin, team.name)).map((m) => [m.username, m.role])).toEqual([[user.username, "viewer"]]);

    const changed = await changeMemberRole(admin, { team: String(team.id), user: String(user.id), role: "Developer" });
    expect(changed.role).toBe("developer");

    await removeMember(admin, { team: team.name, user: user.username });
    expect(await listTeamMembers(admin, team.name)).toEqual([]);
    const again = await failure(removeMember(admin, { team: team.name, user: user.username }));
    expect(again).toMatchObject({ code: "not_found", message: `“${user.username}” is not a member of “${team.name}”.` });
  });

  it("adding someone twice is a conflict", async () => {
    const team = await makeTeam();
    const { user } = await makeMember(team.name, "viewer");
    const e = await failure(addMember(await adminPrincipal(), { team: team.name, user: user.username, role: "developer" }));
    expect(e).toMatchObject({ code: "conflict", message: `“${user.username}” is already a member of “${team.name}”.` });
    expect((await listMembers(team.id)).map((m) => m.role)).toEqual(["viewer"]);
  });

  it("unknown users and roles are named in the message", async () => {
    const admin = await adminPrincipal();
    const team = await makeTeam();
    expect(await failure(addMember(admin, { team: team.name, user: "nobody-here", role: "viewer" }))).toMatchObject({
      code: "not_found",
      message: "User “nobody-here” was not found.",
      fields: { user: "No such user." },
    });
    const { user } = await makeUser();
    expect(await failure(addMember(admin, { team: team.name, user: user.username, role: "overlord" }))).toMatchObject({
      code: "not_found",
      message: "Role “overlord” was not found.",
    });
    expect(await failure(changeMemberRole(admin, { team: team.name, user: user.username, role: "viewer" }))).toMatchObject({
      code: "not_found",
      message: `“${user.username}” is not a member of “${team.name}”.`,
    });
    expect(await listMembers(team.id)).toEqual([]);
  });

  it("a disabled user cannot be added", async () => {
    const team = await makeTeam();
    const { user } = await makeUser();
    await updateUser(await adminPrincipal(), { user: user.username, enabled: false });
    const e = await failure(addMember(await adminPrincipal(), { team: team.name, user: user.username, role: "viewer" }));
    expect(e).toMatchObject({ code: "conflict", message: `“${user.username}” is disabled; enable the account first.` });
    expect(await listMembers(team.id)).toEqual([]);
    expect((await listCandidateUsers(await adminPrincipal(), team.name)).map((u) => u.id)).not.toContain(user.id);
  });

  it("a viewer can see the members but not manage them", async () => {
    const team = await makeTeam();
    const { principal } = await makeMember(team.name, "viewer");
    const { user: other } = await makeMember(team.name, "developer");
    expect((await listTeamMembers(principal, team.name)).length).toBe(2);

    const denied = `Your role “viewer” in team “${team.name}” does not allow this (add and remove members and change their roles).`;
    const outsider = (await makeUser()).user.username;
    const attempts = [
      () => addMember(principal, { team: team.name, user: outsider, role: "viewer" }),
      () => changeMemberRole(principal, { team: team.name, user: other.username, role: "team admin" }),
      () => changeMemberRole(principal, { team: team.name, user: principal.user.username, role: "team admin" }),
      () => removeMember(principal, { team: team.name, user: other.username }),
      () => listCandidateUsers(principal, team.name),
    ];
    for (const attempt of attempts) expect(await failure(attempt())).toMatchObject({ code: "forbidden", message: denied });
    expect((await listMembers(team.id)).map((m) => m.role).sort()).toEqual(["developer", "viewer"]);
  });

  it("a team admin manages members of their own team only", async () => {
    const mine = await makeTeam();
    const theirs = await makeTeam();
    const { principal } = await makeMember(mine.name, "team admin");
    const { user } = await makeUser();
    await addMember(principal, { team: mine.name, user: user.username, role: "developer" });
    const e = await failure(addMember(principal, { team: theirs.name, user: user.username, role: "developer" }));
    expect(e.code).toBe("not_found");
    expect(await listMembers(theirs.id)).toEqual([]);
  });

  describe("a team the caller is not in looks exactly like a missing team", () => {
    /** What a failure tells the caller, with the reference they used taken out. */
    async function seen(p: Promise<unknown>, ref: string | number) {
      const e = await failure(p);
      return { code: e.code, message: e.message.replace(String(ref), "<ref>") };
    }

    it("by name and by id, for every team-scoped read and write", async () => {
      const hidden = await makeTeam();
      const { principal } = await makeMember("default", "team admin");
      const { user } = await makeUser();
      const maxId = Math.max(...(await listAllTeams()).map((t) => t.id));
      const refs = { hiddenName: hidden.name, missingName: unique("no-such-team"), hiddenId: hidden.id, missingId: maxId + 1000 };

      const calls: [string, (team: string | number) => Promise<unknown>][] = [
        ["teamAccess", (t) => teamAccess(principal, t)],
        ["listTeamMembers", (t) => listTeamMembers(principal, t)],
        ["addMember", (t) => addMember(principal, { team: String(t), user: user.username, role: "viewer" })],
        ["removeMember", (t) => removeMember(principal, { team: String(t), user: user.username })],
        ["updateTeam", (t) => updateTeam(principal, { team: String(t), description: "x" })],
      ];
      for (const [label, call] of calls) {
        const byName = [await seen(call(refs.hiddenName), refs.hiddenName), await seen(call(refs.missingName), refs.missingName)];
        const byId = [await seen(call(refs.hiddenId), refs.hiddenId), await seen(call(refs.missingId), refs.missingId)];
        expect(byName[0], `${label} by name`).toEqual(byName[1]);
        expect(byId[0], `${label} by id`).toEqual(byId[1]);
        expect(byName[0], label).toEqual({ code: "not_found", message: "Team “<ref>” was not found." });
      }
      expect(await listMembers(hidden.id)).toEqual([]);
    });
  });
});

describe("concurrent changes", () => {
  // Runs last: it disables every other administrator, `admin` included, and restores `admin` at the end.
  //
  // Known bug: lib/iam/users.ts updateUser checks countEnabledAdmins() inside its transaction, but
  // under READ COMMITTED two transactions each see the other administrator still enabled (write
  // skew). When the only two administrators demote each other at the same moment, both succeed and
  // no enabled administrator is left. Probed: 19 of 20 rounds ended with zero administrators.
  it("two administrators demoting each other at once leave one administrator", async () => {
    const cli = cliPrincipal("ops");
    try {
      for (let round = 0; round < 5; round++) {
        const a = await makeUser({ isAdmin: true });
        const b = await makeUser({ isAdmin: true });
        for (const u of await listAllUsers(cli)) {
          if (u.isAdmin && u.enabled && u.id !== a.user.id && u.id !== b.user.id) await updateUser(cli, { user: String(u.id), enabled: false });
        }
        await Promise.allSettled([
          updateUser(a.principal, { user: b.user.username, isAdmin: false }),
          updateUser(b.principal, { user: a.user.username, isAdmin: false }),
        ]);
        const left = (await listAllUsers(cli)).filter((u) => u.isAdmin && u.enabled);
        expect(left, `round ${round}`).toHaveLength(1);
      }
    } finally {
      await updateUser(cli, { user: "admin", enabled: true, isAdmin: true });
    }
  });
});
