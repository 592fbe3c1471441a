import { and, asc, count, desc, eq, gte, ilike, lte, or, type SQL } from "drizzle-orm";
import { auditEvents } from "../schema";
import { conn, type DbOrTx } from "./tx";

export type AuditEventInput = {
  actorId: number | null;
  actorName: string;
  via: "session" | "token" | "cli" | "system";
  ip?: string | null;
  teamId?: number | null;
  teamName?: string | null;
  action: string;
  targetType: string;
  targetId?: string | null;
  targetName?: string | null;
  outcome: "success" | "denied" | "failed";
  message?: string | null;
  detail?: Record<string, unknown> | null;
};

export async function insertAuditEvent(input: AuditEventInput, tx?: DbOrTx): Promise<void> {
  await conn(tx).insert(auditEvents).values(input);
}

export const auditSortable = ["at", "actorName", "action", "outcome", "teamName"] as const;
export type AuditSort = (typeof auditSortable)[number];

export type AuditFilter = {
  /** Limits to one team; undefined means every team (admins only). */
  teamId?: number;
  q?: string;
  outcome?: "success" | "denied" | "failed";
  action?: string;
  from?: Date;
  to?: Date;
};

/** A page of the audit log, filtered and sorted in SQL (indexes on (team_id, at) and (at)). */
export async function listAuditEvents(
  input: { filter: AuditFilter; sort: AuditSort; dir: "asc" | "desc"; page: number; pageSize: number },
  tx?: DbOrTx,
) {
  const f = input.filter;
  const conds: (SQL | undefined)[] = [
    f.teamId !== undefined ? eq(auditEvents.teamId, f.teamId) : undefined,
    f.outcome ? eq(auditEvents.outcome, f.outcome) : undefined,
    f.action ? eq(auditEvents.action, f.action) : undefined,
    f.from ? gte(auditEvents.at, f.from) : undefined,
    f.to ? lte(auditEvents.at, f.to) : undefined,
  ];
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conds.push(
      or(
        ilike(auditEvents.actorName, like),
        ilike(auditEvents.action, like),
        ilike(auditEvents.targetName, like),
        ilike(auditEvents.teamName, like),
        ilike(auditEvents.message, like),
      ),
    );
  }
  const where = and(...conds.filter((c): c is SQL => c !== undefined));
  const column = auditEvents[input.sort];
  const order = input.dir === "asc" ? asc(column) : desc(column);
  const [rows, [total]] = await Promise.all([
    conn(tx)
      .select()
      .from(auditEvents)
      .where(where)
      .orderBy(order, desc(auditEvents.id))
      .limit(input.pageSize)
      .offset((input.page - 1) * input.pageSize),
    conn(tx).select({ n: count() }).from(auditEvents).where(where),
  ]);
  return { rows, total: total?.n ?? 0 };
}
