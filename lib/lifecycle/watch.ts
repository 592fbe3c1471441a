import type { Cluster } from "@/db/queries/clusters";
import { insertEvent, liveApplicationRuns, liveRunsOnCluster, setDesiredState, setObservedState, updateRun, type LiveRun } from "@/db/queries/lifecycle";
import { transaction } from "@/db/queries/tx";
import { mapLimit } from "@/lib/concurrency";
import { loadConfig } from "@/lib/config";
import { isAppError } from "@/lib/errors";
import { FlinkKubernetesClient } from "@/lib/flink/kubernetes";
import type { FlinkDeployment } from "@/lib/flink/kubernetes-crd";
import { YarnClient, type YarnApp } from "@/lib/flink/yarn";
import { raiseJobAlert } from "@/lib/alerts/raise";
import { autoRestart } from "./auto-restart";
import { watchCheckpoints } from "./checkpoints";
import { reconcile, type PlaceReport, type RunDecision, type Sighting, type WatchedRun } from "./reconcile";
import { rootCausesOf } from "./root-cause";

/**
 * Watching: one read per place per cycle (a session cluster's /jobs/overview, a ResourceManager's
 * application list, a namespace's FlinkDeployments), turned into decisions by reconcile() and
 * applied here. Every state change becomes an event in the job's timeline.
 */

/** How many runs' changes are written at once: enough to record 1,000 failures in seconds, few enough to leave the pool to others. */
const APPLY_CONCURRENCY = 4;

export type WatchOutcome = { runs: number; changes: number; restarts: number };

function watched(run: LiveRun, key: string): WatchedRun {
  return {
    id: run.id,
    jobId: run.jobId,
    key,
    state: run.state,
    isCurrent: run.currentRunId === run.id,
    observedState: run.observedState,
    desiredState: run.desiredState,
    missingSince: run.missingSince,
    busy: run.busy,
  };
}

async function apply(decisions: RunDecision[], where: string, causes: Map<number, string>): Promise<WatchOutcome & { runs: 0 }> {
  let restarts = 0;
  await mapLimit(decisions, APPLY_CONCURRENCY, async (d) => {
    switch (d.kind) {
      case "missing":
        return updateRun({ id: d.runId, missingSince: d.since });
      case "found":
        return updateRun({ id: d.runId, missingSince: null });
      case "unknown": {
        const previous = await setObservedState({ jobId: d.jobId, state: "UNKNOWN", onlyRun: d.runId });
        if (previous !== null) await insertEvent({ jobId: d.jobId, kind: "state", fromState: previous, toState: "UNKNOWN", message: `${where} does not answer (${d.why}); Eddy cannot tell the job's state.`, runId: d.runId });
        return;
      }
      case "lost":
        return transaction(async (tx) => {
          await updateRun({ id: d.runId, state: "LOST", endedAt: new Date() }, tx);
          if (!d.isCurrent) return;
          const previous = await setObservedState({ jobId: d.jobId, state: "LOST", onlyRun: d.runId }, tx);
          if (previous === null) return;
          await insertEvent({ jobId: d.jobId, kind: "lost", fromState: previous, toState: "LOST", message: `The job has been missing from ${where} for ${d.missingForSeconds} s: marked LOST. Recover it from the job center.`, runId: d.runId }, tx);
          await raiseJobAlert(tx, { jobId: d.jobId, kind: "job_lost", runId: d.runId, facts: { state: "LOST", reason: `Missing from ${where} for ${d.missingForSeconds} s.` } });
        });
      case "state": {
        await transaction(async (tx) => {
          await updateRun({ id: d.runId, state: d.to, ...(d.ends ? { endedAt: new Date(), missingSince: null } : {}) }, tx);
          if (d.observed === null) return;
          const previous = await setObservedState({ jobId: d.jobId, state: d.observed, onlyRun: d.runId }, tx);
          const cause = causes.get(d.runId);
          // No change recorded (the job already showed this state): its consequences were drawn then.
          if (previous === null) return;
          await insertEvent({ jobId: d.jobId, kind: "state", fromState: previous, toState: d.observed, message: `${where} reports ${d.observed}${cause ? `: ${cause}` : "."}`, runId: d.runId }, tx);
          if (d.consequence === "cancelled-outside") {
            await insertEvent({ jobId: d.jobId, kind: "external", message: "Cancelled outside Eddy (the Flink UI, the CLI or YARN); Eddy will not restart it.", runId: d.runId }, tx);
            await setDesiredState({ jobId: d.jobId, desired: "cancelled" }, tx);
            await raiseJobAlert(tx, { jobId: d.jobId, kind: "cancelled_outside", runId: d.runId, facts: { state: "CANCELED" } });
          }
          // A failure that will be restarted is alerted by autoRestart (restarted n of max, or the limit).
          if (d.observed === "FAILED" && d.consequence !== "auto-restart") {
            await raiseJobAlert(tx, { jobId: d.jobId, kind: "job_failed", runId: d.runId, facts: { state: "FAILED", reason: cause ?? `${where} reports FAILED.` } });
          }
          if (d.consequence === "finished") {
            await insertEvent({ jobId: d.jobId, kind: "state", message: "The job finished.", runId: d.runId }, tx);
          }
          if (d.consequence === "auto-restart") {
            const decision = await autoRestart({ jobId: d.jobId, runId: d.runId, why: cause ? `The job failed: ${cause}` : "The job failed." }, tx);
            if (decision?.restart) restarts++;
          }
        });
        return;
      }
    }
  });
  return { runs: 0, changes: decisions.length, restarts };
}

