import { sql } from "drizzle-orm";
import { findChannelById } from "@/db/queries/alert-channels";
import { insertAlert, listTemplates, recentlyAlerted, type AlertKindValue } from "@/db/queries/alerts";
import type { DbOrTx, Tx } from "@/db/queries/tx";
import { loadConfig } from "@/lib/config";
import { alertRulesOf, type AlertRules, type JobSettings } from "@/lib/jobs/settings";
import { scheduleSender } from "./dispatch-schedule";
import { defaultTemplates, humanDuration, renderTemplate, utcTime, type AlertKind } from "./templates";

/**
 * Raising an alert: called inside the transaction that records the event causing it, so the
 * alert exists if and only if the event does (the outbox). It renders the team's wording now (the
 * facts of the moment), applies the job's rules, silences and quiet period, and wakes the
 * channel's sender. Nothing here talks to a platform.
 */

export type JobAlertKind = Exclude<AlertKind, "cluster_unreachable" | "test">;

const ruleFor: Record<JobAlertKind, keyof Omit<AlertRules, "quietMinutes">> = {
  job_failed: "failed",
  job_lost: "lost",
  job_restarted: "restarted",
  restart_limit: "restartLimit",
  checkpoint_failures: "checkpointFailures",
  cancelled_outside: "cancelledOutside",
};

const utc = utcTime;

/** A link into the console, absolute when EDDY_PUBLIC_URL is set (alerts are read outside Eddy). */
export function consoleLink(path: string): string {
  const base = loadConfig().publicUrl;
  return base ? `${base}${path}` : path;
}

/** The team's wording of an alert kind, or the default. */
export async function teamTemplate(tx: DbOrTx | undefined, teamId: number, kind: AlertKindValue) {
  const own = (await listTemplates(teamId, tx)).find((t) => t.kind === kind);
  return own ?? defaultTemplates[kind];
}

type Outcome = { raised: boolean; state?: "queued" | "suppressed"; why?: string };

/**
 * Raises a job alert. `facts` adds what the caller knows (state, reason, restarts…); the job's
 * name, team, link, time and running duration are filled here.
 */
export async function raiseJobAlert(tx: Tx, input: { jobId: number; kind: JobAlertKind; runId?: number | null; facts?: Record<string, string | undefined>; dedupSuffix?: string }): Promise<Outcome> {
  const [job] = (await tx.execute(sql`
    select j.id, j.name, j.team_id, t.name as team_name, j.settings, j.alerts_silenced_until, j.observed_state,
           r.started_at as run_started_at, c.name as cluster_name
    from jobs j join teams t on t.id = j.team_id
    left join job_runs r on r.id = coalesce(${input.runId ?? null}::int, j.current_run_id)
    left join clusters c on c.id = r.cluster_id
    where j.id = ${input.jobId}`)) as unknown as {
    id: number;
    name: string;
    team_id: number;
    team_name: string;
    settings: Partial<JobSettings>;
    alerts_silenced_until: Date | string | null;
    observed_state: string;
    run_started_at: Date | string | null;
    cluster_name: string | null;
  }[];
  if (!job) return { raised: false, why: "no such job" };
  const channelId = job.settings.alertChannelId;
  if (!channelId) return { raised: false, why: "the job has no alert channel" };
  const rules = alertRulesOf(job.settings);
  if (!rules[ruleFor[input.kind]]) return { raised: false, why: "the job's rules leave this kind out" };
  const channel = await findChannelById(channelId, tx);
  if (!channel || channel.teamId !== job.team_id) return { raised: false, why: "the channel is gone" };

  const now = new Date();
  const started = job.run_started_at ? new Date(job.run_started_at) : null;
  const facts: Record<string, string | undefined> = {
    team: job.team_name,
    job: job.name,
    state: job.observed_state,
    time: utc(now),
    duration: started ? humanDuration(now.getTime() - started.getTime()) : "–",
    cluster: job.cluster_name ?? "–",
    reason: "–",
    link: consoleLink(`/teams/${encodeURIComponent(job.team_name)}/jobs/${encodeURIComponent(job.name)}`),
    ...input.facts,
  };
  const { title, body } = renderTemplate(await teamTemplate(tx, job.team_id, input.kind), facts);
  const reason = facts.reason && facts.reason !== "–" ? ` — ${facts.reason.split("\n")[0]!.slice(0, 160)}` : "";
  const summary = `${lineState(input.kind, facts)}${reason}`;
  const dedupKey = `${input.kind}:job:${job.id}${input.dedupSuffix ? `:${input.dedupSuffix}` : ""}`;

  const silencedJob = job.alerts_silenced_until && new Date(job.alerts_silenced_until) > now ? `the job is silenced until ${utc(new Date(job.alerts_silenced_until))}` : null;
  return insert(tx, { teamId: job.team_id, channelId: channel.id, channel, jobId: job.id, kind: input.kind, dedupKey, title, body, subject: job.name, summary, link: facts.link ?? null, quietMinutes: rules.quietMinutes, silenced: silencedJob });
}

