import { and, asc, count, desc, eq, gte, inArray, isNull, lte, or, sql, type SQL } from "drizzle-orm";
import { alertChannels, alertMessages, alerts, alertTemplates, clusters, jobs } from "../schema";
import { conn, type DbOrTx } from "./tx";

export type AlertState = (typeof alerts.state.enumValues)[number];
export type AlertKindValue = (typeof alerts.kind.enumValues)[number];

// ---------------------------------------------------------------------------- the outbox

export type NewAlert = {
  teamId: number;
  channelId: number;
  jobId?: number | null;
  clusterId?: number | null;
  kind: AlertKindValue;
  dedupKey: string;
  title: string;
  body: string;
  subject: string;
  summary: string;
  link: string | null;
  state?: AlertState;
  suppressedReason?: string | null;
};

export async function insertAlert(input: NewAlert, tx?: DbOrTx): Promise<{ id: number }> {
  const [row] = await conn(tx).insert(alerts).values(input).returning({ id: alerts.id });
  return row!;
}

/** Whether the same condition was alerted on this channel within the quiet period (suppressed ones do not count). */
export async function recentlyAlerted(input: { channelId: number; dedupKey: string; withinMinutes: number }, tx?: DbOrTx): Promise<boolean> {
  if (input.withinMinutes <= 0) return false;
  const [row] = await conn(tx)
    .select({ n: count() })
    .from(alerts)
    .where(and(eq(alerts.channelId, input.channelId), eq(alerts.dedupKey, input.dedupKey), sql`${alerts.state} <> 'suppressed'`, gte(alerts.createdAt, sql`now() - make_interval(mins => ${input.withinMinutes})`)));
  return (row?.n ?? 0) > 0;
}

/** The channel's queued alerts that may go now, oldest first. */
export async function queuedAlerts(channelId: number, limit: number, tx?: DbOrTx) {
  return conn(tx)
    .select({ id: alerts.id, kind: alerts.kind, title: alerts.title, body: alerts.body, subject: alerts.subject, summary: alerts.summary, link: alerts.link, attempts: alerts.attempts, notBefore: alerts.notBefore, createdAt: alerts.createdAt, jobId: alerts.jobId })
    .from(alerts)
    .where(and(eq(alerts.channelId, channelId), eq(alerts.state, "queued")))
    .orderBy(asc(alerts.id))
    .limit(limit);
}
export type QueuedAlert = Awaited<ReturnType<typeof queuedAlerts>>[number];

/** How many alerts wait on a channel. */
export async function countQueued(channelId: number, tx?: DbOrTx): Promise<number> {
  const [row] = await conn(tx).select({ n: count() }).from(alerts).where(and(eq(alerts.channelId, channelId), eq(alerts.state, "queued")));
  return row?.n ?? 0;
}

/** Messages the channel sent (or began to send) since a moment: what its rate limit counts. */
export async function messagesSince(channelId: number, since: Date, tx?: DbOrTx): Promise<Date[]> {
  const rows = await conn(tx)
    .select({ at: alertMessages.createdAt })
    .from(alertMessages)
    .where(and(eq(alertMessages.channelId, channelId), gte(alertMessages.createdAt, since)))
    .orderBy(asc(alertMessages.createdAt));
  return rows.map((r) => r.at);
}

/** A message about to be sent, and the alerts it carries, in one transaction. */
export async function insertMessage(input: { channelId: number; alertIds: number[]; title: string; body: string }, tx?: DbOrTx): Promise<{ id: number }> {
  const [row] = await conn(tx).insert(alertMessages).values({ channelId: input.channelId, alertCount: input.alertIds.length, title: input.title, body: input.body }).returning({ id: alertMessages.id });
  await conn(tx).update(alerts).set({ messageId: row!.id }).where(inArray(alerts.id, input.alertIds));
  return row!;
}

export async function recordAnswer(input: { messageId: number; ok: boolean; status: number | null; answer: string; state?: "sent" | "failed" | "sending" }, tx?: DbOrTx): Promise<void> {
  const entry = JSON.stringify([{ at: new Date().toISOString(), ok: input.ok, status: input.status, answer: input.answer }]);
  await conn(tx)
    .update(alertMessages)
    .set({
      answers: sql`${alertMessages.answers} || ${entry}::jsonb`,
      attempts: sql`${alertMessages.attempts} + 1`,
      ...(input.state ? { state: input.state } : {}),
      ...(input.state === "sent" ? { sentAt: new Date() } : {}),
    })
    .where(eq(alertMessages.id, input.messageId));
}

