import { and, eq, lt, sql } from "drizzle-orm";
import { loginAttempts } from "../schema";
import { conn, type DbOrTx } from "./tx";

export async function findLoginLock(input: { username: string; address: string }, tx?: DbOrTx): Promise<Date | null> {
  const [row] = await conn(tx)
    .select({ lockedUntil: loginAttempts.lockedUntil })
    .from(loginAttempts)
    .where(and(eq(loginAttempts.username, input.username.toLowerCase()), eq(loginAttempts.address, input.address)));
  return row?.lockedUntil && row.lockedUntil > new Date() ? row.lockedUntil : null;
}

/**
 * Counts a failure in the current window (atomically, so parallel guesses all count) and locks
 * the pair once `maxFailures` is reached. Returns the lock's end, if this failure set one.
 */
export async function recordLoginFailure(
  input: { username: string; address: string; windowSeconds: number; maxFailures: number; lockSeconds: number },
  tx?: DbOrTx,
): Promise<Date | null> {
  const window = sql`make_interval(secs => ${input.windowSeconds})`;
  const lock = sql`make_interval(secs => ${input.lockSeconds})`;
  const rows = await conn(tx).execute<{ locked_until: string | null }>(sql`
    insert into ${loginAttempts} (username, address, failures, window_started_at)
    values (${input.username.toLowerCase()}, ${input.address}, 1, now())
    on conflict (username, address) do update set
      failures = case when ${loginAttempts.windowStartedAt} < now() - ${window}
                        or ${loginAttempts.lockedUntil} < now() then 1
                      else ${loginAttempts.failures} + 1 end,
      window_started_at = case when ${loginAttempts.windowStartedAt} < now() - ${window}
                                 or ${loginAttempts.lockedUntil} < now() then now()
                               else ${loginAttempts.windowStartedAt} end,
      locked_until = null
    returning failures`);
  const failures = Number((rows as unknown as { failures: number }[])[0]?.failures ?? 0);
  if (failures < input.maxFailures) return null;
  const [row] = await conn(tx)
    .update(loginAttempts)
    .set({ lockedUntil: sql`now() + ${lock}` })
    .where(and(eq(loginAttempts.username, input.username.toLowerCase()), eq(loginAttempts.address, input.address)))
    .returning({ lockedUntil: loginAttempts.lockedUntil });
  return row?.lockedUntil ?? null;
}

export async function clearLoginFailures(input: { username: string; address: string }, tx?: DbOrTx): Promise<void> {
  await conn(tx)
    .delete(loginAttempts)
    .where(and(eq(loginAttempts.username, input.username.toLowerCase()), eq(loginAttempts.address, input.address)));
}

/** Drops rows whose window and lock are both over. */
export async function pruneLoginAttempts(input: { olderThanSeconds: number }, tx?: DbOrTx): Promise<number> {
  const cutoff = sql`now() - make_interval(secs => ${input.olderThanSeconds})`;
  const rows = await conn(tx)
    .delete(loginAttempts)
    .where(
      and(
        lt(loginAttempts.windowStartedAt, cutoff),
        sql`(${loginAttempts.lockedUntil} is null or ${loginAttempts.lockedUntil} < now())`,
      ),
    )
    .returning({ u: loginAttempts.username });
  return rows.length;
}
