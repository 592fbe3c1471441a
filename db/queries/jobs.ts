import { aliasedTable, and, arrayOverlaps, asc, count, desc, eq, ilike, inArray, or, sql, type SQL } from "drizzle-orm";
import { clusters, flinkVersions, jobRenames, jobs, jobVersions, users } from "../schema";
import { refCondition } from "./refs";
import { conn, type DbOrTx } from "./tx";

export type JobType = (typeof jobs.type.enumValues)[number];
export type JobMode = (typeof jobs.mode.enumValues)[number];
export type JobState = (typeof jobs.observedState.enumValues)[number];
export const jobStates = jobs.observedState.enumValues;

const owner = aliasedTable(users, "owner");

const summaryColumns = {
  id: jobs.id,
  teamId: jobs.teamId,
  name: jobs.name,
  description: jobs.description,
  tags: jobs.tags,
  type: jobs.type,
  mode: jobs.mode,
  ownerId: jobs.ownerId,
  ownerName: owner.username,
  clusterId: jobs.clusterId,
  clusterName: clusters.name,
  flinkVersionId: jobs.flinkVersionId,
  flinkVersionName: flinkVersions.name,
  headVersion: jobs.headVersion,
  deployedVersion: jobs.deployedVersion,
  valid: jobs.valid,
  observedState: jobs.observedState,
  stateChangedAt: jobs.stateChangedAt,
  desiredState: jobs.desiredState,
  currentRunId: jobs.currentRunId,
  restartCount: jobs.restartCount,
  /** The operation in progress (at most one per job), as "<kind>:<id>". */
  activeOperation: sql<string | null>`(select o.kind || ':' || o.id from job_operations o where o.job_id = ${jobs.id} and o.status in ('queued', 'running') limit 1)`,
  createdAt: jobs.createdAt,
  updatedAt: jobs.updatedAt,
};

function selectSummary(tx?: DbOrTx) {
  return conn(tx)
    .select(summaryColumns)
    .from(jobs)
    .leftJoin(owner, eq(owner.id, jobs.ownerId))
    .leftJoin(clusters, eq(clusters.id, jobs.clusterId))
    .leftJoin(flinkVersions, eq(flinkVersions.id, jobs.flinkVersionId));
}

export type JobSummary = Awaited<ReturnType<typeof selectSummary>>[number];

export const jobSortable = ["name", "updatedAt", "stateChangedAt", "observedState", "mode", "type", "createdAt"] as const;
export type JobSort = (typeof jobSortable)[number];

export type JobFilter = {
  q?: string;
  states?: JobState[];
  type?: JobType;
  mode?: JobMode;
  clusterId?: number;
  ownerId?: number;
  tags?: string[];
};

function filterConditions(teamId: number, f: JobFilter): SQL {
  const conds: (SQL | undefined)[] = [eq(jobs.teamId, teamId)];
  if (f.states?.length) conds.push(inArray(jobs.observedState, f.states));
  if (f.type) conds.push(eq(jobs.type, f.type));
  if (f.mode) conds.push(eq(jobs.mode, f.mode));
  if (f.clusterId) conds.push(eq(jobs.clusterId, f.clusterId));
  if (f.ownerId) conds.push(eq(jobs.ownerId, f.ownerId));
  if (f.tags?.length) conds.push(arrayOverlaps(jobs.tags, f.tags));
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conds.push(or(ilike(jobs.name, like), ilike(jobs.description, like)));
  }
  return and(...conds.filter((c): c is SQL => c !== undefined))!;
}

/** One page of the job center, filtered, sorted and paged in SQL (indexes on team_id + the sort key). */
export async function listJobsPage(
  input: { teamId: number; filter: JobFilter; sort: JobSort; dir: "asc" | "desc"; page: number; pageSize: number },
  tx?: DbOrTx,
): Promise<{ rows: JobSummary[]; total: number }> {
  const where = filterConditions(input.teamId, input.filter);
  const column = input.sort === "name" ? sql`lower(${jobs.name})` : jobs[input.sort];
  const order = input.dir === "asc" ? asc(column) : desc(column);
  const [rows, [total]] = await Promise.all([
    selectSummary(tx)
      .where(where)
      .orderBy(order, asc(jobs.id))
      .limit(input.pageSize)
      .offset((input.page - 1) * input.pageSize),
    conn(tx).select({ n: count() }).from(jobs).where(where),
  ]);
  return { rows, total: total?.n ?? 0 };
}

