import { formatDate } from "@/components/console/format";
import { BellRing } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { Forbidden } from "@/components/console/forbidden";
import { teamHref } from "@/components/console/team-href";
import { FormError } from "@/components/ui/form-field";
import { jobSilencedUntil, listTeamChannels } from "@/lib/alerts/channels";
import { alertHistory } from "@/lib/alerts/history";
import { can } from "@/lib/auth/access";
import { alertRulesOf, type JobSettings } from "@/lib/jobs/settings";
import { pageJob } from "@/lib/jobs/page-job";
import { describeIssues } from "@/lib/validation";
import { AlertHistory } from "../../../alerts/alert-history";
import { alertItems, historyQuery } from "../../../alerts/history-rows";
import { SilenceJob } from "./silence-job";

export const metadata: Metadata = { title: "Alerts" };

const ruleLabel: Record<string, string> = {
  failed: "failed",
  lost: "lost",
  restarted: "restarted automatically",
  restartLimit: "restart limit reached",
  checkpointFailures: "checkpoint failures",
  cancelledOutside: "cancelled outside Eddy",
};

/** The job's alerts: where they go and on what, a silence, and every alert it raised. */
export default async function JobAlertsPage({ params, searchParams }: { params: Promise<{ team: string; job: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { principal, access, job } = await pageJob(params);
  if (!can(access, "alert_channel:view")) return <Forbidden role={access.role} what="this job's alerts" />;
  const q = historyQuery(await searchParams);
  const settings = job.settings as unknown as Partial<JobSettings>;
  const rules = alertRulesOf(settings as Pick<JobSettings, "alerts">);
  const on = Object.entries(ruleLabel).filter(([k]) => rules[k as keyof typeof rules]).map(([, l]) => l);
  const [channels, silencedUntil] = await Promise.all([listTeamChannels(principal, access.team.id), jobSilencedUntil(principal, access.team.id, job.id)]);
  const channel = settings.alertChannelId ? channels.find((c) => c.id === settings.alertChannelId) : undefined;
  let history: Awaited<ReturnType<typeof alertHistory>> | null = null;
  let problem: string | null = null;
  try {
    history = await alertHistory(principal, access.team.id, { ...q, job: String(job.id) });
  } catch (e) {
    if (e instanceof z.ZodError) problem = describeIssues(e).message;
    else throw e;
  }
  const sqlTab = teamHref(access.team.name, `jobs/${encodeURIComponent(job.name)}/sql`);
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-start justify-between gap-3 rounded-lg border bg-card p-4" data-testid="job-alert-settings">
        <div className="flex items-start gap-3 text-sm">
          <BellRing className="mt-0.5 size-4 text-muted-foreground" aria-hidden />
          {channel ? (
            <div className="space-y-1">
              <div>
                Alerts go to <Link className="font-medium text-primary hover:underline" href={teamHref(access.team.name, "alerts/channels")}>{channel.name}</Link> ({channel.kindLabel}
                {channel.enabled ? "" : ", disabled"}) when the job is {on.length ? on.join(", ") : "— no condition is chosen"}.
              </div>
              <div className="text-muted-foreground">The same condition is not sent again within {rules.quietMinutes} minutes. Change this under <Link className="text-primary hover:underline" href={sqlTab}>SQL &amp; configuration</Link>.</div>
            </div>
          ) : (
            <div>
              This job has no alert channel: nothing is sent when it fails. Choose one under <Link className="text-primary hover:underline" href={sqlTab}>SQL &amp; configuration</Link>.
            </div>
          )}
        </div>
        {can(access, "job:edit") && <SilenceJob team={access.team.name} job={job.name} silencedUntil={silencedUntil} />}
        {!can(access, "job:edit") && silencedUntil && <span className="text-sm text-warning">Silenced until {formatDate(silencedUntil)}</span>}
      </div>
      {problem && <FormError message={problem} />}
      <AlertHistory
        team={access.team.name}
        alerts={history ? alertItems(history.rows) : []}
        total={history?.total ?? 0}
        page={history?.page ?? 1}
        pageSize={history?.pageSize ?? 50}
        channels={channels.map((c) => c.name)}
        canRetry={can(access, "alert_channel:manage")}
        showJob={false}
        emptyMessage="No alert for this job yet."
      />
    </div>
  );
}
