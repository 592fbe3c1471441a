/**
 * Protects API tokens: shown once and stored only as a hash; a token acts as its user inside its
 * one team and nowhere else (not even for an administrator); revoked, expired and disabled-user
 * tokens stop working with a clear message; a token cannot mint tokens; and only owners and
 * token managers can see or revoke a team's tokens.
 */
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { rawSql } from "@/db/client";
import { teamAccess } from "@/lib/auth/access";
import { cliPrincipal } from "@/lib/auth/principal";
import { getMe } from "@/lib/api/v1/me";
import { CLIENT_ADDRESS_HEADER } from "@/lib/auth/client-address";
import { authenticateRequest, tokenThrottle } from "@/lib/auth/request";
import { addMember, removeMember } from "@/lib/iam/members";
import { listVisibleTeams } from "@/lib/iam/teams";
import { createToken, listMyTokens, listTeamTokens, revokeToken } from "@/lib/iam/tokens";
import { updateUser } from "@/lib/iam/users";
import { adminPrincipal, callEndpoint, failure, makeMember, makeTeam, makeToken, makeUser, unique, type ErrorJson } from "../support/fixtures";

const REVOKED = "This API token is unknown, expired or revoked.";

function requestWith(authorization: string, headers: Record<string, string> = {}) {
  return new Request("http://eddy.test/api/v1/me", { headers: { authorization, ...headers } });
}
const bearer = (token: string) => authenticateRequest(requestWith(`Bearer ${token}`));

describe("creating a token", () => {
  it("shows the token once and stores only its SHA-256", async () => {
    const team = await makeTeam();
    const { principal } = await makeMember(team.name, "developer");
    const name = unique("ci deploy");
    const created = await createToken(principal, { team: team.name, name });
    expect(created.token).toMatch(/^eddy_[A-Za-z0-9_-]{43}$/);
    expect(created.expiresAt).toBeNull();

    const rows = await rawSql()<{ token_hash: string; prefix: string; row: string }[]>`
      select token_hash, prefix, row_to_json(t)::text as row from api_tokens t where id = ${created.id}`;
    expect(rows).toHaveLength(1);
    expect(rows[0]!.token_hash).toBe(createHash("sha256").update(created.token).digest("hex"));
    expect(rows[0]!.prefix).toBe(created.token.slice(0, 11));
    expect(rows[0]!.row).not.toContain(created.token.slice(11));

    const mine = await listMyTokens(principal);
    expect(mine.map((t) => [t.name, t.teamName, t.prefix])).toEqual([[name, team.name, created.token.slice(0, 11)]]);
    expect(JSON.stringify(mine)).not.toContain(created.token);
  });

  it("can expire after a number of days", async () => {
    const { principal } = await makeMember("default", "developer");
    const created = await makeToken(principal, "default", { expiresInDays: 30 });
    expect(created.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);
    expect((await bearer(created.token)).user.id).toBe(principal.user.id);
  });

  it("needs token:create in the team", async () => {
    const team = await makeTeam();
    const { principal } = await makeMember(team.name, "viewer");
    const e = await failure(createToken(principal, { team: team.name, name: "mine" }));
    expect(e.code).toBe("forbidden");
    expect(e.message).toContain("create api tokens for this team");
    expect(await listMyTokens(principal)).toEqual([]);
  });

  it("cannot be done with a token", async () => {
    const { principal } = await makeMember("default", "team admin");
    const { token } = await makeToken(principal, "default");
    const viaToken = await bearer(token);
    const e = await failure(createToken(viaToken, { team: "default", name: "spawn" }));
    expect(e).toMatchObject({ code: "forbidden", message: "API tokens cannot create tokens; sign in to create one." });
    expect(await listMyTokens(principal)).toHaveLength(1);
  });

  it("from the CLI must name a user", async () => {
    const e = await failure(createToken(cliPrincipal("ops"), { team: "default", name: "cli" }));
    expect(e).toMatchObject({ code: "invalid_input", message: "Say which user the token acts as." });
  });
});

