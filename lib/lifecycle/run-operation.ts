import { randomBytes } from "node:crypto";
import { z } from "zod";
import { findClusterById, type Cluster } from "@/db/queries/clusters";
import { transaction } from "@/db/queries/tx";
import {
  appendOperationLog,
  findJobForLifecycle,
  findOperationById,
  findRelease,
  findRun,
  finishOperation,
  insertEvent,
  insertRun,
  latestRelease,
  markOperationRunning,
  listSnapshots,
  recordSnapshot,
  recordStep,
  setCurrentRun,
  setDesiredState,
  setObservedState,
  setOperationRun,
  setRestartCounter,
  updateRun,
  type LifecycleJob,
  type Operation,
  type Run,
} from "@/db/queries/lifecycle";
import { loadConfig } from "@/lib/config";
import { AppError, conflict, isAppError } from "@/lib/errors";
import { FlinkTimeoutError, FlinkUnreachableError } from "@/lib/flink/errors";
import { failpoint } from "@/lib/failpoints";
import { buildRelease } from "./build";
import { raiseJobAlert } from "@/lib/alerts/raise";
import { adapterFor } from "./deploy";
import { runContext, runRef } from "./run-context";
import type { OperateContext } from "./deploy/types";
import { actionOptions, restoreSchema } from "./options";
import { restorePreview } from "./operations";
import type { ResolvedRelease } from "./release";
import { resolveRelease } from "./resolve-release";
import { rootCause } from "./root-cause";
import { ACTIVE_STATES, TERMINAL_FLINK_STATES } from "./state";
import { watchSoon } from "./watch-schedule";
import { redactor, type Redact } from "@/lib/variables/redact";
import { teamSecretValues } from "@/lib/variables/substitution";

/** Options Eddy itself adds to operations it creates (auto-restart, recovery). */
const internalStart = actionOptions.start.extend({ releaseId: z.number().int().positive().optional(), auto: z.boolean().optional() });
const internalRestart = actionOptions.restart.extend({ auto: z.boolean().optional() });

type Outcome = { message: string; result?: Record<string, unknown> };

/**
 * One operation in progress: its job, a log that is written to the operation row as it goes, and
 * steps that show in the operations tab.
 */
class OperationRun {
  private pending: string[] = [];
  private secrets: string[] = [];
  /** Masks the team's secret values in anything Flink says back before it is stored (see lib/variables/redact.ts). */
  redact: Redact = (text) => text;
  constructor(
    readonly op: Operation,
    public job: LifecycleJob,
  ) {}

  /** Secret values this operation may send to Flink: the team's now, and those frozen in the release it deploys. */
  addSecrets(values: string[]): void {
    this.secrets.push(...values);
    this.redact = redactor(this.secrets);
  }

  log = (line: string): void => {
    this.pending.push(`${new Date().toISOString()} ${this.redact(line)}`);
  };

  async flush(): Promise<void> {
    const lines = this.pending;
    this.pending = [];
    await appendOperationLog({ id: this.op.id, lines });
  }

  /** Runs one named step: recorded as running, then done (with a message) or failed (with the reason). */
  async step<T>(name: string, fn: () => Promise<{ value: T; message?: string }>): Promise<T> {
    this.log(`▶ ${name}`);
    await this.flush();
    await recordStep({ id: this.op.id, step: { name, status: "running", at: new Date().toISOString() } });
    try {
      const { value, message: said } = await fn();
      const message = said === undefined ? undefined : this.redact(said);
      if (message) this.log(`  ${message}`);
      await this.flush();
      await recordStep({ id: this.op.id, step: { name, status: "done", at: new Date().toISOString(), message } });
      return value;
    } catch (e) {
      const message = this.redact(describe(e));
      this.log(`✗ ${name}: ${message}`);
      await this.flush();
      await recordStep({ id: this.op.id, step: { name, status: "failed", at: new Date().toISOString(), message } });
      throw e;
    }
  }

  async event(input: { kind?: string; fromState?: string | null; toState?: string | null; message: string; runId?: number | null }): Promise<void> {
    await insertEvent({ jobId: this.job.id, kind: input.kind ?? "operation", fromState: input.fromState, toState: input.toState, message: this.redact(input.message), runId: input.runId ?? null, operationId: this.op.id });
  }

