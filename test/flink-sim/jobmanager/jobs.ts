import type { TimerGroup } from "../clock";
import { parseDuration } from "../durations";
import { flinkId, hex } from "../ids";
import { TIMING } from "../timing";
import { CheckpointStats, type CheckpointRecord } from "./checkpoints";
import { javaStackTrace, type LogFile } from "./logs";
import { failureCause, Operations } from "./savepoints";
import type { SlotPool } from "./taskmanagers";

/** Flink's JobStatus (spec enum, exact spelling: CANCELLING with two Ls, CANCELED with one). */
export const JOB_STATUSES = ["INITIALIZING", "CREATED", "RUNNING", "FAILING", "FAILED", "CANCELLING", "CANCELED", "FINISHED", "RESTARTING", "SUSPENDED", "RECONCILING"] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/** ExecutionState, the state of one subtask (and, aggregated, of a vertex). */
export const EXECUTION_STATES = ["CREATED", "SCHEDULED", "DEPLOYING", "RUNNING", "FINISHED", "CANCELING", "CANCELED", "FAILED", "RECONCILING", "INITIALIZING"] as const;
export type ExecutionState = (typeof EXECUTION_STATES)[number];

/** FAILED, CANCELED and FINISHED are globally terminal; SUSPENDED only locally. */
export function isGloballyTerminal(s: JobStatus): boolean {
  return s === "FAILED" || s === "CANCELED" || s === "FINISHED";
}

/** What a job needs from the JobManager hosting it. */
export interface JobHost {
  readonly timers: TimerGroup;
  readonly log: LogFile;
  readonly slots: SlotPool;
  /** Cluster configuration; a job's own flinkConfiguration overrides it. */
  readonly config: Record<string, string>;
  /** Consumes a one-shot injected fault. */
  takeFault(fault: "failNextSavepoint" | "failNextCheckpoint"): boolean;
  jobChanged(job: SimJob): void;
}

export type JobSpec = {
  id?: string;
  name: string;
  parallelism: number;
  /** Bounded jobs (batch, or streaming with a duration) go FINISHED after `durationMs`. */
  batch: boolean;
  durationMs?: number;
  vertexNames?: string[];
  config?: Record<string, string>;
  /** Restore from this savepoint at start (counts.restored = 1, latest.restored set). */
  savepointPath?: string;
  /**
   * The program failed before it produced a job (e.g. the SQL Driver's script did not compile): the
   * job goes INITIALIZING → FAILED with this exception, as an application cluster submits a failed
   * job when `execution.submit-failed-job-on-application-error` is set (the Kubernetes operator sets it).
   */
  failure?: string;
};

/** A global failure (not a task's) has no task, endpoint or TaskManager; Flink leaves those fields out. */
export type ExceptionEntry = {
  exceptionName: string;
  stacktrace: string;
  timestamp: number;
  taskName?: string;
  endpoint?: string;
  taskManagerId?: string;
  failureLabels: Record<string, string>;
  concurrentExceptions: never[];
};

type TaskPhase = "created" | "scheduled" | "deploying" | "running" | "finished" | "canceling" | "canceled" | "failed";

export type Vertex = { id: string; name: string; slotSharingGroupId: string; parallelism: number; maxParallelism: number };

const DEFAULT_VERTICES = ["Source: Custom Source", "Map", "Sink: Print to Std. Out"];

const JOBMASTER = "org.apache.flink.runtime.jobmaster.JobMaster";
const EXECUTION_GRAPH = "org.apache.flink.runtime.executiongraph.ExecutionGraph";
const COORDINATOR = "org.apache.flink.runtime.checkpoint.CheckpointCoordinator";

/**
 * One job and Flink's JobStatus machine:
 *   INITIALIZING → CREATED → RUNNING → FINISHED (bounded jobs, or stop-with-savepoint)
 *   RUNNING → RESTARTING → RUNNING          (a failure while the restart strategy allows it)
 *   RUNNING → FAILING → FAILED               (restarts exhausted or not allowed)
 *   any non-terminal → CANCELLING → CANCELED
 * Restarts go straight from RUNNING to RESTARTING, as Flink's schedulers do for a recoverable
 * failure; FAILING only precedes FAILED.
 */
