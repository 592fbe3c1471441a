/**
 * `npm start`: one process that provides the database (embedded unless DATABASE_URL is set),
 * migrates and seeds it, builds the console if the code changed, serves it, and runs the
 * background worker (unless EDDY_WORKER=off).
 */
import { createServer, type IncomingMessage } from "node:http";
import next from "next";
import { closeDb } from "@/db/client";
import { seedDatabase } from "@/db/seed";
import { CLIENT_ADDRESS_HEADER } from "@/lib/auth/client-address";
import { loadConfig } from "@/lib/config";
import { ensureBuilt } from "@/lib/runtime/build";
import { firstAdminNotice } from "@/lib/runtime/first-admin";
import { provideDatabase } from "@/lib/runtime/database";
import { startWorker } from "@/jobs/worker";

const log = (line: string) => console.log(`[eddy] ${line}`);

function clientAddress(req: IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const xff = req.headers["x-forwarded-for"];
    const first = (Array.isArray(xff) ? xff[0] : xff)?.split(",")[0]?.trim();
    if (first) return first;
  }
  return (req.socket.remoteAddress ?? "unknown").replace(/^::ffff:/, "");
}

function decodablePath(url: string | undefined): boolean {
  try {
    decodeURIComponent((url ?? "/").split("?")[0]!);
    return true;
  } catch {
    return false;
  }
}

async function main() {
  const config = loadConfig();
  const root = import.meta.dirname;
  const dev = process.env.EDDY_DEV === "1";
  process.env.EDDY_PROCESS_NAME = "eddy-console";

  const { url, embedded } = await provideDatabase(config, log);
  const { generatedAdminPassword, sessionSecret } = await seedDatabase({ adminPassword: config.adminPassword });
  // The credentials are printed before anything else can fail or be waited for (the build, the
  // port): they exist only here, and a later start finds the admin made and prints nothing.
  if (generatedAdminPassword) console.log(firstAdminNotice(generatedAdminPassword));

  // next-auth reads these at request time. The secret lives in Postgres so that every console
  // process signs and accepts the same sessions, and restarts keep people signed in.
  process.env.NEXTAUTH_SECRET ??= sessionSecret;
  if (config.publicUrl) process.env.NEXTAUTH_URL ??= config.publicUrl;
  else process.env.AUTH_TRUST_HOST ??= "true";

  if (!dev) await ensureBuilt(root, log);
  const app = next({ dev, dir: root, hostname: config.host, port: config.port });
  await app.prepare();
  const handle = app.getRequestHandler();

  const server = createServer((req, res) => {
    // Next answers a 500 for a path whose percent-encoding is broken (e.g. /teams/%E0%A4%A); it is
    // the client's mistake, so say so here with a 400.
    if (!decodablePath(req.url)) {
      const api = req.url?.startsWith("/api/");
      res.writeHead(400, { "content-type": api ? "application/json" : "text/plain; charset=utf-8" });
      res.end(api ? JSON.stringify({ error: { code: "bad_request", message: "The URL is not validly percent-encoded." } }) : "Bad request: the URL is not validly percent-encoded.\n");
      return;
    }
    // Only this server may say who the client is: whatever the client sent is replaced.
    req.headers[CLIENT_ADDRESS_HEADER] = clientAddress(req, config.trustProxy);
    void handle(req, res);
  });
  // Signals are handled from here on, so that a stop that arrives while the worker is still
  // starting still shuts down in order (and exits 0).
  let worker: Awaited<ReturnType<typeof startWorker>> | null = null;
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: shutting down…`);
    server.close();
    await worker?.stop().catch(() => {});
    await app.close?.().catch?.(() => {});
    await closeDb().catch(() => {});
    await embedded?.stop().catch(() => {});
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.port, config.host, resolve);
  });

  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  worker = config.runWorker ? await startWorker({ connectionString: url, concurrency: config.workerConcurrency }) : null;
  if (stopping) await worker?.stop().catch(() => {}); // the stop came while the worker was starting
  log(`Console ready on ${config.publicUrl ?? `http://localhost:${port}`}${worker ? " (worker running in this process)" : " (no worker in this process)"}.`);
}

main().catch((e) => {
  console.error(`[eddy] could not start: ${e instanceof Error ? e.message : e}`);
  if (process.env.EDDY_DEBUG === "1") console.error(e);
  process.exit(1);
});