  /** Moves the job's observed state when `run` is still its current run; an event when it moved. */
  async observe(state: string, run: { id: number } | null, said: string): Promise<void> {
    const why = this.redact(said);
    await transaction(async (tx) => {
      const previous = await setObservedState({ jobId: this.job.id, state, onlyRun: run ? run.id : undefined }, tx);
      if (previous === null) return;
      await insertEvent({ jobId: this.job.id, kind: "state", fromState: previous, toState: state, message: why, runId: run?.id ?? null, operationId: this.op.id }, tx);
      // A start that failed (a person's, or an automatic restart's) is an alert like any failure.
      if (state === "FAILED") await raiseJobAlert(tx, { jobId: this.job.id, kind: "job_failed", runId: run?.id ?? null, facts: { state, reason: why } });
    });
  }
}

function describe(e: unknown): string {
  if (isAppError(e)) return e.message;
  return `Unexpected error: ${e instanceof Error ? e.message : String(e)}`;
}

/** A connection problem may pass; a refusal (bad SQL, missing savepoint) will not, so it is not retried. */
function retryable(e: unknown): boolean {
  if (e instanceof FlinkTimeoutError) return false;
  if (e instanceof FlinkUnreachableError) return true;
  return !isAppError(e);
}

const newFlinkJobId = () => randomBytes(16).toString("hex");

async function clusterFor(release: ResolvedRelease): Promise<Cluster | null> {
  const id = release.manifest.settings.clusterId;
  if (id === null) return null;
  const cluster = await findClusterById(id);
  if (!cluster) throw new AppError("conflict", `The cluster “${release.manifest.settings.clusterName ?? id}” this release deploys to was deleted; choose another in the job's settings and build again.`);
  return cluster;
}

/** What operating on the job's current run needs: the run, its release, its cluster and adapter. */
async function currentRun(r: OperationRun) {
  return r.job.currentRunId ? runContext(r.job, r.job.currentRunId, r.log) : null;
}

async function requireLiveRun(r: OperationRun, what: string) {
  const cur = await currentRun(r);
  if (!cur || cur.run.endedAt) throw conflict(`“${r.job.name}” has no running deployment to ${what}.`);
  return cur;
}

/** Ends a run: its final state, the end time, and the job's observed state when it is still current. */
async function endRun(r: OperationRun, run: { id: number }, runState: string, jobState: string, why: string): Promise<void> {
  await updateRun({ id: run.id, state: runState, endedAt: new Date(), missingSince: null });
  await r.observe(jobState, run, why);
}

// ------------------------------------------------------------------------------------ build

async function build(r: OperationRun): Promise<Outcome> {
  const { releaseId, manifest } = await buildRelease(r.op.id, r.job);
  await r.event({ message: `Built version ${manifest.version} into release ${releaseId}.` });
  return { message: `Release ${releaseId} of version ${manifest.version} is ready to deploy.`, result: { releaseId, version: manifest.version } };
}

// ------------------------------------------------------------------------------------ start

type Restore = { path: string; kind: string; allowNonRestoredState: boolean } | null;

/** The release a start deploys: the one asked for (auto-restart: the failed run's), else the newest version's, built now if needed. */
async function releaseForStart(r: OperationRun, releaseId: number | undefined) {
  if (releaseId) {
    const release = await findRelease({ jobId: r.job.id, id: releaseId });
    if (release?.status === "succeeded") {
      await recordStep({ id: r.op.id, step: { name: "Use release", status: "done", at: new Date().toISOString(), message: `Release ${release.id} (version ${release.version}), as the last run.` } });
      return release;
    }
  }
  const existing = await latestRelease({ jobId: r.job.id, version: r.job.headVersion });
  if (existing) {
    await recordStep({ id: r.op.id, step: { name: "Use release", status: "done", at: new Date().toISOString(), message: `Release ${existing.id} of version ${existing.version}, built ${existing.createdAt.toISOString()}.` } });
    return existing;
  }
  r.log(`No release of version ${r.job.headVersion} yet: building it first.`);
  await r.flush();
  const { releaseId: built } = await buildRelease(r.op.id, r.job);
  await r.event({ message: `Built version ${r.job.headVersion} into release ${built}.` });
  return (await findRelease({ jobId: r.job.id, id: built }))!;
}

