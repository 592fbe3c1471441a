import { can, type TeamAccess } from "@/lib/auth/access";
import { describePermission } from "@/lib/auth/permissions";
import { isAppError } from "@/lib/errors";
import type { ActionKind } from "@/lib/lifecycle/options";
import { actionPermission, checkAction } from "@/lib/lifecycle/state";

export type Availability = Record<ActionKind, { allowed: boolean; reason: string | null }>;

const kinds: ActionKind[] = ["build", "start", "stop", "cancel", "savepoint", "restart"];

/**
 * Which lifecycle buttons work now, and for the others the sentence that says why not: the same
 * rules the server applies when asked (permission, one operation at a time, the state machine,
 * a valid head version), so a disabled button never hides a refusal the server would not give.
 */
export function availability(access: TeamAccess, job: { name: string; observedState: string; activeOperation: string | null; valid: boolean; headVersion: number }): Availability {
  const out = {} as Availability;
  const active = job.activeOperation ? job.activeOperation.split(":") : null;
  for (const kind of kinds) {
    const permission = actionPermission[kind];
    let reason: string | null = null;
    if (!can(access, permission)) {
      reason = `Your role “${access.role}” does not allow this (${describePermission(permission).toLowerCase()}).`;
    } else if (active) {
      reason = `A ${active[0]} is in progress (operation ${active[1]}); wait for it to finish.`;
    } else {
      try {
        checkAction(kind, job);
        if ((kind === "start" || kind === "restart" || kind === "build") && !job.valid) {
          reason = `Version ${job.headVersion} has blocking errors; fix them and save first.`;
        }
      } catch (e) {
        if (!isAppError(e)) throw e;
        reason = e.message;
      }
    }
    out[kind] = { allowed: reason === null, reason };
  }
  return out;
}
