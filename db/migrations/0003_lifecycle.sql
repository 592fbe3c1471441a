CREATE TYPE "public"."job_desired_state" AS ENUM('running', 'suspended', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."build_status" AS ENUM('running', 'succeeded', 'failed');--> statement-breakpoint
CREATE TYPE "public"."operation_kind" AS ENUM('build', 'start', 'stop', 'cancel', 'savepoint', 'restart');--> statement-breakpoint
CREATE TYPE "public"."operation_status" AS ENUM('queued', 'running', 'succeeded', 'failed');--> statement-breakpoint
CREATE TYPE "public"."snapshot_kind" AS ENUM('savepoint', 'checkpoint');--> statement-breakpoint
CREATE TABLE "job_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"job_id" integer NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"kind" text NOT NULL,
	"from_state" text,
	"to_state" text,
	"message" text NOT NULL,
	"run_id" integer,
	"operation_id" integer
);
--> statement-breakpoint
CREATE TABLE "job_operations" (
	"id" serial PRIMARY KEY NOT NULL,
	"team_id" integer NOT NULL,
	"job_id" integer NOT NULL,
	"kind" "operation_kind" NOT NULL,
	"status" "operation_status" DEFAULT 'queued' NOT NULL,
	"options" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"requested_by" integer,
	"requested_by_name" text NOT NULL,
	"steps" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"message" text,
	"log" text DEFAULT '' NOT NULL,
	"result" jsonb,
	"run_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "job_releases" (
	"id" serial PRIMARY KEY NOT NULL,
	"job_id" integer NOT NULL,
	"version" integer NOT NULL,
	"operation_id" integer,
	"manifest" jsonb NOT NULL,
	"log" text DEFAULT '' NOT NULL,
	"status" "build_status" NOT NULL,
	"failed_step" text,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "job_runs" (
	"id" serial PRIMARY KEY NOT NULL,
	"job_id" integer NOT NULL,
	"release_id" integer NOT NULL,
	"version" integer NOT NULL,
	"mode" text NOT NULL,
	"cluster_id" integer,
	"flink_job_id" text NOT NULL,
	"yarn_application_id" text,
	"k8s_namespace" text,
	"k8s_name" text,
	"job_manager_url" text,
	"restored_from" text,
	"restore_kind" text DEFAULT 'none' NOT NULL,
	"allow_non_restored_state" integer DEFAULT 0 NOT NULL,
	"state" text DEFAULT 'DEPLOYING' NOT NULL,
	"operation_id" integer,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ended_at" timestamp with time zone,
	"missing_since" timestamp with time zone,
	"checkpoints_checked_at" timestamp with time zone,
	"checkpoints_failed" integer,
	"checkpoint_failures" jsonb DEFAULT '[]'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "job_snapshots" (
	"id" serial PRIMARY KEY NOT NULL,
	"job_id" integer NOT NULL,
	"run_id" integer,
	"kind" "snapshot_kind" NOT NULL,
	"trigger" text NOT NULL,
	"path" text NOT NULL,
	"flink_checkpoint_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "worker_heartbeats" ADD COLUMN "graphile_worker_ids" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "jobs" ADD COLUMN "desired_state" "job_desired_state";--> statement-breakpoint
ALTER TABLE "jobs" ADD COLUMN "current_run_id" integer;--> statement-breakpoint
ALTER TABLE "jobs" ADD COLUMN "restart_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "jobs" ADD COLUMN "restart_window_started_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "job_events" ADD CONSTRAINT "job_events_job_id_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."jobs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "job_operations" ADD CONSTRAINT "job_operations_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "job_operations" ADD CONSTRAINT "job_operations_job_id_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."jobs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "job_operations" ADD CONSTRAINT "job_operations_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "job_releases" ADD CONSTRAINT "job_releases_job_id_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."jobs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "job_runs" ADD CONSTRAINT "job_runs_job_id_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."jobs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "job_runs" ADD CONSTRAINT "job_runs_release_id_job_releases_id_fk" FOREIGN KEY ("release_id") REFERENCES "public"."job_releases"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "job_runs" ADD CONSTRAINT "job_runs_cluster_id_clusters_id_fk" FOREIGN KEY ("cluster_id") REFERENCES "public"."clusters"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "job_snapshots" ADD CONSTRAINT "job_snapshots_job_id_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."jobs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "job_snapshots" ADD CONSTRAINT "job_snapshots_run_id_job_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."job_runs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "job_events_job_idx" ON "job_events" USING btree ("job_id","at");--> statement-breakpoint
CREATE INDEX "job_operations_job_idx" ON "job_operations" USING btree ("job_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "job_operations_one_active" ON "job_operations" USING btree ("job_id") WHERE "job_operations"."status" in ('queued', 'running');--> statement-breakpoint
CREATE INDEX "job_releases_job_idx" ON "job_releases" USING btree ("job_id","created_at");--> statement-breakpoint
CREATE INDEX "job_runs_job_idx" ON "job_runs" USING btree ("job_id","started_at");--> statement-breakpoint
CREATE INDEX "job_runs_live_cluster_idx" ON "job_runs" USING btree ("cluster_id") WHERE "job_runs"."ended_at" is null;--> statement-breakpoint
CREATE INDEX "job_runs_live_mode_idx" ON "job_runs" USING btree ("mode") WHERE "job_runs"."ended_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "job_runs_flink_job_key" ON "job_runs" USING btree ("flink_job_id");--> statement-breakpoint
CREATE INDEX "job_snapshots_job_idx" ON "job_snapshots" USING btree ("job_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "job_snapshots_job_path_key" ON "job_snapshots" USING btree ("job_id","path");