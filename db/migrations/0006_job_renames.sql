CREATE TABLE "job_renames" (
	"team_id" integer NOT NULL,
	"old_name" text NOT NULL,
	"job_id" integer NOT NULL,
	"renamed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "job_renames_team_id_old_name_pk" PRIMARY KEY("team_id","old_name")
);
--> statement-breakpoint
ALTER TABLE "job_renames" ADD CONSTRAINT "job_renames_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "job_renames" ADD CONSTRAINT "job_renames_job_id_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."jobs"("id") ON DELETE cascade ON UPDATE no action;