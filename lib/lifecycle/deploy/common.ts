import { failpoint } from "@/lib/failpoints";
import { AppError } from "@/lib/errors";
import { FlinkError, FlinkTimeoutError } from "@/lib/flink/errors";
import type { JobManagerClient } from "@/lib/flink/jobmanager";
import type { JobStatus } from "@/lib/flink/jobmanager-types";
import { sleep } from "@/lib/flink/poll";
import { formatDuration } from "@/lib/flink/upstream-error";
import type { ResolvedRelease } from "../release";
import type { DeployContext, Observed, OperateContext } from "./types";

/**
 * What every mode shares: the Flink configuration a release runs with, the names by which a run is
 * found again after a crash, and savepoint / cancel / wait helpers over the JobManager's REST API.
 */

/** How long a savepoint (or stop-with-savepoint) may take before Eddy stops waiting. */
export const SAVEPOINT_TIMEOUT_MS = 10 * 60_000;
/** How long a cancel or a stop may take to end the job once Flink accepted it. */
export const END_TIMEOUT_MS = 2 * 60_000;
export const POLL_MS = 500;

const TERMINAL: readonly string[] = ["FAILED", "CANCELED", "FINISHED"];
export const isTerminal = (state: string): boolean => TERMINAL.includes(state);

/** The YARN application of a run (application and per-job modes): how a retried deploy finds it. */
export function yarnApplicationName(ctx: Pick<DeployContext, "job" | "run">): string {
  return `eddy-${ctx.job.id}-run-${ctx.run.id}`;
}

/** The FlinkDeployment of a run (Kubernetes application mode). */
export function deploymentName(ctx: Pick<DeployContext, "job" | "run">): string {
  return `eddy-${ctx.job.id}-${ctx.run.id}`;
}

/** Flink 1.20 renamed the state directories; the old keys are what every 1.x reads. */
export function checkpointDirKey(major: number): string {
  return major >= 2 ? "execution.checkpointing.dir" : "state.checkpoints.dir";
}
export function savepointDirKey(major: number): string {
  return major >= 2 ? "execution.checkpointing.savepoint-dir" : "state.savepoints.dir";
}

/**
 * The Flink configuration of a run: what the job's settings imply, then the job's own dynamic
 * properties, then what Eddy must fix (the job id, the restore), which nothing may override.
 * `cluster` adds what only a cluster of the job's own has (memory, slots, queue).
 */
export function runConfiguration(
  release: ResolvedRelease,
  ctx: { flinkJobId: string; restore: DeployContext["restore"]; cluster?: boolean; name?: string },
): Record<string, string> {
  const s = release.manifest.settings;
  const major = release.manifest.flink.major;
  const derived: Record<string, string> = {};
  // The job's name in Flink (SQL jobs would otherwise be "insert-into_…"); the job's properties may say otherwise.
  if (ctx.name) derived["pipeline.name"] = ctx.name;
  if (s.checkpointDir) derived[checkpointDirKey(major)] = s.checkpointDir;
  if (s.savepointDir) derived[savepointDirKey(major)] = s.savepointDir;
  if (ctx.cluster) {
    if (s.jobManagerMemory) derived["jobmanager.memory.process.size"] = s.jobManagerMemory;
    if (s.taskManagerMemory) derived["taskmanager.memory.process.size"] = s.taskManagerMemory;
    if (s.slots) derived["taskmanager.numberOfTaskSlots"] = String(s.slots);
  }
  const fixed: Record<string, string> = { "$internal.pipeline.job-id": ctx.flinkJobId };
  if (ctx.restore) {
    fixed["execution.savepoint.path"] = ctx.restore.path;
    fixed["execution.savepoint.ignore-unclaimed-state"] = String(ctx.restore.allowNonRestoredState);
  }
  return { ...derived, ...release.dynamicProperties, ...fixed };
}

/** The main jar of a JAR job, or a sentence saying the release has none. */
export function mainJar(release: ResolvedRelease): { name: string; path: string } {
  const jar = release.jars.find((j) => j.role === "main");
  if (!jar) throw new AppError("conflict", `Release ${release.id} has no job jar; choose the jar in the job's settings and build again.`);
  return jar;
}

export const dependencyJars = (release: ResolvedRelease) => release.jars.filter((j) => j.role === "dependency");

/** SQL in application mode runs Flink's SQL Driver, which Flink 2.0 introduced (FLINK-36758). */
export const SQL_DRIVER = "org.apache.flink.table.runtime.application.SqlDriver";

export function requireSqlDriver(release: ResolvedRelease, mode: string): void {
  const f = release.manifest.flink;
  if (f.major < 2) {
    throw new AppError(
      "conflict",
      `SQL jobs run in ${mode} with Flink's SQL Driver, which Flink 2.0 introduced; this release uses Flink ${f.version}. Choose a Flink 2 version, or run the job on a session cluster (its SQL Gateway).`,
    );
  }
}

