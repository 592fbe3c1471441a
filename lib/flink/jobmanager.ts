import { invalidInput } from "@/lib/errors";
import { FlinkError } from "@/lib/flink/errors";
import { atLeast, parseFlinkVersion, type FlinkVersion } from "@/lib/flink/flink-version";
import { HttpClient, type BaseUrlSource, type RestClientOptions, type TextAnswer } from "@/lib/flink/http";
import type {
  CheckpointingStatistics,
  CheckpointStats,
  CheckpointTriggerResult,
  CheckpointTriggerStatus,
  CheckpointType,
  ClaimMode,
  ClusterOverview,
  DashboardConfig,
  FailureCause,
  JarList,
  JobConfig,
  JobDetails,
  JobExceptionEntry,
  JobExceptions,
  JobIdWithStatus,
  JobOverview,
  JobStatus,
  LogInfo,
  SavepointFormatType,
  SavepointResult,
  SavepointStatus,
  TaskManagerDetails,
  TaskManagerInfo,
} from "@/lib/flink/jobmanager-types";
import { jarMultipart, type JarUpload } from "@/lib/flink/multipart";
import { pollUntil, type PollOptions } from "@/lib/flink/poll";
import { firstMeaningfulLine } from "@/lib/flink/upstream-error";

export interface JobManagerClientOptions extends RestClientOptions {
  /**
   * Where POST, PATCH and DELETE go when that differs from `baseUrl`: the YARN RM proxy forwards
   * only GET and PUT (flink-apis.md §3). A function is called on the first write, then cached.
   */
  writeBaseUrl?: BaseUrlSource;
  /** The cluster's Flink version when known; otherwise read from GET /config when it matters. */
  flinkVersion?: string;
}

export interface RunJarOptions {
  entryClass?: string;
  programArgsList?: string[];
  parallelism?: number;
  savepointPath?: string;
  allowNonRestoredState?: boolean;
  claimMode?: ClaimMode;
  /** 32 hex characters: fixes the job id in advance. */
  jobId?: string;
  flinkConfiguration?: Record<string, string>;
}

export type CancelOutcome = { outcome: "requested" } | { outcome: "already-terminal"; message: string };

const enc = encodeURIComponent;
const UPSTREAM = "JobManager";
const JOB_ID = /^[0-9a-f]{32}$/;
/** A successful answer that lacks what it should hold. */
const oddAnswer = (message: string): FlinkError => new FlinkError({ upstream: UPSTREAM, status: 200, message });

/**
 * A typed client of the Flink JobManager REST API (1.12+ and 2.x). Version differences it handles,
 * each only when the option that needs it is used (Flink's request parser rejects unknown fields):
 * - claim mode: `claimMode` since 1.20, `restoreMode` in 1.15–1.19, none before 1.15;
 * - savepoint `formatType`: 1.15+;
 * - `flinkConfiguration` when running a jar: 1.17+;
 * - triggering a checkpoint over REST: 1.17+;
 * - program arguments: always `programArgsList` (the string `programArgs` was removed in 2.0);
 * - job exceptions: 2.x dropped the top-level `root-exception`/`all-exceptions` of 1.x; both shapes are read.
 */
export class JobManagerClient {
  private readonly http: HttpClient;
  private readonly knownVersion?: string;
  private version?: Promise<FlinkVersion | null>;

  constructor(opts: JobManagerClientOptions) {
    this.http = new HttpClient(UPSTREAM, opts);
    this.knownVersion = opts.flinkVersion;
  }

  get baseUrl(): string {
    return this.http.baseUrl;
  }

  /** The cluster's version from GET /config (`flink-version`), cached; null when Flink does not say. */
  async flinkVersion(): Promise<FlinkVersion | null> {
    if (!this.version) {
      const pending = this.knownVersion
        ? Promise.resolve(parseFlinkVersion(this.knownVersion))
        : this.config().then((c) => parseFlinkVersion(c["flink-version"] ?? ""));
      this.version = pending;
      pending.catch(() => {
        if (this.version === pending) this.version = undefined; // ask again next time
      });
    }
    return this.version;
  }

  /** Refuses a feature the cluster's Flink does not have, instead of Flink's cryptic 400. */
  private async requireVersion(major: number, minor: number, feature: string): Promise<FlinkVersion | null> {
    const v = await this.flinkVersion();
    if (v && !atLeast(v, major, minor)) {
      throw invalidInput(`${feature} needs Flink ${major}.${minor} or newer; this cluster runs ${v.raw}.`);
    }
    return v;
  }

  config(): Promise<DashboardConfig> {
    return this.http.getJson("/config");
  }

