import { mapLimit } from "@/lib/concurrency";
import { redactor } from "@/lib/variables/redact";
import { teamSecretValues } from "@/lib/variables/substitution";
import type { ModeAdapter, OperateContext } from "./deploy/types";
import { runContext } from "./run-context";

/** A root cause as alerts and timelines show it: Flink's exception and message, first line, bounded. */
const MAX_LENGTH = 300;

/**
 * Flink's root cause of a failed job, when its JobManager still knows it (a session cluster keeps
 * it; an application cluster may be gone with its job): "exception: message", first line only,
 * secrets masked. Null when it cannot be read; never throws.
 */
export async function rootCause(adapter: ModeAdapter, ctx: OperateContext, redact: (text: string) => string = (t) => t): Promise<string | null> {
  try {
    const jm = await adapter.jobManager(ctx);
    if (!jm) return null;
    const ex = await jm.jobExceptions(ctx.run.flinkJobId, { maxExceptions: 1 });
    const newest = ex.entries[0];
    if (!newest) return null;
    const line = `${newest.exceptionName}: ${newest.message ?? ""}`.split("\n")[0]!.trim();
    return redact(line.length > MAX_LENGTH ? `${line.slice(0, MAX_LENGTH - 1)}…` : line);
  } catch {
    return null;
  }
}

/** How many failed runs of one watch cycle get their root cause read: a storm of failures must not cost a request each. */
export const ROOT_CAUSES_PER_CYCLE = 20;
/** A root cause that takes longer than this is left out: the watch cycle records the failure either way. */
const ROOT_CAUSE_TIMEOUT_MS = 3_000;

/**
 * The root causes of runs a watch cycle found FAILED, for their alerts and timeline: the first
 * ROOT_CAUSES_PER_CYCLE, four at a time, each bounded in time. Runs left out, or whose JobManager
 * does not answer, are simply absent from the map.
 */
export async function rootCausesOf(runs: { runId: number; job: { id: number; name: string; teamId: number; type: "sql" | "jar" } }[]): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  const secrets = new Map<number, Promise<string[]>>();
  await mapLimit(runs.slice(0, ROOT_CAUSES_PER_CYCLE), 4, async ({ runId, job }) => {
    const found = await Promise.race([
      (async () => {
        const context = await runContext(job, runId);
        if (!context) return null;
        if (!secrets.has(job.teamId)) secrets.set(job.teamId, teamSecretValues(job.teamId));
        const redact = redactor([...(await secrets.get(job.teamId)!), ...context.ctx.release.secrets]);
        return rootCause(context.adapter, context.ctx, redact);
      })().catch(() => null),
      new Promise<null>((resolve) => setTimeout(() => resolve(null), ROOT_CAUSE_TIMEOUT_MS).unref()),
    ]);
    if (found) out.set(runId, found);
  });
  return out;
}
