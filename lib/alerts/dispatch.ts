import { findChannelById, pauseChannel, type AlertChannel } from "@/db/queries/alert-channels";
import { abandonMessage, countRecentAlerts, insertMessage, markAttempt, markDelivered, messagesSince, queuedAlerts, recordAnswer, unfinishedMessages, type QueuedAlert } from "@/db/queries/alerts";
import { transaction } from "@/db/queries/tx";
import { openSecret } from "@/lib/crypto/secrets";
import { failpoint } from "@/lib/failpoints";
import { platformFor } from "./platforms";
import type { OutgoingMessage, SendResult } from "./platforms/types";
import { consoleLink } from "./raise";
import { scheduleSender } from "./dispatch-schedule";

/**
 * A channel's sender (the send_alerts task; one at a time per channel, by its queue). It sends the
 * channel's queued alerts oldest first, within the platform's rate limit:
 * - a burst is let gather for 1.5 s (one incident's failures are recorded over a second or two);
 * - when no more wait than the limit lets out in the next two seconds, each goes alone;
 * - when more wait (a storm), the oldest are grouped into digest messages as large as the platform takes, so
 *   everyone learns of every failure quickly in a few messages instead of a slow trickle;
 * - a throttling answer pauses the channel (Retry-After, else a backoff) without counting an
 *   attempt; a network error or 5xx counts one and retries with backoff; a refusal, or the last
 *   attempt, marks the alerts failed — visible, and retried by hand. Nothing is dropped.
 * Every message is written (state sending) before it goes and marked after, so a sender that dies
 * in between leaves a record: its alerts are sent again by the next one (at least once).
 */

/** Attempts before an alert counts as failed (network errors and 5xx; throttling does not count). */
export const MAX_ATTEMPTS = 8;
/**
 * How far ahead the rate is looked at: when more alerts wait than the channel may send within this
 * time, they go as digests (people would rather read one list now than a trickle for minutes).
 */
const LOOKAHEAD_MS = 2_000;
/**
 * How long a sender lets a burst gather before sending: failures of one incident are recorded over
 * a second or two, and seeing them together is what lets them go as one digest.
 */
const GATHER_MS = 1_500;
/**
 * The bytes of digest text a message may carry: well under what each platform adapter keeps
 * before cutting (DingTalk 18 KB, Lark 16 KB, WeCom 4 KB markdown or 2 KB text with mentions), so
 * a digest is never cut and no alert in it goes unread.
 */
const DIGEST_BYTES: Record<AlertChannel["kind"], number> = { dingtalk: 14_000, wecom: 1_700, lark: 12_000, webhook: 50_000, email: 200_000 };
const DIGEST_MAX_ALERTS = 2_000;
/** While this many seconds' alerts outnumber what the channel may send soon, stragglers of the storm go in digests too. */
const STORM_WINDOW_S = 10;

/**
 * A digest groups alerts by what happened (their summary, in order of first appearance) and lists
 * who it happened to after it: "FAILED — disk full (412): orders-etl, payments, …". One incident's
 * hundreds of failures share a summary, so they take a few bytes each.
 */
function digestGroups(group: QueuedAlert[]): { summary: string; subjects: string[]; from: Date; to: Date }[] {
  const out = new Map<string, { summary: string; subjects: string[]; from: Date; to: Date }>();
  for (const a of group) {
    const g = out.get(a.summary) ?? { summary: a.summary, subjects: [], from: a.createdAt, to: a.createdAt };
    g.subjects.push(a.subject);
    if (a.createdAt < g.from) g.from = a.createdAt;
    if (a.createdAt > g.to) g.to = a.createdAt;
    out.set(a.summary, g);
  }
  return [...out.values()];
}

/** The oldest alerts that fit in one digest, in order. */
function packDigest(kind: AlertChannel["kind"], ready: QueuedAlert[]): QueuedAlert[] {
  const group: QueuedAlert[] = [];
  const summaries = new Set<string>();
  let bytes = 0;
  for (const a of ready) {
    const size = Buffer.byteLength(a.subject) + 2 + (summaries.has(a.summary) ? 0 : Buffer.byteLength(a.summary) + 40);
    if (group.length > 0 && (bytes + size > DIGEST_BYTES[kind] || group.length >= DIGEST_MAX_ALERTS)) break;
    group.push(a);
    summaries.add(a.summary);
    bytes += size;
  }
  return group;
}

