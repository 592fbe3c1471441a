import { z } from "zod";
import { findJob, jobsInStates, type Job } from "@/db/queries/jobs";
import { activeOperation, findOperation, insertEvent, insertOperation, listOperations, listSnapshots, setDesiredState } from "@/db/queries/lifecycle";
import type { Tx } from "@/db/queries/tx";
import { enqueue } from "@/jobs/enqueue";
import { audited } from "@/lib/audit";
import { requirePermission, requireTeamPermission, teamAccess } from "@/lib/auth/access";
import type { Principal } from "@/lib/auth/principal";
import { AppError, conflict, isAppError, pgErrorCode, PG_UNIQUE_VIOLATION } from "@/lib/errors";
import { actionKinds, actionOptions, type ActionKind } from "./options";
import { actionPermission, checkAction, desiredAfter } from "./state";

export const actionKindSchema = z.enum(actionKinds as [ActionKind, ...ActionKind[]], { error: () => "The action is one of build, start, stop, cancel, savepoint, restart." });

/** Adds the operation's task: one queue per job (operations on a job run in order), one key per operation. */
export async function enqueueOperation(input: { operationId: number; jobId: number }, tx: Tx): Promise<void> {
  await enqueue("run_operation", { operationId: input.operationId }, { queueName: `job:${input.jobId}`, jobKey: `op:${input.operationId}`, maxAttempts: 5 }, tx);
}

/**
 * Asks for an action on a job. The operation row, the desired state and the task that will do the
 * work are written in one transaction, so a crash never leaves one without the others.
 */
export async function requestAction(p: Principal, team: string | number, jobRef: string | number, rawKind: string, rawOptions: unknown) {
  const kind = actionKindSchema.parse(rawKind);
  const options = actionOptions[kind].parse(rawOptions ?? {});
  const access = await teamAccess(p, team);
  return audited(p, { action: `job.${kind}`, targetType: "job", targetName: String(jobRef), team: access.team, detail: { options } }, async (tx, log) => {
    requirePermission(access, actionPermission[kind]);
    const job = await findJob({ teamId: access.team.id, ref: jobRef }, tx);
    if (!job) throw new AppError("not_found", `Job “${String(jobRef)}” was not found.`);
    log.set({ targetId: job.id, targetName: job.name });
    const running = await activeOperation(job.id, tx);
    if (running) throw conflict(`“${job.name}” already has a ${running.kind} in progress (operation ${running.id}); wait for it to finish.`);
    checkAction(kind, job);
    if ((kind === "start" || kind === "restart" || kind === "build") && !job.valid) {
      throw conflict(`“${job.name}” version ${job.headVersion} has blocking errors; fix them and save before building or starting.`);
    }
    const op = await createOperation(tx, { job, kind, options, requestedBy: p.via === "cli" ? null : p.user.id, requestedByName: p.user.username });
    log.set({ detail: { options, operation: op.id } });
    return (await findOperation({ teamId: access.team.id, id: op.id }, tx))!;
  });
}

/** The one place operations are created: by people (above) and by Eddy (auto-restart, recovery). */
export async function createOperation(
  tx: Tx,
  input: { job: Pick<Job, "id" | "teamId" | "name">; kind: ActionKind; options: Record<string, unknown>; requestedBy: number | null; requestedByName: string },
): Promise<{ id: number }> {
  let op: { id: number };
  try {
    op = await insertOperation({ teamId: input.job.teamId, jobId: input.job.id, kind: input.kind, options: input.options, requestedBy: input.requestedBy, requestedByName: input.requestedByName }, tx);
  } catch (e) {
    // Two requests at once: the partial unique index lets one through.
    if (pgErrorCode(e) === PG_UNIQUE_VIOLATION) throw conflict(`“${input.job.name}” already has an operation in progress; wait for it to finish.`);
    throw e;
  }
  const desired = desiredAfter[input.kind];
  if (desired) await setDesiredState({ jobId: input.job.id, desired }, tx);
  await insertEvent({ jobId: input.job.id, kind: "operation", message: `${input.requestedByName} asked to ${input.kind}.`, operationId: op.id }, tx);
  await enqueueOperation({ operationId: op.id, jobId: input.job.id }, tx);
  return op;
}

