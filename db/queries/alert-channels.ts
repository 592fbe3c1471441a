import { and, asc, eq, sql } from "drizzle-orm";
import { alertChannels, alerts } from "../schema";
import { refCondition } from "./refs";
import { conn, type DbOrTx } from "./tx";

export type AlertChannelKind = (typeof alertChannels.kind.enumValues)[number];

const columns = {
  id: alertChannels.id,
  teamId: alertChannels.teamId,
  name: alertChannels.name,
  kind: alertChannels.kind,
  description: alertChannels.description,
  config: alertChannels.config,
  /** Sealed; lib/alerts opens it only to send. Never sent to a browser. */
  secrets: alertChannels.secrets,
  ratePerMinute: alertChannels.ratePerMinute,
  ratePerSecond: alertChannels.ratePerSecond,
  enabled: alertChannels.enabled,
  silencedUntil: alertChannels.silencedUntil,
  pausedUntil: alertChannels.pausedUntil,
  createdAt: alertChannels.createdAt,
  updatedAt: alertChannels.updatedAt,
  /** Deliveries that gave up (state failed) and wait for someone to retry them. */
  failedAlerts: sql<number>`(select count(*)::int from ${alerts} a where a.channel_id = ${alertChannels.id} and a.state = 'failed')`,
};

export async function listChannels(teamId: number, tx?: DbOrTx) {
  return conn(tx).select(columns).from(alertChannels).where(eq(alertChannels.teamId, teamId)).orderBy(asc(sql`lower(${alertChannels.name})`));
}
export type AlertChannel = Awaited<ReturnType<typeof listChannels>>[number];

/** A channel of the team, by name (any case) or id. */
export async function findChannel(input: { teamId: number; ref: string | number }, tx?: DbOrTx): Promise<AlertChannel | undefined> {
  const cond = refCondition(input.ref, alertChannels.id, alertChannels.name);
  if (!cond) return undefined;
  const [row] = await conn(tx).select(columns).from(alertChannels).where(and(eq(alertChannels.teamId, input.teamId), cond));
  return row;
}

/** For the sender task, which acts for no team. */
export async function findChannelById(id: number, tx?: DbOrTx): Promise<AlertChannel | undefined> {
  const [row] = await conn(tx).select(columns).from(alertChannels).where(eq(alertChannels.id, id));
  return row;
}

/** The sender's pause after a throttling or failing answer: nothing goes to the platform before `until`. */
export async function pauseChannel(input: { id: number; until: Date }, tx?: DbOrTx): Promise<void> {
  await conn(tx).update(alertChannels).set({ pausedUntil: input.until }).where(eq(alertChannels.id, input.id));
}

export async function insertChannel(
  input: { teamId: number; name: string; kind: AlertChannelKind; description: string; config: Record<string, unknown>; secrets: string | null; ratePerMinute: number; ratePerSecond: number | null; enabled: boolean; createdBy: number | null },
  tx?: DbOrTx,
): Promise<{ id: number }> {
  const [row] = await conn(tx).insert(alertChannels).values(input).returning({ id: alertChannels.id });
  return row!;
}

export async function updateChannel(
  id: number,
  changes: Partial<{ name: string; description: string; config: Record<string, unknown>; secrets: string | null; ratePerMinute: number; ratePerSecond: number | null; enabled: boolean; silencedUntil: Date | null }>,
  tx?: DbOrTx,
): Promise<void> {
  await conn(tx).update(alertChannels).set({ ...changes, updatedAt: new Date() }).where(eq(alertChannels.id, id));
}

export async function deleteChannel(id: number, tx?: DbOrTx): Promise<void> {
  await conn(tx).delete(alertChannels).where(eq(alertChannels.id, id));
}

/** How many jobs' newest settings, and which clusters, send alerts to a channel (shown before deleting it). */
export async function channelUsage(input: { teamId: number; id: number }, tx?: DbOrTx): Promise<{ jobs: number; clusters: number }> {
  const [row] = await conn(tx).execute<{ jobs: number; clusters: number }>(sql`
    select (select count(*)::int from jobs where team_id = ${input.teamId} and (settings->>'alertChannelId')::int = ${input.id}) as jobs,
           (select count(*)::int from clusters where team_id = ${input.teamId} and alert_channel_id = ${input.id}) as clusters`);
  return { jobs: Number(row?.jobs ?? 0), clusters: Number(row?.clusters ?? 0) };
}

/** The jobs whose newest settings send alerts to the channel. */
export async function jobIdsUsingChannel(input: { teamId: number; id: number }, tx?: DbOrTx): Promise<number[]> {
  const rows = await conn(tx).execute<{ id: number }>(sql`select id from jobs where team_id = ${input.teamId} and (settings->>'alertChannelId')::int = ${input.id} order by id`);
  return rows.map((r) => Number(r.id));
}

/** Clusters that alerted the channel alert nowhere; answers how many. */
export async function clearClusterAlertChannel(input: { teamId: number; id: number }, tx?: DbOrTx): Promise<number> {
  const rows = await conn(tx).execute<{ id: number }>(sql`update clusters set alert_channel_id = null where team_id = ${input.teamId} and alert_channel_id = ${input.id} returning id`);
  return rows.length;
}
