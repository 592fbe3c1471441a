import { countPendingJobs, listHeartbeats, pingDatabase } from "@/db/queries/system";

export const dynamic = "force-dynamic";

// A worker that has not written its heartbeat for this long is presumed gone.
const WORKER_STALE_SECONDS = 30;

/**
 * Liveness and readiness for people and load balancers: 200 while the database answers (the
 * worker's state is reported, not required: a console may run without one), 503 when it does not.
 */
export async function GET() {
  let database: { ok: boolean; version?: string; latencyMs?: number; error?: string };
  try {
    database = { ok: true, ...(await pingDatabase()) };
  } catch (e) {
    console.error("[health] database check failed", e);
    database = { ok: false, error: "The database does not answer." };
  }
  let worker: { ok: boolean; workers: unknown[]; pendingJobs: number | null };
  if (database.ok) {
    const beats = await listHeartbeats();
    const live = beats.filter((b) => b.ageSeconds < WORKER_STALE_SECONDS);
    worker = {
      ok: live.length > 0,
      workers: live.map((b) => ({ id: b.workerId, hostname: b.hostname, pid: b.pid, startedAt: b.startedAt, lastSeenSecondsAgo: Math.round(b.ageSeconds) })),
      pendingJobs: await countPendingJobs(),
    };
  } else {
    worker = { ok: false, workers: [], pendingJobs: null };
  }
  const status = !database.ok ? "down" : worker.ok ? "ok" : "degraded";
  return Response.json({ status, database, worker }, { status: database.ok ? 200 : 503, headers: { "cache-control": "no-store" } });
}