export async function getOperation(p: Principal, team: string | number, jobRef: string | number, id: number) {
  const access = await requireTeamPermission(p, team, "job:view");
  const job = await findJob({ teamId: access.team.id, ref: jobRef });
  if (!job) throw new AppError("not_found", `Job “${String(jobRef)}” was not found.`);
  const op = await findOperation({ teamId: access.team.id, id, jobId: job.id });
  if (!op) throw new AppError("not_found", `Operation ${id} of “${job.name}” was not found.`);
  return op;
}

export async function jobOperations(p: Principal, team: string | number, jobRef: string | number) {
  const access = await requireTeamPermission(p, team, "job:view");
  const job = await findJob({ teamId: access.team.id, ref: jobRef });
  if (!job) throw new AppError("not_found", `Job “${String(jobRef)}” was not found.`);
  return listOperations({ jobId: job.id });
}

/** What a start with these options would restore from, for the start dialog. */
export async function restorePreview(jobId: number, restore: z.infer<typeof actionOptions.start>["restore"]): Promise<{ kind: "none" | "savepoint" | "checkpoint" | "path"; path: string | null; snapshotId: number | null; at: Date | null }> {
  if (restore === "none") return { kind: "none", path: null, snapshotId: null, at: null };
  if (typeof restore === "object" && "path" in restore) return { kind: "path", path: restore.path, snapshotId: null, at: null };
  const snapshots = await listSnapshots({ jobId });
  const chosen = restore === "latest" ? snapshots[0] : snapshots.find((s) => s.id === restore.snapshotId);
  if (!chosen) {
    if (restore !== "latest") throw new AppError("not_found", "That savepoint or checkpoint was not found for this job.");
    return { kind: "none", path: null, snapshotId: null, at: null };
  }
  return { kind: chosen.kind, path: chosen.path, snapshotId: chosen.id, at: chosen.createdAt };
}

/** Per-job results for bulk actions: every refusal is reported, none stops the others. */
export async function requestBulk(p: Principal, team: string | number, jobIds: number[], kind: ActionKind, options: unknown) {
  // A team the caller cannot see is not found as a whole, not job by job.
  await requireTeamPermission(p, team, "job:view");
  const results: { jobId: number; ok: boolean; operationId?: number; message?: string }[] = [];
  for (const id of jobIds) {
    try {
      const op = await requestAction(p, team, id, kind, options);
      results.push({ jobId: id, ok: true, operationId: op.id });
    } catch (e) {
      if (!isAppError(e)) throw e;
      results.push({ jobId: id, ok: false, message: e.message });
    }
  }
  return results;
}

/** What recovery restarts: jobs Flink failed for good, and jobs that vanished from their cluster. */
export const RECOVERABLE_STATES = ["FAILED", "LOST"];

export type BulkResult = { jobId: number; jobName?: string; ok: boolean; operationId?: number; message?: string };

/**
 * "Recover": start failed or lost jobs again from their newest savepoint or checkpoint, each
 * answering with its operation or the sentence that refused it. `"all"` takes every failed or lost
 * job of the team as it is now (the user story: 100 jobs fail when a session cluster dies, and
 * nobody may miss one), not a page of a table; a list of ids leaves any other state alone.
 */
export async function recoverJobs(p: Principal, team: string | number, jobs: number[] | "all"): Promise<BulkResult[]> {
  const access = await requireTeamPermission(p, team, "job:view");
  requirePermission(access, "job:deploy");
  const refused: BulkResult[] = [];
  let eligible: { id: number; name: string }[];
  if (jobs === "all") {
    eligible = await jobsInStates({ teamId: access.team.id, states: RECOVERABLE_STATES });
  } else {
    eligible = [];
    for (const id of [...new Set(jobs)]) {
      const job = await findJob({ teamId: access.team.id, ref: id });
      if (!job) refused.push({ jobId: id, ok: false, message: `Job ${id} was not found.` });
      else if (RECOVERABLE_STATES.includes(job.observedState)) eligible.push(job);
      else refused.push({ jobId: id, jobName: job.name, ok: false, message: `“${job.name}” is ${job.observedState === "NEVER_STARTED" ? "never started" : job.observedState.toLowerCase()}, not failed or lost; recovery leaves it alone.` });
    }
  }
  const started = eligible.length ? await requestBulk(p, access.team.id, eligible.map((j) => j.id), "start", { restore: "latest" }) : [];
  const names = new Map(eligible.map((j) => [j.id, j.name]));
  const out = [...started.map((r) => ({ ...r, jobName: names.get(r.jobId) })), ...refused];
  return jobs === "all" ? out : [...new Set(jobs)].map((id) => out.find((r) => r.jobId === id)!);
}
