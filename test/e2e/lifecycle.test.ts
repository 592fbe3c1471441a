/**
 * What `npm start` promises across its life: the first start prints the admin password once and
 * it works; a restart keeps all data and sessions; a hard kill (SIGKILL, leaving the embedded
 * PostgreSQL orphaned) still restarts cleanly; the CLI shares the running console's database.
 */
import { execFile, spawn } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { startConsole, type ConsoleProcess } from "../support/console-process";
import { HttpSession } from "../support/http-session";

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "..", "..");
let dataDir = "";
let app: ConsoleProcess | undefined;

afterAll(async () => {
  await app?.stop();
  if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
});

function printedPassword(output: string): string | undefined {
  return /password: (\S+)/.exec(output)?.[1];
}

describe("the console across restarts", () => {
  let session: HttpSession;
  let cliToken = "";
  const tsx = path.join(root, "node_modules", "tsx", "dist", "cli.mjs");
  const cli = (...args: string[]) => run(process.execPath, [tsx, "bin/eddy.ts", ...args], { cwd: root, env: { ...process.env, EDDY_DATA_DIR: dataDir, DATABASE_URL: "" } });

  it("prints a generated admin password on first start, and it signs in", async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "eddy-life-"));
    app = await startConsole({ dataDir, adminPassword: "", env: { EDDY_ADMIN_PASSWORD: "" } });
    const password = printedPassword(app.output());
    expect(password, app.output()).toMatch(/^\S{20}$/);
    session = new HttpSession(app.baseUrl);
    expect(await session.signIn("admin", password!)).toBeNull();
    const created = await session.json("/api/v1/teams", "POST", { name: "survivors", description: "kept across restarts" });
    expect(created.status).toBe(201);
  });

  it("keeps data and sessions across a clean restart, and does not print the password again", async () => {
    await app!.stop("SIGTERM");
    expect(app!.child.exitCode, app!.output()).toBe(0);
    app = await startConsole({ dataDir, adminPassword: "", env: { EDDY_ADMIN_PASSWORD: "" } });
    expect(printedPassword(app.output())).toBeUndefined();
    const again = session.at(app.baseUrl);
    const teams = (await (await again.fetch("/api/v1/teams")).json()) as { teams: { name: string; description: string }[] };
    expect(teams.teams.map((t) => t.name).sort()).toEqual(["default", "survivors"]);
    session = again;
  });

  it("shares the running console's database with the CLI", async () => {
    const env = { ...process.env, EDDY_DATA_DIR: dataDir, DATABASE_URL: "" };
    const tsx = path.join(root, "node_modules", "tsx", "dist", "cli.mjs");
    await run(process.execPath, [tsx, "bin/eddy.ts", "create-user", "--username", "cli-made", "--password", "cli-password-1"], { cwd: root, env });
    await run(process.execPath, [tsx, "bin/eddy.ts", "add-member", "--team", "survivors", "--user", "cli-made", "--role", "viewer"], { cwd: root, env });
    const { stdout } = await run(process.execPath, [tsx, "bin/eddy.ts", "create-token", "--user", "cli-made", "--team", "survivors"], { cwd: root, env });
    const token = stdout.trim();
    expect(token).toMatch(/^eddy_/);
    cliToken = token;
    const me = (await (await fetch(`${app!.baseUrl}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } })).json()) as { user: { username: string }; tokenTeam: string };
    expect(me).toMatchObject({ user: { username: "cli-made" }, tokenTeam: "survivors" });

    const bad = await run(process.execPath, [tsx, "bin/eddy.ts", "create-user", "--username", "cli-made"], { cwd: root, env }).catch((e: { code: number; stderr: string }) => e);
    expect((bad as { code: number }).code).toBe(1);
    expect((bad as { stderr: string }).stderr).toContain("already exists");
  });

  it("recovers from a hard kill that leaves the database server running", async () => {
    await app!.stop("SIGKILL");
    app = await startConsole({ dataDir, adminPassword: "", env: { EDDY_ADMIN_PASSWORD: "" } });
    session = session.at(app.baseUrl);
    const teams = (await (await session.fetch("/api/v1/teams")).json()) as { teams: { name: string }[] };
    expect(teams.teams.map((t) => t.name).sort()).toEqual(["default", "survivors"]);
    const health = (await (await fetch(`${app.baseUrl}/api/health`)).json()) as { status: string; database: { ok: boolean }; worker: { ok: boolean } };
    expect(health.database.ok).toBe(true);
    expect(health.worker.ok).toBe(true);

    // Everything the CLI made is still there: the user, the membership, the token, the audit trail.
    const me = await fetch(`${app.baseUrl}/api/v1/me`, { headers: { authorization: `Bearer ${cliToken}` } });
    expect(me.status).toBe(200);
    const members = (await (await session.fetch("/api/v1/teams/survivors/members")).json()) as { members: { username: string; role: string }[] };
    expect(members.members.map((m) => [m.username, m.role])).toContainEqual(["cli-made", "viewer"]);
    const audit = await (await session.fetch("/teams/survivors/audit")).text();
    for (const action of ["member.add", "token.create"]) expect(audit, action).toContain(action);
  });

  it("resets a password from the CLI: the new one signs in, the old one and the old sessions do not", async () => {
    const person = new HttpSession(app!.baseUrl);
    expect(await person.signIn("cli-made", "cli-password-1")).toBeNull();
    expect((await person.fetch("/api/v1/me")).status).toBe(200);
    const { stdout } = await cli("reset-password", "--user", "cli-made", "--password", "cli-password-2");
    expect(stdout).toContain("Password of cli-made reset");
    expect((await person.fetch("/api/v1/me")).status).toBe(401);
    expect(await new HttpSession(app!.baseUrl).signIn("cli-made", "cli-password-1")).not.toBeNull();
    expect(await new HttpSession(app!.baseUrl).signIn("cli-made", "cli-password-2")).toBeNull();
  });

  it("runs the worker as a separate process (`npm run worker`) beside a console that has none", async () => {
    await app!.stop("SIGTERM");
    app = await startConsole({ dataDir, adminPassword: "", env: { EDDY_ADMIN_PASSWORD: "", EDDY_WORKER: "off" } });
    type Health = { status: string; worker: { ok: boolean; workers: { pid: number }[] } };
    const health = async () => (await (await fetch(`${app!.baseUrl}/api/health`)).json()) as Health;
    // The previous console's heartbeat may linger for its grace period; wait for it to lapse.
    await expect.poll(async () => (await health()).status, { timeout: 45_000, interval: 1000 }).toBe("degraded");

    const worker = spawn(process.execPath, ["--import", "tsx", "jobs/worker.ts"], {
      cwd: root,
      env: { ...process.env, EDDY_DATA_DIR: dataDir, DATABASE_URL: "" },
      stdio: "ignore",
    });
    try {
      await expect.poll(async () => (await health()).worker.workers.map((w) => w.pid), { timeout: 30_000, interval: 500 }).toContain(worker.pid);
      expect((await health()).status).toBe("ok");
    } finally {
      worker.kill("SIGTERM");
      await new Promise((r) => worker.once("exit", r));
    }
    expect(worker.exitCode).toBe(0);
  });
});
