/**
 * Checkpoint statistics of one job, shaped like `/jobs/:jobid/checkpoints` (CheckpointingStatistics).
 * Wire facts copied from flink-apis.md: `latest.*` are null until one exists (erratum 3) and the
 * summary percentiles are the string "NaN" before the first completed checkpoint (erratum 4).
 */
export type CheckpointKind = "CHECKPOINT" | "SAVEPOINT" | "SYNC_SAVEPOINT";

export type CheckpointRecord = {
  id: number;
  status: "IN_PROGRESS" | "COMPLETED" | "FAILED";
  kind: CheckpointKind;
  savepointFormat?: "CANONICAL" | "NATIVE";
  triggerTimestamp: number;
  latestAckTimestamp: number;
  stateSize: number;
  durationMs: number;
  numSubtasks: number;
  numAcknowledged: number;
  externalPath?: string;
  failureTimestamp?: number;
  failureMessage?: string;
};

type Restored = { id: number; restore_timestamp: number; is_savepoint: boolean; external_path: string };

/** Flink keeps `web.checkpoints.history` (default 10) entries in the history. */
const HISTORY_SIZE = 10;

export class CheckpointStats {
  private nextId = 1;
  private readonly records: CheckpointRecord[] = [];
  private readonly completedDurations: number[] = [];
  private readonly completedSizes: number[] = [];
  private counts = { restored: 0, total: 0, in_progress: 0, completed: 0, failed: 0 };
  private latestCompleted?: CheckpointRecord;
  private latestSavepoint?: CheckpointRecord;
  private latestFailed?: CheckpointRecord;
  private restored?: Restored;

  constructor(private readonly numSubtasks: () => number) {}

  get lastCompleted(): CheckpointRecord | undefined {
    return this.latestCompleted;
  }

  /** A restore (from a savepoint at submission, or from the latest checkpoint on restart). */
  recordRestore(externalPath: string, isSavepoint: boolean, id = 0): void {
    this.counts.restored += 1;
    this.restored = { id, restore_timestamp: Date.now(), is_savepoint: isSavepoint, external_path: externalPath };
  }

  start(kind: CheckpointKind, savepointFormat?: "CANONICAL" | "NATIVE"): CheckpointRecord {
    const n = this.numSubtasks();
    const now = Date.now();
    const rec: CheckpointRecord = {
      id: this.nextId++,
      status: "IN_PROGRESS",
      kind,
      savepointFormat: kind === "CHECKPOINT" ? undefined : savepointFormat,
      triggerTimestamp: now,
      latestAckTimestamp: now,
      stateSize: 0,
      durationMs: 0,
      numSubtasks: n,
      numAcknowledged: 0,
    };
    this.records.unshift(rec);
    if (this.records.length > HISTORY_SIZE) this.records.length = HISTORY_SIZE;
    this.counts.total += 1;
    this.counts.in_progress += 1;
    return rec;
  }

  complete(rec: CheckpointRecord, externalPath: string): void {
    const now = Date.now();
    rec.status = "COMPLETED";
    rec.latestAckTimestamp = now;
    rec.durationMs = now - rec.triggerTimestamp;
    rec.numAcknowledged = rec.numSubtasks;
    // State grows slowly with each checkpoint, like a keyed aggregation would.
    rec.stateSize = 40_000 + rec.id * 1_337;
    rec.externalPath = externalPath;
    this.counts.in_progress -= 1;
    this.counts.completed += 1;
    this.completedDurations.push(rec.durationMs);
    this.completedSizes.push(rec.stateSize);
    if (rec.kind === "CHECKPOINT") this.latestCompleted = rec;
    else this.latestSavepoint = rec;
  }

  fail(rec: CheckpointRecord, message: string): void {
    const now = Date.now();
    rec.status = "FAILED";
    rec.latestAckTimestamp = now;
    rec.durationMs = now - rec.triggerTimestamp;
    rec.failureTimestamp = now;
    rec.failureMessage = message;
    this.counts.in_progress -= 1;
    this.counts.failed += 1;
    this.latestFailed = rec;
  }

  /** Pending checkpoints are aborted when the job stops running. */
  abortPending(message: string): void {
    for (const r of this.records) if (r.status === "IN_PROGRESS") this.fail(r, message);
  }

  toJson(): Record<string, unknown> {
    return {
      counts: { ...this.counts },
      summary: {
        checkpointed_size: summary(this.completedSizes),
        state_size: summary(this.completedSizes),
        end_to_end_duration: summary(this.completedDurations),
        alignment_buffered: summary(this.completedSizes.map(() => 0)),
        processed_data: summary(this.completedSizes.map(() => 0)),
        persisted_data: summary(this.completedSizes.map(() => 0)),
      },
      latest: {
        completed: this.latestCompleted ? recordJson(this.latestCompleted) : null,
        savepoint: this.latestSavepoint ? recordJson(this.latestSavepoint) : null,
        failed: this.latestFailed ? recordJson(this.latestFailed) : null,
        restored: this.restored ? { ...this.restored } : null,
      },
      history: this.records.map(recordJson),
    };
  }
}

function recordJson(r: CheckpointRecord): Record<string, unknown> {
  const className = r.status === "COMPLETED" ? "completed" : r.status === "FAILED" ? "failed" : "in_progress";
  const base: Record<string, unknown> = {
    className,
    id: r.id,
    status: r.status,
    is_savepoint: r.kind !== "CHECKPOINT",
    savepointFormat: r.savepointFormat ?? null,
    trigger_timestamp: r.triggerTimestamp,
    latest_ack_timestamp: r.latestAckTimestamp,
    checkpointed_size: r.stateSize,
    state_size: r.stateSize,
    end_to_end_duration: r.durationMs,
    alignment_buffered: 0,
    processed_data: 0,
    persisted_data: 0,
    num_subtasks: r.numSubtasks,
    num_acknowledged_subtasks: r.numAcknowledged,
    checkpoint_type: r.kind,
    tasks: {},
  };
  if (base.savepointFormat === null) delete base.savepointFormat;
  if (r.status === "COMPLETED") Object.assign(base, { external_path: r.externalPath, discarded: false });
  if (r.status === "FAILED") Object.assign(base, { failure_timestamp: r.failureTimestamp, failure_message: r.failureMessage });
  return base;
}

/** StatsSummaryDto: min/max/avg are longs (0 when empty), percentiles doubles or "NaN". */
function summary(values: number[]): Record<string, number | string> {
  if (values.length === 0) {
    return { min: 0, max: 0, avg: 0, p50: "NaN", p90: "NaN", p95: "NaN", p99: "NaN", p999: "NaN" };
  }
  const sorted = [...values].sort((a, b) => a - b);
  const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
  return {
    min: sorted[0]!,
    max: sorted[sorted.length - 1]!,
    avg: Math.round(values.reduce((a, b) => a + b, 0) / values.length),
    p50: q(0.5),
    p90: q(0.9),
    p95: q(0.95),
    p99: q(0.99),
    p999: q(0.999),
  };
}
