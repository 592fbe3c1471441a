import { CopyLink } from "@/components/console/copy-link";
import { JobStateBadge } from "@/components/console/job-state-badge";
import { teamHref } from "@/components/console/team-href";
import { Badge } from "@/components/ui/badge";
import { modeLabel } from "@/lib/jobs/settings";
import { pageJob } from "@/lib/jobs/page-job";
import { JobTabs } from "./job-tabs";

/** The job's header and tabs. Each tab is its own URL, so any view of a job can be shared. */
export default async function JobLayout({ params, children }: { params: Promise<{ team: string; job: string }>; children: React.ReactNode }) {
  const { access, job } = await pageJob(params);
  const base = teamHref(access.team.name, `jobs/${encodeURIComponent(job.name)}`);
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0 space-y-1">
          <h1 className="flex flex-wrap items-center gap-2 text-2xl font-semibold tracking-tight">
            <span data-testid="job-name">{job.name}</span>
            <JobStateBadge state={job.observedState} />
            {!job.valid && <Badge variant="warning">not valid</Badge>}
          </h1>
          <p className="text-sm text-muted-foreground">
            {job.type === "sql" ? "FlinkSQL" : "JAR"} · {modeLabel[job.mode]}
            {job.clusterName ? ` on ${job.clusterName}` : ""} · version {job.headVersion}
            {job.deployedVersion != null ? ` (deployed: ${job.deployedVersion})` : ""}
            {job.ownerName ? ` · owner ${job.ownerName}` : ""}
          </p>
        </div>
        <CopyLink />
      </div>
      <JobTabs base={base} />
      <div>{children}</div>
    </div>
  );
}