export class SimJob {
  readonly id: string;
  readonly name: string;
  readonly type: "STREAMING" | "BATCH";
  readonly parallelism: number;
  readonly config: Record<string, string>;
  readonly startTime = Date.now();
  readonly vertices: Vertex[];
  readonly checkpoints: CheckpointStats;
  readonly operations = new Operations();
  /** Newest first, as /jobs/:id/exceptions lists them. */
  readonly exceptions: ExceptionEntry[] = [];
  state: JobStatus = "INITIALIZING";
  endTime = -1;
  lastModification = Date.now();
  readonly timestamps: Record<JobStatus, number>;
  tasks: TaskPhase = "created";
  /** The root cause of a FAILED job (Flink 1.x shows it as `root-exception`). */
  rootFailure?: { stacktrace: string; timestamp: number };
  private restartsLeft: number;
  private runningSince = 0;
  private runningMs = 0;
  private readonly timers: TimerGroup;
  private stopPeriodic?: () => void;
  private stopCompletion?: () => void;
  private checkpointInFlight = false;

  constructor(private readonly host: JobHost, spec: JobSpec) {
    this.id = spec.id ?? flinkId();
    this.name = spec.name;
    this.type = spec.batch ? "BATCH" : "STREAMING";
    this.parallelism = Math.max(1, spec.parallelism);
    this.config = { ...host.config, ...(spec.config ?? {}) };
    this.timers = host.timers.group();
    this.timestamps = Object.fromEntries(JOB_STATUSES.map((s) => [s, 0])) as Record<JobStatus, number>;
    this.timestamps.INITIALIZING = this.startTime;
    this.vertices = (spec.vertexNames ?? DEFAULT_VERTICES).map((name) => ({
      id: flinkId(),
      name,
      slotSharingGroupId: flinkId(),
      parallelism: this.parallelism,
      maxParallelism: 128,
    }));
    this.checkpoints = new CheckpointStats(() => this.vertices.length * this.parallelism);
    this.restartsLeft = restartAttempts(this.config);
    host.log.log("INFO", "org.apache.flink.runtime.dispatcher.StandaloneDispatcher", `Received JobGraph submission '${this.name}' (${this.id}).`);
    host.log.log("INFO", "org.apache.flink.runtime.dispatcher.StandaloneDispatcher", `Submitting job '${this.name}' (${this.id}).`);
    if (spec.savepointPath) {
      this.checkpoints.recordRestore(spec.savepointPath, true);
      host.log.log("INFO", COORDINATOR, `Restoring job ${this.id} from Savepoint 0 @ 0 for ${this.id} located at ${spec.savepointPath}.`);
    }
    if (spec.failure !== undefined) {
      const failure = spec.failure;
      this.timers.after(TIMING.jobInitializingMs, () => this.failSubmission(failure));
      return;
    }
    const durationMs = spec.durationMs ?? (spec.batch ? TIMING.batchDurationMs : undefined);
    this.timers.after(TIMING.jobInitializingMs, () => {
      if (this.state !== "INITIALIZING") return;
      this.host.log.log("INFO", JOBMASTER, `Initializing job '${this.name}' (${this.id}).`);
      this.transition("CREATED");
      this.timers.after(TIMING.jobCreatedMs, () => this.startRunning(durationMs));
    });
  }

  get isTerminal(): boolean {
    return isGloballyTerminal(this.state);
  }

  /** Records processed so far (drives the vertex I/O metrics). */
  recordsProcessed(): number {
    const ms = this.runningMs + (this.tasks === "running" ? Date.now() - this.runningSince : 0);
    return Math.floor((ms / 1000) * 500 * this.parallelism * this.host.timers.speed);
  }

