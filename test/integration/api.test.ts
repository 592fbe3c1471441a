/**
 * Protects the REST API v1 as a client sees it, through the same handler adapter Next uses:
 * status codes, the `{error: {code, message, fields}}` body, a token's reach (its own team only),
 * and that no input, however malformed, gets a 500.
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { listMembers as membersOf } from "@/db/queries/members";
import { findTeam } from "@/db/queries/teams";
import { getJobOperation, listJobLogs, postBulkJobAction, postJobAction } from "@/lib/api/v1/lifecycle";
import { getMe } from "@/lib/api/v1/me";
import { deleteMember, listMembers, patchMember, postMember } from "@/lib/api/v1/members";
import { listTeams, postTeam } from "@/lib/api/v1/teams";
import { createCluster } from "@/lib/environments/clusters";
import { auditQuery, readFullAuditLog } from "@/lib/iam/audit-log";
import { createJob } from "@/lib/jobs/jobs";
import {
  adminPrincipal,
  callEndpoint,
  makeMember,
  makeTeam,
  makeToken,
  makeUser,
  unique,
  type ErrorJson,
} from "../support/fixtures";

/** Tokens made once for the file: the admin's in `default`, a team admin's and a viewer's in their team. */
let adminToken: string;
let team: { id: number; name: string };
let teamAdminToken: string;
let viewerToken: string;
let viewerName: string;
let otherTeam: { id: number; name: string };

beforeAll(async () => {
  adminToken = (await makeToken(await adminPrincipal(), "default")).token;
  team = await makeTeam();
  otherTeam = await makeTeam();
  const teamAdmin = await makeMember(team.name, "team admin");
  teamAdminToken = (await makeToken(teamAdmin.principal, team.name)).token;
  const viewer = await makeMember(team.name, "viewer");
  viewerName = viewer.user.username;
  // Viewers cannot create tokens in the console; the CLI's operator may mint one for them.
  viewerToken = (await makeToken({ ...viewer.principal, via: "cli" }, team.name)).token;
});

async function errorOf(res: Response) {
  expect(res.headers.get("content-type")).toMatch(/application\/json/);
  return ((await res.json()) as ErrorJson).error;
}

describe("authentication", () => {
  it("GET /me tells who the token acts as and in which team", async () => {
    const res = await callEndpoint(getMe, { token: teamAdminToken });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { user: { isAdmin: boolean }; via: string; tokenTeam: string; teams: { name: string; role: string }[] };
    expect(body).toMatchObject({ via: "token", tokenTeam: team.name, user: { isAdmin: false } });
    expect(body.teams.map((t) => [t.name, t.role])).toEqual([[team.name, "team admin"]]);
  });

  it("an unknown bearer token gets 401", async () => {
    const res = await callEndpoint(getMe, { token: "eddy_" + "x".repeat(43) });
    expect(res.status).toBe(401);
    expect(await errorOf(res)).toEqual({ code: "unauthenticated", message: "This API token is unknown, expired or revoked." });
  });

  it("a malformed Authorization header gets 401", async () => {
    const res = await callEndpoint(listTeams, { headers: { authorization: "Basic YWRtaW46YWRtaW4tcGFzc3dvcmQtMQ==" } });
    expect(res.status).toBe(401);
    expect((await errorOf(res)).code).toBe("unauthenticated");
  });
});

