import { z } from "zod";
import { AppError } from "@/lib/errors";
import { endpoint } from "@/lib/api/endpoint";
import { jobRefSchema } from "@/lib/jobs/input";
import { forgetSnapshot, jobHistory } from "@/lib/lifecycle/history";
import { listLogSources, readExceptions, readLog } from "@/lib/lifecycle/logs";
import { actionKindSchema, getOperation, recoverJobs, requestAction, requestBulk } from "@/lib/lifecycle/operations";
import { idSchema, jsonIdSchema } from "@/lib/validation";
import { isoDate, teamRef } from "./schemas";

const jobRef = jobRefSchema.meta({ description: "A job's name or id.", param: { description: "A job's name or id." } });
const jobParams = z.object({ team: teamRef, job: jobRef });
const action = actionKindSchema.meta({ param: { description: "build, start, stop, cancel, savepoint or restart" } });
const limit = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) });

const optionsBody = z
  .record(z.string(), z.unknown())
  .default({})
  .meta({
    description:
      "The action's options. start: restore (\"latest\" default, \"none\", {snapshotId}, {path}), allowNonRestoredState. stop: drain, savepointDirectory. savepoint: savepointDirectory. restart: drain, savepointDirectory, allowNonRestoredState. build, cancel: none.",
  });

export const operationSchema = z
  .object({
    id: z.number().int(),
    kind: z.string(),
    status: z.enum(["queued", "running", "succeeded", "failed"]),
    options: z.record(z.string(), z.unknown()),
    requestedBy: z.string(),
    steps: z.array(z.object({ name: z.string(), status: z.string(), at: z.string(), message: z.string().optional() })),
    message: z.string().nullable().meta({ description: "The outcome in a sentence (Flink's own reason on failure)." }),
    result: z.record(z.string(), z.unknown()).nullable(),
    runId: z.number().int().nullable(),
    log: z.string().meta({ description: "What the operation did, line by line (secrets never appear)." }),
    createdAt: isoDate,
    startedAt: isoDate.nullable(),
    finishedAt: isoDate.nullable(),
  })
  .meta({ id: "Operation" });

type OperationRow = { id: number; kind: string; status: "queued" | "running" | "succeeded" | "failed"; options: unknown; requestedByName: string; steps: unknown; message: string | null; result: unknown; runId: number | null; log: string; createdAt: Date; startedAt: Date | null; finishedAt: Date | null };

export function operationView(o: OperationRow) {
  return {
    id: o.id,
    kind: o.kind,
    status: o.status,
    options: (o.options ?? {}) as Record<string, unknown>,
    requestedBy: o.requestedByName,
    steps: (o.steps ?? []) as { name: string; status: string; at: string; message?: string }[],
    message: o.message,
    result: (o.result ?? null) as Record<string, unknown> | null,
    runId: o.runId,
    log: o.log,
    createdAt: o.createdAt,
    startedAt: o.startedAt,
    finishedAt: o.finishedAt,
  };
}

export const postJobAction = endpoint({
  method: "POST",
  path: "/teams/{team}/jobs/{job}/actions/{action}",
  tag: "Lifecycle",
  summary: "Build, start, stop, cancel, take a savepoint of, or restart a job",
  description:
    "Accepted actions run in the background: the answer is the queued operation; poll GET …/operations/{operation} for its steps and outcome. One operation per job at a time (409 while one is in progress).",
  params: jobParams.extend({ action }),
  body: optionsBody,
  response: operationSchema,
  successStatus: 202,
  errors: [403, 404, 409],
  handler: async ({ principal, params, body }) => operationView(await requestAction(principal, params.team, params.job, params.action, body)),
});

const bulkAction = z
  .union([action, z.literal("recover")], { error: () => "The action is one of build, start, stop, cancel, savepoint, restart, recover." })
  .meta({ description: "A lifecycle action, or recover: start failed or lost jobs again from their newest savepoint or checkpoint." });

export const postBulkJobAction = endpoint({
  method: "POST",
  path: "/teams/{team}/job-actions/{action}",
  tag: "Lifecycle",
  summary: "One action on many jobs, or recover every failed or lost job",
  description:
    "Each job is asked separately; the answer says, per job, the operation queued or why it was refused. For recover, `jobs` may be left out: every job of the team that is failed or lost now is started again from its newest savepoint or checkpoint.",
  params: z.object({ team: teamRef, action: bulkAction }),
  body: z.object({
    jobs: z.array(jsonIdSchema).min(1, "Choose at least one job.").max(1000, "At most 1,000 jobs at once.").optional().meta({ description: "Job ids; required except for recover.", example: [12, 15] }),
    options: optionsBody,
  }),
  response: z.object({ results: z.array(z.object({ jobId: z.number().int(), jobName: z.string().optional(), ok: z.boolean(), operationId: z.number().int().optional(), message: z.string().optional() })) }),
  successStatus: 202,
  errors: [403, 404],
  handler: async ({ principal, params, body }) => {
    if (params.action === "recover") return { results: await recoverJobs(principal, params.team, body.jobs ?? "all") };
    if (!body.jobs) throw new AppError("invalid_input", "Choose at least one job.", { fields: { jobs: "Required." } });
    return { results: await requestBulk(principal, params.team, [...new Set(body.jobs)], params.action, body.options) };
  },
});

