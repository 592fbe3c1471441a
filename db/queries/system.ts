import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { rawSql } from "../client";
import { systemSettings, workerHeartbeats } from "../schema";
import { conn, type DbOrTx } from "./tx";

/** Held until the seeding transaction ends, so concurrent first starts take turns. */
export async function lockSeeding(tx: DbOrTx): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(7420313)`);
}

/** Reads a setting, creating it with `make()` if absent; concurrent first starts agree on one value. */
export async function ensureSetting(key: string, make: () => string, tx?: DbOrTx): Promise<string> {
  await conn(tx).insert(systemSettings).values({ key, value: make() }).onConflictDoNothing();
  const [row] = await conn(tx).select({ value: systemSettings.value }).from(systemSettings).where(eq(systemSettings.key, key));
  return row!.value;
}

export async function writeHeartbeat(
  input: { workerId: string; hostname: string; pid: number; startedAt: Date; graphileWorkerIds: string[] },
  tx?: DbOrTx,
): Promise<void> {
  const now = new Date();
  await conn(tx)
    .insert(workerHeartbeats)
    .values({ ...input, lastSeenAt: now })
    .onConflictDoUpdate({ target: workerHeartbeats.workerId, set: { lastSeenAt: now, graphileWorkerIds: input.graphileWorkerIds } });
}

/**
 * Frees the jobs that dead worker processes held. A process that dies (SIGKILL, a lost machine)
 * leaves its graphile-worker jobs locked, and graphile-worker would wait four hours before anyone
 * retries them; a heartbeat older than `staleSeconds` means the process is gone, so its workers'
 * locks are released now (graphile_worker.force_unlock_workers) and its heartbeat row removed.
 * Returns the processes reaped.
 */
export async function reapDeadWorkers(staleSeconds: number, tx?: DbOrTx): Promise<string[]> {
  const stale = sql`${workerHeartbeats.lastSeenAt} < now() - make_interval(secs => ${staleSeconds})`;
  const dead = await conn(tx).select({ workerId: workerHeartbeats.workerId, ids: workerHeartbeats.graphileWorkerIds }).from(workerHeartbeats).where(stale);
  if (!dead.length) return [];
  // Unlock first, forget second: if the unlock fails, the rows stay for the next heartbeat to retry.
  const ids = dead.flatMap((d) => d.ids);
  if (ids.length) await conn(tx).execute(sql`select graphile_worker.force_unlock_workers(array(select jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb)))`);
  await conn(tx).delete(workerHeartbeats).where(and(stale, inArray(workerHeartbeats.workerId, dead.map((d) => d.workerId))));
  return dead.map((d) => d.workerId);
}

export async function deleteHeartbeat(workerId: string, tx?: DbOrTx): Promise<void> {
  await conn(tx).delete(workerHeartbeats).where(eq(workerHeartbeats.workerId, workerId));
}

export async function listHeartbeats(tx?: DbOrTx) {
  return conn(tx)
    .select({
      workerId: workerHeartbeats.workerId,
      hostname: workerHeartbeats.hostname,
      pid: workerHeartbeats.pid,
      startedAt: workerHeartbeats.startedAt,
      lastSeenAt: workerHeartbeats.lastSeenAt,
      ageSeconds: sql<number>`extract(epoch from now() - ${workerHeartbeats.lastSeenAt})::float8`,
    })
    .from(workerHeartbeats)
    .orderBy(desc(workerHeartbeats.lastSeenAt));
}

/** Round trip to the database with its server version; throws when it cannot be reached. */
export async function pingDatabase(): Promise<{ version: string; latencyMs: number }> {
  const started = performance.now();
  const [row] = await rawSql()<{ v: string }[]>`select current_setting('server_version') as v`;
  return { version: row!.v, latencyMs: Math.round(performance.now() - started) };
}

/** graphile-worker's queue depth, if its schema is installed. */
export async function countPendingJobs(): Promise<number | null> {
  try {
    const [row] = await rawSql()<{ n: number }[]>`select count(*)::int as n from graphile_worker.jobs where locked_at is null`;
    return row?.n ?? 0;
  } catch {
    return null;
  }
}