/** After a message went out: its alerts are sent (one alone) or grouped (a digest). */
export async function markDelivered(input: { messageId: number; alertIds: number[]; grouped: boolean }, tx?: DbOrTx): Promise<void> {
  await conn(tx)
    .update(alerts)
    .set({ state: input.grouped ? "grouped" : "sent", sentAt: new Date(), notBefore: null, attempts: sql`${alerts.attempts} + 1` })
    .where(inArray(alerts.id, input.alertIds));
}

/** A failed attempt: count it, and wait until `notBefore`; or give up (`failed`). */
export async function markAttempt(input: { alertIds: number[]; notBefore: Date | null; failed: boolean; countAttempt: boolean }, tx?: DbOrTx): Promise<void> {
  // messageId stays: the history shows the platform's answers of the last attempt.
  await conn(tx)
    .update(alerts)
    .set({
      notBefore: input.notBefore,
      ...(input.countAttempt ? { attempts: sql`${alerts.attempts} + 1` } : {}),
      ...(input.failed ? { state: "failed" as const } : {}),
    })
    .where(inArray(alerts.id, input.alertIds));
}

/**
 * Messages left `sending` by a crashed sender: the platform may or may not have them. Their alerts
 * go again (at least once), marked as possibly repeated.
 */
export async function unfinishedMessages(channelId: number, tx?: DbOrTx) {
  return conn(tx).select({ id: alertMessages.id }).from(alertMessages).where(and(eq(alertMessages.channelId, channelId), eq(alertMessages.state, "sending")));
}

export async function abandonMessage(messageId: number, tx?: DbOrTx): Promise<void> {
  await conn(tx).update(alertMessages).set({ state: "failed" }).where(eq(alertMessages.id, messageId));
  await conn(tx).update(alerts).set({ messageId: null }).where(and(eq(alerts.messageId, messageId), eq(alerts.state, "queued")));
}

// ---------------------------------------------------------------------------- history

export type AlertFilter = { teamId: number; jobId?: number; channelId?: number; states?: AlertState[]; limit: number; offset: number };

function filterWhere(f: AlertFilter): SQL {
  return and(
    eq(alerts.teamId, f.teamId),
    f.jobId ? eq(alerts.jobId, f.jobId) : undefined,
    f.channelId ? eq(alerts.channelId, f.channelId) : undefined,
    f.states?.length ? inArray(alerts.state, f.states) : undefined,
  )!;
}

export async function listAlerts(f: AlertFilter, tx?: DbOrTx) {
  const rows = await conn(tx)
    .select({
      id: alerts.id,
      kind: alerts.kind,
      state: alerts.state,
      title: alerts.title,
      body: alerts.body,
      link: alerts.link,
      attempts: alerts.attempts,
      notBefore: alerts.notBefore,
      suppressedReason: alerts.suppressedReason,
      createdAt: alerts.createdAt,
      sentAt: alerts.sentAt,
      acknowledgedAt: alerts.acknowledgedAt,
      acknowledgedBy: alerts.acknowledgedBy,
      jobId: alerts.jobId,
      jobName: jobs.name,
      clusterId: alerts.clusterId,
      clusterName: clusters.name,
      channelId: alerts.channelId,
      channelName: alertChannels.name,
      channelKind: alertChannels.kind,
      messageId: alerts.messageId,
      messageAlertCount: alertMessages.alertCount,
      answers: alertMessages.answers,
    })
    .from(alerts)
    .innerJoin(alertChannels, eq(alertChannels.id, alerts.channelId))
    .leftJoin(jobs, eq(jobs.id, alerts.jobId))
    .leftJoin(clusters, eq(clusters.id, alerts.clusterId))
    .leftJoin(alertMessages, eq(alertMessages.id, alerts.messageId))
    .where(filterWhere(f))
    .orderBy(desc(alerts.id))
    .limit(f.limit)
    .offset(f.offset);
  const [total] = await conn(tx).select({ n: count() }).from(alerts).where(filterWhere(f));
  return { rows, total: total?.n ?? 0 };
}
export type AlertRow = Awaited<ReturnType<typeof listAlerts>>["rows"][number];

export async function findAlert(input: { teamId: number; id: number }, tx?: DbOrTx) {
  const [row] = await conn(tx).select({ id: alerts.id, state: alerts.state, channelId: alerts.channelId, jobId: alerts.jobId, title: alerts.title }).from(alerts).where(and(eq(alerts.teamId, input.teamId), eq(alerts.id, input.id)));
  return row;
}

export async function acknowledge(input: { id: number; by: string }, tx?: DbOrTx): Promise<void> {
  await conn(tx).update(alerts).set({ acknowledgedAt: new Date(), acknowledgedBy: input.by }).where(and(eq(alerts.id, input.id), isNull(alerts.acknowledgedAt)));
}

