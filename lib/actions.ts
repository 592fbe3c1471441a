import { z } from "zod";
import { recordHiddenTeamAttempt, withAttempt } from "@/lib/audit";
import { requireSession } from "@/lib/auth/session";
import type { Principal } from "@/lib/auth/principal";
import { isAppError } from "@/lib/errors";
import { describeIssues } from "@/lib/validation";

/** What every server action returns: forms show `error.message` and `error.fields` inline. */
export type ActionResult<T = void> =
  | { ok: true; data: T }
  | { ok: false; error: { code: string; message: string; fields?: Record<string, string> } };

/**
 * The body of every server action: a server action is a public HTTP endpoint, so it authenticates
 * here and leaves authorisation to the lib/ function it calls (which checks the caller's permission
 * in the object's team). Errors come back as data, never as a stack trace. `name` (the exported
 * action's) is what the audit log shows for a refusal no lib function recorded (lib/audit.ts).
 */
export async function runAction<T>(name: string, fn: (p: Principal) => Promise<T>): Promise<ActionResult<T>> {
  return withAttempt(`action:${name}`, async () => {
    let principal: Principal | null = null;
    try {
      principal = await requireSession();
      return { ok: true, data: await fn(principal) };
    } catch (e) {
      await recordHiddenTeamAttempt(principal, e);
      return actionError(e);
    }
  });
}

export function actionError(e: unknown): { ok: false; error: { code: string; message: string; fields?: Record<string, string> } } {
  if (isAppError(e)) return { ok: false, error: { code: e.code, message: e.message, fields: e.fields } };
  if (e instanceof z.ZodError) {
    const { message, fields } = describeIssues(e);
    return { ok: false, error: { code: "invalid_input", message, fields } };
  }
  console.error("[action] unexpected error", e);
  return { ok: false, error: { code: "internal", message: "Something went wrong on the server. It has been logged." } };
}