const backoffMs = (attempt: number) => Math.min(5 * 60_000, 2_000 * 2 ** Math.max(0, attempt - 1));

export type SendOutcome = { messages: number; alerts: number; waitUntil: Date | null; failed: number };

type Budget = { now: number; free: number; soon: number; nextSlotAt: Date };

/** How many messages may go now, how many in the next few seconds, and when the next slot frees up. */
async function budget(channel: AlertChannel): Promise<Budget> {
  const now = Date.now();
  const lastMinute = await messagesSince(channel.id, new Date(now - 60_000));
  const lastSecond = lastMinute.filter((t) => t.getTime() > now - 1_000);
  const perMinuteFree = channel.ratePerMinute - lastMinute.length;
  const perSecondFree = channel.ratePerSecond ? channel.ratePerSecond - lastSecond.length : Infinity;
  const free = Math.max(0, Math.min(perMinuteFree, perSecondFree));
  // Slots in the lookahead: what the minute leaves, at most what the per-second rate lets through meanwhile.
  const soon = Math.max(0, Math.min(perMinuteFree, channel.ratePerSecond ? channel.ratePerSecond * (LOOKAHEAD_MS / 1000) : Infinity));
  let nextSlotAt = new Date(now);
  if (perMinuteFree <= 0) nextSlotAt = new Date(lastMinute[lastMinute.length - channel.ratePerMinute]!.getTime() + 60_000 + 5);
  else if (perSecondFree <= 0) nextSlotAt = new Date(lastSecond[lastSecond.length - channel.ratePerSecond!]!.getTime() + 1_000 + 5);
  return { now, free, soon, nextSlotAt };
}

/**
 * Whether one more message may go to the channel now (for "Send test", which does not queue): null,
 * or when and why not (the platform asked for a pause, or the channel's rate is used up).
 */
export async function sendGate(channel: AlertChannel): Promise<{ until: Date; why: string } | null> {
  if (channel.pausedUntil && channel.pausedUntil.getTime() > Date.now()) return { until: channel.pausedUntil, why: "the platform asked Eddy to wait after its last answer" };
  const b = await budget(channel);
  if (b.free > 0) return null;
  return { until: b.nextSlotAt, why: `it has sent as many messages as its rate allows (${channel.ratePerMinute} a minute${channel.ratePerSecond ? `, ${channel.ratePerSecond} a second` : ""})` };
}

function digestOf(group: QueuedAlert[], teamName: string): OutgoingMessage {
  const clock = (d: Date) => d.toISOString().slice(11, 19);
  const groups = digestGroups(group);
  const lines = groups.map((g) => `${g.summary} (${g.subjects.length}, ${clock(g.from)}${g.to > g.from ? `–${clock(g.to)}` : ""} UTC): ${g.subjects.join(", ")}`);
  const link = consoleLink(`/teams/${encodeURIComponent(teamName)}/alerts`);
  const title = `🚨 ${group.length} alerts: ${groups.map((g) => `${g.subjects.length} ${g.summary.split(" — ")[0]}`).slice(0, 3).join(", ")}${groups.length > 3 ? ", …" : ""}`;
  return { title, text: `${lines.map((l) => `• ${l}`).join("\n")}\nAll alerts: ${link}`, link, lines, facts: { kind: "digest", count: String(group.length) } };
}

function singleOf(a: QueuedAlert): OutgoingMessage {
  return { title: a.title, text: a.body, link: a.link, facts: { kind: a.kind, title: a.title } };
}

function secretsOf(channel: AlertChannel): Record<string, unknown> {
  if (!channel.secrets) return {};
  return JSON.parse(openSecret(channel.secrets)) as Record<string, unknown>;
}

