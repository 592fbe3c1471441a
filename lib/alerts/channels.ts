import { z } from "zod";
import { channelUsage, clearClusterAlertChannel, deleteChannel as deleteRow, jobIdsUsingChannel, findChannel, insertChannel, listChannels, updateChannel as updateRow, type AlertChannel, type AlertChannelKind } from "@/db/queries/alert-channels";
import { acknowledge, countFailedAlerts, countUndelivered, insertAlert, insertMessage, markAttempt, markDelivered, recordAnswer } from "@/db/queries/alerts";
import { findJob, jobAlertSilence } from "@/db/queries/jobs";
import type { Tx } from "@/db/queries/tx";
import { audited } from "@/lib/audit";
import { requirePermission, requireTeamPermission, teamAccess, type TeamAccess } from "@/lib/auth/access";
import type { Principal } from "@/lib/auth/principal";
import { openSecret, sealSecret } from "@/lib/crypto/secrets";
import { AppError, uniqueOr } from "@/lib/errors";
import { appendVersion } from "@/lib/jobs/jobs";
import type { JobSettings } from "@/lib/jobs/settings";
import { describeIssues, descriptionSchema } from "@/lib/validation";
import { sendGate } from "./dispatch";
import { platformFor } from "./platforms";
import type { ChannelKind, OutgoingMessage, SendResult } from "./platforms/types";
import { consoleLink, teamTemplate } from "./raise";
import { renderTemplate, utcTime } from "./templates";

/**
 * A team's alert channels: where alerts go (DingTalk, WeCom, Lark, a webhook, email). What a
 * platform may show again (`config`) is stored as is; its secrets (tokens, signing keys, passwords,
 * webhook URLs that embed a key) are sealed as one JSON object and never leave the server: callers
 * learn only which secret fields are set. Viewing needs alert_channel:view; anything that changes a
 * channel or sends through it needs alert_channel:manage. Every change is audited (names, never values).
 */

export const channelKinds = ["dingtalk", "wecom", "lark", "webhook", "email"] as const satisfies readonly ChannelKind[];

export const channelNameSchema = z
  .string()
  .trim()
  .min(1, "A channel needs a name.")
  .max(64, "A channel name can have at most 64 characters.")
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "Use letters, digits, dots, dashes and underscores, starting with a letter or digit.")
  .refine((s) => !/^\d+$/.test(s), "A channel name cannot be only digits.")
  .meta({ example: "ops-dingtalk" });

export const rateSchema = z
  .object({
    perMinute: z.coerce.number().int("A rate is a whole number of messages.").min(1, "Allow at least 1 message per minute.").max(100_000, "At most 100,000 messages per minute."),
    perSecond: z.coerce.number().int("A rate is a whole number of messages.").min(1, "Allow at least 1 message per second, or leave it empty.").max(10_000).nullable().optional(),
  })
  .meta({ description: "Messages the channel may send; the platform's documented limit when absent.", example: { perMinute: 20, perSecond: null } });

