CREATE TYPE "public"."cluster_health" AS ENUM('unknown', 'healthy', 'unreachable', 'error');--> statement-breakpoint
CREATE TYPE "public"."cluster_kind" AS ENUM('remote', 'yarn-session', 'k8s-session');--> statement-breakpoint
CREATE TYPE "public"."cluster_state" AS ENUM('registered', 'starting', 'running', 'stopping', 'stopped', 'failed');--> statement-breakpoint
CREATE TABLE "flink_versions" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"home" text NOT NULL,
	"version" text NOT NULL,
	"major" integer NOT NULL,
	"minor" integer NOT NULL,
	"commit" text,
	"dist_jar" text NOT NULL,
	"config_file" text,
	"config_text" text DEFAULT '' NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"is_default" boolean DEFAULT false NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "clusters" (
	"id" serial PRIMARY KEY NOT NULL,
	"team_id" integer NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"labels" text[] DEFAULT '{}'::text[] NOT NULL,
	"kind" "cluster_kind" NOT NULL,
	"flink_version_id" integer,
	"rest_url" text,
	"yarn_rm_url" text,
	"yarn_application_id" text,
	"yarn_queue" text,
	"k8s_namespace" text,
	"k8s_cluster_id" text,
	"k8s_context" text,
	"k8s_image" text,
	"sql_gateway_url" text,
	"properties" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"managed" boolean DEFAULT false NOT NULL,
	"state" "cluster_state" DEFAULT 'registered' NOT NULL,
	"state_message" text,
	"health" "cluster_health" DEFAULT 'unknown' NOT NULL,
	"health_message" text,
	"last_probe_at" timestamp with time zone,
	"last_healthy_at" timestamp with time zone,
	"reported_version" text,
	"jobs_total" integer,
	"jobs_running" integer,
	"task_managers" integer,
	"slots_total" integer,
	"slots_available" integer,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "flink_versions" ADD CONSTRAINT "flink_versions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clusters" ADD CONSTRAINT "clusters_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clusters" ADD CONSTRAINT "clusters_flink_version_id_flink_versions_id_fk" FOREIGN KEY ("flink_version_id") REFERENCES "public"."flink_versions"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clusters" ADD CONSTRAINT "clusters_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "flink_versions_name_lower_key" ON "flink_versions" USING btree (lower("name"));--> statement-breakpoint
CREATE UNIQUE INDEX "flink_versions_home_key" ON "flink_versions" USING btree ("home");--> statement-breakpoint
CREATE UNIQUE INDEX "flink_versions_one_default" ON "flink_versions" USING btree ("is_default") WHERE "flink_versions"."is_default";--> statement-breakpoint
CREATE UNIQUE INDEX "clusters_team_name_lower_key" ON "clusters" USING btree ("team_id",lower("name"));--> statement-breakpoint
CREATE INDEX "clusters_team_idx" ON "clusters" USING btree ("team_id");--> statement-breakpoint
CREATE INDEX "clusters_flink_version_idx" ON "clusters" USING btree ("flink_version_id");