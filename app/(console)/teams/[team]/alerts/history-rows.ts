import type { AlertRow } from "@/db/queries/alerts";
import { kindLabel, type AlertKind } from "@/lib/alerts/templates";
import type { AlertItem } from "./alert-history";

/** The history rows as the client table takes them (plain fields, labels resolved). */
export function alertItems(rows: AlertRow[]): AlertItem[] {
  return rows.map((a) => ({
    id: a.id,
    kind: a.kind,
    kindLabel: kindLabel[a.kind as AlertKind] ?? a.kind,
    state: a.state,
    title: a.title,
    body: a.body,
    link: a.link,
    attempts: a.attempts,
    notBefore: a.notBefore,
    suppressedReason: a.suppressedReason,
    createdAt: a.createdAt,
    sentAt: a.sentAt,
    acknowledgedAt: a.acknowledgedAt,
    acknowledgedBy: a.acknowledgedBy,
    jobName: a.jobName,
    clusterName: a.clusterName,
    channelName: a.channelName,
    channelKind: a.channelKind,
    messageAlertCount: a.messageAlertCount,
    answers: a.answers ?? [],
  }));
}

/** The URL's filters, as alertHistory takes them (strings; it validates them). */
export function historyQuery(sp: Record<string, string | string[] | undefined>) {
  const one = (k: string) => (typeof sp[k] === "string" && sp[k] ? (sp[k] as string) : undefined);
  return { job: one("job"), channel: one("channel"), state: one("state"), page: one("page") };
}
