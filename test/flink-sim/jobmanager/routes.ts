import { parseDuration } from "../durations";
import { isRecord, json, jsonBody, Router, text, type Reply, type SimRequest } from "../http";
import { FLINK_ID } from "../ids";
import { badPathParameter, badRequestBody, internalServerError, jobNotFound, restHandlerError, routeNotFound } from "../rest-errors";
import { parseMultipart } from "./jars";
import type { JobManager } from "./jobmanager";
import { isGloballyTerminal, type SimJob } from "./jobs";
import { programJobSpec } from "./programs";
import { taskManagerJson, type TaskManager } from "./taskmanagers";
import { exceptionsJson, jobConfigJson, jobDetailsJson, jobOverviewJson, planJson } from "./views";

/**
 * Flink's JobManager REST API (flink-apis.md §1). Paths may carry the optional `/v1` prefix.
 * Unknown routes and wrong methods are both "Not found: <uri>" (Flink's router matches on method
 * and path together).
 */
export async function routeJobManagerRequest(jm: JobManager, req: SimRequest): Promise<Reply> {
  const path = req.path.replace(/^\/v1(?=\/|$)/, "") || "/";
  const router = jm.kind === "application" ? APPLICATION_ROUTER : ROUTER;
  const m = router.match(req.method, path);
  if (!("handler" in m)) return routeNotFound(req.path + req.search);
  try {
    return await m.handler(req, m.params, jm);
  } catch (e) {
    if (e instanceof BadBody) return badRequestBody(e.requestClass);
    console.error("[flink-sim] JobManager handler failed:", e);
    return internalServerError(`java.lang.RuntimeException: ${String(e)}`);
  }
}

class BadBody extends Error {
  constructor(readonly requestClass: string) {
    super(requestClass);
  }
}

/** A field's JSON type; a list of strings is an enum. */
type FieldType = "string" | "boolean" | "int" | "string[]" | "string-map" | "job-id";
type BodySchema = { name: string; fields: Record<string, FieldType | readonly string[]> };

/** Parses a JSON body like Flink's strict REST mapper: unknown fields or wrong types are a 400. */
function parseBody(req: SimRequest, schema: BodySchema): Record<string, unknown> {
  let body: unknown;
  try {
    body = jsonBody(req) ?? {}; // Flink reads an empty body as "{}"
  } catch {
    throw new BadBody(schema.name);
  }
  if (!isRecord(body)) throw new BadBody(schema.name);
  for (const [k, v] of Object.entries(body)) {
    const type = schema.fields[k];
    if (type === undefined) throw new BadBody(schema.name);
    if (v === null) continue;
    const ok =
      Array.isArray(type) ? typeof v === "string" && type.includes(v)
      : type === "string" ? typeof v === "string"
      : type === "boolean" ? typeof v === "boolean"
      : type === "int" ? Number.isInteger(v)
      : type === "string[]" ? Array.isArray(v) && v.every((x) => typeof x === "string")
      : type === "string-map" ? isRecord(v) && Object.values(v).every((x) => typeof x === "string")
      : type === "job-id" ? typeof v === "string" && FLINK_ID.test(v.toLowerCase())
      : false;
    if (!ok) throw new BadBody(schema.name);
  }
  return body;
}

const CLAIM_MODES = ["CLAIM", "NO_CLAIM", "LEGACY"] as const;
const FORMAT_TYPES = ["CANONICAL", "NATIVE"] as const;

function jarRunBody(jm: JobManager): BodySchema {
  const fields: BodySchema["fields"] = {
    entryClass: "string",
    programArgsList: "string[]",
    parallelism: "int",
    jobId: "job-id",
    allowNonRestoredState: "boolean",
    savepointPath: "string",
    restoreMode: CLAIM_MODES,
    claimMode: CLAIM_MODES,
    flinkConfiguration: "string-map",
  };
  // Flink 1.x still accepts the space-separated `programArgs`; 2.x removed it (an unknown field → 400).
  if (jm.facts.major === 1) fields.programArgs = "string";
  return { name: "JarRunRequestBody", fields };
}

const SAVEPOINT_BODY: BodySchema = { name: "SavepointTriggerRequestBody", fields: { "target-directory": "string", "cancel-job": "boolean", formatType: FORMAT_TYPES, triggerId: "job-id" } };
const STOP_BODY: BodySchema = { name: "StopWithSavepointRequestBody", fields: { targetDirectory: "string", drain: "boolean", formatType: FORMAT_TYPES, triggerId: "job-id" } };
const CHECKPOINT_BODY: BodySchema = { name: "CheckpointTriggerRequestBody", fields: { checkpointType: ["CONFIGURED", "FULL", "INCREMENTAL"], triggerId: "job-id" } };

