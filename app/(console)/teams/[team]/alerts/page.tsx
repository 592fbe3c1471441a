import type { Metadata } from "next";
import { z } from "zod";
import { Forbidden } from "@/components/console/forbidden";
import { PageHeader } from "@/components/console/page-header";
import { FormError } from "@/components/ui/form-field";
import { failedAlertCount, listTeamChannels } from "@/lib/alerts/channels";
import { alertHistory } from "@/lib/alerts/history";
import { can } from "@/lib/auth/access";
import { pageTeam } from "@/lib/auth/page";
import { isAppError } from "@/lib/errors";
import { describeIssues } from "@/lib/validation";
import { AlertHistory } from "./alert-history";
import { AlertsNav } from "./alerts-nav";
import { RetryFailedButton } from "./retry-failed-button";
import { alertItems, historyQuery } from "./history-rows";

export const metadata: Metadata = { title: "Alerts" };

export default async function AlertsPage({ params, searchParams }: { params: Promise<{ team: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { principal, access } = await pageTeam((await params).team);
  if (!can(access, "alert_channel:view")) return <Forbidden role={access.role} what="this team's alerts" />;
  const q = historyQuery(await searchParams);
  const [channels, failed] = await Promise.all([listTeamChannels(principal, access.team.id), failedAlertCount(principal, access.team.id)]);
  let history: Awaited<ReturnType<typeof alertHistory>> | null = null;
  let problem: string | null = null;
  try {
    history = await alertHistory(principal, access.team.id, q);
  } catch (e) {
    // A filter naming a job or channel that does not exist (or a bad state) is the URL's fault: say so.
    if (e instanceof z.ZodError) problem = describeIssues(e).message;
    else if (isAppError(e) && e.code === "not_found") problem = e.message;
    else throw e;
  }
  return (
    <>
      <PageHeader
        title="Alerts"
        description={failed ? `${failed} failed deliver${failed === 1 ? "y" : "ies"} nobody acknowledged yet.` : "Every alert the team's jobs and clusters raised, and how each delivery went."}
        actions={failed > 0 && can(access, "alert_channel:manage") && <RetryFailedButton team={access.team.name} failed={failed} />}
      />
      <AlertsNav team={access.team.name} />
      {problem && <FormError message={problem} className="mb-3" />}
      <AlertHistory
        team={access.team.name}
        alerts={history ? alertItems(history.rows) : []}
        total={history?.total ?? 0}
        page={history?.page ?? 1}
        pageSize={history?.pageSize ?? 50}
        channels={channels.map((c) => c.name)}
        canRetry={can(access, "alert_channel:manage")}
      />
    </>
  );
}