/**
 * Deploys the job and waits (a while) for RUNNING. The run, with its Flink job id, is recorded
 * before anything is submitted and linked to the operation, so a retry after a crash deploys the
 * same run again: the adapter finds the job already submitted and adopts it.
 */
async function deployRun(r: OperationRun, input: { releaseId?: number; restore: Restore; trigger: string }): Promise<{ run: Run; state: string }> {
  let run: Run | undefined;
  const previousRunId = r.op.runId;
  if (previousRunId) run = await findRun({ jobId: r.job.id, id: previousRunId });

  if (!run) {
    // Another deployment of this job may be live (a start that raced a watcher's restart): never a second one.
    const live = r.job.currentRunId ? await findRun({ jobId: r.job.id, id: r.job.currentRunId }) : undefined;
    if (live && !live.endedAt && (ACTIVE_STATES as readonly string[]).includes(live.state)) {
      throw conflict(`“${r.job.name}” already has a live deployment (run ${live.id}, ${live.state.toLowerCase()}); stop or cancel it first.`);
    }
    const release = await releaseForStart(r, input.releaseId);
    const settings = (release.manifest as { settings: { mode: string; clusterId: number | null } }).settings;
    run = await transaction(async (tx) => {
      const { id } = await insertRun(
        {
          jobId: r.job.id,
          releaseId: release.id,
          version: release.version,
          mode: settings.mode,
          clusterId: settings.clusterId,
          flinkJobId: newFlinkJobId(),
          restoredFrom: input.restore?.path ?? null,
          restoreKind: input.restore?.kind ?? "none",
          allowNonRestoredState: input.restore?.allowNonRestoredState ?? false,
          operationId: r.op.id,
        },
        tx,
      );
      await setOperationRun({ id: r.op.id, runId: id }, tx);
      await setCurrentRun({ jobId: r.job.id, runId: id, deployedVersion: release.version }, tx);
      return (await findRun({ jobId: r.job.id, id }, tx))!;
    });
    r.job = { ...r.job, currentRunId: run.id };
    await r.observe("DEPLOYING", run, `Deploying version ${run.version} (run ${run.id}, ${input.trigger}).`);
  } else {
    r.log(`Resuming run ${run.id} (Flink job ${run.flinkJobId}) after an interruption.`);
  }
  await failpoint("deploy:after-run-recorded");

  const release = await findRelease({ jobId: r.job.id, id: run.releaseId });
  if (!release) throw new AppError("conflict", `Release ${run.releaseId} is gone.`);
  const resolved = resolveRelease(release);
  r.addSecrets(resolved.secrets);
  const cluster = await clusterFor(resolved);
  const adapter = adapterFor(run.mode as never);
  const job = { id: r.job.id, name: r.job.name, teamId: r.job.teamId, type: r.job.type };
  const restore = run.restoredFrom ? { path: run.restoredFrom, allowNonRestoredState: run.allowNonRestoredState === 1 } : null;

  const placement = await r.step("Deploy", async () => {
    const p = await adapter.deploy({ job, release: resolved, run: runRef(run!), cluster, restore, log: r.log });
    return { value: p, message: `Flink job ${p.flinkJobId}${p.yarnApplicationId ? ` in YARN application ${p.yarnApplicationId}` : ""}${p.k8sName ? ` as FlinkDeployment ${p.k8sNamespace}/${p.k8sName}` : ""}${cluster ? ` on “${cluster.name}”` : ""}.` };
  });
  await failpoint("deploy:after-submit");
  await updateRun({ id: run.id, flinkJobId: placement.flinkJobId, yarnApplicationId: placement.yarnApplicationId ?? null, k8sNamespace: placement.k8sNamespace ?? null, k8sName: placement.k8sName ?? null, jobManagerUrl: placement.jobManagerUrl ?? null });
  run = (await findRun({ jobId: r.job.id, id: run.id }))!;

  // Wait for RUNNING so the operation has a real outcome; the watcher takes over after that (or after the wait).
  const ctx: OperateContext = { job, run: runRef(run), cluster, release: resolved, log: r.log };
  const state = await r.step("Wait for RUNNING", async () => {
    const waitMs = loadConfig().startWaitSeconds * 1000;
    const until = Date.now() + waitMs;
    let last = "DEPLOYING";
    let failure: string | undefined;
    for (;;) {
      const seen = await adapter.observe(ctx).catch((e) => (retryable(e) ? null : Promise.reject(e)));
      if (seen?.failure) failure = seen.failure;
      if (seen && seen.state !== last) {
        await updateRun({ id: run!.id, state: seen.state });
        await r.observe(seen.state, run!, `Flink reports ${seen.state}.`);
        last = seen.state;
      }
      if (last === "RUNNING") return { value: last, message: "The job is running." };
      if ((TERMINAL_FLINK_STATES as readonly string[]).includes(last)) {
        // Flink's root cause first; else what the operator or YARN said (a JobManager that never came up).
        const cause = (await rootCause(adapter, ctx)) ?? failure ?? null;
        throw new AppError("flink_error", `The job ended ${last} right after starting${cause ? `: ${cause}` : "."}`);
      }
      if (Date.now() >= until) return { value: last, message: `Not running yet after ${Math.round(waitMs / 1000)} s (${last.toLowerCase()}); the watcher follows it from here.` };
      await new Promise((res) => setTimeout(res, 500));
    }
  });
  return { run, state };
}