/** Resolves `:jobid` the way Flink's handlers do: malformed → 400, unknown → 404. */
function withJob(handler: (req: SimRequest, job: SimJob, jm: JobManager, params: Record<string, string>) => Reply | Promise<Reply>, notFound: (id: string) => Reply = jobNotFound) {
  return (req: SimRequest, params: Record<string, string>, jm: JobManager): Reply | Promise<Reply> => {
    const raw = params.jobid ?? "";
    const id = raw.toLowerCase();
    if (!FLINK_ID.test(id)) return badPathParameter("jobid", raw);
    const job = jm.jobs.get(id);
    if (!job) return notFound(id);
    return handler(req, job, jm, params);
  };
}

/** JobCancellationHandler words its 404 differently from the other job handlers. */
function cancelJobNotFound(id: string): Reply {
  return restHandlerError(404, "Job could not be found.", "org.apache.flink.runtime.rest.handler.RestHandlerException", `org.apache.flink.runtime.messages.FlinkJobNotFoundException: Could not find Flink job (${id})`);
}

/**
 * The target of a savepoint: the request's, else the job's configured default (its own
 * configuration over the cluster's; 1.20 renamed `state.savepoints.dir` to
 * `execution.checkpointing.savepoint-dir`, which still reads the old key).
 */
function savepointDirectory(jm: JobManager, job: SimJob, given: unknown, property: string): string | Reply {
  if (typeof given === "string" && given !== "") return given;
  const configured = job.config["execution.checkpointing.savepoint-dir"] ?? job.config["state.savepoints.dir"];
  if (configured) return configured;
  const key = jm.facts.major >= 2 ? "execution.checkpointing.savepoint-dir" : "state.savepoints.dir";
  return restHandlerError(400, `Config key [${key}] is not set. Property [${property}] must be provided.`);
}

function operationStatus(kind: "savepoint" | "checkpoint") {
  return withJob((_req, job, _jm, params) => {
    const trigger = (params.triggerid ?? "").toLowerCase();
    const body = job.operations.toJson(trigger, kind);
    if (!body) return restHandlerError(404, `Operation not found under key: AsynchronousJobOperationKey{triggerId=${trigger}, jobId=${job.id}}`, "org.apache.flink.runtime.rest.NotFoundException");
    if ((body.status as { id?: string }).id === "COMPLETED") job.operations.served(trigger);
    return json(200, body);
  });
}

function dashboardConfig(jm: JobManager) {
  const offset = -new Date().getTimezoneOffset() * 60_000;
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return {
    "refresh-interval": 3000,
    "timezone-name": zone === "UTC" || zone === "Etc/UTC" ? "Coordinated Universal Time" : zone,
    "timezone-offset": offset,
    "flink-version": jm.facts.version,
    "flink-revision": `${jm.facts.commit} @ ${jm.facts.commitDate}`,
    features: { "web-submit": jm.kind !== "application", "web-cancel": true, "web-rescale": false, "web-history": false },
  };
}

function overview(jm: JobManager) {
  const jobs = [...jm.jobs.values()];
  const body: Record<string, unknown> = {
    taskmanagers: jm.slots.taskManagers.length,
    "slots-total": jm.slots.total,
    "slots-available": jm.slots.free,
    "jobs-running": jobs.filter((j) => !isGloballyTerminal(j.state)).length,
    "jobs-finished": jobs.filter((j) => j.state === "FINISHED").length,
    "jobs-cancelled": jobs.filter((j) => j.state === "CANCELED").length,
    "jobs-failed": jobs.filter((j) => j.state === "FAILED").length,
    "flink-version": jm.facts.version,
    "flink-commit": jm.facts.commit,
  };
  if (jm.facts.major >= 2) Object.assign(body, { "taskmanagers-blocked": 0, "slots-free-and-blocked": 0 });
  return body;
}

function taskManagerRoute(handler: (tm: TaskManager, params: Record<string, string>) => Reply) {
  return (_req: SimRequest, params: Record<string, string>, jm: JobManager): Reply => {
    const tm = jm.slots.find(params.tmid ?? "");
    if (!tm) return restHandlerError(404, `Could not find TaskExecutor ${params.tmid}.`, "org.apache.flink.runtime.rest.NotFoundException", `org.apache.flink.runtime.resourcemanager.exceptions.UnknownTaskExecutorException: No TaskExecutor registered under ${params.tmid}.`);
    return handler(tm, params);
  };
}

function logFile(files: { name: string; content(): string }[], name: string | undefined): Reply {
  const file = files.find((f) => f.name === name);
  if (!file) return restHandlerError(404, `Can not find log file ${name}.`, "org.apache.flink.runtime.rest.NotFoundException");
  return text(200, file.content());
}