  /** PATCH /jobs/:id?mode=cancel. */
  cancel(): "accepted" | { terminal: JobStatus } {
    // Flink's Dispatcher acknowledges cancelling a job that is already CANCELED; only another
    // terminal state is a conflict (flink-apis.md §1: "409 if … already in another terminal state").
    if (this.state === "CANCELED" || this.state === "CANCELLING") return "accepted";
    if (this.isTerminal) return { terminal: this.state };
    this.stopWork();
    this.setTasks("canceling");
    this.transition("CANCELLING");
    this.failPendingOperations("org.apache.flink.runtime.checkpoint.CheckpointException", "Checkpoint Coordinator is suspending.");
    this.timers.after(TIMING.cancellingMs, () => {
      this.setTasks("canceled");
      this.end("CANCELED");
    });
    return "accepted";
  }

  /**
   * A task failure (injected through the control API). With restarts left the job restarts from its
   * latest completed checkpoint; otherwise (or with `exhaust`) it fails for good.
   */
  fail(exception: string | undefined, restarts: "allow" | "exhaust"): boolean {
    if (this.isTerminal || this.state === "CANCELLING" || this.state === "FAILING") return false;
    const { className, message } = parseException(exception);
    const vertex = this.vertices[0]!;
    const tm = this.host.slots.tasksOf(this.id)[0];
    const taskName = `${vertex.name} (1/${vertex.parallelism})#${this.exceptions.length}`;
    const stacktrace = javaStackTrace(`${className}: ${message}`, USER_CODE_FRAMES);
    const endpoint = tm ? `${tm.host}:${tm.dataPort}` : "localhost:0";
    const taskManagerId = tm?.id ?? "unknown";
    const entry: ExceptionEntry = {
      exceptionName: className,
      stacktrace,
      timestamp: Date.now(),
      taskName,
      endpoint,
      taskManagerId,
      failureLabels: {},
      concurrentExceptions: [],
    };
    this.exceptions.unshift(entry);
    this.host.log.log("INFO", EXECUTION_GRAPH, `${taskName} (${hex(16)}_${vertex.id}_0_0) switched from RUNNING to FAILED on ${taskManagerId} @ ${endpoint.split(":")[0]} (dataPort=${tm?.dataPort ?? -1}).`, stacktrace);
    if (restarts === "exhaust") this.restartsLeft = 0;
    this.stopWork();
    this.failPendingOperations("org.apache.flink.runtime.checkpoint.CheckpointException", "Checkpoint Coordinator is suspending.");
    if (this.restartsLeft > 0) {
      this.restartsLeft -= 1;
      this.setTasks("canceled");
      this.transition("RESTARTING");
      const delay = parseDuration(this.config["restart-strategy.fixed-delay.delay"]) ?? 1000;
      this.timers.after(delay, () => {
        if (this.state !== "RESTARTING") return;
        const restoreFrom = this.checkpoints.lastCompleted;
        if (restoreFrom) {
          this.checkpoints.recordRestore(restoreFrom.externalPath ?? "", false, restoreFrom.id);
          this.host.log.log("INFO", COORDINATOR, `Restoring job ${this.id} from Checkpoint ${restoreFrom.id} @ ${restoreFrom.triggerTimestamp} for ${this.id} located at ${restoreFrom.externalPath}.`);
        }
        this.transition("RUNNING");
        this.deployTasks(undefined);
      });
      return true;
    }
    const strategy = restartStrategyDescription(this.config);
    this.setTasks("failed");
    this.transition("FAILING");
    this.rootFailure = {
      timestamp: entry.timestamp,
      stacktrace: javaStackTrace(`org.apache.flink.runtime.JobException: Recovery is suppressed by ${strategy}`, RECOVERY_FRAMES, stacktrace),
    };
    this.timers.after(TIMING.failingMs, () => this.end("FAILED"));
    return true;
  }