async function chooseRestore(r: OperationRun, restore: z.infer<typeof restoreSchema>, allowNonRestoredState: boolean): Promise<Restore> {
  return r.step("Choose snapshot", async () => {
    const chosen = await restorePreview(r.job.id, restore);
    if (chosen.kind === "none" || !chosen.path) return { value: null, message: restore === "none" ? "Starting without state, as asked." : "No savepoint or checkpoint on record: starting without state." };
    return { value: { path: chosen.path, kind: chosen.kind, allowNonRestoredState }, message: `Restoring from ${chosen.kind} ${chosen.path}${allowNonRestoredState ? " (allowing non-restored state)" : ""}.` };
  });
}

async function start(r: OperationRun): Promise<Outcome> {
  const opts = internalStart.parse(r.op.options);
  const restore = r.op.runId ? null : await chooseRestore(r, opts.restore, opts.allowNonRestoredState);
  if (!opts.auto) await setRestartCounter({ jobId: r.job.id, count: 0, windowStartedAt: null });
  const { run, state } = await deployRun(r, { releaseId: opts.releaseId, restore, trigger: opts.auto ? "automatic restart" : `started by ${r.op.requestedByName}` });
  return { message: state === "RUNNING" ? `Running as Flink job ${run.flinkJobId}.` : `Submitted as Flink job ${run.flinkJobId}; ${state.toLowerCase()} so far.`, result: { runId: run.id, flinkJobId: run.flinkJobId, restoredFrom: run.restoredFrom } };
}

/** A start that failed for good: the run ended FAILED, unless Flink has the job after all. */
async function startFailed(r: OperationRun, message: string): Promise<void> {
  const op = await findOperationById(r.op.id);
  if (!op?.runId) return;
  const run = await findRun({ jobId: r.job.id, id: op.runId });
  if (!run || run.endedAt) return;
  const cur = await currentRun(r);
  const seen = cur ? await cur.adapter.observe(cur.ctx).catch(() => null) : null;
  if (seen && (ACTIVE_STATES as readonly string[]).includes(seen.state)) {
    // Submitted after all (the failure came later): the watcher follows it.
    await updateRun({ id: run.id, state: seen.state });
    await r.observe(seen.state, run, `Flink has the job (${seen.state}) although the start reported an error.`);
    return;
  }
  await endRun(r, run, "FAILED", "FAILED", `Start failed: ${message}`);
}

// ------------------------------------------------------------------------------------ stop, cancel, savepoint

