import type { components } from "@/lib/flink/generated/jobmanager";

/**
 * JobManager REST types: generated from rest_v1_dispatcher.yml (lib/flink/generated/jobmanager.ts,
 * `npm run gen:flink-types`), narrowed where the wire differs from the spec (flink-apis.md "Spec errata").
 */
type S = components["schemas"];

export type JobStatus = S["JobStatus"];
export type ExecutionState = S["ExecutionState"];
/** Globally terminal: the job will not run again. SUSPENDED is terminal only locally (flink-apis.md §1). */
export const TERMINAL_JOB_STATUSES: readonly JobStatus[] = ["FAILED", "CANCELED", "FINISHED"];

export type DashboardConfig = S["DashboardConfiguration"];
export type ClusterOverview = S["ClusterOverviewWithVersion"];
export type JobIdWithStatus = S["JobIdWithStatus"];
/** One entry of GET /jobs/overview. */
export type JobOverview = S["JobDetails"];
/**
 * GET /jobs/:id/config as on the wire. JobConfigInfo has a custom serializer writing `jid`, `name`
 * and `execution-config`; the spec, generated from its getters, says jobId, jobName and
 * executionConfigInfo (wire≠spec). Flink 1.x also writes `execution-mode` (removed in 2.0).
 */
export type JobConfig = {
  jid: string;
  name: string;
  "execution-config"?: S["ExecutionConfigInfo"] & { "execution-mode"?: string };
};
export type JarList = S["JarListInfo"];
export type LogInfo = S["LogInfo"];

// Erratum 2: slotSharingGroupId and application ids are 32-hex strings on the wire, objects in the spec.
export type JobVertex = Omit<S["JobDetailsVertexInfo"], "slotSharingGroupId"> & { slotSharingGroupId?: string };
export type JobDetails = Omit<S["JobDetailsInfo"], "application-id" | "vertices"> & {
  "application-id"?: string;
  vertices?: JobVertex[];
};

// Erratum 1: TaskManager ids are any non-empty string (host:port-abc123, a YARN container id, a pod
// name), not 32 hex as the spec says; the generated `ResourceID` is already a plain string.
export type TaskManagerInfo = S["TaskManagerInfo"];
export type TaskManagerDetails = S["TaskManagerDetailsInfo"];

// Erratum 4: percentiles are the string "NaN" until a checkpoint completes.
export type StatsSummary = {
  [K in keyof S["StatsSummaryDto"]]: K extends `p${number}` ? number | "NaN" : S["StatsSummaryDto"][K];
};
export type CheckpointSummary = { [K in keyof S["CheckpointStatisticsSummary"]]?: StatsSummary };
export type CompletedCheckpoint = S["CompletedCheckpointStatistics"];
export type FailedCheckpoint = S["FailedCheckpointStatistics"];
export type PendingCheckpoint = S["PendingCheckpointStatistics"];
export type CheckpointHistoryEntry = CompletedCheckpoint | FailedCheckpoint | PendingCheckpoint;
export type RestoredCheckpoint = S["RestoredCheckpointStatistics"];

export type CheckpointingStatistics = Omit<S["CheckpointingStatistics"], "latest" | "summary" | "history"> & {
  // Erratum 3: each of these is null until one exists.
  latest?: {
    completed?: CompletedCheckpoint | null;
    savepoint?: CompletedCheckpoint | null;
    failed?: FailedCheckpoint | null;
    restored?: RestoredCheckpoint | null;
  };
  summary?: CheckpointSummary;
  history?: CheckpointHistoryEntry[];
};

/**
 * A failure cause of an asynchronous operation. The spec's SerializedThrowable has only
 * `serialized-throwable`; the wire also has `class` and `stack-trace` (flink-apis.md §1), and
 * `message` is the stack trace's first meaningful line.
 */
export interface FailureCause {
  className?: string;
  message: string;
  stackTrace?: string;
}

/** A savepoint (or stop-with-savepoint) trigger's state. Erratum 5: the answer is any-of, not one-of. */
export type SavepointStatus =
  | { status: "IN_PROGRESS" }
  | { status: "COMPLETED"; location: string }
  | { status: "FAILED"; failureCause: FailureCause };
export type SavepointResult = Exclude<SavepointStatus, { status: "IN_PROGRESS" }>;

export type CheckpointTriggerStatus =
  | { status: "IN_PROGRESS" }
  | { status: "COMPLETED"; checkpointId: number }
  | { status: "FAILED"; failureCause: FailureCause };
export type CheckpointTriggerResult = Exclude<CheckpointTriggerStatus, { status: "IN_PROGRESS" }>;

/** One failure of a job, the same for Flink 1.x and 2.x answers. */
export interface JobExceptionEntry {
  exceptionName: string;
  /** The first meaningful line of the stack trace. */
  message: string;
  stacktrace: string;
  /** Epoch ms, or null when Flink did not say. */
  timestamp: number | null;
  taskName: string | null;
  /** host:port of the TaskManager (1.x before 1.17 called it `location`). */
  endpoint: string | null;
  taskManagerId: string | null;
  failureLabels: Record<string, string>;
  concurrentExceptions: Omit<JobExceptionEntry, "concurrentExceptions">[];
}

export interface JobExceptions {
  /** Newest first, as Flink lists them. */
  entries: JobExceptionEntry[];
  truncated: boolean;
}

export type ClaimMode = S["RecoveryClaimMode"];
export type SavepointFormatType = S["SavepointFormatType"];
export type CheckpointType = S["CheckpointType"];

/** A completed checkpoint or savepoint as `checkpointStats` reports it (epoch ms, bytes). */
export interface CheckpointSummaryEntry {
  id: number;
  externalPath: string | null;
  triggerTimestamp: number | null;
  latestAckTimestamp: number | null;
  stateSize: number | null;
}

/**
 * GET /jobs/:id/checkpoints normalised for watching checkpoints: counts, and the latest completed,
 * savepoint, failed and restored entries, each null until Flink has one (erratum 3).
 */
export interface CheckpointStats {
  counts: { total: number; inProgress: number; completed: number; failed: number; restored: number };
  latestCompleted: CheckpointSummaryEntry | null;
  latestSavepoint: CheckpointSummaryEntry | null;
  latestFailed: { id: number; triggerTimestamp: number | null; failureTimestamp: number | null; failureMessage: string | null } | null;
  latestRestored: { id: number; externalPath: string | null; restoreTimestamp: number | null; isSavepoint: boolean } | null;
}
