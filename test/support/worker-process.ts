import { spawn } from "node:child_process";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..", "..");

export type WorkerProcess = { exited: Promise<number | null>; output: () => string; stop: () => Promise<void> };

/**
 * `npm run worker` as its own process, on the caller's database (DATABASE_URL), with short
 * timings for tests: a dead worker's tasks are released after 2 s. `env` adds settings, e.g.
 * EDDY_FAILPOINTS to make it die at a chosen point.
 */
export function startWorkerProcess(env: Record<string, string> = {}): WorkerProcess {
  let log = "";
  const child = spawn(process.execPath, ["--import", "tsx", "jobs/worker.ts"], {
    cwd: root,
    env: { ...process.env, EDDY_WORKER_STALE_SECONDS: "2", EDDY_START_WAIT_SECONDS: "30", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (d) => (log += d));
  child.stderr!.on("data", (d) => (log += d));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return {
    exited,
    output: () => log,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}