/** What the REST API documents as an example per kind (the platforms' own field names). */
const examples: Record<ChannelKind, { config: Record<string, unknown>; secrets: Record<string, unknown> }> = {
  dingtalk: { config: { atMobiles: [], atAll: false }, secrets: { webhookUrl: "https://oapi.dingtalk.com/robot/send?access_token=0123456789abcdef", signSecret: "SEC0123456789abcdef" } },
  wecom: { config: { mentionMobiles: [], mentionAll: false }, secrets: { webhookUrl: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=01234567-89ab-cdef-0123-456789abcdef" } },
  lark: { config: { format: "card", mentionAll: false }, secrets: { webhookUrl: "https://open.feishu.cn/open-apis/bot/v2/hook/01234567-89ab-cdef-0123-456789abcdef", signSecret: "0123456789abcdef" } },
  webhook: { config: { method: "POST" }, secrets: { url: "https://hooks.example.com/eddy?token=0123456789abcdef", headers: { Authorization: "Bearer 0123456789abcdef" } } },
  email: { config: { host: "smtp.example.com", port: 587, from: "Eddy <eddy@example.com>", to: ["oncall@example.com"] }, secrets: { password: "smtp-password" } },
};

function variant<K extends ChannelKind>(kind: K) {
  const p = platformFor(kind);
  return z.object({
    kind: z.literal(kind),
    name: channelNameSchema,
    description: descriptionSchema.default(""),
    enabled: z.boolean().default(true).meta({ example: true }),
    // prefault, not default: an absent object still goes through the platform's schema (its defaults, its required fields).
    config: p.config.prefault({}).meta({ description: `${p.label}: the settings that may be shown again.`, example: examples[kind].config }),
    secrets: p.secrets.prefault({}).meta({ description: `${p.label}: sealed at rest and never shown again.`, example: examples[kind].secrets }),
    rate: rateSchema.optional(),
  });
}

export const createChannelInput = z.discriminatedUnion("kind", [variant("dingtalk"), variant("wecom"), variant("lark"), variant("webhook"), variant("email")], {
  error: () => "Choose a kind: dingtalk, wecom, lark, webhook or email.",
});
export type CreateChannelInput = z.input<typeof createChannelInput>;

/** The kind cannot change. Absent fields stay; an absent or empty secret keeps the stored one, null removes it. */
export const updateChannelInput = z.object({
  name: channelNameSchema.optional(),
  description: descriptionSchema.optional(),
  enabled: z.boolean().optional().meta({ example: true }),
  config: z
    .record(z.string(), z.unknown())
    .optional()
    .meta({ description: "The kind's settings; fields left out keep their values, null clears one.", example: { url: "https://hooks.example.com/eddy" } }),
  secrets: z
    .record(z.string(), z.unknown())
    .optional()
    .meta({ description: "Secret fields to replace. Absent or empty: keep the stored value; null: remove an optional one.", example: { webhookUrl: "https://oapi.dingtalk.com/robot/send?access_token=fedcba9876543210" } }),
  rate: rateSchema.optional(),
});
export type UpdateChannelInput = z.input<typeof updateChannelInput>;

export const deleteChannelInput = z.object({ force: z.boolean().default(false) });

/** A channel as callers see it: secrets only by name. */
export type ChannelView = {
  id: number;
  name: string;
  kind: AlertChannelKind;
  kindLabel: string;
  description: string;
  config: Record<string, unknown>;
  /** Which secret fields hold a value (their values never leave the server). */
  secretsSet: string[];
  rate: { perMinute: number; perSecond: number | null };
  defaultRate: { perMinute: number; perSecond: number | null };
  enabled: boolean;
  silencedUntil: Date | null;
  /** Deliveries that gave up and wait for someone to retry them. */
  failedAlerts: number;
  createdAt: Date;
  updatedAt: Date;
};
export type ChannelDetail = ChannelView & { usage: { jobs: number; clusters: number } };

const notFound = (ref: string | number) => new AppError("not_found", `Alert channel “${String(ref)}” was not found.`);

function storedSecrets(sealed: string | null): Record<string, unknown> {
  if (!sealed) return {};
  return JSON.parse(openSecret(sealed)) as Record<string, unknown>;
}

/** No value worth sealing: absent, empty text, or an empty list or map (webhook headers). */
function isEmpty(v: unknown): boolean {
  if (v === undefined || v === null || v === "") return true;
  if (Array.isArray(v)) return v.length === 0;
  return typeof v === "object" && Object.keys(v).length === 0;
}

function sealSecrets(secrets: Record<string, unknown>): string | null {
  const set = Object.fromEntries(Object.entries(secrets).filter(([, v]) => !isEmpty(v)));
  return Object.keys(set).length ? sealSecret(JSON.stringify(set)) : null;
}

function secretNames(sealed: string | null): string[] {
  try {
    return Object.entries(storedSecrets(sealed))
      .filter(([, v]) => !isEmpty(v))
      .map(([k]) => k)
      .sort();
  } catch {
    // Sealed with another key: nothing can be said about it, and sending will fail visibly.
    return [];
  }
}

function view(row: AlertChannel): ChannelView {
  const p = platformFor(row.kind);
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    kindLabel: p.label,
    description: row.description,
    config: row.config,
    secretsSet: secretNames(row.secrets),
    rate: { perMinute: row.ratePerMinute, perSecond: row.ratePerSecond },
    defaultRate: p.defaultRate,
    enabled: row.enabled,
    silencedUntil: row.silencedUntil && row.silencedUntil.getTime() > Date.now() ? row.silencedUntil : null,
    failedAlerts: Number(row.failedAlerts ?? 0),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** Parses a platform's part of the input; errors name their field under `prefix` (config.url, secrets.webhookUrl). */
function parsePart<T>(schema: z.ZodType<T>, value: unknown, prefix: "config" | "secrets"): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const { fields } = describeIssues(r.error);
  const prefixed = Object.fromEntries(Object.entries(fields).map(([k, m]) => [k === "_" ? prefix : `${prefix}.${k}`, m]));
  const [first] = Object.entries(prefixed);
  throw new AppError("invalid_input", first ? `${first[0]}: ${first[1]}` : "The input is not valid.", { fields: prefixed });
}

/** Empty secret fields in a form mean "not given": drop them before the platform's schema sees them. */
function withoutEmptySecrets(input: unknown): unknown {
  if (!input || typeof input !== "object") return input;
  const secrets = (input as { secrets?: unknown }).secrets;
  if (!secrets || typeof secrets !== "object" || Array.isArray(secrets)) return input;
  return { ...input, secrets: Object.fromEntries(Object.entries(secrets).filter(([, v]) => v !== "" && v !== null)) };
}

export async function listTeamChannels(p: Principal, team: string | number): Promise<ChannelView[]> {
  const access = await requireTeamPermission(p, team, "alert_channel:view");
  return (await listChannels(access.team.id)).map(view);
}

export async function getChannel(p: Principal, team: string | number, ref: string | number): Promise<ChannelDetail> {
  const access = await requireTeamPermission(p, team, "alert_channel:view");
  const row = await findChannel({ teamId: access.team.id, ref });
  if (!row) throw notFound(ref);
  return { ...view(row), usage: await channelUsage({ teamId: access.team.id, id: row.id }) };
}

async function reread(teamId: number, id: number, tx: Tx): Promise<ChannelView> {
  return view((await findChannel({ teamId, ref: id }, tx))!);
}

export async function createChannel(p: Principal, team: string | number, input: unknown): Promise<ChannelView> {
  const v = createChannelInput.parse(withoutEmptySecrets(input));
  const access = await teamAccess(p, team);
  return audited(p, { action: "alert_channel.create", targetType: "alert_channel", targetName: v.name, team: access.team, detail: { kind: v.kind } }, async (tx, log) => {
    requirePermission(access, "alert_channel:manage");
    const platform = platformFor(v.kind);
    const rate = v.rate ? { perMinute: v.rate.perMinute, perSecond: v.rate.perSecond ?? null } : platform.defaultRate;
    const { id } = await uniqueOr(`An alert channel named “${v.name}” already exists in ${access.team.name}.`, () =>
      insertChannel(
        {
          teamId: access.team.id,
          name: v.name,
          kind: v.kind,
          description: v.description,
          config: v.config as Record<string, unknown>,
          secrets: sealSecrets(v.secrets as Record<string, unknown>),
          ratePerMinute: rate.perMinute,
          ratePerSecond: rate.perSecond,
          enabled: v.enabled,
          createdBy: p.via === "cli" ? null : p.user.id,
        },
        tx,
      ),
    );
    log.set({ targetId: id });
    return reread(access.team.id, id, tx);
  });
}

/**
 * Edits a channel. Its config is merged field by field with what is stored and checked again by
 * the platform; secrets are write-only: a field left out or empty keeps its stored value.
 */
export async function updateChannel(p: Principal, team: string | number, ref: string | number, input: unknown): Promise<ChannelView> {
  const v = updateChannelInput.parse(input);
  const access = await teamAccess(p, team);
  return audited(p, { action: "alert_channel.update", targetType: "alert_channel", targetName: String(ref), team: access.team }, async (tx, log) => {
    requirePermission(access, "alert_channel:manage");
    const cur = await findChannel({ teamId: access.team.id, ref }, tx);
    if (!cur) throw notFound(ref);
    const platform = platformFor(cur.kind);

    let config: Record<string, unknown> | undefined;
    if (v.config) {
      const merged: Record<string, unknown> = { ...cur.config };
      for (const [k, val] of Object.entries(v.config)) {
        if (val === null) delete merged[k];
        else merged[k] = val;
      }
      config = parsePart(platform.config, merged, "config") as Record<string, unknown>;
    }

    let secrets: string | null | undefined;
    // Empty means "keep" (a form's untouched password field); null removes an optional secret.
    const replaced = Object.entries(v.secrets ?? {}).filter(([, val]) => val === null || !isEmpty(val));
    if (replaced.length) {
      const merged = storedSecrets(cur.secrets);
      for (const [k, val] of replaced) {
        if (val === null) delete merged[k];
        else merged[k] = val;
      }
      secrets = sealSecrets(parsePart(platform.secrets, merged, "secrets") as Record<string, unknown>);
    }

    const changed = [
      v.name !== undefined && v.name !== cur.name && "name",
      v.description !== undefined && v.description !== cur.description && "description",
      v.enabled !== undefined && v.enabled !== cur.enabled && "enabled",
      config !== undefined && "config",
      ...replaced.map(([k]) => `secrets.${k}`),
      v.rate !== undefined && "rate",
    ].filter((x): x is string => Boolean(x));
    log.set({ targetId: cur.id, targetName: cur.name, detail: { changed, ...(v.name && v.name !== cur.name ? { newName: v.name } : {}) } });

    await uniqueOr(`An alert channel named “${v.name}” already exists in ${access.team.name}.`, () =>
      updateRow(
        cur.id,
        {
          ...(v.name !== undefined ? { name: v.name } : {}),
          ...(v.description !== undefined ? { description: v.description } : {}),
          ...(v.enabled !== undefined ? { enabled: v.enabled } : {}),
          ...(config !== undefined ? { config } : {}),
          ...(secrets !== undefined ? { secrets } : {}),
          ...(v.rate !== undefined ? { ratePerMinute: v.rate.perMinute, ratePerSecond: v.rate.perSecond ?? null } : {}),
        },
        tx,
      ),
    );
    return reread(access.team.id, cur.id, tx);
  });
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * Deletes a channel with its alert history. Refused while jobs or clusters send their alerts to it
 * (the counts are named), unless `force`: then each such job gets a new version without an alert
 * channel (settings live in versions; history is never rewritten) and the clusters lose theirs.
 */
export async function deleteChannel(p: Principal, team: string | number, ref: string | number, input: unknown = {}): Promise<{ jobsCleared: number; clustersCleared: number }> {
  const { force } = deleteChannelInput.parse(input ?? {});
  const access = await teamAccess(p, team);
  return audited(p, { action: "alert_channel.delete", targetType: "alert_channel", targetName: String(ref), team: access.team, detail: { force } }, async (tx, log) => {
    requirePermission(access, "alert_channel:manage");
    const cur = await findChannel({ teamId: access.team.id, ref }, tx);
    if (!cur) throw notFound(ref);
    log.set({ targetId: cur.id, targetName: cur.name });
    const usage = await channelUsage({ teamId: access.team.id, id: cur.id }, tx);
    if ((usage.jobs > 0 || usage.clusters > 0) && !force) {
      const users = [usage.jobs > 0 && plural(usage.jobs, "job"), usage.clusters > 0 && plural(usage.clusters, "cluster")].filter(Boolean).join(" and ");
      throw new AppError("conflict", `“${cur.name}” receives the alerts of ${users}. Choose another channel for them first, or delete it with force to leave them without one.`, {
        fields: { jobs: String(usage.jobs), clusters: String(usage.clusters) },
      });
    }
    // Alerts not delivered yet go with the channel: never silently.
    const undelivered = await countUndelivered(cur.id, tx);
    if (undelivered > 0 && !force) {
      throw new AppError("conflict", `“${cur.name}” has ${plural(undelivered, "alert")} not delivered yet (queued, or failed and waiting for a retry); deleting it drops them. Let them go out first, or delete it with force.`, {
        fields: { undelivered: String(undelivered) },
      });
    }
    let jobsCleared = 0;
    let clustersCleared = 0;
    if (force) {
      jobsCleared = await clearJobReferences(tx, p, access, cur);
      clustersCleared = await clearClusterAlertChannel({ teamId: access.team.id, id: cur.id }, tx);
      log.set({ detail: { force, jobsCleared, clustersCleared } });
    }
    await deleteRow(cur.id, tx);
    return { jobsCleared, clustersCleared };
  });
}

/** Each job whose newest settings name the channel gets a new version without it (the usual append, under its row lock). */
async function clearJobReferences(tx: Tx, p: Principal, access: TeamAccess, channel: AlertChannel): Promise<number> {
  const ids = await jobIdsUsingChannel({ teamId: access.team.id, id: channel.id }, tx);
  for (const id of ids) {
    const job = await findJob({ teamId: access.team.id, ref: id }, tx);
    if (!job) continue;
    const settings = { ...(job.settings as unknown as JobSettings), alertChannelId: null, alertChannelName: null };
    await appendVersion(tx, p, access, job, { sql: job.sql, settings, note: `Alert channel “${channel.name}” deleted`, restoredFrom: null });
  }
  return ids.length;
}

// ---------------------------------------------------------------------------- the test message

export type TestResult = {
  ok: boolean;
  outcome: SendResult["outcome"];
  status: number | null;
  /** The platform's own words. */
  answer: string;
  title: string;
  body: string;
  alertId: number;
};


/**
 * Sends the team's `test` message through the channel now (not through the queue, so the person
 * sees the platform's answer at once) and records it in the history like any alert. A refusal by
 * the platform is an answer, not an error: `ok` is false and `answer` says why in its words. The
 * test goes even when the channel is disabled or silenced: it is how one checks it before enabling.
 */
export async function testChannel(p: Principal, team: string | number, ref: string | number): Promise<TestResult> {
  const access = await teamAccess(p, team);
  const what = { action: "alert_channel.test", targetType: "alert_channel", targetName: String(ref), team: access.team };
  // Checked and prepared first, then sent with no transaction open (a platform may take 10 s to
  // answer), then recorded with its answer in one short transaction with the audit row. A refusal
  // before the send is audited like any other.
  const prepared = await prepareTest(access, ref).catch(async (e: unknown) => audited(p, what, async () => Promise.reject(e)));
  const { channel, title, body, link, facts } = prepared;
  const platform = platformFor(channel.kind);
  const outgoing: OutgoingMessage = { title, text: body, link, facts: { kind: "test", ...facts } };

  let result: SendResult;
  try {
    const config = platform.config.parse(channel.config);
    const secrets = platform.secrets.parse(storedSecrets(channel.secrets));
    result = await platform.send(config, secrets, outgoing, { timeoutMs: 10_000 });
  } catch (e) {
    // Stored settings that no longer parse, or a key that cannot open the secrets: say so plainly.
    const why = e instanceof z.ZodError ? `The channel's stored settings are not valid any more (${describeIssues(e).message}); edit the channel.` : e instanceof Error ? e.message : String(e);
    result = { outcome: "rejected", status: null, answer: why };
  }

  return audited(p, { ...what, targetId: channel.id, targetName: channel.name }, async (tx, log) => {
    requirePermission(access, "alert_channel:manage");
    const ok = result.outcome === "sent";
    const alert = await insertAlert({ teamId: access.team.id, channelId: channel.id, kind: "test", dedupKey: `test:${Date.now()}`, title, body, subject: channel.name, summary: "test message", link }, tx);
    if (!ok) {
      await markAttempt({ alertIds: [alert.id], notBefore: null, failed: true, countAttempt: true }, tx);
      // The person saw the answer; a failed test should not light the team's badge.
      await acknowledge({ id: alert.id, by: p.user.username }, tx);
    }
    // The message and its answer are the history of the test, sent or refused.
    const message = await insertMessage({ channelId: channel.id, alertIds: [alert.id], title, body }, tx);
    await recordAnswer({ messageId: message.id, ok, status: result.status, answer: result.answer, state: ok ? "sent" : "failed" }, tx);
    if (ok) await markDelivered({ messageId: message.id, alertIds: [alert.id], grouped: false }, tx);
    log.set({ detail: { outcome: result.outcome, status: result.status } });
    return { ok, outcome: result.outcome, status: result.status, answer: result.answer, title, body, alertId: alert.id };
  });
}

/** The checks and the rendered message of a test, read without holding a transaction. */
async function prepareTest(access: TeamAccess, ref: string | number) {
  requirePermission(access, "alert_channel:manage");
  const channel = await findChannel({ teamId: access.team.id, ref });
  if (!channel) throw notFound(ref);
  // A test counts against the channel's rate like any message, and waits out a platform's pause.
  const gate = await sendGate(channel);
  if (gate) {
    const seconds = Math.max(1, Math.ceil((gate.until.getTime() - Date.now()) / 1000));
    throw new AppError("rate_limited", `“${channel.name}” cannot send now: ${gate.why}. Try again in ${seconds} s.`, { retryAfter: seconds });
  }
  const link = consoleLink(`/teams/${encodeURIComponent(access.team.name)}/alerts/channels`);
  const facts = { team: access.team.name, time: utcTime(new Date()), link };
  const { title, body } = renderTemplate(await teamTemplate(undefined, access.team.id, "test"), facts);
  return { channel, title, body, link, facts };
}

// ---------------------------------------------------------------------------- reads for pages

/** When a job's alerts are silenced until (null: not silenced); the job must already be known to be the team's. */
export async function jobSilencedUntil(p: Principal, team: string | number, jobId: number): Promise<Date | null> {
  const access = await requireTeamPermission(p, team, "job:view");
  const until = await jobAlertSilence({ teamId: access.team.id, jobId });
  return until && until.getTime() > Date.now() ? until : null;
}

/** Failed deliveries nobody acknowledged yet: the team's red badge. */
export async function failedAlertCount(p: Principal, team: string | number): Promise<number> {
  const access = await requireTeamPermission(p, team, "alert_channel:view");
  return countFailedAlerts(access.team.id);
}

// ---------------------------------------------------------------------------- the form

/** One field of a channel's form, read from the platform's zod schema (so the form follows the platform). */
export type ChannelField = {
  name: string;
  label: string;
  control: "text" | "multiline" | "number" | "boolean" | "select" | "list" | "map";
  required: boolean;
  options?: string[];
  default?: unknown;
  hint?: string;
};
export type ChannelFormSpec = { kind: ChannelKind; label: string; defaultRate: { perMinute: number; perSecond: number | null }; config: ChannelField[]; secrets: ChannelField[] };

const fieldText: Record<string, { label?: string; hint?: string }> = {
  webhookUrl: { label: "Webhook URL", hint: "The robot's webhook address, with its token or key." },
  "dingtalk.signSecret": { label: "Signing secret", hint: "The “SEC…” secret, when the robot's security setting is signing (加签)." },
  "lark.signSecret": { label: "Signing secret", hint: "When the bot's security setting is signature verification." },
  keyword: { hint: "The robot's custom keyword, when its security setting is keywords; added to titles that lack it." },
  atMobiles: { label: "@mention mobiles", hint: "Mobile numbers, one per line." },
  mentionMobiles: { label: "@mention mobiles", hint: "Mobile numbers, one per line." },
  atAll: { label: "@all" },
  mentionAll: { label: "@all" },
  format: { hint: "card: an interactive card with an “Open in Eddy” button; post: rich text." },
  host: { label: "SMTP host" },
  port: { label: "SMTP port" },
  security: { hint: "starttls (587), tls from the start (465), or none." },
  verifyCertificate: { label: "Verify the server's certificate", hint: "Off only for an internal relay with a self-signed certificate." },
  user: { label: "SMTP user" },
  password: { label: "SMTP password" },
  from: { hint: "“Eddy <eddy@example.com>” or a bare address." },
  to: { hint: "Addresses, one per line." },
  cc: { label: "Cc", hint: "Addresses, one per line." },
  url: { label: "URL", hint: "Where the alert is sent; sealed, as such URLs often carry a token." },
  headers: { hint: "“Name: value”, one per line (e.g. Authorization: Bearer …); sealed." },
  method: { label: "HTTP method" },
  contentType: { label: "Content-Type" },
  bodyTemplate: { label: "Body template", hint: "{{title}}, {{text}}, {{link}}, {{kind}}, {{job}}… are filled in, escaped for the content type." },
};

const humanize = (name: string) => name.replace(/([a-z])([A-Z])/g, "$1 $2").replace(/^./, (c) => c.toUpperCase());

type JsonProp = { type?: string; enum?: string[]; default?: unknown; maxLength?: number };

function fieldsOf(kind: ChannelKind, schema: z.ZodType): ChannelField[] {
  const json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as { properties?: Record<string, JsonProp>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, prop]) => {
    const text = { ...fieldText[name], ...fieldText[`${kind}.${name}`] };
    const control: ChannelField["control"] = prop.enum
      ? "select"
      : prop.type === "boolean"
        ? "boolean"
        : prop.type === "integer" || prop.type === "number"
          ? "number"
          : prop.type === "array"
            ? "list"
            : prop.type === "object"
              ? "map"
              : (prop.maxLength ?? 0) > 1000
                ? "multiline"
                : "text";
    return { name, label: text.label ?? humanize(name), control, required: json.required?.includes(name) ?? false, options: prop.enum, default: prop.default, hint: text.hint };
  });
}

/** What the console's channel form shows per kind. */
export function channelFormSpecs(): ChannelFormSpec[] {
  return channelKinds.map((k) => {
    const p = platformFor(k);
    return { kind: k, label: p.label, defaultRate: p.defaultRate, config: fieldsOf(k, p.config), secrets: fieldsOf(k, p.secrets) };
  });
}

