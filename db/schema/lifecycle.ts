import { sql } from "drizzle-orm";
import { bigserial, index, integer, jsonb, pgEnum, pgTable, serial, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { clusters } from "./clusters";
import { jobs } from "./jobs";
import { teams } from "./teams";
import { users } from "./users";

export const operationKind = pgEnum("operation_kind", ["build", "start", "stop", "cancel", "savepoint", "restart"]);
export const operationStatus = pgEnum("operation_status", ["queued", "running", "succeeded", "failed"]);

/**
 * A request to do something to a job, and how it went. Created in the same transaction as the
 * state change that asks for it, together with its graphile-worker job; the task records progress.
 * At most one unfinished operation per job (partial unique index): operations on a job take turns.
 */
export const jobOperations = pgTable(
  "job_operations",
  {
    id: serial("id").primaryKey(),
    teamId: integer("team_id")
      .notNull()
      .references(() => teams.id, { onDelete: "cascade" }),
    jobId: integer("job_id")
      .notNull()
      .references(() => jobs.id, { onDelete: "cascade" }),
    kind: operationKind("kind").notNull(),
    status: operationStatus("status").notNull().default("queued"),
    /** The caller's choices (savepoint choice, drain, …). */
    options: jsonb("options").$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    /** null for Eddy itself (auto-restart, recovery). */
    requestedBy: integer("requested_by").references(() => users.id, { onDelete: "set null" }),
    requestedByName: text("requested_by_name").notNull(),
    /** Steps so far: [{name, status, at, message}]. */
    steps: jsonb("steps").$type<{ name: string; status: "running" | "done" | "failed" | "skipped"; at: string; message?: string }[]>().notNull().default(sql`'[]'::jsonb`),
    /** The outcome in a sentence: Flink's own message when Flink refused. */
    message: text("message"),
    /** What the operation did, line by line (commands run, Flink's answers), for its detail view. */
    log: text("log").notNull().default(""),
    result: jsonb("result").$type<Record<string, unknown>>(),
    runId: integer("run_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp("started_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [
    index("job_operations_job_idx").on(t.jobId, t.createdAt),
    uniqueIndex("job_operations_one_active").on(t.jobId).where(sql`${t.status} in ('queued', 'running')`),
  ],
);

export const buildStatus = pgEnum("build_status", ["running", "succeeded", "failed"]);

/**
 * A frozen, immutable description of exactly what will run: the version's SQL or jar, the
 * variable values (secrets sealed), the jars with their checksums and where they are, and the
 * Flink version's home. Deploys use only this.
 */
export const jobReleases = pgTable(
  "job_releases",
  {
    id: serial("id").primaryKey(),
    jobId: integer("job_id")
      .notNull()
      .references(() => jobs.id, { onDelete: "cascade" }),
    version: integer("version").notNull(),
    operationId: integer("operation_id"),
    manifest: jsonb("manifest").$type<Record<string, unknown>>().notNull(),
    /** The build's log, line by line. */
    log: text("log").notNull().default(""),
    status: buildStatus("status").notNull(),
    failedStep: text("failed_step"),
    error: text("error"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [index("job_releases_job_idx").on(t.jobId, t.createdAt)],
);

/** One deployment of a release: where it went and which Flink job it became. Never reused. */
export const jobRuns = pgTable(
  "job_runs",
  {
    id: serial("id").primaryKey(),
    jobId: integer("job_id")
      .notNull()
      .references(() => jobs.id, { onDelete: "cascade" }),
    releaseId: integer("release_id")
      .notNull()
      .references(() => jobReleases.id, { onDelete: "restrict" }),
    version: integer("version").notNull(),
    mode: text("mode").notNull(),
    clusterId: integer("cluster_id").references(() => clusters.id, { onDelete: "set null" }),
    /** Chosen before submission, so a retried deploy finds the job it already submitted. */
    flinkJobId: text("flink_job_id").notNull(),
    yarnApplicationId: text("yarn_application_id"),
    k8sNamespace: text("k8s_namespace"),
    k8sName: text("k8s_name"),
    /** The JobManager REST URL when known (application clusters get their own). */
    jobManagerUrl: text("job_manager_url"),
    restoredFrom: text("restored_from"),
    restoreKind: text("restore_kind").notNull().default("none"),
    allowNonRestoredState: integer("allow_non_restored_state").notNull().default(0),
    /** Flink's last reported status for this run (or Eddy's: DEPLOYING, LOST, UNKNOWN). */
    state: text("state").notNull().default("DEPLOYING"),
    operationId: integer("operation_id"),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
    endedAt: timestamp("ended_at", { withTimezone: true }),
    /** Set when the run's job was first missing from where it should be; LOST after a grace period. */
    missingSince: timestamp("missing_since", { withTimezone: true }),
    /** Checkpoint watching: when last read, Flink's failed-checkpoint count then, and recent failures (epoch ms). */
    checkpointsCheckedAt: timestamp("checkpoints_checked_at", { withTimezone: true }),
    checkpointsFailed: integer("checkpoints_failed"),
    checkpointFailures: jsonb("checkpoint_failures").$type<number[]>().notNull().default(sql`'[]'::jsonb`),
  },
  (t) => [
    index("job_runs_job_idx").on(t.jobId, t.startedAt),
    // Every watch reads the live runs of one place; ended runs pile up and are never watched.
    index("job_runs_live_cluster_idx").on(t.clusterId).where(sql`${t.endedAt} is null`),
    index("job_runs_live_mode_idx").on(t.mode).where(sql`${t.endedAt} is null`),
    uniqueIndex("job_runs_flink_job_key").on(t.flinkJobId),
  ],
);

export const snapshotKind = pgEnum("snapshot_kind", ["savepoint", "checkpoint"]);

/** Savepoints and retained checkpoints of a job's runs, to restore from. The newest N are kept. */
export const jobSnapshots = pgTable(
  "job_snapshots",
  {
    id: serial("id").primaryKey(),
    jobId: integer("job_id")
      .notNull()
      .references(() => jobs.id, { onDelete: "cascade" }),
    runId: integer("run_id").references(() => jobRuns.id, { onDelete: "set null" }),
    kind: snapshotKind("kind").notNull(),
    /** manual, stop, restart, periodic (a completed checkpoint seen by the watcher). */
    trigger: text("trigger").notNull(),
    path: text("path").notNull(),
    flinkCheckpointId: integer("flink_checkpoint_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("job_snapshots_job_idx").on(t.jobId, t.createdAt), uniqueIndex("job_snapshots_job_path_key").on(t.jobId, t.path)],
);

/** The job's timeline: every observed state change, operation and recovery, in order. */
export const jobEvents = pgTable(
  "job_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    jobId: integer("job_id")
      .notNull()
      .references(() => jobs.id, { onDelete: "cascade" }),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    /** state | operation | restart | lost | external | checkpoint */
    kind: text("kind").notNull(),
    fromState: text("from_state"),
    toState: text("to_state"),
    message: text("message").notNull(),
    runId: integer("run_id"),
    operationId: integer("operation_id"),
  },
  (t) => [index("job_events_job_idx").on(t.jobId, t.at)],
);
