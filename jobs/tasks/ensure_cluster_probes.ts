import type { Task } from "graphile-worker";
import { listAllClusterIds } from "@/db/queries/clusters";
import { enqueue } from "@/jobs/enqueue";
import { clusterWatchJob } from "@/lib/lifecycle/watch-schedule";

/**
 * Every minute: make sure each cluster has a probe pending. Normally each probe schedules the next;
 * this restarts a chain that a crash or an exhausted retry broke, without disturbing a pending one.
 */
const task: Task = async () => {
  for (const clusterId of await listAllClusterIds()) {
    await enqueue("probe_cluster", { clusterId }, { ...clusterWatchJob(clusterId), jobKeyMode: "preserve_run_at", maxAttempts: 1 });
  }
};
export default task;