describe("teams", () => {
  it("GET /teams shows a token only its own team, even an administrator's", async () => {
    const res = await callEndpoint(listTeams, { token: adminToken });
    expect(res.status).toBe(200);
    const { teams } = (await res.json()) as { teams: { name: string; createdAt: string }[] };
    expect(teams.map((t) => t.name)).toEqual(["default"]);
    expect(new Date(teams[0]!.createdAt).toISOString()).toBe(teams[0]!.createdAt);
  });

  it("POST /teams as an administrator creates it: 201 with the team", async () => {
    const name = unique("Api Team");
    const res = await callEndpoint(postTeam, { token: adminToken, body: { name, description: "made over REST" } });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ name, description: "made over REST" });
    expect(await findTeam(name)).toBeDefined();
  });

  it("a duplicate name is 409 with a human message", async () => {
    const res = await callEndpoint(postTeam, { token: adminToken, body: { name: "DEFAULT" } });
    expect(res.status).toBe(409);
    expect(await errorOf(res)).toEqual({ code: "conflict", message: "A team named “DEFAULT” already exists." });
  });

  it("a non-administrator gets 403", async () => {
    const name = unique("not-mine");
    const res = await callEndpoint(postTeam, { token: teamAdminToken, body: { name } });
    expect(res.status).toBe(403);
    expect(await errorOf(res)).toEqual({ code: "forbidden", message: "Only administrators can do that." });
    expect(await findTeam(name)).toBeUndefined();
  });

  it("an empty name is 422 with the field's message", async () => {
    const res = await callEndpoint(postTeam, { token: adminToken, body: { name: "" } });
    expect(res.status).toBe(422);
    const error = await errorOf(res);
    expect(error).toMatchObject({ code: "invalid_input", message: "name: A team needs a name.", fields: { name: "A team needs a name." } });
  });

  it("malformed JSON is 400", async () => {
    const res = await callEndpoint(postTeam, { token: adminToken, body: '{"name": "x",', headers: { "content-type": "application/json" } });
    expect(res.status).toBe(400);
    expect(await errorOf(res)).toEqual({ code: "bad_request", message: "The request body is not valid JSON." });
  });

  it("a body that is not declared as JSON is 400", async () => {
    const name = unique("form-post");
    const json = JSON.stringify({ name });
    const requests: { body: string | Uint8Array; headers?: Record<string, string> }[] = [
      { body: new TextEncoder().encode(json) }, // no Content-Type at all
      { body: json }, // fetch's default for a string: text/plain
      { body: json, headers: { "content-type": "application/x-www-form-urlencoded" } },
    ];
    for (const r of requests) {
      const res = await callEndpoint(postTeam, { token: adminToken, ...r });
      expect(res.status).toBe(400);
      expect((await errorOf(res)).message).toBe("Send the request body as JSON with “Content-Type: application/json”.");
    }
    expect(await findTeam(name)).toBeUndefined();
  });

  it("accepts JSON with a charset or a +json type", async () => {
    const name = unique("charset");
    const res = await callEndpoint(postTeam, {
      token: adminToken,
      body: JSON.stringify({ name }),
      headers: { "content-type": "application/merge-patch+json; charset=utf-8" },
    });
    expect(res.status).toBe(201);
  });
});

describe("members", () => {
  it("GET lists the team's members by name or id", async () => {
    for (const ref of [team.name, String(team.id)]) {
      const res = await callEndpoint(listMembers, { token: viewerToken, params: { team: ref } });
      expect(res.status).toBe(200);
      const { members } = (await res.json()) as { members: { username: string; role: string }[] };
      expect(members.map((m) => m.role).sort()).toEqual(["team admin", "viewer"]);
    }
  });

  it("POST adds, PATCH changes the role, DELETE ?user= removes", async () => {
    const { user } = await makeUser();
    const params = { team: team.name };

    const added = await callEndpoint(postMember, { token: teamAdminToken, params, body: { user: user.username, role: "developer" } });
    expect(added.status).toBe(201);
    expect(await added.json()).toMatchObject({ userId: user.id, username: user.username, role: "developer", enabled: true });

    const again = await callEndpoint(postMember, { token: teamAdminToken, params, body: { user: user.username, role: "viewer" } });
    expect(again.status).toBe(409);

    const changed = await callEndpoint(patchMember, { token: teamAdminToken, params, body: { user: String(user.id), role: "viewer" } });
    expect(changed.status).toBe(200);
    expect(await changed.json()).toMatchObject({ username: user.username, role: "viewer" });

    const removed = await callEndpoint(deleteMember, { token: teamAdminToken, params, query: { user: user.username } });
    expect(removed.status).toBe(204);
    expect(await removed.text()).toBe("");
    expect((await membersOf(team.id)).map((m) => m.userId)).not.toContain(user.id);

    const gone = await callEndpoint(deleteMember, { token: teamAdminToken, params, query: { user: user.username } });
    expect(gone.status).toBe(404);
    expect((await errorOf(gone)).message).toBe(`“${user.username}” is not a member of “${team.name}”.`);
  });

  it("DELETE without ?user= is 400", async () => {
    const res = await callEndpoint(deleteMember, { token: teamAdminToken, params: { team: team.name } });
    expect(res.status).toBe(400);
    expect((await errorOf(res)).fields).toHaveProperty("user");
  });

  it("a viewer gets 403 for every change", async () => {
    const { user } = await makeUser();
    const params = { team: team.name };
    const calls = [
      () => callEndpoint(postMember, { token: viewerToken, params, body: { user: user.username, role: "viewer" } }),
      () => callEndpoint(patchMember, { token: viewerToken, params, body: { user: viewerName, role: "team admin" } }),
      () => callEndpoint(deleteMember, { token: viewerToken, params, query: { user: viewerName } }),
    ];
    for (const call of calls) {
      const res = await call();
      expect(res.status).toBe(403);
      expect((await errorOf(res)).message).toContain(`Your role “viewer” in team “${team.name}” does not allow this`);
    }
    expect((await membersOf(team.id)).find((m) => m.username === viewerName)?.role).toBe("viewer");
  });

  it("another team is 404 by name and by id, like a team that does not exist", async () => {
    const bodies = [];
    for (const ref of [otherTeam.name, String(otherTeam.id), "no-such-team", "987654"]) {
      const res = await callEndpoint(listMembers, { token: teamAdminToken, params: { team: ref } });
      expect(res.status, ref).toBe(404);
      const error = await errorOf(res);
      bodies.push({ ...error, message: error.message.replace(ref, "<ref>") });
      const post = await callEndpoint(postMember, { token: adminToken, params: { team: ref }, body: { user: viewerName, role: "viewer" } });
      expect(post.status, `admin token, ${ref}`).toBe(404);
    }
    expect(new Set(bodies.map((b) => JSON.stringify(b))).size).toBe(1);
    expect(bodies[0]).toEqual({ code: "not_found", message: "Team “<ref>” was not found." });
  });
});

