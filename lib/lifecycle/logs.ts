import { listRuns, type Run } from "@/db/queries/lifecycle";
import type { Principal } from "@/lib/auth/principal";
import { AppError, isAppError } from "@/lib/errors";
import { FlinkUnreachableError } from "@/lib/flink/errors";
import { parseBaseUrl } from "@/lib/flink/http";
import type { JobManagerClient } from "@/lib/flink/jobmanager";
import { getJob } from "@/lib/jobs/jobs";
import { redactor, type Redact } from "@/lib/variables/redact";
import { teamSecretValues } from "@/lib/variables/substitution";
import { runContext } from "./run-context";

/**
 * A job's logs, read from Flink when asked (Eddy stores none of them): the JobManager's log and
 * stdout, each TaskManager's, and the job's exception history with the root cause first. A log
 * is named by a stable source id, so a link to it (with a line range) opens the same view later.
 */

/** The end of a log kept when reading it: Flink's logs grow without bound. */
export const LOG_TAIL_BYTES = 1024 * 1024;

export type LogSource = { id: string; label: string; group: "jobmanager" | "taskmanager"; size?: number | null };

export type RunLinks = { flinkUi: string | null; yarnApplication: string | null; kubernetes: string | null };

/** A URL for people to open: without the credentials a REST URL may carry (parseBaseUrl moves them to a header). */
function publicUrl(raw: string | null | undefined): string | null {
  if (!raw) return null;
  try {
    return parseBaseUrl(raw, "REST").url.replace(/\/+$/, "");
  } catch {
    return null;
  }
}

async function chosenRun(jobId: number, currentRunId: number | null, runId: number | undefined): Promise<Run | null> {
  const runs = await listRuns({ jobId, limit: 200 });
  if (runId !== undefined) {
    const run = runs.find((r) => r.id === runId);
    if (!run) throw new AppError("not_found", `Run ${runId} of this job was not found.`);
    return run;
  }
  return runs.find((r) => r.id === currentRunId) ?? runs[0] ?? null;
}

async function openRun(p: Principal, team: string | number, jobRef: string | number, runId?: number) {
  const job = await getJob(p, team, jobRef);
  const run = await chosenRun(job.id, job.currentRunId, runId);
  if (!run) return { job, run: null, jm: null, links: { flinkUi: null, yarnApplication: null, kubernetes: null } as RunLinks, unavailable: "The job has not run yet, so there are no logs." };
  const context = await runContext(job, run.id);
  if (!context) return { job, run, jm: null, links: { flinkUi: null, yarnApplication: null, kubernetes: null } as RunLinks, unavailable: "The run's release no longer exists." };
  // Logs and exceptions quote configuration and SQL: mask the team's secrets, and the release's.
  const redact: Redact = redactor([...(await teamSecretValues(job.teamId)), ...context.ctx.release.secrets]);
  let jm: JobManagerClient | null = null;
  let unavailable: string | null = null;
  try {
    jm = await context.adapter.jobManager(context.ctx);
    if (!jm) unavailable = run.endedAt ? `Run ${run.id} has ended and its JobManager is gone (an application cluster ends with its job); its logs are in ${run.mode.startsWith("yarn") ? "YARN's aggregated logs" : run.mode.startsWith("k8s") ? "the pods' logs, if your cluster keeps them" : "the cluster's log directory"}.` : "The run's JobManager cannot be reached yet.";
  } catch (e) {
    if (!(e instanceof FlinkUnreachableError) && !isAppError(e)) throw e;
    unavailable = e.message;
  }
  const flinkUi = publicUrl(context.ctx.cluster?.restUrl ?? run.jobManagerUrl);
  const links: RunLinks = {
    flinkUi: flinkUi ? `${flinkUi}/#/job/running/${run.flinkJobId}/overview` : null,
    yarnApplication: run.yarnApplicationId && context.ctx.release.manifest.yarnRmUrl ? `${publicUrl(context.ctx.release.manifest.yarnRmUrl)}/cluster/app/${run.yarnApplicationId}` : null,
    kubernetes: run.k8sName ? `FlinkDeployment ${run.k8sNamespace ?? "default"}/${run.k8sName}` : null,
  };
  return { job, run, jm, links, unavailable, redact };
}