function buildRouter(withJars: boolean): Router<JobManager> {
  const r = new Router<JobManager>()
    .on("GET", "/config", (_q, _p, jm) => json(200, dashboardConfig(jm)))
    .on("GET", "/overview", (_q, _p, jm) => json(200, overview(jm)))
    .on("GET", "/jobs", (_q, _p, jm) => json(200, { jobs: [...jm.jobs.values()].map((j) => ({ id: j.id, status: j.state })) }))
    .on("GET", "/jobs/overview", (_q, _p, jm) => json(200, { jobs: [...jm.jobs.values()].map((j) => jobOverviewJson(j, jm.facts)) }))
    .on("GET", "/jobs/:jobid", withJob((_q, job, jm) => json(200, jobDetailsJson(job, jm.facts))))
    .on("PATCH", "/jobs/:jobid", withJob((req, job) => {
      const mode = req.query.get("mode") ?? "cancel";
      if (mode === "stop") return restHandlerError(308, 'The "stop" command has been removed. Please use "stop-with-savepoint" instead.');
      if (mode !== "cancel") return restHandlerError(400, `Bad request, could not parse parameters: Cannot resolve query parameter (mode) from value "${mode}".`);
      const outcome = job.cancel();
      if (outcome === "accepted") return json(202, {});
      return restHandlerError(409, `Job cancellation failed because the job has already reached another non-cancel state (${outcome.terminal}).`, "org.apache.flink.runtime.rest.handler.RestHandlerException", `org.apache.flink.runtime.messages.FlinkJobTerminatedWithoutCancellationException: Flink job (${job.id}) was not canceled, but instead ${outcome.terminal}.`);
    }, cancelJobNotFound))
    .on("GET", "/jobs/:jobid/status", withJob((_q, job) => json(200, { status: job.state })))
    .on("GET", "/jobs/:jobid/exceptions", withJob((req, job, jm) => {
      const max = req.query.get("maxExceptions");
      return json(200, exceptionsJson(job, jm.facts, max === null ? undefined : Number(max), req.query.getAll("failureLabelFilter").flatMap((f) => f.split(","))));
    }))
    .on("GET", "/jobs/:jobid/plan", withJob((_q, job) => json(200, { plan: planJson(job) })))
    .on("GET", "/jobs/:jobid/config", withJob((_q, job, jm) => json(200, jobConfigJson(job, jm.facts))))
    .on("GET", "/jobs/:jobid/checkpoints/config", withJob((_q, job) => {
      const interval = job.config["execution.checkpointing.interval"];
      if (!interval || job.type === "BATCH") return restHandlerError(404, `Checkpointing is not enabled for this job (${job.id}).`, "org.apache.flink.runtime.rest.NotFoundException");
      return json(200, {
        mode: "EXACTLY_ONCE",
        interval: parseDuration(interval) ?? 0,
        timeout: 600_000,
        min_pause: 0,
        max_concurrent: 1,
        externalization: { enabled: true, delete_on_cancellation: false },
        state_backend: "HashMapStateBackend",
        checkpoint_storage: "FileSystemCheckpointStorage",
        unaligned_checkpoints: false,
        tolerable_failed_checkpoints: 0,
        aligned_checkpoint_timeout: 0,
        checkpoints_after_tasks_finish: true,
        state_changelog_enabled: false,
        changelog_periodic_materialization_interval: 600_000,
        changelog_storage: "memory",
      });
    }))
    .on("GET", "/jobs/:jobid/checkpoints", withJob((_q, job) => json(200, job.checkpoints.toJson())))
    .on("POST", "/jobs/:jobid/checkpoints", withJob((req, job) => {
      const body = parseBody(req, CHECKPOINT_BODY);
      return json(202, { "request-id": job.triggerCheckpoint(lower(body.triggerId)) });
    }))
    .on("GET", "/jobs/:jobid/checkpoints/:triggerid", operationStatus("checkpoint"))
    .on("POST", "/jobs/:jobid/savepoints", withJob((req, job, jm) => {
      const body = parseBody(req, SAVEPOINT_BODY);
      const dir = savepointDirectory(jm, job, body["target-directory"], "target-directory");
      if (typeof dir !== "string") return dir;
      const format = (body.formatType as "CANONICAL" | "NATIVE" | undefined) ?? "CANONICAL";
      return json(202, { "request-id": job.triggerSavepoint(dir, format, body["cancel-job"] === true, lower(body.triggerId)) });
    }))
    .on("GET", "/jobs/:jobid/savepoints/:triggerid", operationStatus("savepoint"))
    .on("POST", "/jobs/:jobid/stop", withJob((req, job, jm) => {
      const body = parseBody(req, STOP_BODY);
      const dir = savepointDirectory(jm, job, body.targetDirectory, "targetDirectory");
      if (typeof dir !== "string") return dir;
      const format = (body.formatType as "CANONICAL" | "NATIVE" | undefined) ?? "CANONICAL";
      return json(202, { "request-id": job.stopWithSavepoint(dir, format, body.drain === true, lower(body.triggerId)) });
    }))
    .on("GET", "/taskmanagers", (_q, _p, jm) => json(200, { taskmanagers: jm.slots.taskManagers.map((tm) => taskManagerJson(tm, false)) }))
    .on("GET", "/taskmanagers/:tmid", taskManagerRoute((tm) => json(200, taskManagerJson(tm, true))))
    .on("GET", "/taskmanagers/:tmid/log", taskManagerRoute((tm) => text(200, tm.log.content())))
    .on("GET", "/taskmanagers/:tmid/stdout", taskManagerRoute((tm) => text(200, tm.stdout.content())))
    .on("GET", "/taskmanagers/:tmid/logs", taskManagerRoute((tm) => json(200, { logs: [tm.log.info(), tm.stdout.info()] })))
    .on("GET", "/taskmanagers/:tmid/logs/:filename", taskManagerRoute((tm, params) => logFile([tm.log, tm.stdout], params.filename)))
    .on("GET", "/jobmanager/config", (_q, _p, jm) => json(200, Object.entries(jm.config).map(([key, value]) => ({ key, value }))))
    .on("GET", "/jobmanager/logs", (_q, _p, jm) => json(200, { logs: [jm.log.info(), jm.stdout.info(), jm.stderr.info()] }))
    .on("GET", "/jobmanager/log", (_q, _p, jm) => text(200, jm.log.content()))
    .on("GET", "/jobmanager/stdout", (_q, _p, jm) => text(200, jm.stdout.content()))
    .on("GET", "/jobmanager/logs/:filename", (_q, params, jm) => logFile([jm.log, jm.stdout, jm.stderr], params.filename));
  if (withJars) addJarRoutes(r);
  return r;
}

