import type { Task } from "graphile-worker";
import { z } from "zod";
import { probeAndRecord } from "@/lib/environments/cluster-lifecycle";
import { nextWatchDelayMs, scheduleClusterWatch } from "@/lib/lifecycle/watch-schedule";

const payload = z.object({ clusterId: z.number().int().positive(), fastUntil: z.number().optional() });

/**
 * Probes one cluster and reconciles the runs on it (one /jobs/overview read), then schedules its
 * next probe under the same job key, so each cluster has exactly one pending probe whatever the
 * number of workers. Clusters with live runs are watched more often; right after an operation,
 * every second for a minute. A deleted cluster ends its chain.
 */
const task: Task = async (raw) => {
  const { clusterId, fastUntil } = payload.parse(raw);
  const cluster = await probeAndRecord(clusterId);
  if (!cluster) return;
  const delay = nextWatchDelayMs({ fastUntil, hasLiveRuns: cluster.watch.runs > 0 });
  await scheduleClusterWatch(clusterId, { fastUntil: fastUntil && fastUntil > Date.now() ? fastUntil : undefined, runAt: new Date(Date.now() + delay), preserve: true });
};
export default task;
