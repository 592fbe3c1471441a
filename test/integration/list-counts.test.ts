/**
 * Counts and "who is not yet a member" come from correlated subqueries. Drizzle renders bare
 * column names, so an unqualified "id" inside one silently meant the inner table's id: every team
 * showed the same member count. These tests fail if that returns.
 */
import { describe, expect, it } from "vitest";
import { listRoles } from "@/db/queries/roles";
import { listAllTeams } from "@/db/queries/teams";
import { listCandidateUsers } from "@/lib/iam/members";
import { adminPrincipal, makeMember, makeTeam, makeUser } from "../support/fixtures";

describe("list counts", () => {
  it("counts each team's own members", async () => {
    const small = await makeTeam();
    const big = await makeTeam();
    await makeMember(small.name, "viewer");
    for (let i = 0; i < 3; i++) await makeMember(big.name, "developer");
    const counts = new Map((await listAllTeams()).map((t) => [t.name, t.memberCount]));
    expect(counts.get(small.name)).toBe(1);
    expect(counts.get(big.name)).toBe(3);
    expect(counts.get("default")).toBe(1);
  });

  it("counts each role's own holders", async () => {
    const before = new Map((await listRoles()).map((r) => [r.name, r.memberCount]));
    const team = await makeTeam();
    await makeMember(team.name, "viewer");
    await makeMember(team.name, "viewer");
    const after = new Map((await listRoles()).map((r) => [r.name, r.memberCount]));
    expect(after.get("viewer")).toBe(before.get("viewer")! + 2);
    expect(after.get("team admin")).toBe(before.get("team admin"));
  });

  it("offers as new members exactly the enabled users who are not in the team", async () => {
    const team = await makeTeam();
    const inside = await makeMember(team.name, "developer");
    const outside = await makeUser();
    const names = (await listCandidateUsers(await adminPrincipal(), team.name)).map((u) => u.username);
    expect(names).toContain(outside.user.username);
    expect(names).toContain("admin");
    expect(names).not.toContain(inside.user.username);
  });
});
