import { sql } from "drizzle-orm";
import { activeOperation, checkpointPolicies, insertEvent, recordSnapshot, updateRun, type LiveRun } from "@/db/queries/lifecycle";
import { transaction } from "@/db/queries/tx";
import { mapLimit } from "@/lib/concurrency";
import { loadConfig } from "@/lib/config";
import { isAppError } from "@/lib/errors";
import { FlinkUnreachableError } from "@/lib/flink/errors";
import type { JobManagerClient } from "@/lib/flink/jobmanager";
import type { CheckpointStats } from "@/lib/flink/jobmanager-types";
import type { JobSettings } from "@/lib/jobs/settings";
import { raiseJobAlert } from "@/lib/alerts/raise";
import { createOperation } from "./operations";
import { runContext } from "./run-context";

/**
 * Checkpoint watching: every few tens of seconds, each running job's checkpoint statistics (one
 * GET /jobs/:id/checkpoints). A new retained checkpoint is recorded, so a restart can restore from
 * it; failed checkpoints are counted inside the job's policy window and, past its threshold, raise
 * an alert event or restart the job.
 */

/** A checkpoint Flink kept somewhere a job can restore from (1.x reports "<checkpoint-not-externalized>" otherwise). */
export function isRestorablePath(path: string | null | undefined): path is string {
  return !!path && (/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(path) || path.startsWith("/"));
}

export type CheckpointVerdict = {
  /** The retained checkpoint to record, if Flink has a newer one. */
  record: { id: number; path: string } | null;
  /** Failures newly seen since the last look. */
  newFailures: number;
  /** Failure times (epoch ms) inside the policy window, after this look. */
  failures: number[];
  /** What the policy says to do now. */
  act: "none" | "alert" | "restart";
};

/**
 * The policy as a pure function. The first look only sets the baseline (failures before Eddy
 * watched are not counted); acting clears the window, so one burst acts once.
 */
export function judgeCheckpoints(
  previous: { failedCount: number | null; failures: number[] },
  stats: Pick<CheckpointStats, "counts" | "latestCompleted">,
  policy: JobSettings["checkpointFailure"],
  now: number,
): CheckpointVerdict {
  const latest = stats.latestCompleted;
  const record = latest && isRestorablePath(latest.externalPath) ? { id: latest.id, path: latest.externalPath } : null;
  const newFailures = previous.failedCount === null ? 0 : Math.max(0, stats.counts.failed - previous.failedCount);
  const windowStart = now - policy.windowMinutes * 60_000;
  let failures = [...previous.failures.filter((t) => t >= windowStart), ...Array.from({ length: Math.min(newFailures, policy.count) }, () => now)];
  let act: CheckpointVerdict["act"] = "none";
  if (newFailures > 0 && policy.action !== "none" && failures.length >= policy.count) {
    act = policy.action;
    failures = [];
  }
  return { record, newFailures, failures, act };
}

const DEFAULT_POLICY: JobSettings["checkpointFailure"] = { action: "alert", count: 3, windowMinutes: 10 };
const CONCURRENCY = 4;

/**
 * Reads and judges the checkpoints of the given live runs that are due (RUNNING, idle, not read
 * lately). One JobManager client per session cluster and one read of every run's policy serve the
 * whole batch: this runs for thousands of jobs every few tens of seconds.
 */