  overview(): Promise<ClusterOverview> {
    return this.http.getJson("/overview");
  }

  async jobs(): Promise<JobIdWithStatus[]> {
    const body = await this.http.getJson<{ jobs?: JobIdWithStatus[] }>("/jobs");
    return body?.jobs ?? [];
  }

  async jobsOverview(): Promise<JobOverview[]> {
    const body = await this.http.getJson<{ jobs?: JobOverview[] }>("/jobs/overview");
    return body?.jobs ?? [];
  }

  job(jobId: string): Promise<JobDetails> {
    return this.http.getJson(`/jobs/${enc(jobId)}`);
  }

  async jobStatus(jobId: string): Promise<JobStatus> {
    const body = await this.http.getJson<{ status: JobStatus }>(`/jobs/${enc(jobId)}/status`);
    return body.status;
  }

  async jobExceptions(jobId: string, opts: { maxExceptions?: number } = {}): Promise<JobExceptions> {
    const body = await this.http.getJson<unknown>(`/jobs/${enc(jobId)}/exceptions`, { query: { maxExceptions: opts.maxExceptions } });
    return normaliseJobExceptions(body);
  }

  jobCheckpoints(jobId: string): Promise<CheckpointingStatistics> {
    return this.http.getJson(`/jobs/${enc(jobId)}/checkpoints`);
  }

  /** GET /jobs/:id/checkpoints in one shape (counts, latest completed / savepoint / failed / restored). */
  async checkpointStats(jobId: string): Promise<CheckpointStats> {
    return normaliseCheckpointStats(await this.http.getJson<unknown>(`/jobs/${enc(jobId)}/checkpoints`));
  }

  jobConfig(jobId: string): Promise<JobConfig> {
    return this.http.getJson(`/jobs/${enc(jobId)}/config`);
  }

  listJars(): Promise<JarList> {
    return this.http.getJson("/jars");
  }

  /** Uploads a jar; its id is the basename of the `filename` Flink answers (`<uuid>_<name>.jar`). */
  async uploadJar(upload: JarUpload): Promise<{ jarId: string }> {
    const part = await jarMultipart(upload);
    const headers: Record<string, string> = { "content-type": part.contentType };
    if (part.contentLength !== undefined) headers["content-length"] = String(part.contentLength);
    // Uploads of big jars take longer than a status call; give them at least a minute.
    const timeoutMs = Math.max(this.http.defaultTimeoutMs, 60_000);
    const body = await this.http.json<{ filename?: string; status?: string }>("POST", "/jars/upload", { body: part.body, headers, timeoutMs });
    const filename = body?.filename;
    if (!filename) throw oddAnswer("The JobManager accepted the jar but did not say where it put it.");
    return { jarId: filename.split(/[\\/]/).pop() as string };
  }

  async deleteJar(jarId: string): Promise<void> {
    await this.http.request("DELETE", `/jars/${enc(jarId)}`);
  }

  async runJar(jarId: string, opts: RunJarOptions = {}): Promise<{ jobId: string }> {
    if (opts.jobId !== undefined && !JOB_ID.test(opts.jobId)) throw invalidInput("A job id is 32 hexadecimal characters.");
    const body: Record<string, unknown> = {
      entryClass: opts.entryClass,
      // Always the list: 1.x also took a space-separated `programArgs` string, 2.x removed it.
      programArgsList: opts.programArgsList ?? [],
      parallelism: opts.parallelism,
      savepointPath: opts.savepointPath,
      allowNonRestoredState: opts.allowNonRestoredState,
      jobId: opts.jobId,
    };
    if (opts.claimMode) {
      const v = await this.requireVersion(1, 15, "Choosing how a savepoint is claimed");
      body[!v || atLeast(v, 1, 20) ? "claimMode" : "restoreMode"] = opts.claimMode;
    }
    if (opts.flinkConfiguration && Object.keys(opts.flinkConfiguration).length > 0) {
      await this.requireVersion(1, 17, "Passing Flink configuration when running a jar");
      body.flinkConfiguration = opts.flinkConfiguration;
    }
    // Running a jar runs its main() on the JobManager first; that can take a while.
    const timeoutMs = Math.max(this.http.defaultTimeoutMs, 60_000);
    const answer = await this.http.json<{ jobid?: string }>("POST", `/jars/${enc(jarId)}/run`, { json: body, timeoutMs });
    if (!answer?.jobid) throw oddAnswer("The JobManager ran the jar but did not return a job id.");
    return { jobId: answer.jobid };
  }