/** The logs one run offers, and links to where it runs. */
export async function listLogSources(p: Principal, team: string | number, jobRef: string | number, runId?: number) {
  const { run, jm, links, unavailable } = await openRun(p, team, jobRef, runId);
  const sources: LogSource[] = [];
  let problem = unavailable;
  if (jm) {
    try {
      sources.push({ id: "jobmanager", label: "JobManager log", group: "jobmanager" }, { id: "jobmanager-stdout", label: "JobManager stdout", group: "jobmanager" });
      for (const tm of await jm.taskManagers()) {
        sources.push({ id: `taskmanager:${tm.id}`, label: `TaskManager ${tm.id} log`, group: "taskmanager" }, { id: `taskmanager-stdout:${tm.id}`, label: `TaskManager ${tm.id} stdout`, group: "taskmanager" });
      }
    } catch (e) {
      if (!(e instanceof FlinkUnreachableError) && !isAppError(e)) throw e;
      problem = e.message;
    }
  }
  return { run: run ? { id: run.id, state: run.state, mode: run.mode, flinkJobId: run.flinkJobId, endedAt: run.endedAt } : null, sources, links, problem };
}

/** One log's text (its last MB), from Flink now. */
export async function readLog(p: Principal, team: string | number, jobRef: string | number, source: string, runId?: number): Promise<{ text: string; truncated: boolean }> {
  const { jm, unavailable, redact } = await openRun(p, team, jobRef, runId);
  if (!jm || !redact) throw new AppError("conflict", unavailable ?? "The run's JobManager cannot be reached.");
  const opts = { maxBytes: LOG_TAIL_BYTES };
  const [kind, tm] = splitSource(source);
  const read = () => {
    switch (kind) {
      case "jobmanager":
        return jm.jobManagerLog(opts);
      case "jobmanager-stdout":
        return jm.jobManagerStdout(opts);
      case "taskmanager":
        return jm.taskManagerLog(tm!, opts);
      case "taskmanager-stdout":
        return jm.taskManagerStdout(tm!, opts);
      default:
        throw new AppError("not_found", `There is no log called “${source}”; choose one of the job's logs.`);
    }
  };
  const log = await read();
  return { ...log, text: redact(log.text) };
}

function splitSource(source: string): [string, string | undefined] {
  const i = source.indexOf(":");
  if (i < 0) return [source, undefined];
  const tm = source.slice(i + 1);
  return [source.slice(0, i), tm === "" ? undefined : tm];
}

/** The run's exception history, newest first, with Flink's root cause of the newest failure on top. */
export async function readExceptions(p: Principal, team: string | number, jobRef: string | number, runId?: number) {
  const { run, jm, unavailable, redact } = await openRun(p, team, jobRef, runId);
  if (!run) return { rootCause: null, entries: [], problem: unavailable };
  if (!jm || !redact) return { rootCause: null, entries: [], problem: unavailable };
  try {
    const ex = await jm.jobExceptions(run.flinkJobId, { maxExceptions: 20 });
    const entries = ex.entries.map((e) => ({ exceptionName: e.exceptionName, message: redact(e.message), stacktrace: redact(e.stacktrace), timestamp: e.timestamp, taskName: e.taskName ?? null, endpoint: e.endpoint ?? null }));
    return { rootCause: entries[0] ?? null, entries, problem: null };
  } catch (e) {
    if (!(e instanceof FlinkUnreachableError) && !isAppError(e)) throw e;
    return { rootCause: null, entries: [], problem: e.message };
  }
}
