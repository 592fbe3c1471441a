import { listEvents, listOperations, listReleases, listRuns, listSnapshots } from "@/db/queries/lifecycle";
import { getJob } from "@/lib/jobs/jobs";
import { requireTeamPermission } from "@/lib/auth/access";
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