/** Values the job center offers as filters: the team's tags and owners. */
export async function listJobFacets(teamId: number, tx?: DbOrTx): Promise<{ tags: string[]; owners: { id: number; username: string }[] }> {
  const [tags, owners] = await Promise.all([
    conn(tx).execute<{ tag: string }>(sql`select distinct unnest(${jobs.tags}) as tag from ${jobs} where ${jobs.teamId} = ${teamId} order by 1 limit 500`),
    conn(tx)
      .selectDistinct({ id: users.id, username: users.username })
      .from(jobs)
      .innerJoin(users, eq(users.id, jobs.ownerId))
      .where(eq(jobs.teamId, teamId))
      .orderBy(asc(users.username)),
  ]);
  return { tags: (tags as unknown as { tag: string }[]).map((r) => r.tag), owners };
}

/** A team's job by name or id, with its newest SQL and settings. */
export async function findJob(input: { teamId: number; ref: string | number }, tx?: DbOrTx) {
  const where = refCondition(input.ref, jobs.id, jobs.name);
  if (!where) return undefined;
  const [row] = await conn(tx)
    .select({ ...summaryColumns, sql: jobs.sql, settings: jobs.settings })
    .from(jobs)
    .leftJoin(owner, eq(owner.id, jobs.ownerId))
    .leftJoin(clusters, eq(clusters.id, jobs.clusterId))
    .leftJoin(flinkVersions, eq(flinkVersions.id, jobs.flinkVersionId))
    .where(and(eq(jobs.teamId, input.teamId), where));
  return row;
}
export type Job = NonNullable<Awaited<ReturnType<typeof findJob>>>;

/** Locks the job row until the transaction ends, so concurrent saves number their versions in turn. */
export async function lockJob(input: { teamId: number; id: number }, tx: DbOrTx): Promise<{ headVersion: number } | undefined> {
  const [row] = await tx.select({ headVersion: jobs.headVersion }).from(jobs).where(and(eq(jobs.teamId, input.teamId), eq(jobs.id, input.id))).for("update");
  return row;
}

type HeadFields = {
  headVersion: number;
  sql: string;
  settings: Record<string, unknown>;
  valid: boolean;
  mode: JobMode;
  flinkVersionId: number | null;
  clusterId: number | null;
};

export async function insertJob(
  input: { teamId: number; name: string; description: string; tags: string[]; ownerId: number | null; type: JobType; createdBy: number | null } & HeadFields,
  tx?: DbOrTx,
): Promise<{ id: number }> {
  const [row] = await conn(tx).insert(jobs).values(input).returning({ id: jobs.id });
  return row!;
}

export async function updateJobHead(input: { teamId: number; id: number } & HeadFields, tx?: DbOrTx): Promise<void> {
  const { teamId, id, ...fields } = input;
  await conn(tx)
    .update(jobs)
    .set({ ...fields, updatedAt: new Date() })
    .where(and(eq(jobs.teamId, teamId), eq(jobs.id, id)));
}

export async function updateJobMeta(
  input: { teamId: number; id: number; name?: string; description?: string; tags?: string[]; ownerId?: number | null },
  tx?: DbOrTx,
): Promise<boolean> {
  const { teamId, id, ...given } = input;
  const fields = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined));
  const rows = await conn(tx)
    .update(jobs)
    .set({ ...fields, updatedAt: new Date() })
    .where(and(eq(jobs.teamId, teamId), eq(jobs.id, id)))
    .returning({ id: jobs.id });
  return rows.length > 0;
}

export async function deleteJob(input: { teamId: number; id: number }, tx?: DbOrTx): Promise<boolean> {
  const rows = await conn(tx)
    .delete(jobs)
    .where(and(eq(jobs.teamId, input.teamId), eq(jobs.id, input.id)))
    .returning({ id: jobs.id });
  return rows.length > 0;
}

export async function insertJobVersion(
  input: { jobId: number; number: number; sql: string; settings: Record<string, unknown>; note: string; restoredFrom: number | null; valid: boolean; diagnostics: unknown[]; createdBy: number | null },
  tx?: DbOrTx,
): Promise<void> {
  await conn(tx).insert(jobVersions).values(input);
}

const versionColumns = {
  number: jobVersions.number,
  note: jobVersions.note,
  restoredFrom: jobVersions.restoredFrom,
  valid: jobVersions.valid,
  createdByName: users.username,
  createdAt: jobVersions.createdAt,
};

