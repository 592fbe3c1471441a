import type { Task } from "graphile-worker";
import { applicationWatchTargets, orphanedOperations } from "@/db/queries/lifecycle";
import { enqueueOperation } from "@/lib/lifecycle/operations";
import { abandonOperation } from "@/lib/lifecycle/run-operation";
import { scheduleK8sWatch, scheduleYarnWatch } from "@/lib/lifecycle/watch-schedule";
import { db } from "@/db/client";
import { channelsWithStaleQueue } from "@/db/queries/alerts";
import { scheduleSender } from "@/lib/alerts/dispatch-schedule";

/** How long an operation may wait for its task before the sweep looks at it. */
const ORPHAN_GRACE_SECONDS = 60;

/**
 * Every minute, the repairs that keep watching and operations going whatever crashed:
 * - each YARN ResourceManager and Kubernetes namespace with live application runs has a watch
 *   pending (each watch schedules the next; this restarts a chain a crash broke, without moving a
 *   pending one; session clusters are covered by ensure_cluster_probes);
 * - an operation whose task vanished gets it back; one whose task graphile-worker gave up on (a
 *   worker died during its last attempt) is finished as failed, so the job is not blocked forever.
 * - a channel whose alerts have waited a minute with no sender pending gets one again.
 * Dead workers' locks are released by every worker's heartbeat (jobs/worker.ts), not here.
 */
const task: Task = async (_payload, helpers) => {
  const targets = await applicationWatchTargets();
  for (const rmUrl of targets.yarn) await scheduleYarnWatch(rmUrl, { preserve: true });
  for (const namespace of targets.k8s) await scheduleK8sWatch(namespace, { preserve: true });

  // A channel whose alerts wait with no sender pending (its task gave up, or was lost): wake it.
  for (const channelId of await channelsWithStaleQueue(ORPHAN_GRACE_SECONDS)) await scheduleSender(channelId);

  for (const op of await orphanedOperations(ORPHAN_GRACE_SECONDS)) {
    if (op.task === "none") {
      helpers.logger.info(`Operation ${op.id} had no task; queued it again.`);
      await db().transaction((tx) => enqueueOperation({ operationId: op.id, jobId: op.jobId }, tx));
    } else {
      const why = op.lastError ? ` The last error: ${op.lastError.split("\n")[0]}` : "";
      await abandonOperation(op.id, `The worker running this operation stopped during its last attempt, so it was given up.${why}`);
    }
  }
};
export default task;
