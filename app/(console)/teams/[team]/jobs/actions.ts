"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { runAction } from "@/lib/actions";
import { requireTeamPermission } from "@/lib/auth/access";
import { completeWithGateway, verifyWithFlink } from "@/lib/jobs/gateway";
import { copyJob, createJob, deleteJob, getJob, rollbackJob, saveVersion, updateJob } from "@/lib/jobs/jobs";
import { isAppError } from "@/lib/errors";
import { jobRefSchema } from "@/lib/jobs/input";
import { recoverJobs, requestBulk } from "@/lib/lifecycle/operations";
import { idSchema, parseRefs, refSchema } from "@/lib/validation";

const team = z.object({ team: refSchema });
const target = team.extend({ job: jobRefSchema });

export async function createJobAction(input: unknown) {
  return runAction("createJobAction", async (p) => {
    const { team: t, job } = team.extend({ job: z.unknown() }).parse(input);
    const created = await createJob(p, t, job);
    revalidatePath("/", "layout");
    return { id: created.id, name: created.name };
  });
}

export async function updateJobAction(input: unknown) {
  return runAction("updateJobAction", async (p) => {
    const { team: t, job, changes } = target.extend({ changes: z.unknown() }).parse(input);
    const updated = await updateJob(p, t, job, changes);
    revalidatePath("/", "layout");
    return { id: updated.id, name: updated.name };
  });
}

export async function saveJobVersionAction(input: unknown) {
  return runAction("saveJobVersionAction", async (p) => {
    const { team: t, job, version } = target.extend({ version: z.unknown() }).parse(input);
    const r = await saveVersion(p, t, job, version);
    revalidatePath("/", "layout");
    return { number: r.number, unchanged: r.unchanged, valid: r.job.valid, diagnostics: r.diagnostics };
  });
}

export async function rollbackJobAction(input: unknown) {
  return runAction("rollbackJobAction", async (p) => {
    const { team: t, job, number } = parseRefs(target.extend({ number: idSchema }), input);
    const r = await rollbackJob(p, t, job, number);
    revalidatePath("/", "layout");
    return { number: r.number };
  });
}

export async function copyJobAction(input: unknown) {
  return runAction("copyJobAction", async (p) => {
    const { team: t, job, name } = target.extend({ name: z.string() }).parse(input);
    const copy = await copyJob(p, t, job, { name });
    revalidatePath("/", "layout");
    return { id: copy.id, name: copy.name };
  });
}

export async function deleteJobAction(input: unknown) {
  return runAction("deleteJobAction", async (p) => {
    const { team: t, job } = target.parse(input);
    await deleteJob(p, t, job);
    revalidatePath("/", "layout");
  });
}

const bulk = team.extend({ jobs: z.array(idSchema).min(1, "Select at least one job.").max(500, "At most 500 jobs at once.") });

/** One result per job: bulk work reports every refusal instead of stopping at the first. */
async function eachJob(jobs: number[], fn: (id: number) => Promise<unknown>) {
  const done: number[] = [];
  const refused: { id: number; message: string }[] = [];
  for (const id of jobs) {
    try {
      await fn(id);
      done.push(id);
    } catch (e) {
      if (!isAppError(e)) throw e;
      refused.push({ id, message: e.message });
    }
  }
  revalidatePath("/", "layout");
  return { done, refused };
}

export async function bulkDeleteJobsAction(input: unknown) {
  return runAction("bulkDeleteJobsAction", async (p) => {
    const { team: t, jobs } = bulk.parse(input);
    // The team first: a team one cannot see answers "not found" as a whole, not job by job.
    await requireTeamPermission(p, t, "job:view");
    return eachJob(jobs, (id) => deleteJob(p, t, String(id)));
  });
}

export async function bulkTagJobsAction(input: unknown) {
  return runAction("bulkTagJobsAction", async (p) => {
    const { team: t, jobs, add, remove } = bulk.extend({ add: z.string().optional(), remove: z.string().optional() }).parse(input);
    await requireTeamPermission(p, t, "job:view");
    return eachJob(jobs, async (id) => {
      const job = await getJob(p, t, id);
      const tags = new Set(job.tags);
      if (add) tags.add(add.trim());
      if (remove) tags.delete(remove.trim());
      await updateJob(p, t, String(id), { tags: [...tags] });
    });
  });
}

export async function verifyWithFlinkAction(input: unknown) {
  return runAction("verifyWithFlinkAction", async (p) => {
    const { team: t, sql, cluster } = team.extend({ sql: z.string().max(1_000_000), cluster: z.string().nullable().optional() }).parse(input);
    return verifyWithFlink(p, t, { sql, cluster });
  });
}

export async function completeSqlAction(input: unknown) {
  return runAction("completeSqlAction", async (p) => {
    const { team: t, sql, pos, cluster } = team.extend({ sql: z.string().max(1_000_000), pos: z.number().int().min(0), cluster: z.string().nullable().optional() }).parse(input);
    return completeWithGateway(p, t, { sql, pos, cluster });
  });
}

/**
 * Start, stop (with a savepoint), cancel, or recover (start from the newest savepoint or
 * checkpoint) many jobs: each job is asked separately and answers with its queued operation or
 * the sentence that refused it. Recovery only touches jobs that are failed or lost.
 */
export async function bulkLifecycleAction(input: unknown) {
  return runAction("bulkLifecycleAction", async (p) => {
    const { team: t, jobs, action } = bulk.extend({ action: z.enum(["start", "stop", "cancel", "recover"]) }).parse(input);
    // Both check the team first: one not visible is not found as a whole, not job by job.
    const ids = [...new Set(jobs)];
    const results = action === "recover" ? await recoverJobs(p, t, ids) : await requestBulk(p, t, ids, action, action === "stop" ? { drain: false } : {});
    revalidatePath("/", "layout");
    return results;
  });
}

/** "Recover all": every failed or lost job of the team, whatever the table shows; a result per job. */
export async function recoverAllAction(input: unknown) {
  return runAction("recoverAllAction", async (p) => {
    const { team: t } = team.parse(input);
    const results = await recoverJobs(p, t, "all");
    revalidatePath("/", "layout");
    return results;
  });
}
