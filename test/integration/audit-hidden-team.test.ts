/**
 * A refusal that happens before any lib function's audited() — a team the caller may not see — is
 * still in the audit log: a "denied" row in that team's log, naming who tried what, from a server
 * action and from the REST API. Reads through the API (GET) are not logged, and the caller learns
 * nothing from it.
 */
import { beforeAll, describe, expect, it, vi } from "vitest";
import { updateClusterAction } from "@/app/(console)/teams/[team]/clusters/actions";
import { DELETE, GET } from "@/app/api/v1/teams/[team]/clusters/[cluster]/route";
import type { Principal } from "@/lib/auth/principal";
import { createCluster } from "@/lib/environments/clusters";
import { auditQuery, readTeamAuditLog } from "@/lib/iam/audit-log";
import { session } from "../support/session-mock";
import { adminPrincipal, makeMember, makeTeam, makeToken, unique } from "../support/fixtures";

vi.mock("@/lib/auth/session", async () => (await import("../support/session-mock")).sessionModule);
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));

type RouteHandler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

let teamA: { id: number; name: string };
let cluster: string;
let outsider: { principal: Principal; username: string; team: string };

beforeAll(async () => {
  teamA = await makeTeam();
  const teamB = await makeTeam();
  cluster = (await createCluster(await adminPrincipal(), teamA.name, { kind: "remote", name: unique("a-cluster"), restUrl: "http://127.0.0.1:9" })).name;
  const m = await makeMember(teamB.name, "team admin");
  outsider = { principal: m.principal, username: m.principal.user.username, team: teamB.name };
});

async function teamALog() {
  return (await readTeamAuditLog(await adminPrincipal(), teamA.name, auditQuery.parse({ pageSize: 200 }))).rows.filter((r) => r.actorName === outsider.username);
}

describe("attempts on a team the caller cannot see", () => {
  it("a server action: not found for the caller, a denied row in that team's log", async () => {
    session.principal = outsider.principal;
    const r = await updateClusterAction({ team: String(teamA.id), cluster, changes: { description: "taken over" } });
    expect(r).toMatchObject({ ok: false, error: { code: "not_found", message: `Team “${teamA.id}” was not found.` } });
    const rows = await teamALog();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ action: "action:updateClusterAction", outcome: "denied", targetType: "team", targetName: String(teamA.id), message: `Team “${teamA.id}” was not found.` });
  });

  it("the REST API: a DELETE is logged the same way, a GET is not", async () => {
    const token = (await makeToken(outsider.principal, outsider.team)).token;
    const call = (handler: RouteHandler, method: string) =>
      handler(new Request(`http://eddy.test/api/v1/teams/${teamA.name}/clusters/${cluster}`, { method, headers: { authorization: `Bearer ${token}` } }), { params: Promise.resolve({ team: teamA.name, cluster }) });
    expect((await call(GET as RouteHandler, "GET")).status).toBe(404);
    expect((await call(DELETE as RouteHandler, "DELETE")).status).toBe(404);
    const rows = await teamALog();
    expect(rows.map((r) => r.action).sort()).toEqual(["action:updateClusterAction", "api:DELETE /teams/{team}/clusters/{cluster}"]);
    expect(rows.find((r) => r.action.startsWith("api:"))).toMatchObject({ outcome: "denied", via: "token", targetName: teamA.name });
  });

  it("a refusal inside the team (a viewer editing) is logged once, by the lib function, not twice", async () => {
    const viewer = await makeMember(teamA.name, "viewer");
    session.principal = viewer.principal;
    const r = await updateClusterAction({ team: teamA.name, cluster, changes: { description: "x" } });
    expect(r).toMatchObject({ ok: false, error: { code: "forbidden" } });
    const rows = (await readTeamAuditLog(await adminPrincipal(), teamA.name, auditQuery.parse({ pageSize: 200 }))).rows.filter((x) => x.actorName === viewer.principal.user.username);
    expect(rows.map((x) => [x.action, x.outcome])).toEqual([["cluster.update", "denied"]]);
  });
});

