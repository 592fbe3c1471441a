import type { Task } from "graphile-worker";
import { z } from "zod";
import { enqueue } from "@/jobs/enqueue";
import { probeAndRecord, probeIntervalMs } from "@/lib/environments/cluster-lifecycle";

const payload = z.object({ clusterId: z.number().int().positive() });

/**
 * Probes one cluster, then schedules its next probe under the same job key, so each cluster has
 * exactly one pending probe whatever the number of workers. A deleted cluster ends its chain.
 */
const task: Task = async (raw) => {
  const { clusterId } = payload.parse(raw);
  const cluster = await probeAndRecord(clusterId);
  if (!cluster) return;
  await enqueue("probe_cluster", { clusterId }, { jobKey: `probe_cluster:${clusterId}`, jobKeyMode: "preserve_run_at", runAt: new Date(Date.now() + probeIntervalMs()), maxAttempts: 1 });
};
export default task;
