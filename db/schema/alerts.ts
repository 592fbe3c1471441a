import { sql } from "drizzle-orm";
import { bigint, bigserial, boolean, index, integer, jsonb, pgEnum, pgTable, serial, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { clusters } from "./clusters";
import { jobs } from "./jobs";
import { teams } from "./teams";
import { users } from "./users";

export const alertChannelKind = pgEnum("alert_channel_kind", ["email", "dingtalk", "wecom", "lark", "webhook"]);

/**
 * Where a team's alerts go. `config` holds what may be shown again; `secrets` (which fields, per
 * platform: lib/alerts/platforms/*.ts) is one sealed JSON object (lib/crypto) and is never sent
 * back to a browser.
 */
export const alertChannels = pgTable(
  "alert_channels",
  {
    id: serial("id").primaryKey(),
    teamId: integer("team_id")
      .notNull()
      .references(() => teams.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    kind: alertChannelKind("kind").notNull(),
    description: text("description").notNull().default(""),
    config: jsonb("config").$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    secrets: text("secrets"),
    /** The platform's limit, as this channel keeps to it: messages per minute, and per second (null: none). */
    ratePerMinute: integer("rate_per_minute").notNull(),
    ratePerSecond: integer("rate_per_second"),
    enabled: boolean("enabled").notNull().default(true),
    silencedUntil: timestamp("silenced_until", { withTimezone: true }),
    /** The platform throttled us or failed: nothing goes to it before then (set and honoured by the sender only). */
    pausedUntil: timestamp("paused_until", { withTimezone: true }),
    createdBy: integer("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("alert_channels_team_name_key").on(t.teamId, sql`lower(${t.name})`)],
);

export const alertKind = pgEnum("alert_kind", ["job_failed", "job_lost", "job_restarted", "restart_limit", "checkpoint_failures", "cancelled_outside", "cluster_unreachable", "test"]);
export const alertState = pgEnum("alert_state", ["queued", "sent", "failed", "grouped", "suppressed"]);

/**
 * The outbox: one row per alert, written in the same transaction as the event that causes it. A
 * channel's sender (one graphile-worker queue per channel) sends them in id order, each alone or
 * grouped with others into one digest message (`messageId`: the alert_messages row that carried it).
 */
export const alerts = pgTable(
  "alerts",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    teamId: integer("team_id")
      .notNull()
      .references(() => teams.id, { onDelete: "cascade" }),
    channelId: integer("channel_id")
      .notNull()
      .references(() => alertChannels.id, { onDelete: "cascade" }),
    jobId: integer("job_id").references(() => jobs.id, { onDelete: "set null" }),
    clusterId: integer("cluster_id").references(() => clusters.id, { onDelete: "set null" }),
    kind: alertKind("kind").notNull(),
    /** The condition, for the quiet period: the same key is not sent twice within it. */
    dedupKey: text("dedup_key").notNull(),
    /** Rendered once, at the event (what happened then, not what is true when it is sent). */
    title: text("title").notNull(),
    body: text("body").notNull(),
    /** For digests, which group alerts by what happened: who ("orders-etl") and what ("FAILED — disk full"). */
    subject: text("subject").notNull(),
    summary: text("summary").notNull(),
    link: text("link"),
    state: alertState("state").notNull().default("queued"),
    attempts: integer("attempts").notNull().default(0),
    /** When the sender may try again (after a throttling answer or a network error). */
    notBefore: timestamp("not_before", { withTimezone: true }),
    /** The message that carried it (alone or in a digest). */
    messageId: bigint("message_id", { mode: "number" }),
    suppressedReason: text("suppressed_reason"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp("sent_at", { withTimezone: true }),
    acknowledgedAt: timestamp("acknowledged_at", { withTimezone: true }),
    acknowledgedBy: text("acknowledged_by"),
  },
  (t) => [
    index("alerts_channel_queue_idx").on(t.channelId, t.id).where(sql`${t.state} = 'queued'`),
    index("alerts_team_created_idx").on(t.teamId, t.createdAt),
    index("alerts_job_created_idx").on(t.jobId, t.createdAt),
    index("alerts_dedup_idx").on(t.channelId, t.dedupKey, t.createdAt),
  ],
);

/**
 * What a channel actually sent: one message carrying one alert or a digest of many, with every
 * attempt's answer from the platform. The rate limit counts these.
 */
export const alertMessages = pgTable(
  "alert_messages",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    channelId: integer("channel_id")
      .notNull()
      .references(() => alertChannels.id, { onDelete: "cascade" }),
    alertCount: integer("alert_count").notNull(),
    title: text("title").notNull(),
    body: text("body").notNull(),
    /** sending (the answer is not in yet), sent, failed. */
    state: text("state").notNull().default("sending"),
    attempts: integer("attempts").notNull().default(0),
    /** [{at, status, answer}] per attempt: the platform's own words. */
    answers: jsonb("answers").$type<{ at: string; ok: boolean; status: number | null; answer: string }[]>().notNull().default(sql`'[]'::jsonb`),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp("sent_at", { withTimezone: true }),
  },
  (t) => [index("alert_messages_channel_sent_idx").on(t.channelId, t.sentAt)],
);

/** A team's own wording per alert kind (defaults in lib/alerts/templates.ts). */
export const alertTemplates = pgTable(
  "alert_templates",
  {
    id: serial("id").primaryKey(),
    teamId: integer("team_id")
      .notNull()
      .references(() => teams.id, { onDelete: "cascade" }),
    kind: alertKind("kind").notNull(),
    title: text("title").notNull(),
    body: text("body").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("alert_templates_team_kind_key").on(t.teamId, t.kind)],
);
