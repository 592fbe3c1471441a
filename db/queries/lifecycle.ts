import { and, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import { clusters, jobEvents, jobOperations, jobReleases, jobRuns, jobs, jobSnapshots } from "../schema";
import { conn, type DbOrTx } from "./tx";

export type OperationKind = (typeof jobOperations.kind.enumValues)[number];
export type OperationStatus = (typeof jobOperations.status.enumValues)[number];
type Step = { name: string; status: "running" | "done" | "failed" | "skipped"; at: string; message?: string };

// ---------------------------------------------------------------------------- operations

export async function insertOperation(
  input: { teamId: number; jobId: number; kind: OperationKind; options: Record<string, unknown>; requestedBy: number | null; requestedByName: string },
  tx?: DbOrTx,
): Promise<{ id: number }> {
  const [row] = await conn(tx).insert(jobOperations).values(input).returning({ id: jobOperations.id });
  return row!;
}

const operationColumns = {
  id: jobOperations.id,
  teamId: jobOperations.teamId,
  jobId: jobOperations.jobId,
  kind: jobOperations.kind,
  status: jobOperations.status,
  options: jobOperations.options,
  requestedBy: jobOperations.requestedBy,
  requestedByName: jobOperations.requestedByName,
  steps: jobOperations.steps,
  message: jobOperations.message,
  result: jobOperations.result,
  log: jobOperations.log,
  runId: jobOperations.runId,
  createdAt: jobOperations.createdAt,
  startedAt: jobOperations.startedAt,
  finishedAt: jobOperations.finishedAt,
};

export async function findOperation(input: { teamId: number; id: number; jobId?: number }, tx?: DbOrTx) {
  const [row] = await conn(tx)
    .select(operationColumns)
    .from(jobOperations)
    .where(and(eq(jobOperations.teamId, input.teamId), eq(jobOperations.id, input.id), input.jobId ? eq(jobOperations.jobId, input.jobId) : undefined));
  return row;
}
export type Operation = NonNullable<Awaited<ReturnType<typeof findOperation>>>;

/** For tasks, which act for no team. */
export async function findOperationById(id: number, tx?: DbOrTx): Promise<Operation | undefined> {
  const [row] = await conn(tx).select(operationColumns).from(jobOperations).where(eq(jobOperations.id, id));
  return row;
}

export async function listOperations(input: { jobId: number; limit?: number }, tx?: DbOrTx) {
  return conn(tx)
    .select(operationColumns)
    .from(jobOperations)
    .where(eq(jobOperations.jobId, input.jobId))
    .orderBy(desc(jobOperations.createdAt), desc(jobOperations.id))
    .limit(input.limit ?? 100);
}

export async function activeOperation(jobId: number, tx?: DbOrTx): Promise<Operation | undefined> {
  const [row] = await conn(tx)
    .select(operationColumns)
    .from(jobOperations)
    .where(and(eq(jobOperations.jobId, jobId), inArray(jobOperations.status, ["queued", "running"])));
  return row;
}

export async function markOperationRunning(id: number, tx?: DbOrTx): Promise<void> {
  await conn(tx)
    .update(jobOperations)
    .set({ status: "running", startedAt: sql`coalesce(${jobOperations.startedAt}, now())` })
    .where(eq(jobOperations.id, id));
}

/** Appends a step, or updates the last one when it has the same name (running → done). */
export async function recordStep(input: { id: number; step: Step }, tx?: DbOrTx): Promise<void> {
  await conn(tx).execute(sql`
    update ${jobOperations} set steps = case
      when jsonb_array_length(steps) > 0 and steps -> -1 ->> 'name' = ${input.step.name}
        then jsonb_set(steps, array[(jsonb_array_length(steps) - 1)::text], ${JSON.stringify(input.step)}::jsonb)
      else steps || jsonb_build_array(${JSON.stringify(input.step)}::jsonb)
    end
    where id = ${input.id}`);
}

/** Appends lines to the operation's log (one statement: concurrent appends never lose a line). */
export async function appendOperationLog(input: { id: number; lines: string[] }, tx?: DbOrTx): Promise<void> {
  if (!input.lines.length) return;
  await conn(tx).execute(sql`update ${jobOperations} set log = log || ${input.lines.map((l) => `${l}\n`).join("")} where id = ${input.id}`);
}

export async function setOperationRun(input: { id: number; runId: number }, tx?: DbOrTx): Promise<void> {
  await conn(tx).update(jobOperations).set({ runId: input.runId }).where(eq(jobOperations.id, input.id));
}

export async function finishOperation(input: { id: number; status: "succeeded" | "failed"; message: string | null; result?: Record<string, unknown> }, tx?: DbOrTx): Promise<void> {
  await conn(tx)
    .update(jobOperations)
    .set({ status: input.status, message: input.message, result: input.result ?? null, finishedAt: new Date() })
    .where(and(eq(jobOperations.id, input.id), inArray(jobOperations.status, ["queued", "running"])));
}

// ---------------------------------------------------------------------------- releases

export async function insertRelease(input: { jobId: number; version: number; operationId: number | null; manifest: Record<string, unknown>; log: string; status: "running" | "succeeded" | "failed"; failedStep?: string | null; error?: string | null }, tx?: DbOrTx): Promise<{ id: number }> {
  const [row] = await conn(tx)
    .insert(jobReleases)
    .values({ ...input, finishedAt: input.status === "running" ? null : new Date() })
    .returning({ id: jobReleases.id });
  return row!;
}

const releaseColumns = {
  id: jobReleases.id,
  jobId: jobReleases.jobId,
  version: jobReleases.version,
  operationId: jobReleases.operationId,
  manifest: jobReleases.manifest,
  log: jobReleases.log,
  status: jobReleases.status,
  failedStep: jobReleases.failedStep,
  error: jobReleases.error,
  createdAt: jobReleases.createdAt,
  finishedAt: jobReleases.finishedAt,
};

/** The newest successful release of a job version. */
export async function latestRelease(input: { jobId: number; version?: number }, tx?: DbOrTx) {
  const [row] = await conn(tx)
    .select(releaseColumns)
    .from(jobReleases)
    .where(and(eq(jobReleases.jobId, input.jobId), eq(jobReleases.status, "succeeded"), input.version ? eq(jobReleases.version, input.version) : undefined))
    .orderBy(desc(jobReleases.id))
    .limit(1);
  return row;
}
export type Release = NonNullable<Awaited<ReturnType<typeof latestRelease>>>;

export async function findRelease(input: { jobId: number; id: number }, tx?: DbOrTx) {
  const [row] = await conn(tx).select(releaseColumns).from(jobReleases).where(and(eq(jobReleases.jobId, input.jobId), eq(jobReleases.id, input.id)));
  return row;
}

export async function listReleases(input: { jobId: number; limit?: number }, tx?: DbOrTx) {
  return conn(tx).select(releaseColumns).from(jobReleases).where(eq(jobReleases.jobId, input.jobId)).orderBy(desc(jobReleases.id)).limit(input.limit ?? 50);
}

// ---------------------------------------------------------------------------- runs

const runColumns = {
  id: jobRuns.id,
  jobId: jobRuns.jobId,
  releaseId: jobRuns.releaseId,
  version: jobRuns.version,
  mode: jobRuns.mode,
  clusterId: jobRuns.clusterId,
  flinkJobId: jobRuns.flinkJobId,
  yarnApplicationId: jobRuns.yarnApplicationId,
  k8sNamespace: jobRuns.k8sNamespace,
  k8sName: jobRuns.k8sName,
  jobManagerUrl: jobRuns.jobManagerUrl,
  restoredFrom: jobRuns.restoredFrom,
  restoreKind: jobRuns.restoreKind,
  allowNonRestoredState: jobRuns.allowNonRestoredState,
  state: jobRuns.state,
  operationId: jobRuns.operationId,
  startedAt: jobRuns.startedAt,
  endedAt: jobRuns.endedAt,
  missingSince: jobRuns.missingSince,
};

/** Whether a run of this release is still live (not ended): its cluster may fetch the release's jars again. */
export async function releaseHasLiveRun(input: { jobId: number; releaseId: number }, tx?: DbOrTx): Promise<boolean> {
  const rows = await conn(tx)
    .select({ id: jobRuns.id })
    .from(jobRuns)
    .where(and(eq(jobRuns.jobId, input.jobId), eq(jobRuns.releaseId, input.releaseId), isNull(jobRuns.endedAt)))
    .limit(1);
  return rows.length > 0;
}

export async function insertRun(
  input: { jobId: number; releaseId: number; version: number; mode: string; clusterId: number | null; flinkJobId: string; restoredFrom: string | null; restoreKind: string; allowNonRestoredState: boolean; operationId: number },
  tx?: DbOrTx,
): Promise<{ id: number }> {
  const [row] = await conn(tx)
    .insert(jobRuns)
    .values({ ...input, allowNonRestoredState: input.allowNonRestoredState ? 1 : 0 })
    .returning({ id: jobRuns.id });
  return row!;
}

export async function findRun(input: { jobId: number; id: number }, tx?: DbOrTx) {
  const [row] = await conn(tx).select(runColumns).from(jobRuns).where(and(eq(jobRuns.jobId, input.jobId), eq(jobRuns.id, input.id)));
  return row;
}
export type Run = NonNullable<Awaited<ReturnType<typeof findRun>>>;

export async function listRuns(input: { jobId: number; limit?: number }, tx?: DbOrTx) {
  return conn(tx).select(runColumns).from(jobRuns).where(eq(jobRuns.jobId, input.jobId)).orderBy(desc(jobRuns.id)).limit(input.limit ?? 50);
}

export async function updateRun(input: { id: number } & Partial<{ yarnApplicationId: string | null; k8sNamespace: string | null; k8sName: string | null; jobManagerUrl: string | null; state: string; endedAt: Date | null; missingSince: Date | null; flinkJobId: string; checkpointsCheckedAt: Date; checkpointsFailed: number | null; checkpointFailures: number[] }>, tx?: DbOrTx): Promise<void> {
  const { id, ...fields } = input;
  await conn(tx).update(jobRuns).set(fields).where(eq(jobRuns.id, id));
}

const liveRunColumns = {
  ...runColumns,
  teamId: jobs.teamId,
  currentRunId: jobs.currentRunId,
  jobName: jobs.name,
  jobType: jobs.type,
  desiredState: jobs.desiredState,
  observedState: jobs.observedState,
  checkpointsCheckedAt: jobRuns.checkpointsCheckedAt,
  checkpointsFailed: jobRuns.checkpointsFailed,
  checkpointFailures: jobRuns.checkpointFailures,
  /** An operation on the job is queued or running: it owns the run's state meanwhile. */
  busy: sql<boolean>`exists (select 1 from ${jobOperations} o where o.job_id = ${jobs.id} and o.status in ('queued', 'running'))`,
};

/** Live runs (not ended) placed on a session cluster: what one watch of that cluster reconciles. */
export async function liveRunsOnCluster(clusterId: number, tx?: DbOrTx) {
  return conn(tx)
    .select(liveRunColumns)
    .from(jobRuns)
    .innerJoin(jobs, eq(jobs.id, jobRuns.jobId))
    .where(and(eq(jobRuns.clusterId, clusterId), isNull(jobRuns.endedAt)));
}

/**
 * Live runs in application modes, with the release's manifest (where they run), for the YARN and
 * Kubernetes watchers: those of one ResourceManager or one namespace, or all of them.
 */
export async function liveApplicationRuns(place: { yarnRmUrl: string } | { k8sNamespace: string } | null = null, tx?: DbOrTx) {
  const where =
    place === null
      ? inArray(jobRuns.mode, ["yarn-application", "yarn-per-job", "k8s-application"])
      : "yarnRmUrl" in place
        ? and(inArray(jobRuns.mode, ["yarn-application", "yarn-per-job"]), sql`${jobReleases.manifest}->>'yarnRmUrl' = ${place.yarnRmUrl}`)
        : and(eq(jobRuns.mode, "k8s-application"), eq(jobRuns.k8sNamespace, place.k8sNamespace));
  return conn(tx)
    .select({ ...liveRunColumns, manifest: jobReleases.manifest })
    .from(jobRuns)
    .innerJoin(jobs, eq(jobs.id, jobRuns.jobId))
    .innerJoin(jobReleases, eq(jobReleases.id, jobRuns.releaseId))
    .where(and(isNull(jobRuns.endedAt), where));
}
export type LiveRun = Awaited<ReturnType<typeof liveRunsOnCluster>>[number];

// ---------------------------------------------------------------------------- job state

/**
 * Records a new observed state for a job; returns the previous one, or null when nothing changed
 * (so callers write an event exactly when the state moved). `onlyRun` guards against a late
 * observation of an older run overwriting the state of a newer one.
 */
export async function setObservedState(
  input: { jobId: number; state: string; onlyRun?: number | null },
  tx?: DbOrTx,
): Promise<string | null> {
  const rows = await conn(tx).execute<{ previous: string }>(sql`
    update ${jobs} j set observed_state = ${input.state}::job_observed_state, state_changed_at = now()
    from (select id, observed_state as previous from ${jobs} where id = ${input.jobId} for update) old
    where j.id = old.id and old.previous <> ${input.state}::job_observed_state
      ${input.onlyRun === undefined ? sql`` : input.onlyRun === null ? sql`and j.current_run_id is null` : sql`and j.current_run_id = ${input.onlyRun}`}
    returning old.previous`);
  return (rows as unknown as { previous: string }[])[0]?.previous ?? null;
}

export async function setDesiredState(input: { jobId: number; desired: "running" | "suspended" | "cancelled" | null }, tx?: DbOrTx): Promise<void> {
  await conn(tx).update(jobs).set({ desiredState: input.desired }).where(eq(jobs.id, input.jobId));
}

export async function setCurrentRun(input: { jobId: number; runId: number; deployedVersion: number }, tx?: DbOrTx): Promise<void> {
  await conn(tx).update(jobs).set({ currentRunId: input.runId, deployedVersion: input.deployedVersion }).where(eq(jobs.id, input.jobId));
}

export async function setRestartCounter(input: { jobId: number; count: number; windowStartedAt: Date | null }, tx?: DbOrTx): Promise<void> {
  await conn(tx).update(jobs).set({ restartCount: input.count, restartWindowStartedAt: input.windowStartedAt }).where(eq(jobs.id, input.jobId));
}

/** The lifecycle view of a job, for tasks (by id, no team). */
export async function findJobForLifecycle(jobId: number, tx?: DbOrTx) {
  const [row] = await conn(tx)
    .select({
      id: jobs.id,
      teamId: jobs.teamId,
      name: jobs.name,
      type: jobs.type,
      mode: jobs.mode,
      headVersion: jobs.headVersion,
      deployedVersion: jobs.deployedVersion,
      valid: jobs.valid,
      sql: jobs.sql,
      settings: jobs.settings,
      observedState: jobs.observedState,
      desiredState: jobs.desiredState,
      currentRunId: jobs.currentRunId,
      restartCount: jobs.restartCount,
      restartWindowStartedAt: jobs.restartWindowStartedAt,
      clusterId: jobs.clusterId,
    })
    .from(jobs)
    .where(eq(jobs.id, jobId));
  return row;
}
export type LifecycleJob = NonNullable<Awaited<ReturnType<typeof findJobForLifecycle>>>;

// ---------------------------------------------------------------------------- events

export async function insertEvent(input: { jobId: number; kind: string; fromState?: string | null; toState?: string | null; message: string; runId?: number | null; operationId?: number | null }, tx?: DbOrTx): Promise<void> {
  await conn(tx).insert(jobEvents).values(input);
}

export async function listEvents(input: { jobId: number; limit?: number }, tx?: DbOrTx) {
  return conn(tx)
    .select({ id: jobEvents.id, at: jobEvents.at, kind: jobEvents.kind, fromState: jobEvents.fromState, toState: jobEvents.toState, message: jobEvents.message, runId: jobEvents.runId, operationId: jobEvents.operationId })
    .from(jobEvents)
    .where(eq(jobEvents.jobId, input.jobId))
    .orderBy(desc(jobEvents.at), desc(jobEvents.id))
    .limit(input.limit ?? 500);
}

// ---------------------------------------------------------------------------- snapshots

/** Records a snapshot (once per path) and keeps only the newest `keep` of its kind. */
export async function recordSnapshot(
  input: { jobId: number; runId: number | null; kind: "savepoint" | "checkpoint"; trigger: string; path: string; flinkCheckpointId?: number | null; keep: number },
  tx?: DbOrTx,
): Promise<boolean> {
  const inserted = await conn(tx)
    .insert(jobSnapshots)
    .values({ jobId: input.jobId, runId: input.runId, kind: input.kind, trigger: input.trigger, path: input.path, flinkCheckpointId: input.flinkCheckpointId ?? null })
    .onConflictDoNothing()
    .returning({ id: jobSnapshots.id });
  if (!inserted.length) return false; // already on record: nothing to prune (the common case for checkpoints)
  await conn(tx).execute(sql`
    delete from ${jobSnapshots} where job_id = ${input.jobId} and kind = ${input.kind}::snapshot_kind and id not in (
      select id from ${jobSnapshots} where job_id = ${input.jobId} and kind = ${input.kind}::snapshot_kind order by created_at desc, id desc limit ${input.keep})`);
  return inserted.length > 0;
}

export async function listSnapshots(input: { jobId: number }, tx?: DbOrTx) {
  return conn(tx)
    .select({ id: jobSnapshots.id, runId: jobSnapshots.runId, kind: jobSnapshots.kind, trigger: jobSnapshots.trigger, path: jobSnapshots.path, flinkCheckpointId: jobSnapshots.flinkCheckpointId, createdAt: jobSnapshots.createdAt })
    .from(jobSnapshots)
    .where(eq(jobSnapshots.jobId, input.jobId))
    .orderBy(desc(jobSnapshots.createdAt), desc(jobSnapshots.id));
}
export type Snapshot = Awaited<ReturnType<typeof listSnapshots>>[number];

export async function deleteSnapshot(input: { jobId: number; id: number }, tx?: DbOrTx): Promise<boolean> {
  const rows = await conn(tx).delete(jobSnapshots).where(and(eq(jobSnapshots.jobId, input.jobId), eq(jobSnapshots.id, input.id))).returning({ id: jobSnapshots.id });
  return rows.length > 0;
}

export async function findSnapshot(input: { jobId: number; id: number }, tx?: DbOrTx): Promise<Snapshot | undefined> {
  const [row] = await conn(tx)
    .select({ id: jobSnapshots.id, runId: jobSnapshots.runId, kind: jobSnapshots.kind, trigger: jobSnapshots.trigger, path: jobSnapshots.path, flinkCheckpointId: jobSnapshots.flinkCheckpointId, createdAt: jobSnapshots.createdAt })
    .from(jobSnapshots)
    .where(and(eq(jobSnapshots.jobId, input.jobId), eq(jobSnapshots.id, input.id)));
  return row;
}

/** The checkpoint-failure policy each run's release froze, in one read for a whole watch. */
export async function checkpointPolicies(runIds: number[], tx?: DbOrTx): Promise<Map<number, unknown>> {
  if (!runIds.length) return new Map();
  const rows = await conn(tx)
    .select({ runId: jobRuns.id, policy: sql<unknown>`${jobReleases.manifest} -> 'settings' -> 'checkpointFailure'` })
    .from(jobRuns)
    .innerJoin(jobReleases, eq(jobReleases.id, jobRuns.releaseId))
    .where(inArray(jobRuns.id, runIds));
  return new Map(rows.map((r) => [r.runId, r.policy]));
}

// ---------------------------------------------------------------------------- watch targets

/** Distinct YARN ResourceManagers and Kubernetes namespaces that live application runs use. */
export async function applicationWatchTargets(tx?: DbOrTx): Promise<{ yarn: string[]; k8s: string[] }> {
  const rows = await liveApplicationRuns(null, tx);
  const yarn = new Set<string>();
  const k8s = new Set<string>();
  for (const r of rows) {
    const m = r.manifest as { yarnRmUrl?: string | null };
    if (r.mode.startsWith("yarn") && m.yarnRmUrl) yarn.add(m.yarnRmUrl);
    if (r.mode === "k8s-application" && r.k8sNamespace) k8s.add(r.k8sNamespace);
  }
  return { yarn: [...yarn], k8s: [...k8s] };
}

export async function clusterIdsWithLiveRuns(tx?: DbOrTx): Promise<number[]> {
  const rows = await conn(tx).selectDistinct({ id: jobRuns.clusterId }).from(jobRuns).innerJoin(clusters, eq(clusters.id, jobRuns.clusterId)).where(isNull(jobRuns.endedAt));
  return rows.map((r) => r.id!).filter(Boolean);
}

/**
 * Operations still queued or running, older than a grace period, whose task is gone (`task: "none"`)
 * or was given up by graphile-worker (`task: "exhausted"`: a worker died in its last attempt).
 */
export async function orphanedOperations(olderThanSeconds: number, tx?: DbOrTx): Promise<{ id: number; jobId: number; task: "none" | "exhausted"; lastError: string | null }[]> {
  const rows = await conn(tx).execute<{ id: number; job_id: number; task: "none" | "exhausted"; last_error: string | null }>(sql`
    select o.id, o.job_id, case when j.id is null then 'none' else 'exhausted' end as task, j.last_error
    from ${jobOperations} o
    left join graphile_worker.jobs j on j.key = 'op:' || o.id
    where o.status in ('queued', 'running')
      and o.created_at < now() - make_interval(secs => ${olderThanSeconds})
      and (j.id is null or (j.attempts >= j.max_attempts and j.locked_at is null))`);
  return rows.map((r) => ({ id: Number(r.id), jobId: Number(r.job_id), task: r.task, lastError: r.last_error }));
}