  /** The program failed before it made a job graph: INITIALIZING → FAILED, the exception as a global failure. */
  private failSubmission(stacktrace: string): void {
    if (this.state !== "INITIALIZING") return;
    const timestamp = Date.now();
    const headline = stacktrace.split("\n")[0] ?? "";
    this.exceptions.unshift({ exceptionName: /^([\w$.]+)/.exec(headline)?.[1] ?? "java.lang.Exception", stacktrace, timestamp, failureLabels: {}, concurrentExceptions: [] });
    this.rootFailure = { stacktrace, timestamp };
    this.host.log.log("ERROR", "org.apache.flink.client.deployment.application.ApplicationDispatcherBootstrap", "Application failed unexpectedly.", stacktrace);
    this.end("FAILED");
  }

  /** POST /jobs/:id/savepoints (and `cancel-job`). Returns the trigger id. */
  triggerSavepoint(targetDirectory: string, formatType: "CANONICAL" | "NATIVE", cancelJob: boolean, triggerId?: string): string {
    const op = this.operations.start("savepoint", triggerId);
    if (!op.isNew) return op.triggerId;
    if (!this.canCheckpoint()) {
      this.operations.fail(op.triggerId, notRunningFailure(this));
      return op.triggerId;
    }
    const rec = this.checkpoints.start("SAVEPOINT", formatType);
    this.host.log.log("INFO", COORDINATOR, `Triggering checkpoint ${rec.id} (type=SavepointType{name='Savepoint', postCheckpointAction=NONE, formatType=${formatType}}) @ ${rec.triggerTimestamp} for job ${this.id}.`);
    this.timers.after(TIMING.savepointDurationMs, () => {
      if (rec.status !== "IN_PROGRESS") return;
      if (this.host.takeFault("failNextSavepoint")) {
        this.failSavepoint(rec, op.triggerId);
        return;
      }
      const location = this.completeSavepoint(rec, targetDirectory);
      this.operations.completeSavepoint(op.triggerId, location);
      if (cancelJob) this.cancel();
    });
    return op.triggerId;
  }

  /**
   * POST /jobs/:id/stop: a synchronous savepoint, after which the job ends FINISHED (Flink 1.15+).
   * If the savepoint fails the job keeps running.
   */
  stopWithSavepoint(targetDirectory: string, formatType: "CANONICAL" | "NATIVE", drain: boolean, triggerId?: string): string {
    const op = this.operations.start("savepoint", triggerId);
    if (!op.isNew) return op.triggerId;
    if (!this.canCheckpoint()) {
      this.operations.fail(op.triggerId, notRunningFailure(this));
      return op.triggerId;
    }
    this.host.log.log("INFO", JOBMASTER, `Triggering stop-with-savepoint for job ${this.id}.`);
    const rec = this.checkpoints.start("SYNC_SAVEPOINT", formatType);
    const action = drain ? "TERMINATE" : "SUSPEND";
    this.host.log.log("INFO", COORDINATOR, `Triggering checkpoint ${rec.id} (type=SavepointType{name='${drain ? "Terminate" : "Suspend"} Savepoint', postCheckpointAction=${action}, formatType=${formatType}}) @ ${rec.triggerTimestamp} for job ${this.id}.`);
    this.timers.after(TIMING.savepointDurationMs, () => {
      if (rec.status !== "IN_PROGRESS") return;
      if (this.host.takeFault("failNextSavepoint")) {
        this.failSavepoint(rec, op.triggerId);
        return;
      }
      const location = this.completeSavepoint(rec, targetDirectory);
      // The result is there before the job ends, so an application cluster shutting down with the job still serves it.
      this.operations.completeSavepoint(op.triggerId, location);
      this.stopWork();
      this.setTasks("finished");
      this.end("FINISHED");
    });
    return op.triggerId;
  }