export async function watchCheckpoints(runs: LiveRun[], now = Date.now()): Promise<{ read: number; recorded: number; acted: number }> {
  const config = loadConfig();
  const due = runs.filter((r) => r.state === "RUNNING" && !r.busy && r.currentRunId === r.id && (!r.checkpointsCheckedAt || now - r.checkpointsCheckedAt.getTime() >= config.checkpointWatchSeconds * 1000));
  if (!due.length) return { read: 0, recorded: 0, acted: 0 };
  const policies = await checkpointPolicies(due.map((r) => r.id));
  const sessionClients = new Map<number, Promise<JobManagerClient | null>>();
  const jobManagerFor = async (run: LiveRun): Promise<JobManagerClient | null> => {
    const open = async () => {
      const context = await runContext({ id: run.jobId, name: run.jobName, teamId: run.teamId, type: run.jobType }, run.id);
      return context ? context.adapter.jobManager(context.ctx) : null;
    };
    if (run.clusterId === null) return open(); // an application cluster: the run's own JobManager
    if (!sessionClients.has(run.clusterId)) sessionClients.set(run.clusterId, open());
    return sessionClients.get(run.clusterId)!;
  };
  let recorded = 0;
  let acted = 0;
  await mapLimit(due, CONCURRENCY, async (run) => {
    try {
      const jm = await jobManagerFor(run);
      if (!jm) return;
      const stats = await jm.checkpointStats(run.flinkJobId);
      const policy = (policies.get(run.id) as JobSettings["checkpointFailure"] | null | undefined) ?? DEFAULT_POLICY;
      const verdict = judgeCheckpoints({ failedCount: run.checkpointsFailed, failures: (run.checkpointFailures as number[] | null) ?? [] }, stats, policy, now);
      if (verdict.record && (await recordSnapshot({ jobId: run.jobId, runId: run.id, kind: "checkpoint", trigger: "periodic", path: verdict.record.path, flinkCheckpointId: verdict.record.id, keep: config.snapshotsKept }))) recorded++;
      await updateRun({ id: run.id, checkpointsCheckedAt: new Date(now), checkpointsFailed: stats.counts.failed, checkpointFailures: verdict.failures });
      if (verdict.newFailures > 0) {
        const why = stats.latestFailed?.failureMessage ? `: ${stats.latestFailed.failureMessage.split("\n")[0]}` : ".";
        await insertEvent({ jobId: run.jobId, kind: "checkpoint", message: `${verdict.newFailures} checkpoint${verdict.newFailures === 1 ? "" : "s"} failed${why}`, runId: run.id });
      }
      if (verdict.act !== "none" && (await act(run, verdict.act, policy))) acted++;
    } catch (e) {
      // Reaching the JobManager is the state watch's business; this read simply waits for the next round.
      if (e instanceof FlinkUnreachableError || isAppError(e)) return;
      console.error(`[checkpoints] run ${run.id} of job ${run.jobId}:`, e);
    }
  });
  return { read: due.length, recorded, acted };
}

async function act(run: LiveRun, action: "alert" | "restart", policy: JobSettings["checkpointFailure"]): Promise<boolean> {
  const summary = `${policy.count} checkpoint failures within ${policy.windowMinutes} minutes`;
  if (action === "alert") {
    return transaction(async (tx) => {
      await insertEvent({ jobId: run.jobId, kind: "alert", message: `${summary}: the job's state is not being saved.`, runId: run.id }, tx);
      await raiseJobAlert(tx, { jobId: run.jobId, kind: "checkpoint_failures", runId: run.id, facts: { reason: `${summary}; the job's state is not being saved` } });
      return true;
    });
  }
  return transaction(async (tx) => {
    const [job] = (await tx.execute(sql`select id, team_id, name, desired_state, current_run_id from jobs where id = ${run.jobId} for update`)) as unknown as { id: number; team_id: number; name: string; desired_state: string | null; current_run_id: number | null }[];
    if (!job || job.desired_state !== "running" || job.current_run_id !== run.id) return false;
    if (await activeOperation(job.id, tx)) return false;
    const op = await createOperation(tx, {
      job: { id: job.id, teamId: job.team_id, name: job.name },
      kind: "restart",
      options: { drain: false, allowNonRestoredState: false },
      requestedBy: null,
      requestedByName: "Eddy (checkpoint policy)",
    });
    await insertEvent({ jobId: job.id, kind: "restart", message: `${summary}: restarting the job, as its checkpoint policy says.`, runId: run.id, operationId: op.id }, tx);
    await raiseJobAlert(tx, { jobId: job.id, kind: "checkpoint_failures", runId: run.id, facts: { reason: `${summary}; Eddy is restarting the job, as its checkpoint policy says` } });
    return true;
  });
}
