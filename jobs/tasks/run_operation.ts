import type { Task } from "graphile-worker";
import { z } from "zod";
import { runOperation } from "@/lib/lifecycle/run-operation";

const payload = z.object({ operationId: z.number().int().positive() });

/**
 * One operation on a job (build, start, stop, cancel, savepoint, restart). Queued per job
 * (`job:<id>`) so a job's operations run one at a time, keyed per operation (`op:<id>`).
 */
const task: Task = async (raw, helpers) => {
  const { operationId } = payload.parse(raw);
  await runOperation(operationId, { attempts: helpers.job.attempts, maxAttempts: helpers.job.max_attempts });
};
export default task;
