/**
 * "Recover all failed or lost jobs": the user story's 100 jobs failing when a session cluster dies.
 * Every failed or lost job of the team gets a start operation (from its newest snapshot), whatever a
 * table page shows; running or never-started jobs are left alone; only someone who may deploy may
 * ask; the REST route does the same when `jobs` is left out.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { rawSql } from "@/db/client";
import { POST } from "@/app/api/v1/teams/[team]/job-actions/[action]/route";
import type { Principal } from "@/lib/auth/principal";
import { createCluster } from "@/lib/environments/clusters";
import { createJob } from "@/lib/jobs/jobs";
import { recoverJobs } from "@/lib/lifecycle/operations";
import { adminPrincipal, failure, makeMember, makeTeam, makeToken, unique } from "../support/fixtures";

type RouteHandler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

async function teamWithJobs(states: string[]) {
  const admin = await adminPrincipal();
  const team = (await makeTeam()).name;
  const cluster = await createCluster(admin, team, { kind: "remote", name: unique("remote"), restUrl: "http://127.0.0.1:9" });
  const jobs: { id: number; name: string; state: string }[] = [];
  for (const [i, state] of states.entries()) {
    const job = await createJob(admin, team, { name: `job-${String(i).padStart(3, "0")}-${state.toLowerCase()}`, type: "sql", sql: "SELECT 1;", settings: { mode: "remote", cluster: cluster.name } });
    await rawSql()`update jobs set observed_state = ${state}::job_observed_state where id = ${job.id}`;
    jobs.push({ id: job.id, name: job.name, state });
  }
  return { team, jobs };
}

async function operationsOf(jobIds: number[]) {
  return rawSql()<{ job_id: number; kind: string }[]>`select job_id, kind from job_operations where job_id in ${rawSql()(jobIds)}`;
}

let developer: Principal;

beforeAll(async () => {
  developer = await adminPrincipal();
});

describe("recover all", () => {
  it("starts every failed or lost job of the team, 120 of them, and leaves the others alone", async () => {
    const states = [...Array.from({ length: 100 }, () => "FAILED"), ...Array.from({ length: 20 }, () => "LOST"), "RUNNING", "NEVER_STARTED", "CANCELED"];
    const { team, jobs } = await teamWithJobs(states);
    const results = await recoverJobs(developer, team, "all");
    expect(results).toHaveLength(120);
    expect(results.every((r) => r.ok && r.operationId && r.jobName)).toBe(true);
    const ops = await operationsOf(jobs.map((j) => j.id));
    const recovered = new Set(ops.filter((o) => o.kind === "start").map((o) => o.job_id));
    expect(jobs.filter((j) => recovered.has(j.id)).map((j) => j.state).sort()).toEqual(states.filter((s) => s === "FAILED" || s === "LOST").sort());
    // Asked again at once: each is refused with a sentence (its start is in progress), none twice.
    const again = await recoverJobs(developer, team, "all");
    expect(again.every((r) => !r.ok && /in progress/.test(r.message ?? ""))).toBe(true);
    expect((await operationsOf(jobs.map((j) => j.id))).length).toBe(120);
  });

  it("is refused to a viewer, and not found for another team's member", async () => {
    const { team } = await teamWithJobs(["FAILED"]);
    const viewer = (await makeMember(team, "viewer")).principal;
    expect(await failure(recoverJobs(viewer, team, "all"))).toMatchObject({ code: "forbidden" });
    const outsider = (await makeMember((await makeTeam()).name, "team admin")).principal;
    expect(await failure(recoverJobs(outsider, team, "all"))).toMatchObject({ code: "not_found" });
  });

  it("over REST: POST …/job-actions/recover with no jobs recovers all; other actions still need jobs", async () => {
    const { team, jobs } = await teamWithJobs(["FAILED", "LOST", "RUNNING"]);
    const lead = (await makeMember(team, "team admin")).principal;
    const token = (await makeToken(lead, team)).token;
    const call = (action: string, body: unknown) =>
      (POST as RouteHandler)(new Request(`http://eddy.test/api/v1/teams/${team}/job-actions/${action}`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: JSON.stringify(body) }), {
        params: Promise.resolve({ team, action }),
      });
    const res = await call("recover", {});
    expect(res.status).toBe(202);
    const { results } = (await res.json()) as { results: { jobName: string; ok: boolean }[] };
    expect(results.map((r) => [r.jobName, r.ok])).toEqual([
      [jobs[0]!.name, true],
      [jobs[1]!.name, true],
    ]);
    const start = await call("start", {});
    expect(start.status).toBe(422);
    expect(((await start.json()) as { error: { message: string } }).error.message).toBe("Choose at least one job.");
    const bad = await call("explode", { jobs: [jobs[2]!.id] });
    expect(bad.status).toBe(400);
  });
});