/** A failed alert, queued again by a person (attempts start over). */
export async function requeue(id: number, tx?: DbOrTx): Promise<void> {
  await conn(tx).update(alerts).set({ state: "queued", attempts: 0, notBefore: null, acknowledgedAt: null, acknowledgedBy: null }).where(and(eq(alerts.id, id), eq(alerts.state, "failed")));
}

/** Every failed delivery of a team (of one channel, if given), queued again from its first attempt; test messages stay as they were. */
export async function requeueFailed(input: { teamId: number; channelId?: number }, tx?: DbOrTx): Promise<{ id: number; channelId: number }[]> {
  return conn(tx)
    .update(alerts)
    .set({ state: "queued", attempts: 0, notBefore: null, acknowledgedAt: null, acknowledgedBy: null })
    .where(and(eq(alerts.teamId, input.teamId), eq(alerts.state, "failed"), sql`${alerts.kind} <> 'test'`, input.channelId === undefined ? undefined : eq(alerts.channelId, input.channelId)))
    .returning({ id: alerts.id, channelId: alerts.channelId });
}

/** Failed deliveries per team, unacknowledged: the navigation badge. */
export async function countFailedAlerts(teamId: number, tx?: DbOrTx): Promise<number> {
  const [row] = await conn(tx).select({ n: count() }).from(alerts).where(and(eq(alerts.teamId, teamId), eq(alerts.state, "failed"), isNull(alerts.acknowledgedAt)));
  return row?.n ?? 0;
}

/** Alerts that wait longer than they should (for the storm tests and health). */
export async function oldestQueued(channelId: number, tx?: DbOrTx): Promise<Date | null> {
  const [row] = await conn(tx).select({ at: sql<Date | null>`min(${alerts.createdAt})` }).from(alerts).where(and(eq(alerts.channelId, channelId), eq(alerts.state, "queued"), or(isNull(alerts.notBefore), lte(alerts.notBefore, sql`now()`))));
  return row?.at ?? null;
}

// ---------------------------------------------------------------------------- templates

export async function listTemplates(teamId: number, tx?: DbOrTx) {
  return conn(tx).select({ kind: alertTemplates.kind, title: alertTemplates.title, body: alertTemplates.body, updatedAt: alertTemplates.updatedAt }).from(alertTemplates).where(eq(alertTemplates.teamId, teamId));
}

export async function upsertTemplate(input: { teamId: number; kind: AlertKindValue; title: string; body: string }, tx?: DbOrTx): Promise<void> {
  await conn(tx)
    .insert(alertTemplates)
    .values(input)
    .onConflictDoUpdate({ target: [alertTemplates.teamId, alertTemplates.kind], set: { title: input.title, body: input.body, updatedAt: new Date() } });
}

export async function deleteTemplate(input: { teamId: number; kind: AlertKindValue }, tx?: DbOrTx): Promise<void> {
  await conn(tx).delete(alertTemplates).where(and(eq(alertTemplates.teamId, input.teamId), eq(alertTemplates.kind, input.kind)));
}

/** Channels with alerts ready to go for a while: their sender chain may have broken (ensure_watchers restarts it). */
export async function channelsWithStaleQueue(olderThanSeconds: number, tx?: DbOrTx): Promise<number[]> {
  const rows = await conn(tx)
    .selectDistinct({ id: alerts.channelId })
    .from(alerts)
    .where(and(eq(alerts.state, "queued"), or(isNull(alerts.notBefore), lte(alerts.notBefore, sql`now()`)), lte(alerts.createdAt, sql`now() - make_interval(secs => ${olderThanSeconds})`)));
  return rows.map((r) => r.id);
}

/**
 * Alerts of a channel not delivered yet: queued, or failed and nobody acknowledged it (a failed
 * "Send test" is acknowledged by its sender). What deleting the channel would drop.
 */
export async function countUndelivered(channelId: number, tx?: DbOrTx): Promise<number> {
  const [row] = await conn(tx)
    .select({ n: count() })
    .from(alerts)
    .where(and(eq(alerts.channelId, channelId), sql`(${alerts.state} = 'queued' or (${alerts.state} = 'failed' and ${alerts.acknowledgedAt} is null))`));
  return row?.n ?? 0;
}

/** Alerts raised on a channel lately (any state): a storm keeps its digests going while stragglers arrive. */
export async function countRecentAlerts(channelId: number, seconds: number, tx?: DbOrTx): Promise<number> {
  const [row] = await conn(tx).select({ n: count() }).from(alerts).where(and(eq(alerts.channelId, channelId), sql`${alerts.state} <> 'suppressed'`, gte(alerts.createdAt, sql`now() - make_interval(secs => ${seconds})`)));
  return row?.n ?? 0;
}
