import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/queries/tx";
import { conn } from "@/db/queries/tx";

export type EnqueueOptions = {
  /** Deduplicates: at most one pending job per key (see jobKeyMode). */
  jobKey?: string;
  /** replace: the new payload and run time win; preserve_run_at: keep a pending job's run time. */
  jobKeyMode?: "replace" | "preserve_run_at" | "unsafe_dedupe";
  /** Jobs in one queue run one at a time, in order. */
  queueName?: string;
  runAt?: Date;
  maxAttempts?: number;
  priority?: number;
};

/**
 * Adds a graphile-worker job through the caller's transaction, so the job exists if and only if
 * the write that asked for it commits (graphile-worker's own SQL API, graphile_worker.add_job).
 */
export async function enqueue(task: string, payload: Record<string, unknown>, opts: EnqueueOptions = {}, tx?: DbOrTx): Promise<void> {
  await conn(tx).execute(sql`select graphile_worker.add_job(
    ${task},
    ${JSON.stringify(payload)}::json,
    queue_name => ${opts.queueName ?? null}::text,
    run_at => ${opts.runAt?.toISOString() ?? null}::timestamptz,
    max_attempts => ${opts.maxAttempts ?? null}::int,
    job_key => ${opts.jobKey ?? null}::text,
    priority => ${opts.priority ?? null}::int,
    job_key_mode => ${opts.jobKeyMode ?? "replace"}::text
  )`);
}
