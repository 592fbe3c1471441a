import type { Task } from "graphile-worker";
import { z } from "zod";
import { watchYarn } from "@/lib/lifecycle/watch";
import { nextWatchDelayMs, scheduleYarnWatch } from "@/lib/lifecycle/watch-schedule";

const payload = z.object({ rmUrl: z.string().min(1), fastUntil: z.number().optional() });

/** Reconciles every YARN application-mode run on one ResourceManager (one apps-list read); the chain ends when none is left. */
const task: Task = async (raw) => {
  const { rmUrl, fastUntil } = payload.parse(raw);
  const out = await watchYarn(rmUrl);
  if (!out.runs) return;
  const delay = nextWatchDelayMs({ fastUntil, hasLiveRuns: true });
  await scheduleYarnWatch(rmUrl, { fastUntil: fastUntil && fastUntil > Date.now() ? fastUntil : undefined, runAt: new Date(Date.now() + delay), preserve: true });
};
export default task;
