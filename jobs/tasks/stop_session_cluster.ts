import type { Task } from "graphile-worker";
import { z } from "zod";
import { stopSessionCluster } from "@/lib/environments/cluster-lifecycle";
import { scheduleProbe } from "@/lib/environments/clusters";

const payload = z.object({ clusterId: z.number().int().positive() });

/** Stops a session cluster Eddy manages (kills the YARN application, or deletes the FlinkDeployment). */
const task: Task = async (raw) => {
  const { clusterId } = payload.parse(raw);
  await stopSessionCluster(clusterId);
  await scheduleProbe(clusterId);
};
export default task;
