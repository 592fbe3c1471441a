import { clearLoginFailures, findLoginLock, recordLoginFailure } from "@/db/queries/login-attempts";
import { findUserForLogin, recordLogin } from "@/db/queries/users";
import { insertAuditEvent } from "@/db/queries/audit";
import { verifyDecoy, verifyPassword } from "./password";

/** Failures allowed per (username, address) in the window before sign-in is refused for a while. */
export const loginThrottle = { maxFailures: 5, windowSeconds: 15 * 60, lockSeconds: 15 * 60 };

export type LoginResult =
  | { ok: true; user: { id: number; username: string; sessionVersion: number } }
  | { ok: false; reason: "invalid" | "locked" | "disabled"; message: string };

export const WRONG_CREDENTIALS = "Wrong username or password.";

function lockedMessage(until: Date): string {
  const minutes = Math.max(1, Math.ceil((until.getTime() - Date.now()) / 60_000));
  return `Too many failed sign-in attempts. Sign-in for this account from your address is paused; try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
}

/**
 * Checks a username and password. Throttling is per (username, address): a locked pair is refused
 * before the password is even checked, so guessing cannot continue during the lock.
 */
export async function attemptLogin(input: { username: string; password: string; address: string }): Promise<LoginResult> {
  const username = input.username.trim();
  const key = { username, address: input.address };
  // Nothing that cannot be a username reaches the database (Postgres text cannot hold NUL).
  if (!username || !input.password || username.length > 64 || username.includes("\u0000")) {
    return { ok: false, reason: "invalid", message: WRONG_CREDENTIALS };
  }

  const lockedUntil = await findLoginLock(key);
  if (lockedUntil) return { ok: false, reason: "locked", message: lockedMessage(lockedUntil) };

  const user = await findUserForLogin(username);
  const valid = user ? await verifyPassword(user.passwordHash, input.password) : await verifyDecoy(input.password);
  if (!user || !valid) {
    const lock = await recordLoginFailure({ ...key, ...loginThrottle });
    await audit(username, user?.id ?? null, input.address, "failed", lock ? "wrong password; sign-in paused" : "wrong username or password");
    if (lock) return { ok: false, reason: "locked", message: lockedMessage(lock) };
    return { ok: false, reason: "invalid", message: WRONG_CREDENTIALS };
  }
  if (!user.enabled) {
    await audit(user.username, user.id, input.address, "denied", "account disabled");
    return { ok: false, reason: "disabled", message: "This account is disabled. Ask an administrator to enable it." };
  }
  await clearLoginFailures(key);
  await recordLogin(user.id);
  await audit(user.username, user.id, input.address, "success", null);
  return { ok: true, user: { id: user.id, username: user.username, sessionVersion: user.sessionVersion } };
}

function audit(name: string, id: number | null, ip: string, outcome: "success" | "failed" | "denied", message: string | null) {
  return insertAuditEvent({
    actorId: id,
    actorName: name,
    via: "session",
    ip,
    action: "auth.login",
    targetType: "user",
    targetId: id == null ? null : String(id),
    targetName: name,
    outcome,
    message,
  });
}
