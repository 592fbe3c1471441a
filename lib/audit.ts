import { AsyncLocalStorage } from "node:async_hooks";
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
  const attempt = attempts.getStore();
  if (attempt) attempt.recorded = true;
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

/**
 * A request that may change something (a server action, a REST call other than GET), named as
 * the audit log shows it. Most refusals happen inside `audited()` and are logged there; one
 * happens before it: a team the caller may not see (teamAccess answers "not found", the same as
 * for no team at all). So that such probing is not invisible, `teamAccess` notes the team here and
 * `recordHiddenTeamAttempt` logs a "denied" row in that team's log (the caller learns nothing).
 */
type Attempt = { action: string; recorded: boolean; hiddenTeam: { ref: string; team: { id: number; name: string } | null } | null };
const attempts = new AsyncLocalStorage<Attempt>();

export function withAttempt<T>(action: string, fn: () => Promise<T>): Promise<T> {
  return attempts.run({ action, recorded: false, hiddenTeam: null }, fn);
}

/** Called by teamAccess when it answers "not found" for a team: the team as it exists (or null) and the reference asked for. */
export function noteHiddenTeam(ref: string | number, team: { id: number; name: string } | null): void {
  const attempt = attempts.getStore();
  if (attempt && !attempt.hiddenTeam) attempt.hiddenTeam = { ref: String(ref), team: team && { id: team.id, name: team.name } };
}

/** After a request failed: logs a refusal on a hidden team that no `audited()` call recorded. */
export async function recordHiddenTeamAttempt(principal: Principal | null, error: unknown): Promise<void> {
  const attempt = attempts.getStore();
  if (!principal || !attempt?.hiddenTeam || attempt.recorded) return;
  const { ref, team } = attempt.hiddenTeam;
  const message = isAppError(error) ? error.message : `Team “${ref}” was not found.`;
  await insertAuditEvent(row(principal, { action: attempt.action, targetType: "team", targetName: ref, team }, "denied", message)).catch((err) =>
    console.error("[audit] could not record a refused attempt", err),
  );
}
