import type { Task } from "graphile-worker";
import { z } from "zod";
import { startSessionCluster } from "@/lib/environments/cluster-lifecycle";
import { scheduleProbe } from "@/lib/environments/clusters";

const payload = z.object({ clusterId: z.number().int().positive() });

/** Starts a session cluster Eddy manages (yarn-session.sh -d, or a FlinkDeployment), then probes it. */
const task: Task = async (raw) => {
  const { clusterId } = payload.parse(raw);
  await startSessionCluster(clusterId);
  await scheduleProbe(clusterId);
};
export default task;