/**
 * Reconciles the runs found at one place with what the place reports, then reads the checkpoints
 * of the runs that are still running unchanged. `key` says how the place names a run (null: the
 * deploy has not recorded it yet, so it is still its operation's business).
 */
async function reconcileAndApply(live: LiveRun[], key: (r: LiveRun) => string | null, report: PlaceReport, where: string): Promise<WatchOutcome> {
  const config = loadConfig();
  const keyed = live.filter((r) => key(r) !== null);
  const decisions = reconcile(keyed.map((r) => watched(r, key(r)!)), report, { now: new Date(), lostGraceSeconds: config.lostGraceSeconds });
  // Flink's reason for the failures found, so alerts and the timeline say why, not only that.
  const byId = new Map(keyed.map((r) => [r.id, r]));
  const failed = decisions.flatMap((d) => (d.kind === "state" && d.observed === "FAILED" && byId.has(d.runId) ? [byId.get(d.runId)!] : []));
  const causes = failed.length ? await rootCausesOf(failed.map((r) => ({ runId: r.id, job: { id: r.jobId, name: r.jobName, teamId: r.teamId, type: r.jobType } }))) : new Map<number, string>();
  const out = await apply(decisions, where, causes);
  if (report.reachable) {
    const changed = new Set(decisions.map((d) => d.runId));
    await watchCheckpoints(keyed.filter((r) => !changed.has(r.id)));
  }
  return { ...out, runs: keyed.length };
}

// ------------------------------------------------------------------------------------ session clusters

/**
 * Reconciles a session cluster's runs with the job list its probe just read (one /jobs/overview).
 * `jobs` is null when the cluster could not be asked; a YARN session whose application ended is
 * asked and answered: it runs nothing any more.
 */
export async function watchSessionCluster(cluster: Pick<Cluster, "id" | "name">, jobs: { id: string; state: string }[] | null, why: string | null): Promise<WatchOutcome> {
  const runs = await liveRunsOnCluster(cluster.id);
  if (!runs.length) return { runs: 0, changes: 0, restarts: 0 };
  const report: PlaceReport = jobs ? { reachable: true, jobs: new Map(jobs.map((j) => [j.id, { state: j.state }])) } : { reachable: false, why: why ?? "no answer" };
  return reconcileAndApply(runs, (r) => r.flinkJobId, report, `Cluster “${cluster.name}”`);
}

// ------------------------------------------------------------------------------------ YARN application and per-job

/** A YARN application's state as the Flink job state it implies (an application cluster runs one job and ends with it). */
export function yarnAppJobState(app: Pick<YarnApp, "state" | "finalStatus">): string {
  switch (app.state) {
    case "NEW":
    case "NEW_SAVING":
    case "SUBMITTED":
    case "ACCEPTED":
      return "INITIALIZING";
    case "RUNNING":
      return "RUNNING";
    case "KILLED":
      return "CANCELED";
    case "FAILED":
      return "FAILED";
    case "FINISHED":
      return app.finalStatus === "FAILED" ? "FAILED" : app.finalStatus === "KILLED" ? "CANCELED" : "FINISHED";
  }
}

/** The live YARN application and per-job runs watched through one ResourceManager. */
export async function yarnRuns(rmUrl: string) {
  return liveApplicationRuns({ yarnRmUrl: rmUrl });
}

/** One read of the ResourceManager's Flink applications reconciles every YARN application-mode run on it. */
export async function watchYarn(rmUrl: string): Promise<WatchOutcome> {
  const runs = await yarnRuns(rmUrl);
  if (!runs.length) return { runs: 0, changes: 0, restarts: 0 };
  let report: PlaceReport;
  try {
    const apps = await new YarnClient({ rmUrl, user: loadConfig().yarnUser, timeoutMs: 10_000, retries: 0 }).listFlinkApps();
    report = { reachable: true, jobs: new Map<string, Sighting>(apps.map((a) => [a.id, { state: yarnAppJobState(a) }])) };
  } catch (e) {
    report = { reachable: false, why: isAppError(e) ? e.message : String(e) };
  }
  return reconcileAndApply(runs, (r) => r.yarnApplicationId, report, `YARN (${rmUrl})`);
}

// ------------------------------------------------------------------------------------ Kubernetes application

/** The Flink job state a FlinkDeployment reports; RECONCILING while the operator has not said yet. */
export function deploymentJobState(d: FlinkDeployment): string {
  return d.status?.jobStatus?.state ?? "RECONCILING";
}

export async function k8sRuns(namespace: string) {
  return liveApplicationRuns({ k8sNamespace: namespace });
}

/** One list of the namespace's FlinkDeployments reconciles every Kubernetes application-mode run in it. */
export async function watchKubernetes(namespace: string): Promise<WatchOutcome> {
  const runs = await k8sRuns(namespace);
  if (!runs.length) return { runs: 0, changes: 0, restarts: 0 };
  let report: PlaceReport;
  try {
    const client = new FlinkKubernetesClient({ namespace, timeoutMs: 10_000 });
    const items = await client.deployments.list({ namespace, labelSelector: "app.kubernetes.io/managed-by=eddy" });
    report = { reachable: true, jobs: new Map<string, Sighting>(items.map((d) => [d.metadata.name, { state: deploymentJobState(d) }])) };
  } catch (e) {
    report = { reachable: false, why: isAppError(e) ? e.message : String(e) };
  }
  return reconcileAndApply(runs, (r) => r.k8sName, report, `Kubernetes namespace ${namespace}`);
}