  /** POST /jobs/:id/stop (camelCase body) → trigger id; poll with savepointStatus. */
  async stopWithSavepoint(jobId: string, opts: { targetDirectory?: string; drain?: boolean; formatType?: SavepointFormatType } = {}): Promise<string> {
    if (opts.formatType) await this.requireVersion(1, 15, "Choosing a savepoint format");
    const body = { targetDirectory: opts.targetDirectory, drain: opts.drain ?? false, formatType: opts.formatType };
    return this.trigger(`/jobs/${enc(jobId)}/stop`, body);
  }

  /** POST /jobs/:id/savepoints → trigger id. This body is kebab-case, unlike /stop (flink-apis.md §1). */
  async triggerSavepoint(jobId: string, opts: { targetDirectory?: string; cancelJob?: boolean; formatType?: SavepointFormatType } = {}): Promise<string> {
    if (opts.formatType) await this.requireVersion(1, 15, "Choosing a savepoint format");
    const body = { "target-directory": opts.targetDirectory, "cancel-job": opts.cancelJob ?? false, formatType: opts.formatType };
    return this.trigger(`/jobs/${enc(jobId)}/savepoints`, body);
  }

  private async trigger(path: string, body: unknown): Promise<string> {
    const answer = await this.http.json<{ "request-id"?: string }>("POST", path, { json: body });
    const id = answer?.["request-id"];
    if (!id) throw oddAnswer("The JobManager accepted the request but returned no trigger id.");
    return id;
  }

  /** The state of a savepoint or stop-with-savepoint trigger. */
  async savepointStatus(jobId: string, triggerId: string): Promise<SavepointStatus> {
    return parseSavepointStatus(await this.http.getJson<unknown>(`/jobs/${enc(jobId)}/savepoints/${enc(triggerId)}`));
  }

  /** Polls until the savepoint completed or failed; a FlinkTimeoutError after `timeoutMs`. */
  awaitSavepoint(jobId: string, triggerId: string, opts: PollOptions): Promise<SavepointResult> {
    return pollUntil(
      async () => {
        const s = await this.savepointStatus(jobId, triggerId);
        return s.status === "IN_PROGRESS" ? undefined : s;
      },
      { ...opts, upstream: UPSTREAM, what: `The savepoint of job ${jobId}` },
    );
  }

  /** POST /jobs/:id/checkpoints (Flink 1.17+) → trigger id. */
  async triggerCheckpoint(jobId: string, opts: { type?: CheckpointType } = {}): Promise<string> {
    await this.requireVersion(1, 17, "Triggering a checkpoint");
    return this.trigger(`/jobs/${enc(jobId)}/checkpoints`, { checkpointType: opts.type });
  }

  async checkpointStatus(jobId: string, triggerId: string): Promise<CheckpointTriggerStatus> {
    return parseCheckpointStatus(await this.http.getJson<unknown>(`/jobs/${enc(jobId)}/checkpoints/${enc(triggerId)}`));
  }

  awaitCheckpoint(jobId: string, triggerId: string, opts: PollOptions): Promise<CheckpointTriggerResult> {
    return pollUntil(
      async () => {
        const s = await this.checkpointStatus(jobId, triggerId);
        return s.status === "IN_PROGRESS" ? undefined : s;
      },
      { ...opts, upstream: UPSTREAM, what: `The checkpoint of job ${jobId}` },
    );
  }

  /**
   * PATCH /jobs/:id?mode=cancel. A job already in another terminal state answers 409; that is not
   * a failure to the caller, who wanted it gone, so it comes back as `already-terminal`.
   */
  async cancel(jobId: string): Promise<CancelOutcome> {
    try {
      await this.http.request("PATCH", `/jobs/${enc(jobId)}`, { query: { mode: "cancel" } });
      return { outcome: "requested" };
    } catch (e) {
      if (e instanceof FlinkError && e.upstreamStatus === 409) return { outcome: "already-terminal", message: e.message };
      throw e;
    }
  }

  async taskManagers(): Promise<TaskManagerInfo[]> {
    const body = await this.http.getJson<{ taskmanagers?: TaskManagerInfo[] }>("/taskmanagers");
    return body?.taskmanagers ?? [];
  }

  taskManager(tmId: string): Promise<TaskManagerDetails> {
    return this.http.getJson(`/taskmanagers/${enc(tmId)}`);
  }

  /** GET /jobmanager/config as a map (the wire has `[{key, value}]`). */
  async jobManagerConfig(): Promise<Record<string, string>> {
    const entries = await this.http.getJson<{ key?: string; value?: string }[]>("/jobmanager/config");
    return Object.fromEntries((entries ?? []).filter((e) => e.key !== undefined).map((e) => [e.key as string, e.value ?? ""]));
  }

