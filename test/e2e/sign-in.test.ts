/**
 * Sign-in as a person meets it over HTTP: throttling says why and for how long, disabled users are
 * refused, a password change or disabling ends existing sessions, sign-out ends the session, and
 * server actions answer bad input with a sentence, never a 500.
 */
import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { HttpSession } from "../support/http-session";
import { callAction } from "../support/server-actions";

const baseUrl = inject("baseUrl");
const adminPassword = inject("adminPassword");
const s = randomBytes(3).toString("hex");
const admin = new HttpSession(baseUrl);
const USERS = "app/(console)/admin/users/actions.ts";

async function createUser(username: string, password: string) {
  const r = await callAction(admin, USERS, "createUserAction", [{ username, password }]);
  expect(r.ok, JSON.stringify(r)).toBe(true);
}

beforeAll(async () => {
  expect(await admin.signIn("admin", adminPassword)).toBeNull();
});

describe("sign-in", () => {
  it("pauses a user and address after five failures, even for the right password, and says so", async () => {
    const user = `throttled-${s}`;
    await createUser(user, "right-password-1");
    const visitor = new HttpSession(baseUrl);
    for (let i = 0; i < 4; i++) expect(await visitor.signIn(user, "wrong-password")).toBe("Wrong username or password.");
    expect(await visitor.signIn(user, "wrong-password")).toMatch(/Too many failed sign-in attempts.*try again in 15 minutes/);
    expect(await visitor.signIn(user, "right-password-1")).toMatch(/Too many failed sign-in attempts/);
    expect((await visitor.fetch("/api/v1/me")).status).toBe(401);
  });

  it("refuses a disabled user, and disabling ends the sessions they had", async () => {
    const user = `leaver-${s}`;
    await createUser(user, "leaver-password-1");
    const them = new HttpSession(baseUrl);
    expect(await them.signIn(user, "leaver-password-1")).toBeNull();
    expect((await them.fetch("/api/v1/me")).status).toBe(200);

    const r = await callAction(admin, USERS, "updateUserAction", [{ user, enabled: false }]);
    expect(r.ok).toBe(true);
    expect((await them.fetch("/api/v1/me")).status).toBe(401);
    expect(await new HttpSession(baseUrl).signIn(user, "leaver-password-1")).toMatch(/This account is disabled/);
  });

  it("a password change ends every session, and the new password works", async () => {
    const user = `changer-${s}`;
    await createUser(user, "old-password-1");
    const laptop = new HttpSession(baseUrl);
    const phone = new HttpSession(baseUrl);
    expect(await laptop.signIn(user, "old-password-1")).toBeNull();
    expect(await phone.signIn(user, "old-password-1")).toBeNull();

    const wrong = await callAction(laptop, "app/(console)/account/actions.ts", "changePasswordAction", [
      { currentPassword: "not-it", newPassword: "new-password-1", confirmPassword: "new-password-1" },
    ]);
    expect(wrong.error?.message).toBe("The current password is wrong.");

    const ok = await callAction(laptop, "app/(console)/account/actions.ts", "changePasswordAction", [
      { currentPassword: "old-password-1", newPassword: "new-password-1", confirmPassword: "new-password-1" },
    ]);
    expect(ok.ok).toBe(true);
    expect((await phone.fetch("/api/v1/me")).status).toBe(401);
    expect((await laptop.fetch("/api/v1/me")).status).toBe(401);
    expect(await new HttpSession(baseUrl).signIn(user, "old-password-1")).toBe("Wrong username or password.");
    expect(await new HttpSession(baseUrl).signIn(user, "new-password-1")).toBeNull();
  });

  it("sign-out ends the session", async () => {
    const me = new HttpSession(baseUrl);
    expect(await me.signIn("admin", adminPassword)).toBeNull();
    const csrf = (await (await me.fetch("/api/auth/csrf")).json()) as { csrfToken: string };
    await me.fetch("/api/auth/signout", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ csrfToken: csrf.csrfToken, json: "true" }),
    });
    expect((await me.fetch("/api/v1/me")).status).toBe(401);
    expect((await me.fetch("/teams/default")).status).toBe(307);
  });
});

describe("bad input to server actions", () => {
  const cases: [string, unknown[]][] = [
    ["nothing", []],
    ["null", [null]],
    ["a number for the name", [{ name: 42 }]],
    ["an empty name", [{ name: "" }]],
    ["a 10,000-character name", [{ name: "x".repeat(10_000) }]],
    ["a slash in the name", [{ name: "a/b" }]],
    ["a NUL byte", [{ name: "a\u0000b" }]],
    ["a 10,000-character description", [{ name: `long-${s}`, description: "d".repeat(10_000) }]],
  ];

  it.each(cases)("createTeamAction with %s answers a sentence, not a 500", async (_, args) => {
    const r = await callAction(admin, "app/(console)/admin/teams/actions.ts", "createTeamAction", args);
    expect(r.ok).toBe(false);
    expect(r.error?.code).toBe("invalid_input");
    expect(r.error?.message).toMatch(/[a-z]/);
    expect(r.error?.message).not.toMatch(/at .*\.(ts|js)|SELECT|INSERT/i);
  });

  it("a duplicate team name is refused and the first team is untouched", async () => {
    const name = `dup-${s}`;
    expect((await callAction(admin, "app/(console)/admin/teams/actions.ts", "createTeamAction", [{ name, description: "first" }])).ok).toBe(true);
    const again = await callAction(admin, "app/(console)/admin/teams/actions.ts", "createTeamAction", [{ name: name.toUpperCase(), description: "second" }]);
    expect(again.error).toMatchObject({ code: "conflict", message: `A team named “${name.toUpperCase()}” already exists.` });
    const teams = (await (await admin.fetch("/api/v1/teams")).json()) as { teams: { name: string; description: string }[] };
    expect(teams.teams.filter((t) => t.name.toLowerCase() === name)).toEqual([expect.objectContaining({ name, description: "first" })]);
  });

  it.each(["99999999999", "%00", "a%2Fb", "%3Cscript%3E", "x".repeat(300)])("a page for team “%s” is the 404 page, not a 500", async (ref) => {
    expect((await admin.fetch(`/teams/${ref}/members`)).status).toBe(404);
  });

  it("a broken percent-encoding in the URL is a 400, for pages and the API", async () => {
    expect((await admin.fetch("/teams/%E0%A4%A/members")).status).toBe(400);
    const api = await admin.fetch("/api/v1/teams/%E0%A4%A/members");
    expect(api.status).toBe(400);
    expect(((await api.json()) as { error: { code: string } }).error.code).toBe("bad_request");
  });

  it("junk in the audit log's URL falls back to defaults", async () => {
    expect((await admin.fetch("/admin/audit?page=-4&pageSize=1e9&sort=password_hash&dir=sideways&outcome=maybe&q=%00")).status).toBe(200);
  });

  it("the audit log shows the refused attempt, for admins", async () => {
    const page = await (await admin.fetch(`/admin/audit?q=dup-${s}&outcome=failed`)).text();
    expect(page).toContain("team.create");
    expect(page).toContain("already exists");
  });
});