describe("the audit trail of API calls", () => {
  it("records the token, and the client address the server saw", async () => {
    const name = unique("audited-over-rest");
    await callEndpoint(postTeam, { token: adminToken, body: { name }, headers: { "x-eddy-client-address": "192.0.2.44" } });
    const { rows } = await readFullAuditLog(await adminPrincipal(), auditQuery.parse({ q: name }));
    expect(rows).toEqual([expect.objectContaining({ actorName: "admin", via: "token", ip: "192.0.2.44", outcome: "success" })]);
  });
});

describe("bad input never gets a 500", () => {
  // A 500 is logged with its stack by errorResponse; the status assertions below are what count.
  beforeEach(() => void vi.spyOn(console, "error").mockImplementation(() => {}));
  afterEach(() => vi.restoreAllMocks());

  const long = "x".repeat(10_000);
  const badTeamBodies: [string, unknown][] = [
    ["null body", null],
    ["an array body", [{ name: "a" }]],
    ["a string body", "just a string"],
    ["a number body", 42],
    ["an empty object", {}],
    ["a null name", { name: null }],
    ["a numeric name", { name: 12 }],
    ["a boolean name", { name: true }],
    ["an array name", { name: ["a", "b"] }],
    ["an object name", { name: { first: "a" } }],
    ["a 10k-char name", { name: long }],
    ["a 10k-char description", { name: "ok-name", description: long }],
    ["a numeric description", { name: "ok-name-2", description: 5 }],
    ["a name with a NUL byte", { name: "nul\u0000name" }],
    ["a deeply nested value", { name: JSON.parse("[".repeat(500) + "]".repeat(500)) }],
  ];

  it.each(badTeamBodies)("POST /teams with %s", async (_, body) => {
    const raw = JSON.stringify(body);
    const res = await callEndpoint(postTeam, { token: adminToken, body: raw, headers: { "content-type": "application/json" } });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    const error = await errorOf(res);
    expect(error.message).not.toMatch(/zod|stack|sql|postgres/i);
  });

  const badMemberBodies: [string, unknown][] = [
    ["null user and role", { user: null, role: null }],
    ["numeric user", { user: 123, role: "viewer" }],
    ["array role", { user: "admin", role: ["viewer"] }],
    ["10k-char user", { user: long, role: "viewer" }],
    ["empty strings", { user: "", role: "" }],
    ["an unknown user", { user: "nobody-at-all", role: "viewer" }],
    ["a numeric-looking unknown user", { user: "424242", role: "viewer" }],
  ];

  it.each(badMemberBodies)("POST /teams/{team}/members with %s", async (_, body) => {
    const res = await callEndpoint(postMember, { token: adminToken, params: { team: "default" }, body });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
  });

  const badTeamRefs: [string, string][] = [
    ["an empty team", ""],
    ["a 10k-char team", long],
    ["a team with a slash", "a/b"],
    ["an HTML team", "<img src=x onerror=alert(1)>"],
  ];

  it.each(badTeamRefs)("GET /teams/{team}/members with %s", async (_, ref) => {
    const res = await callEndpoint(listMembers, { token: adminToken, params: { team: ref } });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
  });

  // A job in `default`, so that id checks past the job's own lookup are reached.
  let jobName = "";
  beforeAll(async () => {
    const admin = await adminPrincipal();
    const cluster = await createCluster(admin, "default", { kind: "remote", name: unique("api-remote"), restUrl: "http://127.0.0.1:9" });
    jobName = (await createJob(admin, "default", { name: unique("api-job"), type: "sql", sql: "SELECT 1;", settings: { mode: "remote", cluster: cluster.name } })).name;
  });
  const onJob = () => ({ team: "default", job: jobName });

  /*
   * Inputs that once reached Postgres and failed there with a 500: numeric references beyond the
   * int4 range (or "1e+64" after Number()), and U+0000, which Postgres text cannot hold.
   */
  const unservable: [string, () => Promise<Response>][] = [
    ["an operation id beyond the integer range", () => callEndpoint(getJobOperation, { token: adminToken, params: { ...onJob(), operation: "2147483648" } })],
    ["a 64-digit operation id", () => callEndpoint(getJobOperation, { token: adminToken, params: { ...onJob(), operation: "9".repeat(64) } })],
    ["a run id beyond the integer range in ?run=", () => callEndpoint(listJobLogs, { token: adminToken, params: onJob(), query: { run: "2147483648" } })],
    ["a job id beyond the integer range in a bulk action", () => callEndpoint(postBulkJobAction, { token: adminToken, params: { team: "default", action: "build" }, body: { jobs: [2147483648] } })],
    [
      "a snapshot id beyond the integer range",
      () => callEndpoint(postJobAction, { token: adminToken, params: { ...onJob(), action: "start" }, body: { restore: { snapshotId: 2147483648 } } }),
    ],
    ["a team id beyond the integer range", () => callEndpoint(listMembers, { token: adminToken, params: { team: "2147483648" } })],
    ["a 64-digit team id", () => callEndpoint(listMembers, { token: adminToken, params: { team: "9".repeat(64) } })],
    [
      "a user id beyond the integer range",
      () => callEndpoint(postMember, { token: adminToken, params: { team: "default" }, body: { user: "99999999999", role: "viewer" } }),
    ],
    [
      "a role id beyond the integer range",
      () => callEndpoint(postMember, { token: adminToken, params: { team: "default" }, body: { user: "admin", role: "99999999999" } }),
    ],
    ["a NUL byte in a team reference", () => callEndpoint(listMembers, { token: adminToken, params: { team: "a\u0000b" } })],
    [
      "a NUL byte in a user reference",
      () => callEndpoint(postMember, { token: adminToken, params: { team: "default" }, body: { user: "a\u0000", role: "viewer" } }),
    ],
    [
      "a NUL byte in ?user=",
      () => callEndpoint(deleteMember, { token: adminToken, params: { team: "default" }, query: { user: "a\u0000" } }),
    ],
    [
      "a NUL byte in a team description",
      () => callEndpoint(postTeam, { token: adminToken, body: { name: unique("nul-desc"), description: "a\u0000b" } }),
    ],
  ];

  it.each(unservable)("%s is refused without a 500", async (_, call) => {
    const res = await call();
    expect(res.status).toBeLessThan(500);
  });

  it("an id in the URL beyond the integer range is 404, like any missing id", async () => {
    const res = await callEndpoint(getJobOperation, { token: adminToken, params: { ...onJob(), operation: "2147483648" } });
    expect(res.status).toBe(404);
    expect(await errorOf(res)).toEqual({ code: "not_found", message: "Operation 2147483648 was not found." });
    // The largest id that fits is an ordinary missing operation.
    const largest = await callEndpoint(getJobOperation, { token: adminToken, params: { ...onJob(), operation: "2147483647" } });
    expect(largest.status).toBe(404);
    expect((await errorOf(largest)).message).toBe(`Operation 2147483647 of “${jobName}” was not found.`);
    const logs = await callEndpoint(listJobLogs, { token: adminToken, params: onJob(), query: { run: "2147483648" } });
    expect(logs.status).toBe(404);
    expect(await errorOf(logs)).toEqual({ code: "not_found", message: "Run 2147483648 was not found." });
  });

  it("an id in the body beyond the integer range is 422 with a sentence", async () => {
    const res = await callEndpoint(postBulkJobAction, { token: adminToken, params: { team: "default", action: "build" }, body: { jobs: [1, 2147483648] } });
    expect(res.status).toBe(422);
    expect(await errorOf(res)).toEqual({
      code: "invalid_input",
      message: "jobs.1: This id is too large: ids go up to 2,147,483,647.",
      fields: { "jobs.1": "This id is too large: ids go up to 2,147,483,647." },
    });
    const start = await callEndpoint(postJobAction, { token: adminToken, params: { ...onJob(), action: "start" }, body: { restore: { snapshotId: 2147483648 } } });
    expect(start.status).toBe(422);
    expect((await errorOf(start)).message).toContain("This id is too large: ids go up to 2,147,483,647.");
  });
});
