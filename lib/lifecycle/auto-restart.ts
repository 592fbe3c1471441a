import { sql } from "drizzle-orm";
import { activeOperation, findRelease, findRun, insertEvent, setRestartCounter } from "@/db/queries/lifecycle";
import { transaction, type Tx } from "@/db/queries/tx";
import { isAppError } from "@/lib/errors";
import { failpoint } from "@/lib/failpoints";
import type { JobSettings } from "@/lib/jobs/settings";
import { raiseJobAlert } from "@/lib/alerts/raise";
import { createOperation } from "./operations";

export type RestartDecision = { restart: true; attempt: number; windowStartedAt: Date } | { restart: false; reason: string };

/**
 * The restart policy as a pure function: at most `maxAttempts` automatic restarts within a window
 * of `windowMinutes` that opens at the first one. A person's start resets the count.
 */
export function decideRestart(policy: JobSettings["restart"], counter: { count: number; windowStartedAt: Date | null }, now: Date): RestartDecision {
  if (policy.maxAttempts <= 0) return { restart: false, reason: "Automatic restart is off for this job (0 attempts allowed)." };
  const windowOpen = counter.windowStartedAt && now.getTime() - counter.windowStartedAt.getTime() < policy.windowMinutes * 60_000;
  const count = windowOpen ? counter.count : 0;
  if (count >= policy.maxAttempts) {
    return { restart: false, reason: `Not restarting: ${count} automatic restart${count === 1 ? "" : "s"} in the last ${policy.windowMinutes} minutes already, the policy's limit. Start it by hand once the cause is fixed.` };
  }
  return { restart: true, attempt: count + 1, windowStartedAt: windowOpen ? counter.windowStartedAt! : now };
}

/**
 * After a run the job wanted running ended FAILED: restart it from its latest savepoint or
 * checkpoint with the same release, per its restart policy, or record why not. The job row is
 * locked, so two watchers seeing the same failure restart it once.
 */
export async function autoRestart(input: { jobId: number; runId: number; why: string }, outer?: Tx): Promise<RestartDecision | null> {
  // In the caller's transaction when given (the watcher's, which records the failure): the failure
  // and what follows from it (a restart operation, or an alert saying why not) commit together, so a
  // crash between them cannot leave a failed job that wanted to run with neither.
  const body = async (tx: Tx): Promise<RestartDecision | null> => {
    const rows = (await tx.execute(sql`
      select id, team_id, name, desired_state, current_run_id, restart_count, restart_window_started_at
      from jobs where id = ${input.jobId} for update`)) as unknown as { id: number; team_id: number; name: string; desired_state: string | null; current_run_id: number | null; restart_count: number; restart_window_started_at: Date | string | null }[];
    const job = rows[0];
    if (!job || job.current_run_id !== input.runId) return null;
    if (job.desired_state !== "running") {
      await raiseJobAlert(tx, { jobId: job.id, kind: "job_failed", runId: input.runId, facts: { state: "FAILED", reason: input.why } });
      return null;
    }
    const run = await findRun({ jobId: job.id, id: input.runId }, tx);
    if (!run) return null;
    const release = await findRelease({ jobId: job.id, id: run.releaseId }, tx);
    const settings = (release?.manifest as { settings?: JobSettings } | undefined)?.settings;
    const policy = settings?.restart ?? { maxAttempts: 3, windowMinutes: 30 };
    const windowStartedAt = job.restart_window_started_at ? new Date(job.restart_window_started_at) : null;
    const decision = decideRestart(policy, { count: job.restart_count, windowStartedAt }, new Date());
    const counters = { restarts: String(windowStartedAt ? job.restart_count : 0), maxRestarts: String(policy.maxAttempts) };
    if (!decision.restart) {
      await insertEvent({ jobId: job.id, kind: "restart", message: `${input.why} ${decision.reason}`, runId: run.id }, tx);
      await raiseJobAlert(tx, { jobId: job.id, kind: policy.maxAttempts > 0 ? "restart_limit" : "job_failed", runId: run.id, facts: { state: "FAILED", reason: input.why, ...counters } });
      return decision;
    }
    const busy = await activeOperation(job.id, tx);
    if (busy) {
      await raiseJobAlert(tx, { jobId: job.id, kind: "job_failed", runId: run.id, facts: { state: "FAILED", reason: `${input.why} Not restarted: a ${busy.kind} is in progress.` } });
      return { restart: false, reason: `A ${busy.kind} is already in progress.` };
    }
    await failpoint("auto-restart:before-operation");
    try {
      // In a savepoint: a refused insert (someone else's operation won the race) leaves the transaction usable.
      const op = await tx.transaction((sp) => createOperation(sp, {
        job: { id: job.id, teamId: job.team_id, name: job.name },
        kind: "start",
        options: { restore: "latest", allowNonRestoredState: false, releaseId: run.releaseId, auto: true },
        requestedBy: null,
        requestedByName: "Eddy (auto-restart)",
      }));
      await setRestartCounter({ jobId: job.id, count: decision.attempt, windowStartedAt: decision.windowStartedAt }, tx);
      await insertEvent({ jobId: job.id, kind: "restart", message: `${input.why} Restarting automatically (attempt ${decision.attempt} of ${policy.maxAttempts} within ${policy.windowMinutes} minutes) from the latest savepoint or checkpoint.`, runId: run.id, operationId: op.id }, tx);
      await raiseJobAlert(tx, { jobId: job.id, kind: "job_restarted", runId: run.id, dedupSuffix: String(decision.attempt), facts: { state: "FAILED", reason: input.why, restarts: String(decision.attempt), maxRestarts: String(policy.maxAttempts) } });
      return decision;
    } catch (e) {
      // Someone asked for something else meanwhile (their operation is in progress): theirs wins.
      if (isAppError(e) && e.code === "conflict") return { restart: false, reason: e.message };
      throw e;
    }
  };
  return outer ? body(outer) : transaction(body);
}