  /** POST /jobs/:id/checkpoints: a manual checkpoint, polled like a savepoint. */
  triggerCheckpoint(triggerId?: string): string {
    const op = this.operations.start("checkpoint", triggerId);
    if (!op.isNew) return op.triggerId;
    if (!this.canCheckpoint()) {
      this.operations.fail(op.triggerId, notRunningFailure(this));
      return op.triggerId;
    }
    this.takeCheckpoint((rec, ok) => {
      if (ok) this.operations.completeCheckpoint(op.triggerId, rec.id);
      else this.operations.fail(op.triggerId, failureCause("org.apache.flink.runtime.checkpoint.CheckpointException", rec.failureMessage ?? "Checkpoint failed.", COORDINATOR_FRAMES));
    });
    return op.triggerId;
  }

  /** Stops timers for good (the JobManager hosting the job went away). */
  dispose(): void {
    this.timers.cancelAll();
  }

  private startRunning(durationMs: number | undefined): void {
    if (this.state !== "CREATED") return;
    this.transition("RUNNING");
    this.deployTasks(durationMs);
  }

  /** Tasks wait in SCHEDULED until the slot pool has room, then deploy and run. */
  private deployTasks(durationMs: number | undefined): void {
    if (this.state !== "RUNNING") return;
    if (!this.host.slots.allocate(this.id, this.parallelism)) {
      this.setTasks("scheduled");
      this.timers.after(TIMING.taskDeployingMs, () => this.deployTasks(durationMs));
      return;
    }
    this.setTasks("deploying");
    for (const tm of this.host.slots.tasksOf(this.id)) {
      for (const v of this.vertices) tm.log.log("INFO", "org.apache.flink.runtime.taskexecutor.TaskExecutor", `Received task ${v.name} (1/${v.parallelism})#0 (${hex(16)}_${v.id}_0_0), deploy into slot with allocation id ${hex(16)}.`);
    }
    this.timers.after(TIMING.taskDeployingMs, () => {
      if (this.state !== "RUNNING") return;
      this.setTasks("running");
      for (const tm of this.host.slots.tasksOf(this.id)) {
        for (const v of this.vertices) tm.log.log("INFO", "org.apache.flink.runtime.taskmanager.Task", `${v.name} (1/${v.parallelism})#0 switched from INITIALIZING to RUNNING.`);
      }
      const interval = parseDuration(this.config["execution.checkpointing.interval"]);
      if (this.type === "STREAMING" && interval && interval > 0) {
        this.stopPeriodic = this.timers.every(interval, () => this.takeCheckpoint(() => {}));
      }
      if (durationMs !== undefined) {
        const remaining = Math.max(0, durationMs - this.runningMs * this.host.timers.speed);
        this.stopCompletion = this.timers.after(remaining, () => {
          if (this.state !== "RUNNING") return;
          this.stopWork();
          this.setTasks("finished");
          this.end("FINISHED");
        });
      }
    });
  }

  private canCheckpoint(): boolean {
    return this.state === "RUNNING" && this.tasks === "running" && this.type === "STREAMING";
  }

  private takeCheckpoint(done: (rec: CheckpointRecord, ok: boolean) => void): void {
    if (!this.canCheckpoint() || this.checkpointInFlight) return;
    this.checkpointInFlight = true;
    const rec = this.checkpoints.start("CHECKPOINT");
    this.host.log.log("INFO", COORDINATOR, `Triggering checkpoint ${rec.id} (type=CheckpointType{name='Checkpoint', sharingFilesStrategy=FORWARD_BACKWARD}) @ ${rec.triggerTimestamp} for job ${this.id}.`);
    this.timers.after(TIMING.checkpointDurationMs, () => {
      this.checkpointInFlight = false;
      if (rec.status !== "IN_PROGRESS") return;
      if (this.host.takeFault("failNextCheckpoint")) {
        this.checkpoints.fail(rec, "Checkpoint expired before completing.");
        this.host.log.log("WARN", "org.apache.flink.runtime.checkpoint.CheckpointFailureManager", `Failed to trigger or complete checkpoint ${rec.id} for job ${this.id}. (0 consecutive failed attempts so far)`, javaStackTrace("org.apache.flink.runtime.checkpoint.CheckpointException: Checkpoint expired before completing.", COORDINATOR_FRAMES));
        done(rec, false);
        return;
      }
      const dir = (this.config["execution.checkpointing.dir"] ?? this.config["state.checkpoints.dir"] ?? "file:///tmp/flink-checkpoints").replace(/\/$/, "");
      this.checkpoints.complete(rec, `${dir}/${this.id}/chk-${rec.id}`);
      this.host.log.log("INFO", COORDINATOR, `Completed checkpoint ${rec.id} for job ${this.id} (${rec.stateSize} bytes, checkpointDuration=${rec.durationMs} ms, finalizationTime=1 ms).`);
      this.touch();
      done(rec, true);
    });
  }

