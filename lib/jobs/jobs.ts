import { findMembershipPermissions } from "@/db/queries/members";
import { findUser } from "@/db/queries/users";
import {
  deleteJob as deleteJobRow,
  findJob,
  findJobVersion,
  insertJob,
  insertJobVersion,
  listJobFacets,
  listJobsPage,
  listJobVersions,
  lockJob,
  recordRename,
  releaseName,
  revalidateJobVersion,
  updateJobHead,
  updateJobMeta,
  type Job,
  type JobState,
} from "@/db/queries/jobs";
import { findCluster } from "@/db/queries/clusters";
import type { Tx } from "@/db/queries/tx";
import { listVariableNames } from "@/db/queries/variables";
import { audited } from "@/lib/audit";
import { requirePermission, requireTeamPermission, teamAccess, type TeamAccess } from "@/lib/auth/access";
import type { Principal } from "@/lib/auth/principal";
import { AppError, conflict, uniqueOr } from "@/lib/errors";
import { hasBlockingErrors, validateScript, type Diagnostic } from "@/lib/sql";
import { copyJobInput, createJobInput, jobListQuery, saveVersionInput, updateJobMetaInput, type JobListQuery } from "./input";
import { resolveSettings } from "./resolve";
import { settingsForInput, type JobSettings } from "./settings";

/** States in which Flink may still be running the job, so it cannot be deleted. */
export const ACTIVE_STATES: readonly JobState[] = ["BUILDING", "DEPLOYING", "INITIALIZING", "CREATED", "RUNNING", "FAILING", "CANCELLING", "RESTARTING", "RECONCILING", "STOPPING"];

const notFound = (ref: string | number) => new AppError("not_found", `Job “${String(ref)}” was not found.`);

async function jobOf(access: TeamAccess, ref: string | number, tx?: Tx): Promise<Job> {
  const job = await findJob({ teamId: access.team.id, ref }, tx);
  if (!job) throw notFound(ref);
  return job;
}

/** The server side of the IDE's check: the same lib/sql validation, with the team's variable names. */
export async function diagnose(teamId: number, type: "sql" | "jar", sql: string): Promise<Diagnostic[]> {
  if (type !== "sql") return [];
  return validateScript(sql, { variables: await listVariableNames(teamId) });
}

export async function listJobs(p: Principal, team: string | number, rawQuery: unknown) {
  const access = await requireTeamPermission(p, team, "job:view");
  const q: JobListQuery = jobListQuery.parse(rawQuery ?? {});
  const cluster = q.cluster ? await findCluster({ teamId: access.team.id, ref: q.cluster }) : undefined;
  const ownerId = q.owner === "me" ? p.user.id : q.owner ? (await findUser(q.owner))?.id : undefined;
  // An unknown cluster, owner or state filter matches nothing, rather than being ignored.
  if ((q.cluster && !cluster) || (q.owner && !ownerId) || (q.state && q.state.length === 0)) return { rows: [], total: 0, query: q, access };
  const { rows, total } = await listJobsPage({
    teamId: access.team.id,
    filter: { q: q.q, states: q.state, type: q.type, mode: q.mode, clusterId: cluster?.id, ownerId, tags: q.tags },
    sort: q.sort,
    dir: q.dir,
    page: q.page,
    pageSize: q.pageSize,
  });
  return { rows, total, query: q, access };
}

export async function jobFacets(p: Principal, team: string | number) {
  const access = await requireTeamPermission(p, team, "job:view");
  return listJobFacets(access.team.id);
}

export async function getJob(p: Principal, team: string | number, ref: string | number): Promise<Job & { access: TeamAccess }> {
  const access = await requireTeamPermission(p, team, "job:view");
  return { ...(await jobOf(access, ref)), access };
}

export async function createJob(p: Principal, team: string | number, input: unknown): Promise<Job> {
  const v = createJobInput.parse(input);
  const access = await teamAccess(p, team);
  return audited(p, { action: "job.create", targetType: "job", targetName: v.name, team: access.team, detail: { type: v.type, mode: v.settings.mode } }, async (tx, log) => {
    requirePermission(access, "job:create");
    if (v.type === "sql" && !v.sql.trim()) throw new AppError("invalid_input", "A FlinkSQL job needs its SQL.", { fields: { sql: "Write the job's SQL." } });
    const settings = await resolveSettings(access.team.id, v.type, v.settings);
    const sql = v.type === "sql" ? v.sql : "";
    const diagnostics = await diagnose(access.team.id, v.type, sql);
    const valid = !hasBlockingErrors(diagnostics);
    const head = { headVersion: 1, sql, settings: settings as unknown as Record<string, unknown>, valid, mode: settings.mode, flinkVersionId: settings.flinkVersionId, clusterId: settings.clusterId };
    const { id } = await uniqueOr(`A job named “${v.name}” already exists in ${access.team.name}.`, () =>
      insertJob({ teamId: access.team.id, name: v.name, description: v.description, tags: v.tags, ownerId: p.via === "cli" ? null : p.user.id, type: v.type, createdBy: p.via === "cli" ? null : p.user.id, ...head }, tx),
    );
    await insertJobVersion({ jobId: id, number: 1, sql, settings: head.settings, note: v.note || "Created", restoredFrom: null, valid, diagnostics, createdBy: p.via === "cli" ? null : p.user.id }, tx);
    await releaseName({ teamId: access.team.id, name: v.name }, tx);
    log.set({ targetId: id });
    return (await findJob({ teamId: access.team.id, ref: id }, tx))!;
  });
}

