import { bigserial, index, integer, jsonb, pgEnum, pgTable, text, timestamp } from "drizzle-orm/pg-core";

export const auditOutcome = pgEnum("audit_outcome", ["success", "denied", "failed"]);
export const auditVia = pgEnum("audit_via", ["session", "token", "cli", "system"]);

/**
 * Append-only record of every mutation. Names are copied in (actor, team, target) so the log
 * still reads after the user, team or object is gone; no foreign keys for the same reason.
 */
export const auditEvents = pgTable(
  "audit_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    actorId: integer("actor_id"),
    actorName: text("actor_name").notNull(),
    via: auditVia("via").notNull(),
    ip: text("ip"),
    teamId: integer("team_id"),
    teamName: text("team_name"),
    action: text("action").notNull(),
    targetType: text("target_type").notNull(),
    targetId: text("target_id"),
    targetName: text("target_name"),
    outcome: auditOutcome("outcome").notNull(),
    message: text("message"),
    detail: jsonb("detail").$type<Record<string, unknown>>(),
  },
  (t) => [index("audit_events_team_at_idx").on(t.teamId, t.at), index("audit_events_at_idx").on(t.at)],
);

export type AuditEventRow = typeof auditEvents.$inferSelect;