/** A job's versions, newest first (the job is already known to be the caller's team's). */
export async function listJobVersions(jobId: number, tx?: DbOrTx) {
  return conn(tx)
    .select(versionColumns)
    .from(jobVersions)
    .leftJoin(users, eq(users.id, jobVersions.createdBy))
    .where(eq(jobVersions.jobId, jobId))
    .orderBy(desc(jobVersions.number));
}
export type JobVersionSummary = Awaited<ReturnType<typeof listJobVersions>>[number];

export async function findJobVersion(input: { jobId: number; number: number }, tx?: DbOrTx) {
  const [row] = await conn(tx)
    .select({ ...versionColumns, sql: jobVersions.sql, settings: jobVersions.settings, diagnostics: jobVersions.diagnostics })
    .from(jobVersions)
    .leftJoin(users, eq(users.id, jobVersions.createdBy))
    .where(and(eq(jobVersions.jobId, input.jobId), eq(jobVersions.number, input.number)));
  return row;
}
export type JobVersion = NonNullable<Awaited<ReturnType<typeof findJobVersion>>>;

/** Jobs of a team in any of `states` (e.g. FAILED and LOST, for "recover all"), by name. */
export async function jobsInStates(input: { teamId: number; states: string[] }, tx?: DbOrTx): Promise<{ id: number; name: string; observedState: string }[]> {
  const rows = (await conn(tx).execute(sql`
    select id, name, observed_state::text as "observedState" from jobs
    where team_id = ${input.teamId} and observed_state::text in ${sql`(${sql.join(input.states.map((s) => sql`${s}`), sql`, `)})`}
    order by lower(name)`)) as unknown as { id: number; name: string; observedState: string }[];
  return rows;
}

export async function countJobs(teamId: number, tx?: DbOrTx): Promise<number> {
  const [row] = await conn(tx).select({ n: count() }).from(jobs).where(eq(jobs.teamId, teamId));
  return row?.n ?? 0;
}

/** Records a new verdict on a version's unchanged content (e.g. a variable it uses was defined since), on the version and the job. */
export async function revalidateJobVersion(input: { teamId: number; jobId: number; number: number; valid: boolean; diagnostics: unknown[] }, tx?: DbOrTx): Promise<void> {
  await conn(tx).update(jobVersions).set({ valid: input.valid, diagnostics: input.diagnostics }).where(and(eq(jobVersions.jobId, input.jobId), eq(jobVersions.number, input.number)));
  await conn(tx).update(jobs).set({ valid: input.valid }).where(and(eq(jobs.teamId, input.teamId), eq(jobs.id, input.jobId), eq(jobs.headVersion, input.number)));
}

export async function setJobAlertSilence(input: { jobId: number; until: Date | null }, tx?: DbOrTx): Promise<void> {
  await conn(tx).update(jobs).set({ alertsSilencedUntil: input.until }).where(eq(jobs.id, input.jobId));
}

export async function jobAlertSilence(input: { teamId: number; jobId: number }, tx?: DbOrTx): Promise<Date | null> {
  const [row] = await conn(tx).select({ until: jobs.alertsSilencedUntil }).from(jobs).where(and(eq(jobs.teamId, input.teamId), eq(jobs.id, input.jobId)));
  return row?.until ?? null;
}

// ---------------------------------------------------------------------------- names a job had

/** After a rename: the old name keeps pointing at the job (the newest owner of a name wins). */
export async function recordRename(input: { teamId: number; oldName: string; jobId: number }, tx?: DbOrTx): Promise<void> {
  await conn(tx)
    .insert(jobRenames)
    .values({ teamId: input.teamId, oldName: input.oldName, jobId: input.jobId })
    .onConflictDoUpdate({ target: [jobRenames.teamId, jobRenames.oldName], set: { jobId: input.jobId, renamedAt: sql`now()` } });
}

/** A job now carries this name: links with it mean that job, not one that had it before. */
export async function releaseName(input: { teamId: number; name: string }, tx?: DbOrTx): Promise<void> {
  await conn(tx).delete(jobRenames).where(and(eq(jobRenames.teamId, input.teamId), eq(jobRenames.oldName, input.name)));
}

/** The current name of the job that was called `oldName` in the team, if one was. */
export async function renamedTo(input: { teamId: number; oldName: string }, tx?: DbOrTx): Promise<string | null> {
  const [row] = await conn(tx)
    .select({ name: jobs.name })
    .from(jobRenames)
    .innerJoin(jobs, eq(jobs.id, jobRenames.jobId))
    .where(and(eq(jobRenames.teamId, input.teamId), eq(jobRenames.oldName, input.oldName)));
  return row?.name ?? null;
}