async function stopWithSavepoint(r: OperationRun, opts: { drain: boolean; savepointDirectory?: string }, trigger: "stop" | "restart"): Promise<string | null> {
  const { run, ctx, adapter } = await requireLiveRun(r, "stop");
  let recorded: string | null = null;
  const record = async (path: string) => {
    await recordSnapshot({ jobId: r.job.id, runId: run.id, kind: "savepoint", trigger, path, keep: loadConfig().snapshotsKept });
    recorded = path;
  };
  const seen = await adapter.observe(ctx).catch((e) => (retryable(e) ? Promise.reject(e) : null));
  if (seen && (TERMINAL_FLINK_STATES as readonly string[]).includes(seen.state)) {
    // Stopped already: a previous attempt got this far before a crash (its savepoint was recorded
    // the moment it completed), or the job ended by itself.
    const taken = (await listSnapshots({ jobId: r.job.id })).find((s) => s.runId === run.id && s.kind === "savepoint" && s.trigger === trigger);
    if (taken) {
      await endRun(r, run, "FINISHED", trigger === "stop" ? "SUSPENDED" : "FINISHED", `Stopped with savepoint ${taken.path} (recorded before the interruption).`);
      return taken.path;
    }
    await endRun(r, run, seen.state, trigger === "stop" ? "SUSPENDED" : seen.state, `Flink had already ended the job (${seen.state}).`);
    return null;
  }
  ctx.onSavepoint = record;
  await r.observe("STOPPING", run, `Stopping with a savepoint${opts.drain ? " (drain)" : ""}.`);
  const targetDirectory = opts.savepointDirectory ?? ctx.release.manifest.settings.savepointDir ?? null;
  const { savepointPath } = await r.step("Stop with savepoint", async () => {
    const out = await adapter.stopWithSavepoint(ctx, { targetDirectory, drain: opts.drain });
    return { value: out, message: `Savepoint ${out.savepointPath}.` };
  });
  if (recorded !== savepointPath) await record(savepointPath); // an adapter that did not report it as it completed
  await endRun(r, run, "FINISHED", "SUSPENDED", `Stopped with savepoint ${savepointPath}.`);
  return savepointPath;
}

/** A stop that failed: Flink keeps the job running (a failed stop-with-savepoint does), so say so. */
async function stopFailed(r: OperationRun): Promise<void> {
  const cur = await currentRun(r);
  if (!cur || cur.run.endedAt) return;
  const seen = await cur.adapter.observe(cur.ctx).catch(() => null);
  const state = seen?.state ?? cur.run.state;
  if ((ACTIVE_STATES as readonly string[]).includes(state)) {
    await r.observe(state === "STOPPING" ? "RUNNING" : state, cur.run, "The stop failed; the job keeps running.");
    await setDesiredState({ jobId: r.job.id, desired: "running" });
  }
}

async function stop(r: OperationRun): Promise<Outcome> {
  const opts = actionOptions.stop.parse(r.op.options);
  const path = await stopWithSavepoint(r, opts, "stop");
  return { message: path ? `Stopped with savepoint ${path}.` : "The job had already ended.", result: { savepointPath: path } };
}

async function cancel(r: OperationRun): Promise<Outcome> {
  const cur = await currentRun(r);
  if (!cur || cur.run.endedAt) {
    await r.observe("CANCELED", null, "Cancelled: there was no live deployment.");
    return { message: "There was no live deployment; the job is marked cancelled." };
  }
  const { run, ctx, adapter } = cur;
  await r.observe("CANCELLING", run, "Cancelling.");
  await r.step("Cancel", async () => {
    await adapter.cancel(ctx);
    return { value: undefined, message: "Flink cancelled the job." };
  });
  await endRun(r, run, "CANCELED", "CANCELED", "Cancelled.");
  return { message: `Cancelled Flink job ${run.flinkJobId}.`, result: { runId: run.id } };
}

async function savepoint(r: OperationRun): Promise<Outcome> {
  const opts = actionOptions.savepoint.parse(r.op.options);
  const { run, ctx, adapter } = await requireLiveRun(r, "take a savepoint of");
  const targetDirectory = opts.savepointDirectory ?? ctx.release.manifest.settings.savepointDir ?? null;
  const { savepointPath } = await r.step("Trigger savepoint", async () => {
    const out = await adapter.triggerSavepoint(ctx, { targetDirectory });
    return { value: out, message: `Savepoint ${out.savepointPath}.` };
  });
  await recordSnapshot({ jobId: r.job.id, runId: run.id, kind: "savepoint", trigger: "manual", path: savepointPath, keep: loadConfig().snapshotsKept });
  await r.event({ kind: "savepoint", message: `Savepoint ${savepointPath}.`, runId: run.id });
  return { message: `Savepoint ${savepointPath}.`, result: { savepointPath } };
}

