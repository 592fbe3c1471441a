/**
 * Watching at scale: 5,000 running jobs on 20 session clusters, the Flink simulator in its own
 * process (so this process's CPU is Eddy's alone). Prints, per watch cycle over every cluster:
 * wall time, HTTP requests to Flink, and this process's CPU; then 1,000 jobs fail at once and it
 * prints how long until each failure is on record (p50/p99 from the start of the cycle).
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { rawSql } from "@/db/client";
import { findTeam } from "@/db/queries/teams";
import { cliPrincipal } from "@/lib/auth/principal";
import { mapLimit } from "@/lib/concurrency";
import { probeAndRecord } from "@/lib/environments/cluster-lifecycle";
import { createCluster } from "@/lib/environments/clusters";
import { seedRunningJobs } from "../support/seed-runs";

const CLUSTERS = 20;
const JOBS_PER_CLUSTER = 250;
const FAILING = 1000;
/** As many clusters watched at once as a worker runs tasks (EDDY_WORKER_CONCURRENCY's default). */
const WATCH_CONCURRENCY = 4;

const root = path.resolve(import.meta.dirname, "..", "..");

/** The Flink simulator in its own process (its CPU is not the bench's), at 50× speed. */
export async function startSimProcess(): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ["--import", "tsx", "test/flink-sim/main.ts", "--speed", "50"], { cwd: root, stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on("data", (d) => {
      out += d;
      try {
        const info = JSON.parse(out) as { sqlGateway: { url: string } };
        resolve(new URL(info.sqlGateway.url).origin);
      } catch {
        /* not all of it yet */
      }
    });
    child.once("exit", (code) => reject(new Error(`the simulator exited (${code})`)));
  });
  return { url, child };
}

export const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;

export async function post(url: string, body: unknown): Promise<unknown> {
  const r = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  if (!r.ok) throw new Error(`POST ${url}: ${r.status} ${await r.text()}`);
  return r.json();
}

async function callCount(simUrl: string): Promise<number> {
  const body = (await (await fetch(`${simUrl}/_sim/calls?component=jobmanager`)).json()) as { calls: unknown[] };
  return body.calls.length;
}

async function cycle(simUrl: string, clusterIds: number[], label: string) {
  await fetch(`${simUrl}/_sim/calls`, { method: "DELETE" });
  const cpu = process.cpuUsage();
  const started = performance.now();
  const outcomes = await mapLimit(clusterIds, WATCH_CONCURRENCY, (id) => probeAndRecord(id));
  const wall = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const calls = await callCount(simUrl);
  const changes = outcomes.reduce((n, o) => n + (o?.watch.changes ?? 0), 0);
  console.log(`${label.padEnd(48)} ${wall.toFixed(0).padStart(6)} ms wall   ${((used.user + used.system) / 1000).toFixed(0).padStart(6)} ms CPU   ${String(calls).padStart(5)} requests   ${changes} changes`);
  return { wall, startedAt: Date.now() - wall };
}

export async function benchWatching() {
  const sim = await startSimProcess();
  try {
    const op = cliPrincipal("bench");
    const team = (await findTeam("bench"))!;
    console.log(`\nWatching ${CLUSTERS * JOBS_PER_CLUSTER} running jobs on ${CLUSTERS} session clusters (simulator in its own process):`);
    const clusterIds: number[] = [];
    const jmNames: string[] = [];
    for (let c = 0; c < CLUSTERS; c++) {
      const jm = (await post(`${sim.url}/_sim/jobmanagers`, { name: `bench-${c}`, kind: "session", flinkVersion: "2.1.0" })) as { name: string; url: string };
      jmNames.push(jm.name);
      clusterIds.push((await createCluster(op, "bench", { kind: "remote", name: `bench-${c}`, restUrl: jm.url })).id);
    }
    // Each job: a release, a RUNNING run with its Flink job, wanted running.
    const flinkIds: { cluster: number; jm: string; flinkJobId: string }[] = [];
    for (let c = 0; c < CLUSTERS; c++) {
      const ids = await mapLimit(Array.from({ length: JOBS_PER_CLUSTER }, (_, i) => i), 16, async (i) => {
        const body = (await post(`${sim.url}/_sim/jobmanagers/${jmNames[c]}/jobs`, { name: `watched-${c}-${i}` })) as { jobId: string };
        return body.jobId;
      });
      for (const id of ids) flinkIds.push({ cluster: clusterIds[c]!, jm: jmNames[c]!, flinkJobId: id });
    }
    for (const id of clusterIds) {
      await seedRunningJobs({ teamId: team.id, clusterId: id, flinkJobIds: flinkIds.filter((f) => f.cluster === id).map((f) => f.flinkJobId), prefix: `watched-${id}` });
    }
    await rawSql()`analyze`;

    const steady: number[] = [];
    for (let i = 0; i < 5; i++) steady.push((await cycle(sim.url, clusterIds, `steady cycle ${i + 1} (nothing changed)`)).wall);
    await rawSql()`update job_runs set checkpoints_checked_at = null`;
    await cycle(sim.url, clusterIds, "cycle with every job's checkpoints due");

    // 1,000 jobs fail at once (Flink gives up on each), 50 per cluster.
    const failing = clusterIds.flatMap((id) => flinkIds.filter((f) => f.cluster === id).slice(0, FAILING / CLUSTERS));
    await mapLimit(failing, 16, (f) => post(`${sim.url}/_sim/jobmanagers/${f.jm}/jobs/${f.flinkJobId}/fail`, { restarts: "exhaust" }));
    await new Promise((r) => setTimeout(r, 500));
    const { startedAt } = await cycle(sim.url, clusterIds, `cycle after ${FAILING} jobs failed at once`);
    const recorded = (await rawSql()`select extract(epoch from at) * 1000 as at from job_events where to_state = 'FAILED'`) as unknown as { at: string }[];
    const latencies = recorded.map((r) => Number(r.at) - startedAt).sort((a, b) => a - b);
    const restarts = (await rawSql()`select count(*)::int as n from job_operations where requested_by_name = 'Eddy (auto-restart)'`) as unknown as { n: number }[];
    steady.sort((a, b) => a - b);
    console.log(`\nsteady cycle over ${CLUSTERS * JOBS_PER_CLUSTER} jobs: median ${percentile(steady, 0.5).toFixed(0)} ms (${(percentile(steady, 0.5) / (CLUSTERS * JOBS_PER_CLUSTER)).toFixed(3)} ms per job)`);
    console.log(`${latencies.length} of ${FAILING} failures on record; from the cycle's start: p50 ${percentile(latencies, 0.5).toFixed(0)} ms, p99 ${percentile(latencies, 0.99).toFixed(0)} ms; ${restarts[0]!.n} automatic restarts queued`);
  } finally {
    sim.child.kill("SIGTERM");
  }
}