  async jobManagerLogList(): Promise<LogInfo[]> {
    const body = await this.http.getJson<{ logs?: LogInfo[] }>("/jobmanager/logs");
    return body?.logs ?? [];
  }

  // The plain-text log routes below exist in Flink (JobManagerLogFileHeader and friends) but are not
  // in the OpenAPI spec (flink-apis.md §1). `maxBytes` keeps only the end of a long file.

  jobManagerLog(opts: { maxBytes?: number } = {}): Promise<TextAnswer> {
    return this.http.getText("/jobmanager/log", opts);
  }

  jobManagerStdout(opts: { maxBytes?: number } = {}): Promise<TextAnswer> {
    return this.http.getText("/jobmanager/stdout", opts);
  }

  jobManagerLogFile(name: string, opts: { maxBytes?: number } = {}): Promise<TextAnswer> {
    return this.http.getText(`/jobmanager/logs/${enc(name)}`, opts);
  }

  async taskManagerLogList(tmId: string): Promise<LogInfo[]> {
    const body = await this.http.getJson<{ logs?: LogInfo[] }>(`/taskmanagers/${enc(tmId)}/logs`);
    return body?.logs ?? [];
  }

  taskManagerLog(tmId: string, opts: { maxBytes?: number } = {}): Promise<TextAnswer> {
    return this.http.getText(`/taskmanagers/${enc(tmId)}/log`, opts);
  }

  taskManagerStdout(tmId: string, opts: { maxBytes?: number } = {}): Promise<TextAnswer> {
    return this.http.getText(`/taskmanagers/${enc(tmId)}/stdout`, opts);
  }

