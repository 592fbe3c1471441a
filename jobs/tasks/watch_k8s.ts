import type { Task } from "graphile-worker";
import { z } from "zod";
import { watchKubernetes } from "@/lib/lifecycle/watch";
import { nextWatchDelayMs, scheduleK8sWatch } from "@/lib/lifecycle/watch-schedule";

const payload = z.object({ namespace: z.string().min(1), fastUntil: z.number().optional() });

/** Reconciles every Kubernetes application-mode run in one namespace (one FlinkDeployment list); the chain ends when none is left. */
const task: Task = async (raw) => {
  const { namespace, fastUntil } = payload.parse(raw);
  const out = await watchKubernetes(namespace);
  if (!out.runs) return;
  const delay = nextWatchDelayMs({ fastUntil, hasLiveRuns: true });
  await scheduleK8sWatch(namespace, { fastUntil: fastUntil && fastUntil > Date.now() ? fastUntil : undefined, runAt: new Date(Date.now() + delay), preserve: true });
};
export default task;