export const listJobOperations = endpoint({
  method: "GET",
  path: "/teams/{team}/jobs/{job}/operations",
  tag: "Lifecycle",
  summary: "A job's operations, newest first",
  params: jobParams,
  query: limit,
  response: z.object({ operations: z.array(operationSchema) }),
  errors: [403, 404],
  handler: async ({ principal, params, query }) => ({ operations: (await jobHistory(principal, params.team, params.job, { operations: true, limit: query.limit })).operations.map(operationView) }),
});

export const getJobOperation = endpoint({
  method: "GET",
  path: "/teams/{team}/jobs/{job}/operations/{operation}",
  tag: "Lifecycle",
  summary: "One operation: its status, steps, log and outcome",
  params: jobParams.extend({ operation: idSchema.meta({ param: { description: "An operation's id." } }) }),
  response: operationSchema,
  errors: [403, 404],
  handler: async ({ principal, params }) => operationView(await getOperation(principal, params.team, params.job, params.operation)),
});

const runSchema = z
  .object({
    id: z.number().int(),
    version: z.number().int(),
    releaseId: z.number().int(),
    mode: z.string(),
    clusterId: z.number().int().nullable(),
    flinkJobId: z.string(),
    yarnApplicationId: z.string().nullable(),
    k8sNamespace: z.string().nullable(),
    k8sName: z.string().nullable(),
    jobManagerUrl: z.string().nullable(),
    restoredFrom: z.string().nullable(),
    restoreKind: z.string(),
    state: z.string(),
    startedAt: isoDate,
    endedAt: isoDate.nullable(),
  })
  .meta({ id: "Run" });

export const listJobRuns = endpoint({
  method: "GET",
  path: "/teams/{team}/jobs/{job}/runs",
  tag: "Lifecycle",
  summary: "A job's runs (each start is one), newest first",
  params: jobParams,
  query: limit,
  response: z.object({ runs: z.array(runSchema) }),
  errors: [403, 404],
  handler: async ({ principal, params, query }) => ({
    runs: (await jobHistory(principal, params.team, params.job, { runs: true, limit: query.limit })).runs.map((r) => ({
      id: r.id,
      version: r.version,
      releaseId: r.releaseId,
      mode: r.mode,
      clusterId: r.clusterId,
      flinkJobId: r.flinkJobId,
      yarnApplicationId: r.yarnApplicationId,
      k8sNamespace: r.k8sNamespace,
      k8sName: r.k8sName,
      jobManagerUrl: r.jobManagerUrl,
      restoredFrom: r.restoredFrom,
      restoreKind: r.restoreKind,
      state: r.state,
      startedAt: r.startedAt,
      endedAt: r.endedAt,
    })),
  }),
});

const snapshotSchema = z
  .object({ id: z.number().int(), kind: z.enum(["savepoint", "checkpoint"]), trigger: z.string(), path: z.string(), runId: z.number().int().nullable(), flinkCheckpointId: z.number().int().nullable(), createdAt: isoDate })
  .meta({ id: "Snapshot" });

export const listJobSnapshots = endpoint({
  method: "GET",
  path: "/teams/{team}/jobs/{job}/savepoints",
  tag: "Lifecycle",
  summary: "A job's recorded savepoints and retained checkpoints, newest first",
  description: "A start can restore from any of them by id (restore: {snapshotId}).",
  params: jobParams,
  response: z.object({ savepoints: z.array(snapshotSchema) }),
  errors: [403, 404],
  handler: async ({ principal, params }) => ({ savepoints: (await jobHistory(principal, params.team, params.job, { snapshots: true })).snapshots }),
});

export const deleteJobSnapshot = endpoint({
  method: "DELETE",
  path: "/teams/{team}/jobs/{job}/savepoints/{id}",
  tag: "Lifecycle",
  summary: "Forget a savepoint or checkpoint record",
  description: "Eddy stops offering it to restore from; the files stay where Flink wrote them. Needs savepoint:delete; 409 while an operation on the job is in progress.",
  params: jobParams.extend({ id: idSchema }),
  response: null,
  errors: [403, 404, 409],
  handler: async ({ principal, params }) => {
    await forgetSnapshot(principal, params.team, params.job, params.id);
  },
});

