/**
 * Every lifecycle action is checked against the caller's role in the job's team: a viewer may look
 * but do nothing, a developer may operate, a custom role gets exactly what it lists (here: jobs but
 * not their savepoints). Refusals are "forbidden" with a sentence naming the role.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { Principal } from "@/lib/auth/principal";
import { createCluster } from "@/lib/environments/clusters";
import { createRole } from "@/lib/iam/roles";
import { createJob } from "@/lib/jobs/jobs";
import { forgetSnapshot, jobHistory } from "@/lib/lifecycle/history";
import { recordSnapshot } from "@/db/queries/lifecycle";
import { rawSql } from "@/db/client";
import { requestAction, requestBulk } from "@/lib/lifecycle/operations";
import { actionKinds } from "@/lib/lifecycle/options";
import { adminPrincipal, failure, makeMember, makeTeam, unique } from "../support/fixtures";

let team: string;
let jobId: number;
let viewer: Principal;
let developer: Principal;
let watcher: Principal;

beforeAll(async () => {
  const admin = await adminPrincipal();
  team = (await makeTeam()).name;
  const cluster = await createCluster(admin, team, { kind: "remote", name: unique("remote"), restUrl: "http://127.0.0.1:9" });
  jobId = (await createJob(admin, team, { name: unique("perm"), type: "sql", sql: "SELECT 1;", settings: { mode: "remote", cluster: cluster.name } })).id;
  const role = unique("job watcher");
  await createRole(admin, { name: role, description: "Sees jobs, not their savepoints.", permissions: ["job:view"] });
  viewer = (await makeMember(team, "viewer")).principal;
  developer = (await makeMember(team, "developer")).principal;
  watcher = (await makeMember(team, role)).principal;
});

describe("forgetting a savepoint record", () => {
  it("needs savepoint:delete (a team admin, not a developer); the record goes, and is not found after", async () => {
    const admin = await adminPrincipal();
    await recordSnapshot({ jobId, runId: null, kind: "savepoint", trigger: "manual", path: `file:///tmp/sp-${unique("x")}`, keep: 10 });
    const [snap] = (await jobHistory(admin, team, jobId, { snapshots: true })).snapshots;
    expect(await failure(forgetSnapshot(developer, team, jobId, snap!.id))).toMatchObject({ code: "forbidden" });
    const lead = (await makeMember(team, "team admin")).principal;
    // No operation in progress on the job (one would refuse this: it may be about to restore from it).
    await rawSql()`update job_operations set status = 'succeeded' where job_id = ${jobId}`;
    expect(await forgetSnapshot(lead, team, jobId, snap!.id)).toEqual({ id: snap!.id, path: snap!.path });
    expect((await jobHistory(admin, team, jobId, { snapshots: true })).snapshots.find((x) => x.id === snap!.id)).toBeUndefined();
    expect(await failure(forgetSnapshot(lead, team, jobId, snap!.id))).toMatchObject({ code: "not_found" });
  });
});

describe("lifecycle permissions", () => {
  it("a viewer is refused every action, one job or in bulk, naming the role", async () => {
    for (const kind of actionKinds) {
      const e = await failure(requestAction(viewer, team, jobId, kind, {}));
      expect(e, kind).toMatchObject({ code: "forbidden", message: expect.stringContaining("Your role “viewer”") });
    }
    const bulk = await requestBulk(viewer, team, [jobId], "start", {});
    expect(bulk).toEqual([{ jobId, ok: false, message: expect.stringContaining("does not allow this") }]);
  });

  it("a developer may build", async () => {
    const op = await requestAction(developer, team, jobId, "build", {});
    expect(op.kind).toBe("build");
  });

  it("a role without savepoint:view sees the job's operations but not its savepoints", async () => {
    expect((await jobHistory(watcher, team, jobId, { operations: true })).operations.length).toBeGreaterThan(0);
    expect(await failure(jobHistory(watcher, team, jobId, { snapshots: true }))).toMatchObject({ code: "forbidden" });
    expect((await jobHistory(viewer, team, jobId, { snapshots: true })).snapshots).toEqual([]);
    expect(await failure(requestAction(watcher, team, jobId, "savepoint", {}))).toMatchObject({ code: "forbidden" });
  });
});
