/**
 * `npm run bench`: figures for the hot paths of the foundation, on a real (embedded) PostgreSQL.
 * Prints medians and p95 over many runs; compare runs on the same machine, not absolute numbers.
 *   - password verification (argon2id): the cost of every sign-in;
 *   - token authentication + team access check: the fixed cost of every REST request;
 *   - a members list through the REST handler, end to end in-process;
 *   - the job center at 10,000 jobs (filtered, sorted pages);
 *   - watching 5,000 running jobs on 20 clusters, and 1,000 of them failing at once (watch.ts);
 *   - 1,000 failures alerted through each platform at its default limits (alerts.ts).
 */
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { closeDb } from "@/db/client";
import { seedDatabase } from "@/db/seed";
import { handle } from "@/lib/api/endpoint";
import { listMembers } from "@/lib/api/v1/members";
import { teamAccess } from "@/lib/auth/access";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { cliPrincipal } from "@/lib/auth/principal";
import { authenticateRequest } from "@/lib/auth/request";
import { loadConfig } from "@/lib/config";
import { addMember } from "@/lib/iam/members";
import { createTeam } from "@/lib/iam/teams";
import { createToken } from "@/lib/iam/tokens";
import { createUser } from "@/lib/iam/users";
import { provideDatabase } from "@/lib/runtime/database";
import { rawSql } from "@/db/client";
import { findTeam } from "@/db/queries/teams";
import type { Principal } from "@/lib/auth/principal";
import { listJobs } from "@/lib/jobs/jobs";
import { benchAlerts } from "./alerts";
import { benchWatching } from "./watch";

async function measure(name: string, runs: number, fn: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < Math.min(20, runs); i++) await fn(); // warm-up: JIT, pool, plans
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(runs / 2)]!;
  const p95 = times[Math.floor(runs * 0.95)]!;
  console.log(`${name.padEnd(52)} median ${median.toFixed(2).padStart(8)} ms   p95 ${p95.toFixed(2).padStart(8)} ms   (${runs} runs)`);
  return median;
}

/**
 * The job center at 10,000 jobs: one page (50 rows) through the same service the page and the API
 * use (permission check, filters, sort, count), for the views people use most.
 */
async function benchJobCenter(member: Principal) {
  const team = await findTeam("bench");
  const teamId = team!.id;
  const states = ["RUNNING", "RUNNING", "RUNNING", "FAILED", "CANCELED", "FINISHED", "NEVER_STARTED", "RESTARTING"];
  const modes = ["yarn-session", "yarn-application", "remote", "k8s-session", "k8s-application"];
  await rawSql()`
    insert into jobs (team_id, name, description, tags, owner_id, type, mode, sql, settings, valid, observed_state, state_changed_at, updated_at)
    select ${teamId}, 'job-' || g, 'synthetic job number ' || g,
           array['team-' || (g % 20), case when g % 3 = 0 then 'critical' else 'batch' end],
           2 + (g % 150), case when g % 4 = 0 then 'jar'::job_type else 'sql'::job_type end,
           (${modes}::text[])[1 + g % 5]::execution_mode, 'SELECT 1', '{}'::jsonb, true,
           (${states}::text[])[1 + g % 8]::job_observed_state,
           now() - (g || ' minutes')::interval, now() - ((g * 7) % 10000 || ' minutes')::interval
    from generate_series(1, 10000) g`;
  await rawSql()`analyze jobs`;
  console.log(`\nJob center, 10,000 jobs in one team, pages of 50:`);
  const views: [string, Record<string, string>][] = [
    ["default view (newest edits first)", {}],
    ["state = RUNNING, sorted by name", { state: "RUNNING", sort: "name", dir: "asc" }],
    ["text search 'number 42', sorted by last change", { q: "number 42", sort: "stateChangedAt" }],
    ["tag critical + mode yarn-session, page 20", { tags: "critical", mode: "yarn-session", page: "20" }],
    ["owner + failed or restarting", { owner: "user7", state: "FAILED,RESTARTING" }],
  ];
  for (const [label, query] of views) await measure(label, 200, () => listJobs(member, "bench", query));
}

async function main() {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "eddy-bench-"));
  const config = { ...loadConfig({ NODE_ENV: "production" }), dataDir };
  const { url, embedded } = await provideDatabase(config, () => {});
  try {
    await seedDatabase({ adminPassword: "bench-admin-password" });
    const op = cliPrincipal("bench");
    await createTeam(op, { name: "bench" });
    // A team of realistic size: 200 members.
    for (let i = 0; i < 200; i++) {
      await createUser(op, { username: `user${i}`, password: "bench-password" });
      await addMember(op, { team: "bench", user: `user${i}`, role: i % 10 === 0 ? "team admin" : "developer" });
    }
    const member: Principal = { user: { id: 2, username: "user0", displayName: "", isAdmin: false }, via: "cli" as const };
    const { token } = await createToken(member, { team: "bench", name: "bench" });
    const request = () => new Request("http://bench/api/v1/teams/bench/members", { headers: { authorization: `Bearer ${token}` } });

    // `npm run bench -- watch` runs only the watching figures (they need the team above); `jobs` only the job center's.
    if (process.argv[2] === "watch") return await benchWatching();
    if (process.argv[2] === "jobs") return await benchJobCenter(member);
    if (process.argv[2] === "alerts") return await benchAlerts(url);
    const hash = await hashPassword("correct horse battery staple");
    console.log(`Eddy foundation benchmarks (node ${process.version}, ${os.cpus().length} cores)\n`);
    await measure("argon2id verify (every sign-in)", 20, () => verifyPassword(hash, "correct horse battery staple"));
    const auth = await measure("token authentication", 500, () => authenticateRequest(request()));
    const access = await measure("team access check (member of the team)", 500, () => teamAccess(member, "bench"));
    const handler = handle(listMembers);
    const full = await measure("GET /teams/{team}/members, 200 members, in-process", 300, () =>
      handler(request(), { params: Promise.resolve({ team: "bench" }) }).then((r) => r.json()),
    );
    console.log(`\nauth + access are ${(((auth + access) / full) * 100).toFixed(0)}% of a members request.`);

    await benchJobCenter(member);
    await benchWatching();
    await benchAlerts(url);
  } finally {
    await closeDb();
    await embedded?.stop();
    await fs.rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
