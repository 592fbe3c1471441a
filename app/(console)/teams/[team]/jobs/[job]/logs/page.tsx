import { ScrollText } from "lucide-react";
import type { Metadata } from "next";
import { teamHref } from "@/components/console/team-href";
import { EmptyState } from "@/components/ui/empty-state";
import { isAppError } from "@/lib/errors";
import { pageJob } from "@/lib/jobs/page-job";
import { jobHistory } from "@/lib/lifecycle/history";
import { listLogSources, readExceptions, readLog } from "@/lib/lifecycle/logs";
import { idSchema } from "@/lib/validation";
import { ExceptionsView } from "./exceptions-view";
import { LogExplorer, LogsHeader } from "./log-explorer";

export const metadata: Metadata = { title: "Logs" };

const SOURCE = /^(jobmanager|jobmanager-stdout|taskmanager:[\w.:-]+|taskmanager-stdout:[\w.:-]+)$/;

/**
 * A run's logs, read from Flink when opened: `?run=` (the current run by default), `?source=`
 * (the JobManager log by default) and `#L120-L140` make any view a link; `?view=exceptions` shows
 * the exception history with the root cause first.
 */
export default async function JobLogsPage({ params, searchParams }: { params: Promise<{ team: string; job: string }>; searchParams: Promise<Record<string, string | undefined>> }) {
  const { principal, access, job } = await pageJob(params);
  const sp = await searchParams;
  const runParam = Number(sp.run) > 0 ? Number(sp.run) : undefined;
  // A run id beyond the database's range (or a fraction) names no run: "No such run", not a 500.
  const runKnowable = runParam === undefined || idSchema.safeParse(runParam).success;
  const view = sp.view === "exceptions" ? "exceptions" : "log";
  const { runs } = await jobHistory(principal, access.team.id, job.id, { runs: true, limit: 100 });
  const base = teamHref(access.team.name, `jobs/${encodeURIComponent(job.name)}`);
  if (runs.length === 0) {
    return <EmptyState icon={ScrollText} title="No logs yet" description="The job has not run yet. Once it starts, its JobManager and TaskManager logs open here." />;
  }
  const listing = !runKnowable ? null : await listLogSources(principal, access.team.id, job.id, runParam).catch((e) => {
    if (isAppError(e) && e.code === "not_found") return null;
    throw e;
  });
  const runOptions = runs.map((r) => ({ id: r.id, label: `Run ${r.id} · v${r.version} · ${r.state.toLowerCase()}${r.endedAt ? "" : r.id === job.currentRunId ? " · current" : ""}` }));
  if (!listing || !listing.run) {
    return (
      <div className="space-y-4">
        <LogsHeader base={base} runs={runOptions} run={runParam ?? null} view={view} sources={[]} source={null} links={{ flinkUi: null, yarnApplication: null, kubernetes: null }} />
        <EmptyState icon={ScrollText} title="No such run" description={`Run ${sp.run} of this job was not found; choose another.`} />
      </div>
    );
  }
  const run = listing.run;
  const source = sp.source && SOURCE.test(sp.source) ? sp.source : (listing.sources[0]?.id ?? "jobmanager");
  const header = <LogsHeader base={base} runs={runOptions} run={run.id} view={view} sources={listing.sources} source={view === "log" ? source : null} links={listing.links} />;

  if (view === "exceptions") {
    const ex = await readExceptions(principal, access.team.id, job.id, run.id);
    return (
      <div className="space-y-4">
        {header}
        <ExceptionsView rootCause={ex.rootCause} entries={ex.entries} problem={ex.problem} />
      </div>
    );
  }

  let text: string | null = null;
  let truncated = false;
  let problem = listing.problem;
  if (!problem) {
    try {
      ({ text, truncated } = await readLog(principal, access.team.id, job.id, source, run.id));
    } catch (e) {
      if (!isAppError(e)) throw e;
      problem = e.message;
    }
  }
  return (
    <div className="space-y-4">
      {header}
      {text === null ? (
        <EmptyState icon={ScrollText} title="This log cannot be shown now" description={problem ?? "Flink did not answer."} data-testid="logs-problem" />
      ) : (
        <LogExplorer team={access.team.name} job={job.name} run={run.id} source={source} initialText={text} truncated={truncated} live={!run.endedAt} />
      )}
    </div>
  );
}