async function send(channel: AlertChannel, message: OutgoingMessage): Promise<SendResult> {
  const platform = platformFor(channel.kind);
  try {
    const config = platform.config.parse(channel.config);
    const secrets = platform.secrets.parse(secretsOf(channel));
    return await platform.send(config, secrets, message, { timeoutMs: 15_000 });
  } catch (e) {
    // A channel whose stored settings no longer parse, or a key that cannot open its secrets: no retry fixes that.
    return { outcome: "rejected", status: null, answer: `The channel's settings cannot be used: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/** Runs one channel's sender until its queue is empty or its rate limit says wait. */
export async function sendAlerts(channelId: number, teamName: (teamId: number) => Promise<string>): Promise<SendOutcome> {
  const out: SendOutcome = { messages: 0, alerts: 0, waitUntil: null, failed: 0 };
  const channel = await findChannelById(channelId);
  if (!channel) return out;
  // A sender that died between writing a message and hearing the answer: send those alerts again.
  for (const m of await unfinishedMessages(channel.id)) await abandonMessage(m.id);
  if (!channel.enabled) return out; // they wait, queued, until the channel is enabled again

  // The platform throttled or failed the last message: it hears nothing before the pause ends,
  // whichever alert is next and whichever process sends it.
  if (channel.pausedUntil && channel.pausedUntil.getTime() > Date.now()) {
    out.waitUntil = channel.pausedUntil;
    await scheduleSender(channel.id, undefined, channel.pausedUntil);
    return out;
  }

  for (;;) {
    const waiting = await queuedAlerts(channel.id, 1000);
    if (!waiting.length) return out;
    const now = Date.now();
    const ready = waiting.filter((a) => !a.notBefore || a.notBefore.getTime() <= now);
    if (!ready.length) {
      out.waitUntil = new Date(Math.min(...waiting.map((a) => a.notBefore!.getTime())));
      await scheduleSender(channel.id, undefined, out.waitUntil);
      return out;
    }
    // Let a burst gather first: the oldest ready alert is younger than the gathering time.
    const oldest = Math.min(...ready.map((a) => a.createdAt.getTime()));
    if (now - oldest < GATHER_MS) {
      out.waitUntil = new Date(oldest + GATHER_MS);
      await scheduleSender(channel.id, undefined, out.waitUntil);
      return out;
    }
    const b = await budget(channel);
    if (b.free <= 0) {
      out.waitUntil = b.nextSlotAt;
      await scheduleSender(channel.id, undefined, b.nextSlotAt);
      return out;
    }
    // Order matters: the oldest ready alerts first; a digest when more wait than the next seconds allow.
    const storm = ready.length > b.soon || (ready.length > 1 && (await countRecentAlerts(channel.id, STORM_WINDOW_S)) > b.soon);
    const group = storm ? packDigest(channel.kind, ready) : ready.slice(0, 1);
    const grouped = group.length > 1;
    const message = grouped ? digestOf(group, await teamName(channel.teamId)) : singleOf(group[0]!);
    const ids = group.map((a) => a.id);

    const { id: messageId } = await transaction((tx) => insertMessage({ channelId: channel.id, alertIds: ids, title: message.title, body: message.text }, tx));
    await failpoint("alerts:before-send");
    const result = await send(channel, message);
    out.messages++;

    if (result.outcome === "sent") {
      await transaction(async (tx) => {
        await recordAnswer({ messageId, ok: true, status: result.status, answer: result.answer, state: "sent" }, tx);
        await markDelivered({ messageId, alertIds: ids, grouped }, tx);
      });
      out.alerts += ids.length;
      await failpoint("alerts:after-send");
      continue;
    }

    await recordAnswer({ messageId, ok: false, status: result.status, answer: result.answer, state: "failed" });
    const attempt = Math.max(...group.map((a) => a.attempts)) + 1;
    const giveUp = result.outcome === "rejected" || (result.outcome !== "throttled" && attempt >= MAX_ATTEMPTS);
    if (giveUp) {
      // Refused for good: visible as failed, retryable by hand; the next alert goes on.
      await markAttempt({ alertIds: ids, notBefore: null, failed: true, countAttempt: true });
      out.failed += ids.length;
      continue;
    }
    // Throttled (no attempt counted) or failing for now: the whole channel waits, so the platform is
    // not asked again early and these alerts stay first in line.
    const until = new Date(Date.now() + (result.outcome === "throttled" ? (result.retryAfterMs ?? backoffMs(1)) : backoffMs(attempt)));
    await transaction(async (tx) => {
      await markAttempt({ alertIds: ids, notBefore: until, failed: false, countAttempt: result.outcome !== "throttled" }, tx);
      await pauseChannel({ id: channel.id, until }, tx);
    });
    out.waitUntil = until;
    await scheduleSender(channel.id, undefined, until);
    return out;
  }
}