export async function updateJob(p: Principal, team: string | number, ref: string, input: unknown): Promise<Job> {
  const v = updateJobMetaInput.parse(input);
  const access = await teamAccess(p, team);
  return audited(p, { action: "job.update", targetType: "job", targetName: ref, team: access.team, detail: { name: v.name, tags: v.tags, owner: v.owner } }, async (tx, log) => {
    requirePermission(access, "job:edit");
    const job = await jobOf(access, ref, tx);
    log.set({ targetId: job.id, targetName: job.name });
    let ownerId: number | undefined;
    if (v.owner !== undefined) {
      const u = await findUser(v.owner, tx);
      // Only a member of the team can own its job; anyone else reads the same as a missing user.
      const member = u && (u.isAdmin || (await findMembershipPermissions({ teamId: access.team.id, userId: u.id }, tx)));
      if (!u || !member) throw new AppError("not_found", `“${v.owner}” is not a member of ${access.team.name}.`, { fields: { owner: "Not a member of this team." } });
      ownerId = u.id;
    }
    await uniqueOr(`A job named “${v.name}” already exists in ${access.team.name}.`, () =>
      updateJobMeta({ teamId: access.team.id, id: job.id, name: v.name, description: v.description, tags: v.tags, ownerId }, tx),
    );
    if (v.name !== undefined && v.name !== job.name) {
      // Links shared with the old name keep opening this job (lib/jobs/page-job.ts redirects them).
      await releaseName({ teamId: access.team.id, name: v.name }, tx);
      await recordRename({ teamId: access.team.id, oldName: job.name, jobId: job.id }, tx);
    }
    return (await findJob({ teamId: access.team.id, ref: job.id }, tx))!;
  });
}

