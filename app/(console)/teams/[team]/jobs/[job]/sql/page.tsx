import type { Metadata } from "next";
import { Forbidden } from "@/components/console/forbidden";
import { can } from "@/lib/auth/access";
import { editorOptions } from "@/lib/jobs/editor-options";
import { editableSettings } from "@/lib/jobs/jobs";
import { pageJob } from "@/lib/jobs/page-job";
import { JobEditor } from "../../job-editor";
import { ReadOnlyVersion } from "../versions/read-only-version";

export const metadata: Metadata = { title: "SQL & configuration" };

export default async function JobSqlPage({ params }: { params: Promise<{ team: string; job: string }> }) {
  const { access, job } = await pageJob(params);
  if (!can(access, "job:edit")) {
    if (!can(access, "job:view")) return <Forbidden role={access.role} what="this job" />;
    return <ReadOnlyVersion sql={job.sql} settings={job.settings} type={job.type} label={`Version ${job.headVersion} (read only: your role cannot edit jobs)`} />;
  }
  return <JobEditor team={access.team.name} options={await editorOptions(access.team.id)} job={{ name: job.name, type: job.type, sql: job.sql, settings: editableSettings(job), headVersion: job.headVersion }} />;
}
