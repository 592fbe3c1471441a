CREATE TYPE "public"."resource_kind" AS ENUM('app', 'connector', 'udf', 'library');--> statement-breakpoint
CREATE TYPE "public"."execution_mode" AS ENUM('remote', 'yarn-per-job', 'yarn-application', 'yarn-session', 'k8s-session', 'k8s-application');--> statement-breakpoint
CREATE TYPE "public"."job_observed_state" AS ENUM('NEVER_STARTED', 'BUILDING', 'DEPLOYING', 'INITIALIZING', 'CREATED', 'RUNNING', 'FAILING', 'FAILED', 'CANCELLING', 'CANCELED', 'FINISHED', 'RESTARTING', 'SUSPENDED', 'RECONCILING', 'STOPPING', 'LOST', 'UNKNOWN');--> statement-breakpoint
CREATE TYPE "public"."job_type" AS ENUM('sql', 'jar');--> statement-breakpoint
CREATE TABLE "resources" (
	"id" serial PRIMARY KEY NOT NULL,
	"team_id" integer NOT NULL,
	"name" text NOT NULL,
	"kind" "resource_kind" DEFAULT 'library' NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"size" bigint NOT NULL,
	"sha256" text NOT NULL,
	"main_class" text,
	"classes" text[] DEFAULT '{}'::text[] NOT NULL,
	"storage_path" text NOT NULL,
	"uploaded_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "variables" (
	"id" serial PRIMARY KEY NOT NULL,
	"team_id" integer NOT NULL,
	"name" text NOT NULL,
	"value" text NOT NULL,
	"secret" boolean DEFAULT false NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "job_versions" (
	"id" serial PRIMARY KEY NOT NULL,
	"job_id" integer NOT NULL,
	"number" integer NOT NULL,
	"sql" text DEFAULT '' NOT NULL,
	"settings" jsonb NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"restored_from" integer,
	"valid" boolean NOT NULL,
	"diagnostics" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "jobs" (
	"id" serial PRIMARY KEY NOT NULL,
	"team_id" integer NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"owner_id" integer,
	"type" "job_type" NOT NULL,
	"mode" "execution_mode" NOT NULL,
	"flink_version_id" integer,
	"cluster_id" integer,
	"head_version" integer DEFAULT 1 NOT NULL,
	"deployed_version" integer,
	"sql" text DEFAULT '' NOT NULL,
	"settings" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"valid" boolean DEFAULT false NOT NULL,
	"observed_state" "job_observed_state" DEFAULT 'NEVER_STARTED' NOT NULL,
	"state_changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "resources" ADD CONSTRAINT "resources_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resources" ADD CONSTRAINT "resources_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "variables" ADD CONSTRAINT "variables_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "variables" ADD CONSTRAINT "variables_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "job_versions" ADD CONSTRAINT "job_versions_job_id_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."jobs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "job_versions" ADD CONSTRAINT "job_versions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jobs" ADD CONSTRAINT "jobs_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jobs" ADD CONSTRAINT "jobs_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jobs" ADD CONSTRAINT "jobs_flink_version_id_flink_versions_id_fk" FOREIGN KEY ("flink_version_id") REFERENCES "public"."flink_versions"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jobs" ADD CONSTRAINT "jobs_cluster_id_clusters_id_fk" FOREIGN KEY ("cluster_id") REFERENCES "public"."clusters"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jobs" ADD CONSTRAINT "jobs_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "resources_team_name_lower_key" ON "resources" USING btree ("team_id",lower("name"));--> statement-breakpoint
CREATE INDEX "resources_team_idx" ON "resources" USING btree ("team_id");--> statement-breakpoint
CREATE UNIQUE INDEX "variables_team_name_key" ON "variables" USING btree ("team_id","name");--> statement-breakpoint
CREATE INDEX "variables_team_idx" ON "variables" USING btree ("team_id");--> statement-breakpoint
CREATE UNIQUE INDEX "job_versions_job_number_key" ON "job_versions" USING btree ("job_id","number");--> statement-breakpoint
CREATE UNIQUE INDEX "jobs_team_name_lower_key" ON "jobs" USING btree ("team_id",lower("name"));--> statement-breakpoint
CREATE INDEX "jobs_team_updated_idx" ON "jobs" USING btree ("team_id","updated_at");--> statement-breakpoint
CREATE INDEX "jobs_team_state_idx" ON "jobs" USING btree ("team_id","observed_state","state_changed_at");--> statement-breakpoint
CREATE INDEX "jobs_team_mode_idx" ON "jobs" USING btree ("team_id","mode");--> statement-breakpoint
CREATE INDEX "jobs_team_cluster_idx" ON "jobs" USING btree ("team_id","cluster_id");--> statement-breakpoint
CREATE INDEX "jobs_team_owner_idx" ON "jobs" USING btree ("team_id","owner_id");--> statement-breakpoint
CREATE INDEX "jobs_tags_gin" ON "jobs" USING gin ("tags");