  /** Flink names savepoints `savepoint-<first 6 of the job id>-<12 random hex>`. */
  private completeSavepoint(rec: CheckpointRecord, targetDirectory: string): string {
    const location = `${targetDirectory.replace(/\/$/, "")}/savepoint-${this.id.slice(0, 6)}-${hex(6)}`;
    this.checkpoints.complete(rec, location);
    this.host.log.log("INFO", COORDINATOR, `Completed checkpoint ${rec.id} for job ${this.id} (${rec.stateSize} bytes, checkpointDuration=${rec.durationMs} ms, finalizationTime=2 ms).`);
    this.touch();
    return location;
  }

  private failSavepoint(rec: CheckpointRecord, triggerId: string): void {
    const message = "Failure reason: Not all required tasks are currently running.";
    this.checkpoints.fail(rec, message);
    this.host.log.log("WARN", "org.apache.flink.runtime.checkpoint.CheckpointFailureManager", `Failed to trigger or complete checkpoint ${rec.id} for job ${this.id}. (0 consecutive failed attempts so far)`);
    this.operations.fail(
      triggerId,
      failureCause("java.util.concurrent.CompletionException", `org.apache.flink.runtime.checkpoint.CheckpointException: ${message}`, COORDINATOR_FRAMES, `org.apache.flink.runtime.checkpoint.CheckpointException: ${message}`),
    );
    this.touch();
  }

  private failPendingOperations(exceptionClass: string, message: string): void {
    this.checkpoints.abortPending(message);
    for (const id of this.operations.pendingIds()) this.operations.fail(id, failureCause(exceptionClass, message, COORDINATOR_FRAMES));
  }

  private stopWork(): void {
    this.stopPeriodic?.();
    this.stopPeriodic = undefined;
    this.stopCompletion?.();
    this.stopCompletion = undefined;
  }

  private setTasks(phase: TaskPhase): void {
    if (this.tasks === "running" && phase !== "running") this.runningMs += Date.now() - this.runningSince;
    if (phase === "running") this.runningSince = Date.now();
    this.tasks = phase;
    if (phase === "canceled" || phase === "failed" || phase === "finished") this.host.slots.release(this.id);
    this.touch();
  }

  private transition(to: JobStatus): void {
    const from = this.state;
    this.state = to;
    this.timestamps[to] = Date.now();
    this.host.log.log("INFO", EXECUTION_GRAPH, `Job ${this.name} (${this.id}) switched from state ${from} to ${to}.`);
    this.touch();
  }

  private end(state: "FINISHED" | "CANCELED" | "FAILED"): void {
    this.stopWork();
    this.endTime = Date.now();
    this.transition(state);
    this.host.slots.release(this.id);
    this.host.log.log("INFO", "org.apache.flink.runtime.dispatcher.StandaloneDispatcher", `Job ${this.id} reached terminal state ${state}.`);
    this.timers.cancelAll();
    this.host.jobChanged(this);
  }

  private touch(): void {
    this.lastModification = Date.now();
    this.host.jobChanged(this);
  }
}

