import { randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { EventEmitter } from "node:events";
import { Logger, parseCrontab, run, type LogFunctionFactory, type Runner, type WorkerEvents } from "graphile-worker";
import { closeDb } from "@/db/client";
import { deleteHeartbeat, reapDeadWorkers, writeHeartbeat } from "@/db/queries/system";
import { loadConfig } from "@/lib/config";
import { provideDatabase } from "@/lib/runtime/database";
import { taskList } from "./tasks";

const HEARTBEAT_MS = 5_000;

const verbose = process.env.EDDY_WORKER_VERBOSE === "1";

const logFactory: LogFunctionFactory = (scope) => (level, message) => {
  if (level === "debug") return;
  // Probes complete every few seconds per cluster; one line each would bury everything else.
  if (!verbose && level === "info" && /^Completed task \d+/.test(message)) return;
  const where = scope.taskIdentifier ? ` ${scope.taskIdentifier}` : "";
  (level === "error" ? console.error : console.log)(`[worker${where}] ${message}`);
};

/**
 * Runs graphile-worker in this process: our tasks, our crontab, and a heartbeat row that
 * /api/health reads and that every worker checks to release a dead process's jobs. Several processes may run this against one database; graphile-worker's
 * row locks and job keys decide who does what.
 */
export async function startWorker(opts: { connectionString: string; concurrency: number }): Promise<{ stop: () => Promise<void> }> {
  const crontab = await fs.readFile(path.join(import.meta.dirname, "crontab"), "utf8");
  // graphile-worker's own worker ids: recorded so that another process can unlock this one's jobs
  // if it dies. Listened for before run(), which creates the workers.
  const graphileWorkerIds = new Set<string>();
  const events: WorkerEvents = new EventEmitter();
  // Jobs are locked by the pool's id or a worker's, depending on how graphile-worker fetched them.
  events.on("pool:create", ({ workerPool }) => graphileWorkerIds.add(workerPool.id));
  events.on("worker:create", ({ worker }) => graphileWorkerIds.add(worker.workerId));
  const runner: Runner = await run({
    events,
    connectionString: opts.connectionString,
    concurrency: opts.concurrency,
    taskList,
    parsedCronItems: parseCrontab(crontab),
    logger: new Logger(logFactory),
    noHandleSignals: true,
    pollInterval: 1000,
  });
  const id = `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const startedAt = new Date();
  const staleSeconds = loadConfig().workerStaleSeconds;
  const beat = async () => {
    try {
      await writeHeartbeat({ workerId: id, hostname: os.hostname(), pid: process.pid, startedAt, graphileWorkerIds: [...graphileWorkerIds] });
      const reaped = await reapDeadWorkers(staleSeconds);
      if (reaped.length) console.log(`[worker] released the jobs of ${reaped.length} worker process(es) that stopped answering: ${reaped.join(", ")}`);
    } catch (e) {
      console.error("[worker] heartbeat failed:", e instanceof Error ? e.message : e);
    }
  };
  await beat();
  const timer = setInterval(beat, HEARTBEAT_MS);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await runner.stop();
      await deleteHeartbeat(id).catch(() => {});
    },
  };
}

/** `npm run worker`: a worker process with no console. */
async function main() {
  const config = loadConfig();
  process.env.EDDY_PROCESS_NAME = "eddy-worker";
  const { url, embedded } = await provideDatabase(config, (l) => console.log(`[eddy] ${l}`));
  const worker = await startWorker({ connectionString: url, concurrency: config.workerConcurrency });
  console.log(`[eddy] worker running (concurrency ${config.workerConcurrency}).`);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log("[eddy] worker stopping…");
    await worker.stop();
    await closeDb();
    await embedded?.stop();
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((e) => {
    console.error(`[eddy] ${e instanceof Error ? e.message : e}`);
    process.exit(1);
  });
}
