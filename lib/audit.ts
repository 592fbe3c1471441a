import { insertAuditEvent, type AuditEventInput } from "@/db/queries/audit";
import { transaction, type Tx } from "@/db/queries/tx";
import type { Principal } from "@/lib/auth/principal";
import { isAppError } from "@/lib/errors";

export type AuditWhat = {
  action: string;
  targetType: string;
  targetId?: string | number | null;
  targetName?: string | null;
  team?: { id: number; name: string } | null;
  detail?: Record<string, unknown>;
};

/**
 * Runs a mutation in a transaction and records it in the audit log: on success in the same
 * transaction (so a logged change always happened), on failure afterwards (so refused and failed
 * attempts are logged even though their writes rolled back). `fn` may refine what is logged once it
 * knows the object (e.g. the id of something it created) by returning `audit`.
 */
export async function audited<T>(
  principal: Principal,
  what: AuditWhat,
  fn: (tx: Tx, log: { set: (more: Partial<AuditWhat>) => void }) => Promise<T>,
): Promise<T> {
  let current: AuditWhat = { ...what };
  const log = { set: (more: Partial<AuditWhat>) => void (current = { ...current, ...more }) };
  try {
    return await transaction(async (tx) => {
      const result = await fn(tx, log);
      await insertAuditEvent(row(principal, current, "success", null), tx);
      return result;
    });
  } catch (e) {
    const outcome = isAppError(e) && (e.code === "forbidden" || e.code === "not_found") ? "denied" : "failed";
    const message = isAppError(e) ? e.message : "Internal error";
    await insertAuditEvent(row(principal, current, outcome, message)).catch((err) =>
      console.error("[audit] could not record a failed action", err),
    );
    throw e;
  }
}

function row(p: Principal, w: AuditWhat, outcome: AuditEventInput["outcome"], message: string | null): AuditEventInput {
  return {
    actorId: p.via === "cli" ? null : p.user.id,
    actorName: p.user.username,
    via: p.via,
    ip: p.ip ?? null,
    teamId: w.team?.id ?? null,
    teamName: w.team?.name ?? null,
    action: w.action,
    targetType: w.targetType,
    targetId: w.targetId == null ? null : String(w.targetId),
    targetName: w.targetName ?? null,
    outcome,
    message,
    detail: w.detail ?? null,
  };
}
