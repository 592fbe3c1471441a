import { ArrowRight, Loader2, RotateCcw } from "lucide-react";
import Link from "next/link";
import { AutoRefresh } from "@/components/console/auto-refresh";
import { CopyLink } from "@/components/console/copy-link";
import { JobStateBadge } from "@/components/console/job-state-badge";
import { operationKindLabel } from "@/components/console/operation-status";
import { teamHref } from "@/components/console/team-href";
import { Badge } from "@/components/ui/badge";
import { Hint } from "@/components/ui/tooltip";
import { modeLabel } from "@/lib/jobs/settings";
import { pageJob } from "@/lib/jobs/page-job";
import { isActive } from "@/lib/lifecycle/state";
import { availability } from "./availability";
import { JobTabs } from "./job-tabs";
import { LifecycleActions } from "./lifecycle-actions";

const desiredLabel: Record<string, string> = { running: "running", suspended: "stopped (suspended)", cancelled: "cancelled" };

/**
 * The job's header and tabs. The header says what Flink reports, what people asked for, what is
 * deployed versus saved, and the operation in progress; its buttons follow the state machine.
 * Each tab is its own URL, so any view of a job can be shared.
 */
export default async function JobLayout({ params, children }: { params: Promise<{ team: string; job: string }>; children: React.ReactNode }) {
  const { access, job } = await pageJob(params);
  const base = teamHref(access.team.name, `jobs/${encodeURIComponent(job.name)}`);
  const active = job.activeOperation ? { kind: job.activeOperation.split(":")[0]!, id: Number(job.activeOperation.split(":")[1]) } : null;
  const transitional = isActive(job.observedState) && job.observedState !== "RUNNING";
  const stale = job.deployedVersion != null && job.deployedVersion !== job.headVersion;
  // What people asked for differs from what Flink reports (and nothing is on its way to fix it).
  const drift = !active && job.desiredState === "running" && !isActive(job.observedState);
  return (
    <div className="space-y-4">
      {(active || transitional) && <AutoRefresh seconds={active ? 2 : 4} />}
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0 space-y-1.5">
          <h1 className="flex flex-wrap items-center gap-2 text-2xl font-semibold tracking-tight">
            <span data-testid="job-name">{job.name}</span>
            <JobStateBadge state={job.observedState} />
            {!job.valid && <Badge variant="warning">not valid</Badge>}
          </h1>
          <p className="text-sm text-muted-foreground">
            {job.type === "sql" ? "FlinkSQL" : "JAR"} · {modeLabel[job.mode]}
            {job.clusterName ? ` on ${job.clusterName}` : ""}
            {job.ownerName ? ` · owner ${job.ownerName}` : ""}
          </p>
          <div className="flex flex-wrap items-center gap-x-4 gap-y-1 text-sm" data-testid="job-lifecycle">
            {job.desiredState && (
              <span className={drift ? "text-warning" : "text-muted-foreground"} data-testid="job-desired">
                wants: <span className="font-medium text-foreground">{desiredLabel[job.desiredState] ?? job.desiredState}</span>
              </span>
            )}
            {job.deployedVersion == null ? (
              <span className="text-muted-foreground" data-testid="job-versions">v{job.headVersion} saved · never deployed</span>
            ) : stale ? (
              <Hint content={`Version ${job.headVersion} is saved but version ${job.deployedVersion} runs: build, then restart to apply it.`}>
                <span tabIndex={0} className="rounded-sm text-warning outline-none focus-visible:ring-2 focus-visible:ring-ring/50" data-testid="job-versions">
                  v{job.deployedVersion} deployed · v{job.headVersion} saved
                </span>
              </Hint>
            ) : (
              <span className="text-muted-foreground" data-testid="job-versions">v{job.deployedVersion} deployed</span>
            )}
            {active && (
              <Link href={`${base}/operations/${active.id}`} className="inline-flex items-center gap-1.5 rounded-sm font-medium text-primary hover:underline" data-testid="job-active-operation">
                <Loader2 className="size-3.5 animate-spin" aria-hidden="true" />
                {operationKindLabel[active.kind] ?? active.kind} in progress
                <ArrowRight className="size-3.5" aria-hidden="true" />
              </Link>
            )}
            {job.restartCount > 0 && (
              <Hint content="Automatic restarts in the current restart window (the job's restart policy).">
                <span tabIndex={0} className="inline-flex items-center gap-1 rounded-sm text-muted-foreground outline-none focus-visible:ring-2 focus-visible:ring-ring/50" data-testid="job-restarts">
                  <RotateCcw className="size-3.5" aria-hidden="true" /> {job.restartCount} restart{job.restartCount === 1 ? "" : "s"}
                </span>
              </Hint>
            )}
          </div>
        </div>
        <div className="flex flex-wrap items-center gap-2">
          <LifecycleActions team={access.team.name} job={job.name} base={base} availability={availability(access, job)} />
          <CopyLink />
        </div>
      </div>
      <JobTabs base={base} />
      <div>{children}</div>
    </div>
  );
}