describe("authenticating with a token", () => {
  it("acts as the token's user inside the token's team", async () => {
    const team = await makeTeam();
    const { principal, user } = await makeMember(team.name, "developer");
    const { token } = await makeToken(principal, team.name);
    const p = await authenticateRequest(requestWith(`bearer  ${token}`, { "x-eddy-client-address": "203.0.113.7" }));
    expect(p).toEqual({
      user: { id: user.id, username: user.username, displayName: user.displayName, isAdmin: false },
      via: "token",
      tokenTeamId: team.id,
      ip: "203.0.113.7",
    });
    const access = await teamAccess(p, team.name);
    expect(access.role).toBe("developer");
    expect((await listVisibleTeams(p)).map((t) => t.name)).toEqual([team.name]);
  });

  it("does not reach any other team, even the user's other teams", async () => {
    const a = await makeTeam();
    const b = await makeTeam();
    const { principal, user } = await makeMember(a.name, "developer");
    await addMember(await adminPrincipal(), { team: b.name, user: user.username, role: "team admin" });
    expect((await teamAccess(principal, b.name)).role).toBe("team admin"); // the person may; the token may not
    const p = await bearer((await makeToken(principal, a.name)).token);
    for (const ref of [b.name, b.id]) {
      expect(await failure(teamAccess(p, ref))).toMatchObject({ code: "not_found", message: `Team “${ref}” was not found.` });
    }
  });

  it("binds even an administrator's token to its team", async () => {
    const admin = await adminPrincipal();
    const other = await makeTeam();
    const p = await bearer((await makeToken(admin, "default")).token);
    expect(p.user.isAdmin).toBe(true);
    expect((await teamAccess(p, "default")).role).toBe("admin");
    expect(await failure(teamAccess(p, other.name))).toMatchObject({ code: "not_found" });
    expect(await failure(teamAccess(p, other.id))).toMatchObject({ code: "not_found" });
    expect((await listVisibleTeams(p)).map((t) => t.name)).toEqual(["default"]);
  });

  it("refuses malformed headers and unknown tokens with a clear message", async () => {
    const malformed = "The Authorization header must be “Bearer <token>” with an Eddy API token.";
    for (const header of ["Basic YWRtaW46YWRtaW4=", "Bearer", "Bearer not-a-token", "Bearer eddy_short", "Token eddy_" + "a".repeat(43)]) {
      expect(await failure(authenticateRequest(requestWith(header))), header).toMatchObject({
        code: "unauthenticated",
        message: malformed,
      });
    }
    expect(await failure(bearer("eddy_" + "A".repeat(43)))).toMatchObject({ code: "unauthenticated", message: REVOKED });
  });

  it("stops working when revoked", async () => {
    const { principal } = await makeMember("default", "developer");
    const { token, id } = await makeToken(principal, "default");
    await bearer(token);
    await revokeToken(principal, { id });
    expect(await failure(bearer(token))).toMatchObject({ code: "unauthenticated", message: REVOKED });
    expect(await failure(revokeToken(principal, { id }))).toMatchObject({ code: "conflict", message: "That token is already revoked." });
  });

  it("stops working when expired", async () => {
    const { principal } = await makeMember("default", "developer");
    const { token, id } = await makeToken(principal, "default", { expiresInDays: 1 });
    await bearer(token);
    await rawSql()`update api_tokens set expires_at = now() - interval '1 minute' where id = ${id}`;
    expect(await failure(bearer(token))).toMatchObject({ code: "unauthenticated", message: REVOKED });
  });

  it("stops working while its user is disabled", async () => {
    const { principal, user } = await makeMember("default", "developer");
    const { token } = await makeToken(principal, "default");
    await updateUser(await adminPrincipal(), { user: user.username, enabled: false });
    expect(await failure(bearer(token))).toMatchObject({ code: "unauthenticated", message: "The user of this API token is disabled." });
    await updateUser(await adminPrincipal(), { user: user.username, enabled: true });
    expect((await bearer(token)).user.id).toBe(user.id);
  });

  it("loses its team when its user leaves the team", async () => {
    const team = await makeTeam();
    const { principal, user } = await makeMember(team.name, "developer");
    const p = await bearer((await makeToken(principal, team.name)).token);
    await removeMember(await adminPrincipal(), { team: team.name, user: user.username });
    expect(await failure(teamAccess(p, team.name))).toMatchObject({ code: "not_found" });
  });
});

describe("managing a team's tokens", () => {
  it("listing every member's tokens needs token:manage", async () => {
    const team = await makeTeam();
    const { principal: teamAdmin } = await makeMember(team.name, "team admin");
    const { principal: dev } = await makeMember(team.name, "developer");
    const devToken = await makeToken(dev, team.name);
    await makeToken(await adminPrincipal(), "default"); // another team's token

    const listed = await listTeamTokens(teamAdmin, team.name);
    expect(listed.map((t) => [t.id, t.username])).toEqual([[devToken.id, dev.user.username]]);
    const e = await failure(listTeamTokens(dev, team.name));
    expect(e.code).toBe("forbidden");
    expect(e.message).toContain("view and revoke every member's api tokens");
  });

  it("only the owner, a token manager of its team, or an administrator can revoke a token", async () => {
    const team = await makeTeam();
    const { principal: owner } = await makeMember(team.name, "developer");
    const { principal: colleague } = await makeMember(team.name, "developer");
    const { principal: teamAdmin } = await makeMember(team.name, "team admin");
    const { principal: stranger } = await makeUser();

    const first = await makeToken(owner, team.name);
    const forbidden = await failure(revokeToken(colleague, { id: first.id }));
    expect(forbidden.code).toBe("forbidden");
    const notFound = await failure(revokeToken(stranger, { id: first.id }));
    expect(notFound).toMatchObject({ code: "not_found", message: "That token was not found." });
    expect(await failure(revokeToken(stranger, { id: first.id + 100_000 }))).toMatchObject({
      code: "not_found",
      message: "That token was not found.",
    });
    expect((await bearer(first.token)).user.id).toBe(owner.user.id);

    await revokeToken(teamAdmin, { id: first.id });
    expect(await failure(bearer(first.token))).toMatchObject({ code: "unauthenticated" });

    const second = await makeToken(owner, team.name);
    await revokeToken(await adminPrincipal(), { id: second.id });
    expect(await failure(bearer(second.token))).toMatchObject({ code: "unauthenticated" });
  });
});

describe("guessing tokens", () => {
  const from = (address: string, token: string) =>
    callEndpoint(getMe, { token, headers: { [CLIENT_ADDRESS_HEADER]: address } });
  const unknownToken = () => `eddy_${"x".repeat(43)}`;

  it("answers 429 with Retry-After once an address has sent too many unknown tokens", async () => {
    const address = "203.0.113.7";
    for (let i = 0; i < tokenThrottle.maxFailures - 1; i++) expect((await from(address, unknownToken())).status).toBe(401);
    const limited = await from(address, unknownToken());
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(14 * 60);
    expect(((await limited.json()) as ErrorJson).error).toMatchObject({ code: "rate_limited", message: expect.stringMatching(/try again in 15 minutes/) });

    // The pause holds for that address, even for a good token; others are unaffected.
    const { token } = await makeToken(await adminPrincipal(), "default");
    expect((await from(address, token)).status).toBe(429);
    expect((await from("203.0.113.8", token)).status).toBe(200);
  });
});
