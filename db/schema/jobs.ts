import { sql } from "drizzle-orm";
import { boolean, index, integer, jsonb, pgEnum, pgTable, primaryKey, serial, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { clusters } from "./clusters";
import { flinkVersions } from "./flink-versions";
import { teams } from "./teams";
import { users } from "./users";

export const jobType = pgEnum("job_type", ["sql", "jar"]);
export const executionMode = pgEnum("execution_mode", ["remote", "yarn-per-job", "yarn-application", "yarn-session", "k8s-session", "k8s-application"]);

/**
 * What Eddy last observed of a job: Flink's own JobStatus values, plus Eddy's states for what
 * Flink cannot tell (never started, building, deploying, stopping, lost, unknown). The lifecycle
 * (issue 5) writes it; the job center filters on it.
 */
export const jobObservedState = pgEnum("job_observed_state", [
  "NEVER_STARTED",
  "BUILDING",
  "DEPLOYING",
  "INITIALIZING",
  "CREATED",
  "RUNNING",
  "FAILING",
  "FAILED",
  "CANCELLING",
  "CANCELED",
  "FINISHED",
  "RESTARTING",
  "SUSPENDED",
  "RECONCILING",
  "STOPPING",
  "LOST",
  "UNKNOWN",
]);

/** What the people responsible want: running, stopped with a savepoint to resume from, or cancelled. */
export const jobDesiredState = pgEnum("job_desired_state", ["running", "suspended", "cancelled"]);

/**
 * A job. Its SQL and settings live in immutable versions (job_versions); the columns below mirror
 * the newest version so that the job center can filter and sort in SQL.
 */
export const jobs = pgTable(
  "jobs",
  {
    id: serial("id").primaryKey(),
    teamId: integer("team_id")
      .notNull()
      .references(() => teams.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    tags: text("tags").array().notNull().default(sql`'{}'::text[]`),
    ownerId: integer("owner_id").references(() => users.id, { onDelete: "set null" }),
    type: jobType("type").notNull(),
    mode: executionMode("mode").notNull(),
    flinkVersionId: integer("flink_version_id").references(() => flinkVersions.id, { onDelete: "restrict" }),
    clusterId: integer("cluster_id").references(() => clusters.id, { onDelete: "restrict" }),
    /** The newest version's number, and the one running on Flink (set by deployments). */
    headVersion: integer("head_version").notNull().default(1),
    deployedVersion: integer("deployed_version"),
    /** The newest version's SQL (SQL jobs), for search and for finding variable use. */
    sql: text("sql").notNull().default(""),
    /** The newest version's settings (see lib/jobs/settings.ts), for finding variable and resource use. */
    settings: jsonb("settings").$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    valid: boolean("valid").notNull().default(false),
    observedState: jobObservedState("observed_state").notNull().default("NEVER_STARTED"),
    /** What people asked for (null: never asked); kept apart from what Flink reports. */
    desiredState: jobDesiredState("desired_state"),
    /** The run deployed last (live, or the one that ended). */
    currentRunId: integer("current_run_id"),
    /** Automatic restarts inside the restart policy's window (reset by a person's start). */
    restartCount: integer("restart_count").notNull().default(0),
    restartWindowStartedAt: timestamp("restart_window_started_at", { withTimezone: true }),
    /** No alerts for this job until then (someone silenced it). */
    alertsSilencedUntil: timestamp("alerts_silenced_until", { withTimezone: true }),
    stateChangedAt: timestamp("state_changed_at", { withTimezone: true }).notNull().defaultNow(),
    createdBy: integer("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("jobs_team_name_lower_key").on(t.teamId, sql`lower(${t.name})`),
    // The job center sorts and filters by these within a team.
    index("jobs_team_updated_idx").on(t.teamId, t.updatedAt),
    index("jobs_team_state_idx").on(t.teamId, t.observedState, t.stateChangedAt),
    index("jobs_team_mode_idx").on(t.teamId, t.mode),
    index("jobs_team_cluster_idx").on(t.teamId, t.clusterId),
    index("jobs_team_owner_idx").on(t.teamId, t.ownerId),
    index("jobs_tags_gin").using("gin", t.tags),
  ],
);

/** One saved state of a job's SQL and settings. Never updated; a rollback makes a new version. */
/**
 * Names a job had before it was renamed, so that links people shared (chat, tickets, alerts) still
 * open the job: a page asked for an old name redirects to the current one. A job that takes the
 * name later takes its links too (the row is removed).
 */
export const jobRenames = pgTable(
  "job_renames",
  {
    teamId: integer("team_id").notNull().references(() => teams.id, { onDelete: "cascade" }),
    oldName: text("old_name").notNull(),
    jobId: integer("job_id").notNull().references(() => jobs.id, { onDelete: "cascade" }),
    renamedAt: timestamp("renamed_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.oldName] })],
);

export const jobVersions = pgTable(
  "job_versions",
  {
    id: serial("id").primaryKey(),
    jobId: integer("job_id")
      .notNull()
      .references(() => jobs.id, { onDelete: "cascade" }),
    number: integer("number").notNull(),
    sql: text("sql").notNull().default(""),
    settings: jsonb("settings").$type<Record<string, unknown>>().notNull(),
    note: text("note").notNull().default(""),
    /** The version it was rolled back to, when it is a rollback. */
    restoredFrom: integer("restored_from"),
    valid: boolean("valid").notNull(),
    diagnostics: jsonb("diagnostics").$type<unknown[]>().notNull().default(sql`'[]'::jsonb`),
    createdBy: integer("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("job_versions_job_number_key").on(t.jobId, t.number)],
);