/** `restart-strategy.type` as Flink reads it: none/off/disable, fixed-delay, exponential-delay. */
function restartAttempts(config: Record<string, string>): number {
  const type = (config["restart-strategy.type"] ?? config["restart-strategy"] ?? "exponential-delay").toLowerCase();
  if (["none", "off", "disable"].includes(type)) return 0;
  if (type === "fixed-delay" || type === "fixeddelay") return Number(config["restart-strategy.fixed-delay.attempts"] ?? "1");
  return Number(config["restart-strategy.exponential-delay.attempts-before-reset-backoff"] ?? Number.MAX_SAFE_INTEGER);
}

function restartStrategyDescription(config: Record<string, string>): string {
  const type = (config["restart-strategy.type"] ?? config["restart-strategy"] ?? "exponential-delay").toLowerCase();
  if (["none", "off", "disable"].includes(type)) return "NoRestartBackoffTimeStrategy";
  if (type === "fixed-delay" || type === "fixeddelay") {
    const delay = parseDuration(config["restart-strategy.fixed-delay.delay"]) ?? 1000;
    return `FixedDelayRestartBackoffTimeStrategy(maxNumberRestartAttempts=${config["restart-strategy.fixed-delay.attempts"] ?? "1"}, backoffTimeMS=${delay})`;
  }
  return "ExponentialDelayRestartBackoffTimeStrategy(initialBackoffMS=1000, maxBackoffMS=60000, backoffMultiplier=1.5, resetBackoffThresholdMS=3600000, jitterFactor=0.1, currentBackoffMS=1000, attemptsBeforeResetBackoff=2147483647)";
}

/** "java.io.IOException: disk full" → class and message; a bare message is a RuntimeException. */
function parseException(text: string | undefined): { className: string; message: string } {
  const t = text?.trim() || "java.lang.RuntimeException: Simulated task failure";
  const m = /^([a-zA-Z_$][\w$]*(?:\.[a-zA-Z_$][\w$]*)+)(?::\s*(.*))?$/s.exec(t);
  if (m) return { className: m[1]!, message: m[2] ?? "" };
  return { className: "java.lang.RuntimeException", message: t };
}

function notRunningFailure(job: SimJob) {
  return failureCause(
    "org.apache.flink.runtime.checkpoint.CheckpointException",
    `Checkpoint triggering task ${job.vertices[0]?.name ?? "Source"} (1/${job.parallelism}) of job ${job.id} is not being executed at the moment. Aborting checkpoint. Failure reason: Not all required tasks are currently running.`,
    COORDINATOR_FRAMES,
  );
}

const USER_CODE_FRAMES = [
  "com.example.pipeline.EnrichFunction.map(EnrichFunction.java:42)",
  "org.apache.flink.streaming.api.operators.StreamMap.processElement(StreamMap.java:38)",
  "org.apache.flink.streaming.runtime.tasks.OneInputStreamTask$StreamTaskNetworkOutput.emitRecord(OneInputStreamTask.java:238)",
  "org.apache.flink.streaming.runtime.tasks.StreamTask.invoke(StreamTask.java:821)",
  "org.apache.flink.runtime.taskmanager.Task.run(Task.java:566)",
  "java.base/java.lang.Thread.run(Thread.java:840)",
];

const RECOVERY_FRAMES = [
  "org.apache.flink.runtime.executiongraph.failover.ExecutionFailureHandler.handleFailure(ExecutionFailureHandler.java:219)",
  "org.apache.flink.runtime.executiongraph.failover.ExecutionFailureHandler.getFailureHandlingResult(ExecutionFailureHandler.java:166)",
  "org.apache.flink.runtime.scheduler.DefaultScheduler.recordTaskFailure(DefaultScheduler.java:308)",
];

const COORDINATOR_FRAMES = [
  "org.apache.flink.runtime.checkpoint.CheckpointCoordinator.triggerCheckpointFromCheckpointThread(CheckpointCoordinator.java:711)",
  "java.base/java.util.concurrent.CompletableFuture.uniApplyNow(CompletableFuture.java:680)",
];
