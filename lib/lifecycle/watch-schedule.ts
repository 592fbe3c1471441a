import { createHash } from "node:crypto";
import { findJobForLifecycle, findRun, findRelease } from "@/db/queries/lifecycle";
import { enqueue } from "@/jobs/enqueue";
import { loadConfig } from "@/lib/config";

/**
 * When each place is watched next. One pending watch per place, by job key: `probe_cluster:<id>`
 * for a session cluster (its health probe is its watch), `watch_yarn:<rm>` and `watch_k8s:<ns>`
 * for application modes. The key is also the watch's queue: graphile-worker gives a running keyed
 * job's key to a new one when it is replaced, so without a queue a second watch of the same place
 * could start while the first still runs; a queue runs its jobs one at a time, in any process.
 * Right after an operation a place is watched every second for a while (`fastUntil`), so a job's
 * new state shows at once.
 */

const FAST_FOR_MS = 60_000;
const FAST_EVERY_MS = 1_000;

export const yarnWatchKey = (rmUrl: string) => `watch_yarn:${createHash("sha1").update(rmUrl).digest("hex").slice(0, 16)}`;
export const k8sWatchKey = (namespace: string) => `watch_k8s:${namespace}`;
/** A session cluster's probe (its watch): one key and one queue per cluster. */
export const clusterWatchJob = (clusterId: number) => ({ jobKey: `probe_cluster:${clusterId}`, queueName: `probe_cluster:${clusterId}` });

/** The delay before the next watch: every second while fast, else the watch interval (the probe interval when nothing runs there). */
export function nextWatchDelayMs(input: { fastUntil?: number; hasLiveRuns: boolean }, now = Date.now()): number {
  if (input.fastUntil && input.fastUntil > now) return FAST_EVERY_MS;
  const c = loadConfig();
  return (input.hasLiveRuns ? Math.min(c.watchSeconds, c.clusterProbeSeconds) : c.clusterProbeSeconds) * 1000;
}

export async function scheduleClusterWatch(clusterId: number, opts: { fastUntil?: number; runAt?: Date; preserve?: boolean } = {}): Promise<void> {
  await enqueue("probe_cluster", { clusterId, ...(opts.fastUntil ? { fastUntil: opts.fastUntil } : {}) }, { ...clusterWatchJob(clusterId), jobKeyMode: opts.preserve ? "preserve_run_at" : "replace", runAt: opts.runAt, maxAttempts: 1 });
}

export async function scheduleYarnWatch(rmUrl: string, opts: { fastUntil?: number; runAt?: Date; preserve?: boolean } = {}): Promise<void> {
  await enqueue("watch_yarn", { rmUrl, ...(opts.fastUntil ? { fastUntil: opts.fastUntil } : {}) }, { jobKey: yarnWatchKey(rmUrl), queueName: yarnWatchKey(rmUrl), jobKeyMode: opts.preserve ? "preserve_run_at" : "replace", runAt: opts.runAt, maxAttempts: 1 });
}

export async function scheduleK8sWatch(namespace: string, opts: { fastUntil?: number; runAt?: Date; preserve?: boolean } = {}): Promise<void> {
  await enqueue("watch_k8s", { namespace, ...(opts.fastUntil ? { fastUntil: opts.fastUntil } : {}) }, { jobKey: k8sWatchKey(namespace), queueName: k8sWatchKey(namespace), jobKeyMode: opts.preserve ? "preserve_run_at" : "replace", runAt: opts.runAt, maxAttempts: 1 });
}

/** After an operation: watch the job's place now, and every second for a minute. */
export async function watchSoon(jobId: number): Promise<void> {
  const job = await findJobForLifecycle(jobId);
  if (!job?.currentRunId) return;
  const run = await findRun({ jobId, id: job.currentRunId });
  if (!run) return;
  const fastUntil = Date.now() + FAST_FOR_MS;
  if (run.clusterId) return scheduleClusterWatch(run.clusterId, { fastUntil });
  if (run.mode.startsWith("yarn")) {
    const release = await findRelease({ jobId, id: run.releaseId });
    const rmUrl = (release?.manifest as { yarnRmUrl?: string | null } | undefined)?.yarnRmUrl;
    if (rmUrl) return scheduleYarnWatch(rmUrl, { fastUntil });
  }
  if (run.mode === "k8s-application" && run.k8sNamespace) return scheduleK8sWatch(run.k8sNamespace, { fastUntil });
}
