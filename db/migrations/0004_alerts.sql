CREATE TYPE "public"."alert_channel_kind" AS ENUM('email', 'dingtalk', 'wecom', 'lark', 'webhook');--> statement-breakpoint
CREATE TYPE "public"."alert_kind" AS ENUM('job_failed', 'job_lost', 'job_restarted', 'restart_limit', 'checkpoint_failures', 'cancelled_outside', 'cluster_unreachable', 'test');--> statement-breakpoint
CREATE TYPE "public"."alert_state" AS ENUM('queued', 'sent', 'failed', 'grouped', 'suppressed');--> statement-breakpoint
CREATE TABLE "alert_channels" (
	"id" serial PRIMARY KEY NOT NULL,
	"team_id" integer NOT NULL,
	"name" text NOT NULL,
	"kind" "alert_channel_kind" NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"config" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"secrets" text,
	"rate_per_minute" integer NOT NULL,
	"rate_per_second" integer,
	"enabled" boolean DEFAULT true NOT NULL,
	"silenced_until" timestamp with time zone,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "alert_messages" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"channel_id" integer NOT NULL,
	"alert_count" integer NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"state" text DEFAULT 'sending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"answers" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "alert_templates" (
	"id" serial PRIMARY KEY NOT NULL,
	"team_id" integer NOT NULL,
	"kind" "alert_kind" NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "alerts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"team_id" integer NOT NULL,
	"channel_id" integer NOT NULL,
	"job_id" integer,
	"cluster_id" integer,
	"kind" "alert_kind" NOT NULL,
	"dedup_key" text NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"subject" text NOT NULL,
	"summary" text NOT NULL,
	"link" text,
	"state" "alert_state" DEFAULT 'queued' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"not_before" timestamp with time zone,
	"message_id" bigint,
	"suppressed_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	"acknowledged_at" timestamp with time zone,
	"acknowledged_by" text
);
--> statement-breakpoint
ALTER TABLE "clusters" ADD COLUMN "alert_channel_id" integer;--> statement-breakpoint
ALTER TABLE "jobs" ADD COLUMN "alerts_silenced_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "alert_channels" ADD CONSTRAINT "alert_channels_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_channels" ADD CONSTRAINT "alert_channels_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_messages" ADD CONSTRAINT "alert_messages_channel_id_alert_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."alert_channels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_templates" ADD CONSTRAINT "alert_templates_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_channel_id_alert_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."alert_channels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_job_id_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."jobs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_cluster_id_clusters_id_fk" FOREIGN KEY ("cluster_id") REFERENCES "public"."clusters"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "alert_channels_team_name_key" ON "alert_channels" USING btree ("team_id",lower("name"));--> statement-breakpoint
CREATE INDEX "alert_messages_channel_sent_idx" ON "alert_messages" USING btree ("channel_id","sent_at");--> statement-breakpoint
CREATE UNIQUE INDEX "alert_templates_team_kind_key" ON "alert_templates" USING btree ("team_id","kind");--> statement-breakpoint
CREATE INDEX "alerts_channel_queue_idx" ON "alerts" USING btree ("channel_id","id") WHERE "alerts"."state" = 'queued';--> statement-breakpoint
CREATE INDEX "alerts_team_created_idx" ON "alerts" USING btree ("team_id","created_at");--> statement-breakpoint
CREATE INDEX "alerts_job_created_idx" ON "alerts" USING btree ("job_id","created_at");--> statement-breakpoint
CREATE INDEX "alerts_dedup_idx" ON "alerts" USING btree ("channel_id","dedup_key","created_at");