async function restart(r: OperationRun): Promise<Outcome> {
  const opts = internalRestart.parse(r.op.options);
  let path: string | null = null;
  if (!r.op.runId) {
    // Not yet deploying: stop first (a retry that already stopped finds the run ended and goes on).
    const cur = await currentRun(r);
    if (cur && !cur.run.endedAt) path = await stopWithSavepoint(r, opts, "restart");
    r.job = (await findJobForLifecycle(r.job.id)) ?? r.job;
  }
  const restore: Restore = path ? { path, kind: "savepoint", allowNonRestoredState: opts.allowNonRestoredState } : r.op.runId ? null : await chooseRestore(r, "latest", opts.allowNonRestoredState);
  const { run, state } = await deployRun(r, { restore, trigger: `restarted by ${r.op.requestedByName}` });
  return { message: `Restarted${path ? ` from ${path}` : ""}: ${state === "RUNNING" ? "running" : state.toLowerCase()} as Flink job ${run.flinkJobId}.`, result: { savepointPath: path, runId: run.id, flinkJobId: run.flinkJobId } };
}

const handlers: Record<Operation["kind"], (r: OperationRun) => Promise<Outcome>> = { build, start, stop, cancel, savepoint, restart };

/** What a failed operation leaves behind, per kind: the job's state told honestly. */
async function afterFailure(r: OperationRun, message: string): Promise<void> {
  const op = (await findOperationById(r.op.id))!;
  switch (r.op.kind) {
    case "start":
      return startFailed(r, message);
    case "restart":
      return op.runId ? startFailed(r, message) : stopFailed(r);
    case "stop":
    case "cancel":
      return stopFailed(r);
    default:
      return;
  }
}

/**
 * Runs one operation (the run_operation task). Connection problems are thrown back to
 * graphile-worker, which retries with backoff; every handler is safe to run again. Refusals, and
 * the last attempt, finish the operation as failed with Flink's own message.
 */
export async function runOperation(operationId: number, attempt: { attempts: number; maxAttempts: number }): Promise<void> {
  const op = await findOperationById(operationId);
  if (!op || op.status === "succeeded" || op.status === "failed") return;
  const job = await findJobForLifecycle(op.jobId);
  if (!job) return;
  await markOperationRunning(op.id);
  const r = new OperationRun(op, job);
  r.addSecrets(await teamSecretValues(job.teamId));
  if (attempt.attempts > 1) r.log(`Attempt ${attempt.attempts} of ${attempt.maxAttempts}.`);
  try {
    await failpoint("operation:start");
    const outcome = await handlers[op.kind](r);
    await r.flush();
    const message = r.redact(outcome.message);
    await finishOperation({ id: op.id, status: "succeeded", message, result: outcome.result });
    await r.event({ message: `${capitalise(op.kind)} succeeded: ${message}` });
  } catch (e) {
    const message = r.redact(describe(e));
    if (!isAppError(e)) console.error(`[operation ${op.id}] ${op.kind} failed`, e);
    if (retryable(e) && attempt.attempts < attempt.maxAttempts) {
      r.log(`Will try again: ${message}`);
      await r.flush();
      throw e;
    }
    r.log(`Failed: ${message}`);
    await r.flush();
    await afterFailure(r, message).catch((err) => console.error(`[operation ${op.id}] cleaning up after the failure failed`, err));
    await finishOperation({ id: op.id, status: "failed", message });
    await r.event({ message: `${capitalise(op.kind)} failed: ${message}` });
  } finally {
    await watchSoon(job.id).catch(() => {});
  }
}

/**
 * Finishes an operation nobody will run any more (its task was given up after a worker died during
 * its last attempt): failed, with the same clean-up as a failure, so no run is left DEPLOYING.
 */
export async function abandonOperation(operationId: number, message: string): Promise<void> {
  const op = await findOperationById(operationId);
  if (!op || op.status === "succeeded" || op.status === "failed") return;
  const job = await findJobForLifecycle(op.jobId);
  if (!job) return;
  const r = new OperationRun(op, job);
  r.log(`Failed: ${message}`);
  await r.flush();
  await afterFailure(r, message).catch((err) => console.error(`[operation ${op.id}] cleaning up after the failure failed`, err));
  await finishOperation({ id: op.id, status: "failed", message });
  await r.event({ message: `${capitalise(op.kind)} failed: ${message}` });
  await watchSoon(job.id).catch(() => {});
}

const capitalise = (s: string) => s[0]!.toUpperCase() + s.slice(1);