  taskManagerLogFile(tmId: string, name: string, opts: { maxBytes?: number } = {}): Promise<TextAnswer> {
    return this.http.getText(`/taskmanagers/${enc(tmId)}/logs/${enc(name)}`, opts);
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
const str = (v: unknown): string | null => (typeof v === "string" ? v : null);
const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);

/** A failure cause as on the wire: `{"class","stack-trace","serialized-throwable"}` (the spec lists only the last). */
export function parseFailureCause(raw: unknown): FailureCause {
  const c = isRecord(raw) ? raw : {};
  const stackTrace = str(c["stack-trace"]) ?? undefined;
  const className = str(c.class) ?? undefined;
  const message = (stackTrace && firstMeaningfulLine(stackTrace)) || className?.split(".").pop() || "The operation failed without a reason.";
  return { className, message, stackTrace };
}

function queueStatus(body: unknown): string | null {
  return isRecord(body) && isRecord(body.status) ? str(body.status.id) : null;
}

/**
 * `{"status":{"id":"COMPLETED"},"operation":{"location":…}}`, or with `operation.failure-cause`
 * when the savepoint failed: COMPLETED with a failure cause means FAILED.
 */
export function parseSavepointStatus(body: unknown): SavepointStatus {
  const id = queueStatus(body);
  if (id === "IN_PROGRESS") return { status: "IN_PROGRESS" };
  const op = isRecord(body) && isRecord(body.operation) ? body.operation : {};
  if (id === "COMPLETED") {
    if (op["failure-cause"] !== undefined && op["failure-cause"] !== null) {
      return { status: "FAILED", failureCause: parseFailureCause(op["failure-cause"]) };
    }
    const location = str(op.location);
    if (location) return { status: "COMPLETED", location };
  }
  return {
    status: "FAILED",
    failureCause: { message: `The JobManager reported the savepoint as ${id ?? "unknown"} without a location.` },
  };
}

/** The checkpoint trigger's answer: `operation{checkpointId, failureCause}` (camelCase here). */
export function parseCheckpointStatus(body: unknown): CheckpointTriggerStatus {
  const id = queueStatus(body);
  if (id === "IN_PROGRESS") return { status: "IN_PROGRESS" };
  const op = isRecord(body) && isRecord(body.operation) ? body.operation : {};
  if (op.failureCause !== undefined && op.failureCause !== null) return { status: "FAILED", failureCause: parseFailureCause(op.failureCause) };
  const checkpointId = num(op.checkpointId);
  if (id === "COMPLETED" && checkpointId !== null) return { status: "COMPLETED", checkpointId };
  return { status: "FAILED", failureCause: { message: `The JobManager reported the checkpoint as ${id ?? "unknown"} without an id.` } };
}

function completedEntry(raw: unknown): CheckpointStats["latestCompleted"] {
  if (!isRecord(raw) || num(raw.id) === null) return null;
  return {
    id: num(raw.id)!,
    externalPath: str(raw.external_path),
    triggerTimestamp: num(raw.trigger_timestamp),
    latestAckTimestamp: num(raw.latest_ack_timestamp),
    // 1.x and 2.x both send state_size; checkpointed_size (incremental) is the fallback.
    stateSize: num(raw.state_size) ?? num(raw.checkpointed_size),
  };
}

/** GET /jobs/:id/checkpoints → CheckpointStats; `latest.*` entries are null (or absent) until one exists. */
export function normaliseCheckpointStats(body: unknown): CheckpointStats {
  const b = isRecord(body) ? body : {};
  const c = isRecord(b.counts) ? b.counts : {};
  const latest = isRecord(b.latest) ? b.latest : {};
  const failed = isRecord(latest.failed) && num(latest.failed.id) !== null ? latest.failed : null;
  const restored = isRecord(latest.restored) && num(latest.restored.id) !== null ? latest.restored : null;
  return {
    counts: { total: num(c.total) ?? 0, inProgress: num(c.in_progress) ?? 0, completed: num(c.completed) ?? 0, failed: num(c.failed) ?? 0, restored: num(c.restored) ?? 0 },
    latestCompleted: completedEntry(latest.completed),
    latestSavepoint: completedEntry(latest.savepoint),
    latestFailed: failed && {
      id: num(failed.id)!,
      triggerTimestamp: num(failed.trigger_timestamp),
      failureTimestamp: num(failed.failure_timestamp),
      failureMessage: str(failed.failure_message),
    },
    latestRestored: restored && {
      id: num(restored.id)!,
      externalPath: str(restored.external_path),
      restoreTimestamp: num(restored.restore_timestamp),
      isSavepoint: restored.is_savepoint === true,
    },
  };
}

function exceptionEntry(raw: Record<string, unknown>): Omit<JobExceptionEntry, "concurrentExceptions"> {
  const stacktrace = str(raw.stacktrace) ?? "";
  const labels = isRecord(raw.failureLabels) ? raw.failureLabels : {};
  return {
    exceptionName: str(raw.exceptionName) ?? "",
    message: firstMeaningfulLine(stacktrace) || (str(raw.exceptionName) ?? ""),
    stacktrace,
    timestamp: num(raw.timestamp),
    taskName: str(raw.taskName),
    // `location` was renamed `endpoint` in 1.17 and removed in 2.0.
    endpoint: str(raw.endpoint) ?? str(raw.location),
    taskManagerId: str(raw.taskManagerId),
    failureLabels: Object.fromEntries(Object.entries(labels).filter((e): e is [string, string] => typeof e[1] === "string")),
  };
}

/**
 * GET /jobs/:id/exceptions in one shape. 1.13+ and 2.x have `exceptionHistory.entries`; 1.12 has only
 * the deprecated top-level `root-exception`, `timestamp`, `all-exceptions` (dropped in 2.0).
 */
export function normaliseJobExceptions(body: unknown): JobExceptions {
  const b = isRecord(body) ? body : {};
  if (isRecord(b.exceptionHistory)) {
    const entries = Array.isArray(b.exceptionHistory.entries) ? b.exceptionHistory.entries.filter(isRecord) : [];
    return {
      entries: entries.map((e) => ({
        ...exceptionEntry(e),
        concurrentExceptions: (Array.isArray(e.concurrentExceptions) ? e.concurrentExceptions.filter(isRecord) : []).map(exceptionEntry),
      })),
      truncated: b.exceptionHistory.truncated === true,
    };
  }
  const root = str(b["root-exception"]);
  if (!root) return { entries: [], truncated: b.truncated === true };
  const all = Array.isArray(b["all-exceptions"]) ? b["all-exceptions"].filter(isRecord) : [];
  const headline = root.split(/\r?\n/)[0]?.trim() ?? "";
  return {
    entries: [
      {
        exceptionName: /^([\w$.]+)(:|$)/.exec(headline)?.[1] ?? "",
        message: firstMeaningfulLine(root),
        stacktrace: root,
        timestamp: num(b.timestamp),
        taskName: null,
        endpoint: null,
        taskManagerId: null,
        failureLabels: {},
        concurrentExceptions: all.map((e) => {
          const text = str(e.exception) ?? "";
          return {
            exceptionName: /^([\w$.]+)(:|$)/.exec(text.split(/\r?\n/)[0]?.trim() ?? "")?.[1] ?? "",
            message: firstMeaningfulLine(text),
            stacktrace: text,
            timestamp: num(e.timestamp),
            taskName: str(e.task),
            endpoint: str(e.location),
            taskManagerId: str(e.taskManagerId),
            failureLabels: {},
          };
        }),
      },
    ],
    truncated: b.truncated === true,
  };
}