/** Whether the JobManager knows the job: its details, or null when it answers 404. */
export async function findJob(jm: JobManagerClient, jobId: string): Promise<Observed> {
  try {
    const j = await jm.job(jobId);
    const end = j["end-time"];
    return { state: j.state ?? "UNKNOWN", startTime: j["start-time"], endTime: end !== undefined && end >= 0 ? end : undefined };
  } catch (e) {
    if (e instanceof FlinkError && e.upstreamStatus === 404) return null;
    throw e;
  }
}

/** Flink's root cause of a failed job, first line, when the JobManager still has it. */
export async function rootCause(jm: JobManagerClient, jobId: string): Promise<string | undefined> {
  try {
    const ex = await jm.jobExceptions(jobId, { maxExceptions: 1 });
    const newest = ex.entries[0];
    return newest ? `${newest.exceptionName.split(".").pop()}: ${newest.message}`.slice(0, 500) : undefined;
  } catch {
    return undefined;
  }
}

/** Waits for a savepoint trigger; the path, or an AppError with Flink's reason. */
async function awaitSavepoint(jm: JobManagerClient, jobId: string, triggerId: string, what: string, signal?: AbortSignal): Promise<string> {
  const result = await jm.awaitSavepoint(jobId, triggerId, { pollMs: POLL_MS, timeoutMs: SAVEPOINT_TIMEOUT_MS, signal });
  if (result.status === "COMPLETED") return result.location;
  throw new AppError("flink_error", `Flink could not ${what}: ${result.failureCause.message}`);
}

export async function triggerSavepoint(jm: JobManagerClient, ctx: OperateContext, targetDirectory: string | null): Promise<{ savepointPath: string }> {
  const jobId = ctx.run.flinkJobId;
  const trigger = await jm.triggerSavepoint(jobId, { targetDirectory: targetDirectory ?? undefined });
  ctx.log(`Savepoint of job ${jobId} triggered (${trigger}).`);
  return { savepointPath: await awaitSavepoint(jm, jobId, trigger, "take the savepoint", ctx.signal) };
}

/** POST /jobs/:id/stop, then waits for the savepoint and for the job to end. */
export async function stopWithSavepoint(jm: JobManagerClient, ctx: OperateContext, opts: { targetDirectory: string | null; drain: boolean }): Promise<{ savepointPath: string }> {
  const jobId = ctx.run.flinkJobId;
  const trigger = await jm.stopWithSavepoint(jobId, { targetDirectory: opts.targetDirectory ?? undefined, drain: opts.drain });
  ctx.log(`Stop with a savepoint${opts.drain ? " (drain)" : ""} of job ${jobId} triggered (${trigger}).`);
  const savepointPath = await awaitSavepoint(jm, jobId, trigger, "stop the job with a savepoint (it keeps running)", ctx.signal);
  ctx.log(`Savepoint ${savepointPath} completed.`);
  await ctx.onSavepoint?.(savepointPath);
  await failpoint("stop:after-savepoint");
  // An application cluster shuts down with its job; the JobManager may be gone before it says FINISHED.
  await awaitEnd(() => findJob(jm, jobId).catch(() => null), `Job ${jobId}`, ctx.signal);
  return { savepointPath };
}

/**
 * PATCH /jobs/:id?mode=cancel and waits for the job to end. Idempotent: a job that already ended,
 * or that the JobManager no longer knows, is cancelled as far as anyone can tell.
 */
export async function cancelJob(jm: JobManagerClient, ctx: OperateContext): Promise<void> {
  const jobId = ctx.run.flinkJobId;
  const seen = await findJob(jm, jobId);
  if (!seen || isTerminal(seen.state)) {
    ctx.log(seen ? `Job ${jobId} had already ended (${seen.state}).` : `The JobManager does not know job ${jobId}; nothing to cancel.`);
    return;
  }
  const out = await jm.cancel(jobId);
  if (out.outcome === "already-terminal") {
    ctx.log(`Job ${jobId} had already ended: ${out.message}`);
    return;
  }
  ctx.log(`Cancel of job ${jobId} requested.`);
  // Flink accepted the cancel; an application cluster then shuts down with its job, so a JobManager
  // that stops answering means the job is gone.
  await awaitEnd(() => findJob(jm, jobId).catch(() => null), `Job ${jobId}`, ctx.signal);
}

/** Polls until the observation is terminal or gone; a FlinkTimeoutError after END_TIMEOUT_MS. */
export async function awaitEnd(observe: () => Promise<Observed>, what: string, signal?: AbortSignal, timeoutMs = END_TIMEOUT_MS): Promise<Observed> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const seen = await observe();
    if (!seen || isTerminal(seen.state)) return seen;
    if (Date.now() >= deadline) {
      throw new FlinkTimeoutError({ upstream: "JobManager", message: `${what} was still ${seen.state.toLowerCase()} after ${formatDuration(timeoutMs)}; it may still end later.` });
    }
    await sleep(POLL_MS, signal);
  }
}

/** Single quotes doubled, for a value inside '…' in Flink SQL. */
export const sqlString = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/** Signed URLs leave Eddy in Flink's messages; their signature has no place in a person's log. */
export function redactSignatures(message: string): string {
  return message.replace(/([?&]sig=)[^&\s"']+/g, "$1…");
}

export type { JobStatus };