/** A cluster that stopped answering, with the jobs that run there. */
export async function raiseClusterAlert(tx: Tx, input: { clusterId: number; reason: string }): Promise<Outcome> {
  const [cluster] = (await tx.execute(sql`
    select c.id, c.name, c.team_id, c.alert_channel_id, t.name as team_name
    from clusters c join teams t on t.id = c.team_id where c.id = ${input.clusterId}`)) as unknown as { id: number; name: string; team_id: number; alert_channel_id: number | null; team_name: string }[];
  if (!cluster?.alert_channel_id) return { raised: false, why: "the cluster has no alert channel" };
  const channel = await findChannelById(cluster.alert_channel_id, tx);
  if (!channel || channel.teamId !== cluster.team_id) return { raised: false, why: "the channel is gone" };
  const affected = (await tx.execute(sql`
    select distinct j.name from job_runs r join jobs j on j.id = r.job_id
    where r.cluster_id = ${cluster.id} and r.ended_at is null order by j.name`)) as unknown as { name: string }[];
  const now = new Date();
  const facts = {
    team: cluster.team_name,
    cluster: cluster.name,
    time: utc(now),
    reason: input.reason,
    count: String(affected.length),
    jobs: affected.length ? affected.map((j) => `• ${j.name}`).join("\n") : "(none)",
    link: consoleLink(`/teams/${encodeURIComponent(cluster.team_name)}/clusters/${encodeURIComponent(cluster.name)}`),
  };
  const { title, body } = renderTemplate(await teamTemplate(tx, cluster.team_id, "cluster_unreachable"), facts);
  return insert(tx, { teamId: cluster.team_id, channelId: channel.id, channel, clusterId: cluster.id, kind: "cluster_unreachable", dedupKey: `cluster_unreachable:cluster:${cluster.id}`, title, body, subject: `cluster ${cluster.name}`, summary: `unreachable, ${affected.length} jobs there — ${input.reason.split("\n")[0]!.slice(0, 160)}`, link: facts.link, quietMinutes: 10, silenced: null });
}

async function insert(
  tx: Tx,
  a: { teamId: number; channelId: number; channel: { enabled: boolean; silencedUntil: Date | null }; jobId?: number; clusterId?: number; kind: AlertKindValue; dedupKey: string; title: string; body: string; subject: string; summary: string; link: string | null; quietMinutes: number; silenced: string | null },
): Promise<Outcome> {
  const now = new Date();
  let suppressed: string | null = a.silenced;
  if (!suppressed && a.channel.silencedUntil && a.channel.silencedUntil > now) suppressed = `the channel is silenced until ${utc(a.channel.silencedUntil)}`;
  if (!suppressed && !a.channel.enabled) suppressed = "the channel is disabled";
  if (!suppressed && (await recentlyAlerted({ channelId: a.channelId, dedupKey: a.dedupKey, withinMinutes: a.quietMinutes }, tx))) {
    suppressed = `the same alert went out less than ${a.quietMinutes} minutes ago`;
  }
  await insertAlert(
    { teamId: a.teamId, channelId: a.channelId, jobId: a.jobId ?? null, clusterId: a.clusterId ?? null, kind: a.kind, dedupKey: a.dedupKey, title: a.title, body: a.body, subject: a.subject, summary: a.summary, link: a.link, state: suppressed ? "suppressed" : "queued", suppressedReason: suppressed },
    tx,
  );
  if (suppressed) return { raised: true, state: "suppressed", why: suppressed };
  await scheduleSender(a.channelId, tx);
  return { raised: true, state: "queued" };
}

function lineState(kind: JobAlertKind, facts: Record<string, string | undefined>): string {
  switch (kind) {
    case "job_failed":
      return "FAILED";
    case "job_lost":
      return "LOST";
    case "job_restarted":
      return `failed, restarted (${facts.restarts ?? "?"} of ${facts.maxRestarts ?? "?"})`;
    case "restart_limit":
      return `failed, restart limit reached (${facts.maxRestarts ?? "?"})`;
    case "checkpoint_failures":
      return "checkpoints failing";
    case "cancelled_outside":
      return "cancelled outside Eddy";
  }
}
