import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { freePort } from "@/lib/runtime/embedded-postgres";

const root = path.resolve(import.meta.dirname, "..", "..");

export type ConsoleProcess = { baseUrl: string; port: number; output: () => string; stop: (signal?: NodeJS.Signals) => Promise<void>; child: ChildProcess };

/**
 * Starts the console exactly as `npm start` does (tsx server.ts), on a free port, with its own
 * data directory, and waits until /api/health answers 200 and it has said it is ready. The build must already exist.
 */
export async function startConsole(opts: { dataDir: string; adminPassword: string; env?: Record<string, string>; publicUrl?: boolean }): Promise<ConsoleProcess> {
  const port = await freePort();
  // With publicUrl, the console knows its own address (links in alerts, signed artifact URLs), as in production.
  const publicEnv: Record<string, string> = opts.publicUrl ? { EDDY_PUBLIC_URL: `http://127.0.0.1:${port}` } : {};
  let log = "";
  // One process, as `npm start` runs it, so that a signal (even SIGKILL) reaches the console itself.
  const child = spawn(process.execPath, ["--import", "tsx", "server.ts"], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: "", // the console's own embedded server, never the caller's database
      EDDY_DATA_DIR: opts.dataDir,
      PORT: String(port),
      HOST: "127.0.0.1",
      EDDY_ADMIN_PASSWORD: opts.adminPassword,
      NODE_ENV: "production",
      ...publicEnv,
      ...opts.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (d) => (log += d));
  child.stderr!.on("data", (d) => (log += d));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const baseUrl = `http://127.0.0.1:${port}`;

  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The console exited during start (code ${child.exitCode}):\n${log}`);
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`The console did not become healthy in time:\n${log}`);
    }
    const ok = await fetch(`${baseUrl}/api/health`).then((r) => r.ok, () => false);
    // Healthy and fully started (the worker too): the server answers before it says so.
    if (ok && log.includes("Console ready")) break;
    await new Promise((r) => setTimeout(r, 250));
  }

  return {
    baseUrl,
    port,
    child,
    output: () => log,
    stop: async (signal: NodeJS.Signals = "SIGTERM") => {
      if (child.exitCode === null) child.kill(signal);
      await Promise.race([exited, new Promise((r) => setTimeout(r, 20_000).unref())]);
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    },
  };
}