function addJarRoutes(r: Router<JobManager>): void {
  r.on("GET", "/jars", (_q, _p, jm) =>
    json(200, {
      address: jm.directUrl,
      files: jm.jars.list().map((j) => ({ id: j.id, name: j.name, uploaded: j.uploaded, entry: j.entryClass ? [{ name: j.entryClass }] : [] })),
    }),
  )
    .on("POST", "/jars/upload", async (req, _p, jm) => {
      const files = (parseMultipart(req.headers["content-type"], req.body) ?? []).filter((p) => p.fileName !== undefined);
      if (files.length !== 1) return restHandlerError(400, `Exactly 1 file must be sent, received ${files.length}.`);
      const file = files[0]!;
      if (!file.fileName!.endsWith(".jar")) return restHandlerError(400, "Only Jar files are allowed.");
      const jar = await jm.jars.add(file.fileName!, file.data);
      return json(200, { filename: `${jm.jars.uploadDir}/${jar.id}`, status: "success" });
    })
    .on("DELETE", "/jars/:jarid", (_q, params, jm) => {
      if (!jm.jars.delete(params.jarid ?? "")) return restHandlerError(400, `File ${params.jarid} does not exist in ${jm.jars.uploadDir}.`);
      return json(200, {});
    })
    .on("POST", "/jars/:jarid/run", (req, params, jm) => {
      const jar = jm.jars.get(params.jarid ?? "");
      if (!jar) return restHandlerError(400, `Jar file ${jm.jars.uploadDir}/${params.jarid} does not exist`, "org.apache.flink.runtime.rest.handler.RestHandlerException");
      const body = parseBody(req, jarRunBody(jm));
      const q = req.query;
      const entryClass = (body.entryClass as string | undefined) ?? q.get("entry-class") ?? jar.entryClass;
      if (!entryClass) {
        return restHandlerError(400, "Could not build program from JAR file.", "org.apache.flink.runtime.rest.handler.RestHandlerException", "org.apache.flink.client.program.ProgramInvocationException: Neither a 'Main-Class', nor a 'program-class' entry was found in the jar file.");
      }
      const config = (body.flinkConfiguration as Record<string, string> | undefined) ?? {};
      const jobId = lower(body.jobId) ?? lower(config["$internal.pipeline.job-id"]);
      if (jobId && jm.jobs.has(jobId)) return internalServerError(`org.apache.flink.runtime.client.DuplicateJobSubmissionException: Job has already been submitted.`);
      const parallelism = (body.parallelism as number | undefined) ?? (q.get("parallelism") ? Number(q.get("parallelism")) : undefined);
      const job = jm.submitJob(programJobSpec(jm, { entryClass, config, jobId, parallelism, args: body.programArgsList as string[] | undefined, savepointPath: (body.savepointPath as string | undefined) ?? q.get("savepointPath") ?? undefined }));
      return json(200, { jobid: job.id });
    });
}

function lower(v: unknown): string | undefined {
  return typeof v === "string" ? v.toLowerCase() : undefined;
}

const ROUTER = buildRouter(true);
const APPLICATION_ROUTER = buildRouter(false);