/** JSON with object keys sorted: jsonb gives keys back in its own order, so plain JSON.stringify never matches. */
function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(",")}]`;
  if (v && typeof v === "object") {
    return `{${Object.keys(v)
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((v as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(v);
}

function sameContent(a: { sql: string; settings: unknown }, b: { sql: string; settings: unknown }): boolean {
  return a.sql === b.sql && stableJson(a.settings) === stableJson(b.settings);
}

/** Appends a version under a row lock, so two saves at once get consecutive numbers, not the same one. */
export async function appendVersion(
  tx: Tx,
  p: Principal,
  access: TeamAccess,
  job: Job,
  content: { sql: string; settings: JobSettings | Record<string, unknown>; note: string; restoredFrom: number | null },
): Promise<{ number: number; unchanged: boolean; diagnostics: Diagnostic[] }> {
  const locked = await lockJob({ teamId: access.team.id, id: job.id }, tx);
  if (!locked) throw notFound(job.name);
  const head = await findJobVersion({ jobId: job.id, number: locked.headVersion }, tx);
  const diagnostics = await diagnose(access.team.id, job.type, content.sql);
  if (head && content.restoredFrom === null && sameContent(head, content)) {
    // Same content, but the verdict may have changed (a variable defined since): re-validate the head.
    const valid = !hasBlockingErrors(diagnostics);
    if (valid !== head.valid) await revalidateJobVersion({ teamId: access.team.id, jobId: job.id, number: head.number, valid, diagnostics }, tx);
    return { number: head.number, unchanged: true, diagnostics };
  }
  const number = locked.headVersion + 1;
  const valid = !hasBlockingErrors(diagnostics);
  const settings = content.settings as JobSettings;
  await insertJobVersion({ jobId: job.id, number, sql: content.sql, settings: content.settings as Record<string, unknown>, note: content.note, restoredFrom: content.restoredFrom, valid, diagnostics, createdBy: p.via === "cli" ? null : p.user.id }, tx);
  await updateJobHead({ teamId: access.team.id, id: job.id, headVersion: number, sql: content.sql, settings: content.settings as Record<string, unknown>, valid, mode: settings.mode, flinkVersionId: settings.flinkVersionId, clusterId: settings.clusterId }, tx);
  return { number, unchanged: false, diagnostics };
}

/**
 * Saves the SQL and/or settings as a new version. Saving what the newest version already holds makes
 * no version. Invalid SQL is saved too (work in progress must not be lost) but marked not valid,
 * which blocks builds.
 */
export async function saveVersion(p: Principal, team: string | number, ref: string, input: unknown) {
  const v = saveVersionInput.parse(input);
  const access = await teamAccess(p, team);
  return audited(p, { action: "job.save_version", targetType: "job", targetName: ref, team: access.team }, async (tx, log) => {
    requirePermission(access, "job:edit");
    const job = await jobOf(access, ref, tx);
    log.set({ targetId: job.id, targetName: job.name });
    if (job.type === "jar" && v.sql) throw new AppError("invalid_input", "A JAR job has no SQL.", { fields: { sql: "JAR jobs have no SQL." } });
    const sql = job.type === "sql" ? (v.sql ?? job.sql) : "";
    if (job.type === "sql" && !sql.trim()) throw new AppError("invalid_input", "A FlinkSQL job needs its SQL.", { fields: { sql: "Write the job's SQL." } });
    const settings = v.settings ? await resolveSettings(access.team.id, job.type, v.settings) : (job.settings as unknown as JobSettings);
    const r = await appendVersion(tx, p, access, job, { sql, settings, note: v.note, restoredFrom: null });
    log.set({ detail: { version: r.number, unchanged: r.unchanged } });
    return { ...r, job: (await findJob({ teamId: access.team.id, ref: job.id }, tx))! };
  });
}

/** Rolling back makes a new version with an old one's content (history is never rewritten). */
export async function rollbackJob(p: Principal, team: string | number, ref: string, number: number) {
  const access = await teamAccess(p, team);
  return audited(p, { action: "job.rollback", targetType: "job", targetName: ref, team: access.team, detail: { to: number } }, async (tx, log) => {
    requirePermission(access, "job:edit");
    const job = await jobOf(access, ref, tx);
    log.set({ targetId: job.id, targetName: job.name });
    const old = await findJobVersion({ jobId: job.id, number }, tx);
    if (!old) throw new AppError("not_found", `Version ${number} of “${job.name}” was not found.`);
    const r = await appendVersion(tx, p, access, job, { sql: old.sql, settings: old.settings, note: `Rolled back to version ${number}`, restoredFrom: number });
    return { ...r, job: (await findJob({ teamId: access.team.id, ref: job.id }, tx))! };
  });
}

export async function copyJob(p: Principal, team: string | number, ref: string, input: unknown): Promise<Job> {
  const { name } = copyJobInput.parse(input);
  const access = await teamAccess(p, team);
  return audited(p, { action: "job.copy", targetType: "job", targetName: name, team: access.team, detail: { from: ref } }, async (tx, log) => {
    requirePermission(access, "job:create");
    const src = await jobOf(access, ref, tx);
    const diagnostics = await diagnose(access.team.id, src.type, src.sql);
    const valid = !hasBlockingErrors(diagnostics);
    const head = { headVersion: 1, sql: src.sql, settings: src.settings, valid, mode: src.mode, flinkVersionId: src.flinkVersionId, clusterId: src.clusterId };
    const { id } = await uniqueOr(`A job named “${name}” already exists in ${access.team.name}.`, () =>
      insertJob({ teamId: access.team.id, name, description: src.description, tags: src.tags, ownerId: p.via === "cli" ? null : p.user.id, type: src.type, createdBy: p.via === "cli" ? null : p.user.id, ...head }, tx),
    );
    await insertJobVersion({ jobId: id, number: 1, sql: src.sql, settings: src.settings, note: `Copied from ${src.name} version ${src.headVersion}`, restoredFrom: null, valid, diagnostics, createdBy: p.via === "cli" ? null : p.user.id }, tx);
    await releaseName({ teamId: access.team.id, name }, tx);
    log.set({ targetId: id });
    return (await findJob({ teamId: access.team.id, ref: id }, tx))!;
  });
}

export async function deleteJob(p: Principal, team: string | number, ref: string): Promise<void> {
  const access = await teamAccess(p, team);
  await audited(p, { action: "job.delete", targetType: "job", targetName: ref, team: access.team }, async (tx, log) => {
    requirePermission(access, "job:delete");
    const job = await jobOf(access, ref, tx);
    log.set({ targetId: job.id, targetName: job.name });
    if (ACTIVE_STATES.includes(job.observedState)) {
      throw conflict(`“${job.name}” is ${job.observedState.toLowerCase()}; stop or cancel it before deleting it.`);
    }
    await deleteJobRow({ teamId: access.team.id, id: job.id }, tx);
  });
}

export async function listVersions(p: Principal, team: string | number, ref: string | number) {
  const access = await requireTeamPermission(p, team, "job:view");
  const job = await jobOf(access, ref);
  return { job, versions: await listJobVersions(job.id) };
}

export async function getVersion(p: Principal, team: string | number, ref: string | number, number: number) {
  const access = await requireTeamPermission(p, team, "job:view");
  const job = await jobOf(access, ref);
  const version = await findJobVersion({ jobId: job.id, number });
  if (!version) throw new AppError("not_found", `Version ${number} of “${job.name}” was not found.`);
  return { job, version };
}

/** The editable form of a job's newest settings (references by name). */
export function editableSettings(job: Job) {
  return settingsForInput(job.settings as unknown as JobSettings);
}
