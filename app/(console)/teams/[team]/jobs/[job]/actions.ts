"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { runAction } from "@/lib/actions";
import { getJob } from "@/lib/jobs/jobs";
import { jobRefSchema } from "@/lib/jobs/input";
import { readLog } from "@/lib/lifecycle/logs";
import { actionKindSchema, requestAction, restorePreview } from "@/lib/lifecycle/operations";
import { restoreSchema } from "@/lib/lifecycle/options";
import { forgetSnapshot, jobHistory } from "@/lib/lifecycle/history";
import { idSchema, parseRefs, refSchema } from "@/lib/validation";

const target = z.object({ team: refSchema, job: jobRefSchema });

/** Build, start, stop, cancel, savepoint or restart: queues the operation and answers its id. */
export async function jobLifecycleAction(input: unknown) {
  return runAction("jobLifecycleAction", async (p) => {
    const { team, job, kind, options } = target.extend({ kind: actionKindSchema, options: z.unknown().optional() }).parse(input);
    const op = await requestAction(p, team, job, kind, options ?? {});
    revalidatePath("/", "layout");
    return { id: op.id, kind: op.kind };
  });
}

/** Forgets a savepoint or checkpoint record (the files stay). */
export async function forgetSnapshotAction(input: unknown) {
  return runAction("forgetSnapshotAction", async (p) => {
    const { team, job, id } = target.extend({ id: idSchema }).parse(input);
    const r = await forgetSnapshot(p, team, job, id);
    revalidatePath("/", "layout");
    return r;
  });
}

/** What the start dialog offers: the job's recorded savepoints and retained checkpoints. */
export async function startChoicesAction(input: unknown) {
  return runAction("startChoicesAction", async (p) => {
    const { team, job } = target.parse(input);
    const { snapshots } = await jobHistory(p, team, job, { snapshots: true });
    return snapshots.map((s) => ({ id: s.id, kind: s.kind, trigger: s.trigger, path: s.path, runId: s.runId, createdAt: s.createdAt.toISOString() }));
  });
}

/** What a start with these options would restore from (the job is read first: it checks access). */
export async function restorePreviewAction(input: unknown) {
  return runAction("restorePreviewAction", async (p) => {
    const { team, job, restore } = target.extend({ restore: restoreSchema }).parse(input);
    const j = await getJob(p, team, job);
    const r = await restorePreview(j.id, restore);
    return { ...r, at: r.at ? r.at.toISOString() : null };
  });
}

/** One log's text now, for the log viewer's follow mode. */
export async function readLogAction(input: unknown) {
  return runAction("readLogAction", async (p) => {
    const { team, job, source, run } = parseRefs(target.extend({ source: z.string().min(1).max(200), run: idSchema.optional() }), input);
    return readLog(p, team, job, source, run);
  });
}
