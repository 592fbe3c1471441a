import { findJob } from "@/db/queries/jobs";
import { activeOperation, deleteSnapshot, findSnapshot, listEvents, listOperations, listReleases, listRuns, listSnapshots } from "@/db/queries/lifecycle";
import { audited } from "@/lib/audit";
import { AppError, conflict } from "@/lib/errors";
import { getJob } from "@/lib/jobs/jobs";
import { requirePermission, requireTeamPermission, teamAccess } from "@/lib/auth/access";
import type { Principal } from "@/lib/auth/principal";

/**
 * What a job's pages and API read about its life: operations, builds (releases), runs, savepoints
 * and checkpoints, events. Every read goes through getJob, so it answers not_found for a job the
 * caller's team cannot see, exactly like the job itself.
 */
export async function jobHistory(p: Principal, team: string | number, jobRef: string | number, what: { operations?: boolean; releases?: boolean; runs?: boolean; snapshots?: boolean; events?: boolean; limit?: number }) {
  const job = await getJob(p, team, jobRef);
  // Savepoints and checkpoints are their own permission (a custom role may see jobs but not their state's paths).
  if (what.snapshots) await requireTeamPermission(p, team, "savepoint:view");
  const [operations, releases, runs, snapshots, events] = await Promise.all([
    what.operations ? listOperations({ jobId: job.id, limit: what.limit }) : null,
    what.releases ? listReleases({ jobId: job.id, limit: what.limit }) : null,
    what.runs ? listRuns({ jobId: job.id, limit: what.limit }) : null,
    what.snapshots ? listSnapshots({ jobId: job.id }) : null,
    what.events ? listEvents({ jobId: job.id, limit: what.limit }) : null,
  ]);
  return { job, operations: operations ?? [], releases: releases ?? [], runs: runs ?? [], snapshots: snapshots ?? [], events: events ?? [] };
}

/**
 * Forgets a savepoint or checkpoint record (savepoint:delete): Eddy no longer offers it to restore
 * from, nor picks it as the newest. The files stay where Flink wrote them (Eddy never deletes
 * state). Refused while an operation is in progress, which may be about to restore from it.
 */
export async function forgetSnapshot(p: Principal, team: string | number, jobRef: string | number, id: number) {
  const access = await teamAccess(p, team);
  return audited(p, { action: "savepoint.delete", targetType: "job", targetName: String(jobRef), team: access.team, detail: { snapshot: id } }, async (tx, log) => {
    requirePermission(access, "savepoint:delete");
    const job = await findJob({ teamId: access.team.id, ref: jobRef }, tx);
    if (!job) throw new AppError("not_found", `Job “${String(jobRef)}” was not found.`);
    log.set({ targetId: job.id, targetName: job.name });
    const snapshot = await findSnapshot({ jobId: job.id, id }, tx);
    if (!snapshot) throw new AppError("not_found", `Savepoint or checkpoint ${id} of “${job.name}” was not found.`);
    const busy = await activeOperation(job.id, tx);
    if (busy) throw conflict(`“${job.name}” has a ${busy.kind} in progress (operation ${busy.id}), which may restore from this ${snapshot.kind}; try again when it is done.`);
    await deleteSnapshot({ jobId: job.id, id }, tx);
    log.set({ detail: { snapshot: id, kind: snapshot.kind, path: snapshot.path } });
    return { id, path: snapshot.path };
  });
}
