import type { Task } from "graphile-worker";
import { z } from "zod";
import { pruneLoginAttempts } from "@/db/queries/login-attempts";
import { loginThrottle } from "@/lib/auth/login";

const payload = z.object({}).passthrough().optional();

/** Hourly: forget failed sign-ins whose window and lock are both over. */
const task: Task = async (raw, helpers) => {
  payload.parse(raw);
  const n = await pruneLoginAttempts({ olderThanSeconds: loginThrottle.windowSeconds + loginThrottle.lockSeconds });
  if (n) helpers.logger.info(`pruned ${n} stale login-attempt rows`);
};
export default task;