const eventSchema = z
  .object({ id: z.number().int(), at: isoDate, kind: z.string(), fromState: z.string().nullable(), toState: z.string().nullable(), message: z.string(), runId: z.number().int().nullable(), operationId: z.number().int().nullable() })
  .meta({ id: "JobEvent" });

export const listJobEvents = endpoint({
  method: "GET",
  path: "/teams/{team}/jobs/{job}/events",
  tag: "Lifecycle",
  summary: "A job's events: state changes, operations, automatic restarts, newest first",
  params: jobParams,
  query: limit,
  response: z.object({ events: z.array(eventSchema) }),
  errors: [403, 404],
  handler: async ({ principal, params, query }) => ({ events: (await jobHistory(principal, params.team, params.job, { events: true, limit: query.limit })).events }),
});

const releaseSchema = z
  .object({
    id: z.number().int(),
    version: z.number().int(),
    status: z.enum(["running", "succeeded", "failed"]),
    failedStep: z.string().nullable(),
    error: z.string().nullable(),
    log: z.string(),
    operationId: z.number().int().nullable(),
    createdAt: isoDate,
    finishedAt: isoDate.nullable(),
  })
  .meta({ id: "Build" });

export const listJobBuilds = endpoint({
  method: "GET",
  path: "/teams/{team}/jobs/{job}/builds",
  tag: "Lifecycle",
  summary: "A job's builds (releases), newest first, with their logs",
  params: jobParams,
  query: limit,
  response: z.object({ builds: z.array(releaseSchema) }),
  errors: [403, 404],
  handler: async ({ principal, params, query }) => ({
    builds: (await jobHistory(principal, params.team, params.job, { releases: true, limit: query.limit })).releases.map((r) => ({
      id: r.id,
      version: r.version,
      status: r.status as "running" | "succeeded" | "failed",
      failedStep: r.failedStep,
      error: r.error,
      log: r.log,
      operationId: r.operationId,
      createdAt: r.createdAt,
      finishedAt: r.finishedAt,
    })),
  }),
});

const runQuery = z.object({ run: idSchema.optional().meta({ description: "A run's id; the current (else newest) run by default." }) });

export const listJobLogs = endpoint({
  method: "GET",
  path: "/teams/{team}/jobs/{job}/logs",
  tag: "Lifecycle",
  summary: "The logs a run offers (JobManager, each TaskManager), and links to where it runs",
  description: "Read from Flink when asked. `problem` says why there are none (the run ended with its application cluster, the JobManager is unreachable).",
  params: jobParams,
  query: runQuery,
  response: z.object({
    run: z.object({ id: z.number().int(), state: z.string(), mode: z.string(), flinkJobId: z.string(), endedAt: isoDate.nullable() }).nullable(),
    sources: z.array(z.object({ id: z.string(), label: z.string(), group: z.enum(["jobmanager", "taskmanager"]) })),
    links: z.object({ flinkUi: z.string().nullable(), yarnApplication: z.string().nullable(), kubernetes: z.string().nullable() }),
    problem: z.string().nullable(),
  }),
  errors: [403, 404],
  handler: async ({ principal, params, query }) => listLogSources(principal, params.team, params.job, query.run),
});

export const getJobLog = endpoint({
  method: "GET",
  path: "/teams/{team}/jobs/{job}/logs/{source}",
  tag: "Lifecycle",
  summary: "One log's text: its last megabyte, from Flink now",
  params: jobParams.extend({ source: z.string().min(1).max(300).meta({ param: { description: "jobmanager, jobmanager-stdout, taskmanager:<id> or taskmanager-stdout:<id>" } }) }),
  query: runQuery,
  response: z.object({ text: z.string(), truncated: z.boolean().meta({ description: "Only the end of the log was kept." }) }),
  errors: [403, 404, 409],
  handler: async ({ principal, params, query }) => readLog(principal, params.team, params.job, params.source, query.run),
});

export const getJobExceptions = endpoint({
  method: "GET",
  path: "/teams/{team}/jobs/{job}/exceptions",
  tag: "Lifecycle",
  summary: "A run's exception history from Flink, the root cause first",
  params: jobParams,
  query: runQuery,
  response: z.object({
    rootCause: z.object({ exceptionName: z.string(), message: z.string(), stacktrace: z.string(), timestamp: z.number().nullable(), taskName: z.string().nullable(), endpoint: z.string().nullable() }).nullable(),
    entries: z.array(z.object({ exceptionName: z.string(), message: z.string(), stacktrace: z.string(), timestamp: z.number().nullable(), taskName: z.string().nullable(), endpoint: z.string().nullable() })),
    problem: z.string().nullable(),
  }),
  errors: [403, 404],
  handler: async ({ principal, params, query }) => readExceptions(principal, params.team, params.job, query.run),
});
