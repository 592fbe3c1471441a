import type { Metadata } from "next";
import { listJobVersions } from "@/db/queries/jobs";
import { can } from "@/lib/auth/access";
import { pageJob } from "@/lib/jobs/page-job";
import { teamHref } from "@/components/console/team-href";
import { VersionsTable } from "./versions-table";

export const metadata: Metadata = { title: "Versions" };

export default async function VersionsPage({ params }: { params: Promise<{ team: string; job: string }> }) {
  const { access, job } = await pageJob(params);
  const versions = await listJobVersions(job.id);
  return (
    <VersionsTable
      base={teamHref(access.team.name, `jobs/${encodeURIComponent(job.name)}/versions`)}
      team={access.team.name}
      job={job.name}
      versions={versions}
      head={job.headVersion}
      deployed={job.deployedVersion}
      canEdit={can(access, "job:edit")}
    />
  );
}
