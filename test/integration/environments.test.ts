/**
 * Protects Flink versions and clusters against a real database: what registering a FLINK_HOME
 * reads and stores, who may see and change these installation-wide versions, which homes are
 * refused and with what message; clusters per team (validation, uniqueness, who may act, which
 * background jobs a change asks for, the lifecycle of sessions Eddy starts, what deleting refuses);
 * and what a probe records from a JobManager (a local stub behind a path prefix) when it answers,
 * when it is gone, and when it answers with Flink's own error.
 */
import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from "node:fs/promises";
import { createWriteStream } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import yazl from "yazl";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { rawSql } from "@/db/client";
import { listAuditEvents } from "@/db/queries/audit";
import { findClusterById, transitionCluster } from "@/db/queries/clusters";
import { countFlinkVersions, findFlinkVersion } from "@/db/queries/flink-versions";
import { holdsAnywhere } from "@/lib/auth/access";
import { authenticateRequest } from "@/lib/auth/request";
import { probeAndRecord } from "@/lib/environments/cluster-lifecycle";
import { clusterAction, createCluster, deleteCluster, getCluster, listTeamClusters, updateCluster } from "@/lib/environments/clusters";
import { deleteVersion, getVersion, listVersions, registerVersion, syncVersion, updateVersion } from "@/lib/environments/flink-versions";
import { addMember } from "@/lib/iam/members";
import { describeIssues } from "@/lib/validation";
import { adminPrincipal, failure, makeMember, makeTeam, makeToken, makeUser, unique } from "../support/fixtures";
import { seedRunningJobs } from "../support/seed-runs";

// ---------------------------------------------------------------------------------------------
// FLINK_HOMEs on disk

let root: string;

beforeAll(async () => {
  // The real path: registration stores homes with symlinks resolved.
  root = await realpath(await mkdtemp(path.join(os.tmpdir(), "eddy-flink-homes-")));
});

afterAll(async () => {
  await Promise.all(stubs.map((s) => s.stop()));
  if (root) await rm(root, { recursive: true, force: true });
});

/** A zip (a jar) holding the given text entries. */
async function writeJar(file: string, entries: Record<string, string>): Promise<void> {
  const zip = new yazl.ZipFile();
  for (const [name, text] of Object.entries(entries)) zip.addBuffer(Buffer.from(text, "utf8"), name);
  zip.end();
  await pipeline(zip.outputStream, createWriteStream(file));
}

const LEGACY_CONF = "# Flink 1.x configuration\njobmanager.rpc.address: localhost\ntaskmanager.numberOfTaskSlots: 4\n";
const CONFIG_YAML = "jobmanager:\n  rpc:\n    address: jm.internal\n    port: 6123\ntaskmanager:\n  numberOfTaskSlots: 2\n";

type HomeSpec = {
  /** Flink version in lib/flink-dist-<v>.jar's runtime properties. */
  version?: string;
  commit?: string;
  /** Extra flink-dist jars besides the one of `version`. */
  extraDists?: string[];
  /** conf/flink-conf.yaml (1.x) or conf/config.yaml (2.x). */
  legacyConf?: string;
  configYaml?: string;
  noLib?: boolean;
  noDist?: boolean;
};

/** Builds a FLINK_HOME in the temp root the way a Flink distribution lays it out; returns its path. */
async function makeFlinkHome(spec: HomeSpec = {}): Promise<string> {
  const home = path.join(root, unique("flink"));
  await mkdir(path.join(home, "conf"), { recursive: true });
  await mkdir(path.join(home, "bin"));
  if (!spec.noLib) {
    await mkdir(path.join(home, "lib"));
    await writeJar(path.join(home, "lib", "flink-table-runtime.jar"), { "META-INF/MANIFEST.MF": "Manifest-Version: 1.0\n" });
    if (!spec.noDist) {
      const version = spec.version ?? "1.20.1";
      const props = `project.version=${version}\ngit.commit.id.abbrev=${spec.commit ?? "DeadD0d0"}\n`;
      await writeJar(path.join(home, "lib", `flink-dist-${version}.jar`), {
        "META-INF/MANIFEST.MF": "Manifest-Version: 1.0\n",
        "org/apache/flink/runtime/Dummy.class": "not really a class",
        ".flink-runtime.version.properties": props,
      });
      for (const extra of spec.extraDists ?? []) await writeJar(path.join(home, "lib", extra), { ".flink-runtime.version.properties": props });
    }
  }
  if (spec.legacyConf !== undefined) await writeFile(path.join(home, "conf", "flink-conf.yaml"), spec.legacyConf);
  if (spec.configYaml !== undefined) await writeFile(path.join(home, "conf", "config.yaml"), spec.configYaml);
  return home;
}

/** A principal that holds flink_version:manage (a session of a system admin). */
const admin = adminPrincipal;

/** Registers a fresh 1.20.1 home under a unique name: for tests that need some version. */
async function someVersion(name = unique("flink")) {
  return registerVersion(await admin(), { home: await makeFlinkHome({ legacyConf: LEGACY_CONF }), name });
}

// ---------------------------------------------------------------------------------------------
// Background jobs and audit rows

type JobRow = { task_identifier: string; key: string; revision: number; max_attempts: number };

/** Pending graphile-worker jobs under a job key (the `jobs` view of graphile-worker 0.17). */
async function jobsWithKey(key: string): Promise<JobRow[]> {
  return rawSql()<JobRow[]>`select task_identifier, key, revision, max_attempts from graphile_worker.jobs where key = ${key}`;
}

/** Audit rows of an action (in a team, or anywhere), newest first, for one target when given (exactly, not case-folded). */
async function auditRows(action: string, teamId: number | undefined, target?: { name?: string; id?: number }) {
  const { rows } = await listAuditEvents({ filter: { action, teamId }, sort: "at", dir: "desc", page: 1, pageSize: 1000 });
  return rows.filter(
    (r) => (target?.name === undefined || r.targetName === target.name) && (target?.id === undefined || r.targetId === String(target.id)),
  );
}

function fieldsOf(e: unknown): Record<string, string> {
  expect(e).toBeInstanceOf(z.ZodError);
  return describeIssues(e as z.ZodError).fields;
}

// ---------------------------------------------------------------------------------------------
// A JobManager stub: node:http serving Flink's REST answers under a path prefix

const PREFIX = "/proxy/flink";

const JOBS = [
  { jid: "a".repeat(32), name: "orders-enrichment", state: "RUNNING", "start-time": 1_700_000_000_000, "end-time": -1, duration: 60_000, "last-modification": 1_700_000_000_000, tasks: { total: 4, running: 4 } },
  { jid: "b".repeat(32), name: "clickstream-sessions", state: "RUNNING", "start-time": 1_700_000_000_000, "end-time": -1, duration: 30_000, "last-modification": 1_700_000_000_000, tasks: { total: 2, running: 2 } },
  { jid: "c".repeat(32), name: "nightly-backfill", state: "FINISHED", "start-time": 1_600_000_000_000, "end-time": 1_600_000_100_000, duration: 100_000, "last-modification": 1_600_000_100_000, tasks: { total: 3, finished: 3 } },
];

const OVERVIEW = {
  taskmanagers: 2,
  "slots-total": 8,
  "slots-available": 5,
  "jobs-running": 2,
  "jobs-finished": 1,
  "jobs-cancelled": 0,
  "jobs-failed": 0,
  "flink-version": "2.1.0",
  "flink-commit": "4cb6bd3",
};

/** What Flink's REST server answers on an unexpected exception (RestServerEndpoint's 500). */
const FLINK_500 = {
  errors: [
    "Internal server error.",
    "<Exception on server side:\njava.util.concurrent.CompletionException: org.apache.flink.util.FlinkException: boom\n\tat java.base/java.util.concurrent.CompletableFuture.encodeThrowable(CompletableFuture.java:315)\n\tat org.apache.flink.runtime.rest.handler.cluster.ClusterOverviewHandler.handleRequest(ClusterOverviewHandler.java:71)\n\t... 12 more\n\nEnd of exception on server side>",
  ],
};

type Stub = { url: string; seen: string[]; mode: "ok" | "idle" | "error"; stop: () => Promise<void>; restart: () => Promise<void> };
const stubs: Stub[] = [];

async function startJobManagerStub(): Promise<Stub> {
  const server = http.createServer((req, res) => {
    const pathname = new URL(req.url ?? "/", "http://stub").pathname;
    stub.seen.push(`${req.method} ${pathname}`);
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json; charset=UTF-8" });
      res.end(JSON.stringify(body));
    };
    if (stub.mode === "error") return send(500, FLINK_500);
    if (req.method === "GET" && pathname === `${PREFIX}/overview`) return send(200, OVERVIEW);
    if (req.method === "GET" && pathname === `${PREFIX}/jobs/overview`) {
      // "idle": the running jobs have been cancelled; only finished ones remain.
      return send(200, { jobs: stub.mode === "idle" ? JOBS.map((j) => (j.state === "RUNNING" ? { ...j, state: "CANCELED" } : j)) : JOBS });
    }
    return send(404, { errors: ["Not found: " + pathname] });
  });
  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => {
        server.off("error", reject);
        resolve();
      });
    });
  await listen(0);
  const port = (server.address() as AddressInfo).port;
  const stub: Stub = {
    // The trailing slash is what people paste; the cluster keeps the prefix without it.
    url: `http://127.0.0.1:${port}${PREFIX}/`,
    seen: [],
    mode: "ok",
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
    restart: () => listen(port),
  };
  stubs.push(stub);
  return stub;
}

// =============================================================================================

describe("Flink versions", () => {
  // First in the file: the first version registered in this database becomes the default.
  it("registering reads the version and config of a 1.x home; the first one becomes the default", async () => {
    expect(await countFlinkVersions()).toBe(0);
    const home = await makeFlinkHome({ version: "1.20.1", commit: "0a1b2c3", legacyConf: LEGACY_CONF });
    const v = await registerVersion(await admin(), { home, description: "The production line." });
    expect(v).toMatchObject({
      name: "flink-1.20.1",
      home,
      version: "1.20.1",
      major: 1,
      minor: 20,
      commit: "0a1b2c3",
      distJar: path.join(home, "lib", "flink-dist-1.20.1.jar"),
      configFile: path.join(home, "conf", "flink-conf.yaml"),
      description: "The production line.",
      isDefault: true,
    });
    const read = await getVersion(await admin(), "flink-1.20.1");
    expect(read).toMatchObject({ id: v.id, isDefault: true, configText: LEGACY_CONF });
    expect((await listVersions(await admin())).map((x) => [x.name, x.isDefault, x.clusterCount])).toEqual([["flink-1.20.1", true, 0]]);
    expect(await auditRows("flink_version.register", undefined, { name: "flink-1.20.1" })).toEqual([
      expect.objectContaining({ actorName: "admin", targetId: String(v.id), outcome: "success", detail: { home, version: "1.20.1" } }),
    ]);
  });

  it("a 2.x home is read from its nested conf/config.yaml; it is not the default unless asked", async () => {
    const home = await makeFlinkHome({ version: "2.1.0", configYaml: CONFIG_YAML, legacyConf: LEGACY_CONF });
    const name = unique("Flink 2.1");
    const v = await registerVersion(await admin(), { home, name });
    expect(v).toMatchObject({ name, version: "2.1.0", major: 2, minor: 1, commit: null, configFile: path.join(home, "conf", "config.yaml"), isDefault: false });
    expect((await getVersion(await admin(), v.id)).configText).toBe(CONFIG_YAML);
    // The 1.x one registered first is still the default.
    expect((await listVersions(await admin())).filter((x) => x.isDefault).map((x) => x.name)).toEqual(["flink-1.20.1"]);
  });

  it("another version can be made the default, and there is only ever one", async () => {
    const second = await someVersion();
    const third = await registerVersion(await admin(), { home: await makeFlinkHome({ version: "1.19.2" }), name: unique("flink"), isDefault: true });
    expect(third.isDefault).toBe(true);
    expect((await listVersions(await admin())).filter((x) => x.isDefault).map((x) => x.id)).toEqual([third.id]);

    // Sent with a rename (as PATCH /flink-versions/{v} may), the change of default works.
    await updateVersion(await admin(), { version: second.name, name: second.name, isDefault: true });
    expect((await listVersions(await admin())).filter((x) => x.isDefault).map((x) => x.id)).toEqual([second.id]);
    expect((await findFlinkVersion(third.id))!.isDefault).toBe(false);
  });

  // BUG (db/queries/flink-versions.ts updateFlinkVersion, called from lib/environments/flink-versions.ts
  // updateVersion): with only `isDefault`, `name` and `description` are undefined, Drizzle's
  // .set() gets no values and throws "No values to set", so the console's “Make default” button
  // (app/(console)/flink-versions/actions.ts sends exactly this) fails with an internal error.
  it("“Make default” alone (only isDefault, as the console sends it) moves the default", async () => {
    const v = await someVersion();
    const updated = await updateVersion(await admin(), { version: v.name, isDefault: true });
    expect(updated).toMatchObject({ id: v.id, isDefault: true });
    expect((await listVersions(await admin())).filter((x) => x.isDefault).map((x) => x.id)).toEqual([v.id]);
  });

  it("a version made default while being renamed: still exactly one default", async () => {
    const v = await someVersion();
    const renamed = unique("renamed");
    const updated = await updateVersion(await admin(), { version: String(v.id), name: renamed, description: "now the default", isDefault: true });
    expect(updated).toMatchObject({ id: v.id, name: renamed, description: "now the default", isDefault: true });
    expect((await listVersions(await admin())).filter((x) => x.isDefault).map((x) => x.id)).toEqual([v.id]);
  });

  it("a duplicate name (in any case) or the same home (even through a symlink) is a conflict, and nothing is stored", async () => {
    const home = await makeFlinkHome();
    const name = unique("dup");
    await registerVersion(await admin(), { home, name });
    const before = await countFlinkVersions();

    const otherHome = await makeFlinkHome();
    const byName = await failure(registerVersion(await admin(), { home: otherHome, name: name.toUpperCase() }));
    expect(byName).toMatchObject({ code: "conflict", message: `A Flink version named “${name.toUpperCase()}” or at ${otherHome} is already registered.` });

    const link = path.join(root, unique("link"));
    await symlink(home, link);
    const byHome = await failure(registerVersion(await admin(), { home: link, name: unique("elsewhere") }));
    expect(byHome).toMatchObject({ code: "conflict" });
    expect(byHome.message).toContain(`at ${home} is already registered.`);

    expect(await countFlinkVersions()).toBe(before);
    const failed = await auditRows("flink_version.register", undefined, { name: name.toUpperCase() });
    expect(failed).toEqual([expect.objectContaining({ outcome: "failed", message: byName.message })]);
  });

  it("refuses homes that are not Flink distributions, with a message saying why, and stores nothing", async () => {
    const before = await countFlinkVersions();
    const p = await admin();

    const relative = await failure(registerVersion(p, { home: "opt/flink-1.20.1" }));
    expect(fieldsOf(relative)).toEqual({ home: "Give an absolute path, e.g. /opt/flink-1.20.1." });
    const nul = await failure(registerVersion(p, { home: `${root}/fl\u0000ink` }));
    expect(fieldsOf(nul)).toEqual({ home: "A path cannot contain control characters." });

    const missing = path.join(root, "no-such-dir");
    expect(await failure(registerVersion(p, { home: missing }))).toMatchObject({ code: "invalid_input", message: `The directory ${missing} does not exist.` });

    const noLib = await makeFlinkHome({ noLib: true });
    expect(await failure(registerVersion(p, { home: noLib }))).toMatchObject({
      code: "invalid_input",
      message: `${noLib} has no lib/ directory; is it a Flink distribution?`,
    });

    const noDist = await makeFlinkHome({ noDist: true });
    expect(await failure(registerVersion(p, { home: noDist }))).toMatchObject({
      code: "invalid_input",
      message: `${noDist}/lib holds no flink-dist*.jar; is it a Flink distribution?`,
    });

    const twoDists = await makeFlinkHome({ version: "1.20.1", extraDists: ["flink-dist-1.19.0.jar"] });
    expect(await failure(registerVersion(p, { home: twoDists }))).toMatchObject({
      code: "invalid_input",
      message: `${twoDists}/lib holds 2 flink-dist jars (flink-dist-1.19.0.jar, flink-dist-1.20.1.jar); keep exactly one.`,
    });

    const tooOld = await makeFlinkHome({ version: "1.11.6" });
    expect(await failure(registerVersion(p, { home: tooOld }))).toMatchObject({
      code: "invalid_input",
      message: "Flink 1.11.6 is not supported; Eddy needs Flink 1.12 or newer.",
    });

    const notAJar = await makeFlinkHome({ noDist: true });
    await writeFile(path.join(notAJar, "lib", "flink-dist-1.20.1.jar"), "this is not a zip file");
    const e = await failure(registerVersion(p, { home: notAJar }));
    expect(e.code).toBe("invalid_input");
    expect(e.message).toMatch(/^flink-dist-1\.20\.1\.jar is not a readable jar: /);

    expect(await countFlinkVersions()).toBe(before);
  });

  it("someone who is only a viewer, in every team, can list versions but cannot register one", async () => {
    const other = await makeTeam();
    const { user, principal } = await makeMember("default", "viewer");
    await addMember(await admin(), { team: other.name, user: user.username, role: "viewer" });
    const before = await countFlinkVersions();

    expect((await listVersions(principal)).length).toBe(before);
    expect((await getVersion(principal, "flink-1.20.1")).configText).toBe(LEGACY_CONF);
    const e = await failure(registerVersion(principal, { home: await makeFlinkHome(), name: unique("sneaky") }));
    expect(e).toMatchObject({ code: "forbidden", message: "None of your roles allows this (register and remove flink versions)." });
    expect(await failure(syncVersion(principal, "flink-1.20.1"))).toMatchObject({ code: "forbidden" });
    expect(await failure(deleteVersion(principal, "flink-1.20.1"))).toMatchObject({ code: "forbidden" });
    expect(await countFlinkVersions()).toBe(before);
    const denied = (await auditRows("flink_version.register", undefined)).filter((r) => r.actorName === user.username);
    expect(denied).toEqual([expect.objectContaining({ outcome: "denied", message: e.message })]);
  });

  it("someone in no team cannot even list versions", async () => {
    const { principal } = await makeUser();
    expect(await failure(listVersions(principal))).toMatchObject({ code: "forbidden", message: "None of your roles allows this (view flink versions)." });
  });

  it("a token counts only its own team's role", async () => {
    const adminTeam = await makeTeam();
    const viewerTeam = await makeTeam();
    const { user, principal } = await makeMember(adminTeam.name, "team admin");
    await addMember(await admin(), { team: viewerTeam.name, user: user.username, role: "viewer" });
    const tokenFor = async (team: string) => {
      // A viewer cannot mint tokens in the console; the CLI operator can (as in api.test.ts).
      const { token } = await makeToken({ ...principal, via: "cli" }, team);
      return authenticateRequest(new Request("http://eddy.test/api/v1/flink-versions", { headers: { authorization: `Bearer ${token}` } }));
    };
    const viaViewerTeam = await tokenFor(viewerTeam.name);
    const viaAdminTeam = await tokenFor(adminTeam.name);

    // The session counts the team-admin role; the viewer team's token does not.
    expect(await holdsAnywhere(principal, "flink_version:manage")).toBe(true);
    expect(await holdsAnywhere(viaViewerTeam, "flink_version:manage")).toBe(false);
    expect((await listVersions(viaViewerTeam)).length).toBeGreaterThan(0);
    const e = await failure(registerVersion(viaViewerTeam, { home: await makeFlinkHome(), name: unique("via-token") }));
    expect(e).toMatchObject({ code: "forbidden" });

    const v = await registerVersion(viaAdminTeam, { home: await makeFlinkHome(), name: unique("via-token") });
    expect(await findFlinkVersion(v.id)).toMatchObject({ name: v.name });
  });

  it("sync reads the home again after its configuration changed on disk", async () => {
    const home = await makeFlinkHome({ legacyConf: LEGACY_CONF });
    const v = await registerVersion(await admin(), { home, name: unique("sync") });
    const changed = "jobmanager.rpc.address: jm-2\ntaskmanager.numberOfTaskSlots: 16\n";
    await writeFile(path.join(home, "conf", "flink-conf.yaml"), changed);
    expect((await getVersion(await admin(), v.id)).configText).toBe(LEGACY_CONF); // what was read at registration

    const synced = await syncVersion(await admin(), v.name);
    expect(synced.syncedAt.getTime()).toBeGreaterThanOrEqual(v.syncedAt.getTime());
    expect((await getVersion(await admin(), v.id)).configText).toBe(changed);

    // A 2.x config.yaml appearing takes over from the legacy file.
    await writeFile(path.join(home, "conf", "config.yaml"), CONFIG_YAML);
    const again = await syncVersion(await admin(), v.name);
    expect(again.configFile).toBe(path.join(home, "conf", "config.yaml"));
    expect((await getVersion(await admin(), v.id)).configText).toBe(CONFIG_YAML);
    expect(await auditRows("flink_version.sync", undefined, { name: v.name })).toHaveLength(2);
  });

  it("a version in use by a cluster cannot be deleted; the message counts clusters and teams and names none of them", async () => {
    const v = await someVersion();
    const theirs = await makeTeam();
    const secretName = unique("secret-cluster");
    await createCluster(await admin(), theirs.name, { kind: "remote", name: secretName, restUrl: "http://127.0.0.1:9", flinkVersion: v.name });

    // A team admin of another team holds flink_version:manage but cannot see `theirs`.
    const { principal } = await makeMember((await makeTeam()).name, "team admin");
    const e = await failure(deleteVersion(principal, v.name));
    expect(e).toMatchObject({ code: "conflict", message: `“${v.name}” is used by 1 cluster in 1 team; move them to another version first.` });
    expect(e.message).not.toContain(secretName);
    expect(e.message).not.toContain(theirs.name);
    expect(await findFlinkVersion(v.id)).toBeDefined();

    // Once the cluster is gone (unreachable, so there is nothing to strand) the version can go.
    await deleteCluster(await admin(), theirs.name, secretName);
    await deleteVersion(principal, v.name);
    expect(await findFlinkVersion(v.id)).toBeUndefined();
    expect(await failure(getVersion(principal, v.name))).toMatchObject({ code: "not_found", message: `Flink version “${v.name}” was not found.` });
    expect((await auditRows("flink_version.delete", undefined, { name: v.name })).map((r) => r.outcome)).toEqual(["success", "failed"]);
  });

  // BUG (db/queries/flink-versions.ts listFlinkVersions): Drizzle renders the columns inside the
  // sql`` subquery unqualified — `(select count(*)::int from "clusters" where "flink_version_id" = "id")` —
  // so "id" binds to clusters.id: every version shows the same number (clusters whose
  // flink_version_id equals their own id), usually 0, instead of the clusters using it.
  it("the list counts the clusters that use each version", async () => {
    const used = await someVersion();
    const unused = await someVersion();
    const t = await makeTeam();
    for (let i = 0; i < 2; i++) await createCluster(await admin(), t.name, { kind: "remote", name: unique("c"), restUrl: "http://127.0.0.1:9", flinkVersion: used.name });
    const counts = new Map((await listVersions(await admin())).map((x) => [x.id, x.clusterCount]));
    expect([counts.get(used.id), counts.get(unused.id)]).toEqual([2, 0]);
  });

  it("the count is plural across several teams", async () => {
    const v = await someVersion();
    const [a, b] = [await makeTeam(), await makeTeam()];
    for (const t of [a, a, b]) await createCluster(await admin(), t.name, { kind: "remote", name: unique("c"), restUrl: "http://127.0.0.1:9", flinkVersion: String(v.id) });
    expect(await failure(deleteVersion(await admin(), v.name))).toMatchObject({
      code: "conflict",
      message: `“${v.name}” is used by 3 clusters in 2 teams; move them to another version first.`,
    });
  });
});

// =============================================================================================

describe("clusters", () => {
  let team: { id: number; name: string };
  let version: { id: number; name: string };

  beforeAll(async () => {
    team = await makeTeam();
    version = await someVersion();
  });

  const remote = (over: Record<string, unknown> = {}) => ({ kind: "remote", name: unique("remote"), restUrl: "http://127.0.0.1:9", ...over });

  describe("input", () => {
    async function refused(input: Record<string, unknown>) {
      const before = (await listTeamClusters(await admin(), team.name)).length;
      const e = await failure(createCluster(await admin(), team.name, input));
      expect((await listTeamClusters(await admin(), team.name)).length).toBe(before);
      return e;
    }

    it("a remote cluster needs an http(s) REST URL without credentials", async () => {
      const message = "Give an http:// or https:// URL, without credentials in it.";
      expect(fieldsOf(await refused(remote({ restUrl: "ftp://jm:8081" })))).toEqual({ restUrl: message });
      expect(fieldsOf(await refused(remote({ restUrl: "http://user:secret@jm:8081" })))).toEqual({ restUrl: message });
      expect(fieldsOf(await refused(remote({ restUrl: "jm:8081" })))).toEqual({ restUrl: message });
      expect(Object.keys(fieldsOf(await refused(remote({ restUrl: undefined }))))).toEqual(["restUrl"]);
    });

    it("names, kinds and labels are checked with messages for their fields", async () => {
      expect(fieldsOf(await refused(remote({ name: "has space" })))).toEqual({ name: "Use letters, digits, dots, dashes and underscores, starting with a letter or digit." });
      expect(fieldsOf(await refused(remote({ name: "12345" })))).toEqual({ name: "A cluster name cannot be only digits." });
      const kind = await refused(remote({ kind: "standalone" }));
      expect(describeIssues(kind as z.ZodError).message).toContain("Choose a kind: remote, yarn-session or k8s-session.");
      expect(fieldsOf(await refused(remote({ labels: ["ok", "not ok"] })))).toEqual({ "labels.1": "Labels use letters, digits, dots, dashes, underscores and colons." });
    });

    it("a YARN session needs the ResourceManager URL and either an application id or start, not both", async () => {
      const yarn = (over: Record<string, unknown>) => ({ kind: "yarn-session", name: unique("yarn"), yarnRmUrl: "http://rm:8088", ...over });
      expect(Object.keys(fieldsOf(await refused(yarn({ yarnRmUrl: undefined, yarnApplicationId: "application_1_1" }))))).toEqual(["yarnRmUrl"]);
      expect(fieldsOf(await refused(yarn({ yarnApplicationId: "app_17_1" })))).toEqual({
        yarnApplicationId: "A YARN application id looks like application_1700000000000_0001.",
      });
      expect(await refused(yarn({}))).toMatchObject({
        code: "invalid_input",
        message: "Give the application id of a running YARN session, or ask Eddy to start one.",
        fields: { yarnApplicationId: "Required unless Eddy starts the session." },
      });
      expect(await refused(yarn({ yarnApplicationId: "application_1700000000000_0001", start: true, flinkVersion: version.name }))).toMatchObject({
        code: "invalid_input",
        message: "Either register an existing YARN session (its application id) or start a new one, not both.",
        fields: { yarnApplicationId: "Leave empty when Eddy starts the session." },
      });
      const ok = await createCluster(await admin(), team.name, yarn({ yarnApplicationId: "application_1700000000000_0001", yarnQueue: "" }));
      expect(ok).toMatchObject({ kind: "yarn-session", yarnRmUrl: "http://rm:8088", yarnApplicationId: "application_1700000000000_0001", yarnQueue: null, managed: false, state: "registered" });
    });

    it("a Kubernetes session needs a namespace and cluster id that are Kubernetes names", async () => {
      const k8s = (over: Record<string, unknown>) => ({ kind: "k8s-session", name: unique("k8s"), k8sNamespace: "flink", k8sClusterId: "session-1", ...over });
      expect(fieldsOf(await refused(k8s({ k8sNamespace: "Flink_NS" })))).toEqual({ k8sNamespace: "A namespace uses lowercase letters, digits and dashes (a Kubernetes name)." });
      expect(fieldsOf(await refused(k8s({ k8sClusterId: "-session" })))).toEqual({ k8sClusterId: "A cluster id uses lowercase letters, digits and dashes (a Kubernetes name)." });
      expect(fieldsOf(await refused(k8s({ k8sClusterId: "" })))).toEqual({ k8sClusterId: "Give the cluster id." });
      expect(fieldsOf(await refused(k8s({ k8sNamespace: "a".repeat(64) })))).toEqual({ k8sNamespace: "A namespace can have at most 63 characters." });
      const ok = await createCluster(await admin(), team.name, k8s({}));
      expect(ok).toMatchObject({ kind: "k8s-session", k8sNamespace: "flink", k8sClusterId: "session-1", restUrl: null, managed: false, state: "registered" });
    });

    it("starting a session needs a Flink version that exists", async () => {
      const k8s = { kind: "k8s-session", name: unique("k8s"), k8sNamespace: "flink", k8sClusterId: "session-2", start: true };
      expect(await refused(k8s)).toMatchObject({
        code: "invalid_input",
        message: "Starting a session cluster needs a Flink version.",
        fields: { flinkVersion: "Choose the Flink version to start it with." },
      });
      expect(await refused({ kind: "yarn-session", name: unique("yarn"), yarnRmUrl: "http://rm:8088", start: true })).toMatchObject({
        code: "invalid_input",
        fields: { flinkVersion: "Choose the Flink version to start it with." },
      });
      expect(await refused({ ...k8s, flinkVersion: "no-such-flink" })).toMatchObject({
        code: "not_found",
        message: "Flink version “no-such-flink” was not found.",
        fields: { flinkVersion: "No such Flink version." },
      });
    });
  });

  it("creating registers the cluster, stores what was given, probes it right away, and is audited", async () => {
    const name = unique("Prod");
    const c = await createCluster(await admin(), team.name, {
      kind: "remote",
      name,
      restUrl: "http://jm.internal:8081/flink///",
      sqlGatewayUrl: "https://gw.internal/",
      labels: ["prod", "prod", "eu-west"],
      properties: { "parallelism.default": "4" },
      flinkVersion: version.name,
      description: "Shared session",
    });
    expect(c).toMatchObject({
      teamId: team.id,
      name,
      kind: "remote",
      restUrl: "http://jm.internal:8081/flink",
      sqlGatewayUrl: "https://gw.internal",
      labels: ["prod", "eu-west"],
      properties: { "parallelism.default": "4" },
      flinkVersionId: version.id,
      flinkVersionName: version.name,
      managed: false,
      state: "registered",
      health: "unknown",
      description: "Shared session",
    });
    expect(await jobsWithKey(`probe_cluster:${c.id}`)).toEqual([expect.objectContaining({ task_identifier: "probe_cluster" })]);
    expect(await jobsWithKey(`cluster_lifecycle:${c.id}`)).toEqual([]);
    expect(await auditRows("cluster.create", team.id, { name })).toEqual([
      expect.objectContaining({ actorName: "admin", targetType: "cluster", targetId: String(c.id), targetName: name, teamId: team.id, teamName: team.name, outcome: "success" }),
    ]);
    expect(await getCluster(await admin(), team.name, name.toLowerCase())).toMatchObject({ id: c.id });
    expect(await getCluster(await admin(), team.id, String(c.id))).toMatchObject({ name });
  });

  it("start: true makes a managed session in state starting and asks a task to start it", async () => {
    const c = await createCluster(await admin(), team.name, { kind: "yarn-session", name: unique("yarn"), yarnRmUrl: "http://rm:8088", yarnQueue: "streaming", start: true, flinkVersion: version.name });
    expect(c).toMatchObject({ managed: true, state: "starting", yarnApplicationId: null, yarnQueue: "streaming", flinkHome: expect.any(String) });
    expect(await jobsWithKey(`cluster_lifecycle:${c.id}`)).toEqual([expect.objectContaining({ task_identifier: "start_session_cluster", max_attempts: 3 })]);
    expect(await jobsWithKey(`probe_cluster:${c.id}`)).toEqual([expect.objectContaining({ task_identifier: "probe_cluster" })]);
  });

  it("names are unique per team in any case, but another team may use the same name", async () => {
    const name = unique("Shared-Name");
    await createCluster(await admin(), team.name, remote({ name }));
    const e = await failure(createCluster(await admin(), team.name, remote({ name: name.toUpperCase() })));
    expect(e).toMatchObject({ code: "conflict", message: `A cluster named “${name.toUpperCase()}” already exists in ${team.name}.` });
    expect((await listTeamClusters(await admin(), team.name)).filter((c) => c.name.toLowerCase() === name.toLowerCase())).toHaveLength(1);
    expect(await auditRows("cluster.create", team.id, { name: name.toUpperCase() })).toEqual([expect.objectContaining({ outcome: "failed", message: e.message })]);

    const other = await makeTeam();
    const there = await createCluster(await admin(), other.name, remote({ name }));
    expect(there).toMatchObject({ name, teamId: other.id });
  });

  it("a viewer lists and reads clusters but cannot create, change, start, stop or delete them", async () => {
    const { principal, user } = await makeMember(team.name, "viewer");
    const existing = await createCluster(await admin(), team.name, remote());
    expect((await listTeamClusters(principal, team.name)).map((c) => c.id)).toContain(existing.id);
    expect(await getCluster(principal, team.name, existing.name)).toMatchObject({ id: existing.id });

    const name = unique("viewer-made");
    const e = await failure(createCluster(principal, team.name, remote({ name })));
    expect(e).toMatchObject({ code: "forbidden", message: `Your role “viewer” in team “${team.name}” does not allow this (add, edit and remove clusters).` });
    expect((await listTeamClusters(await admin(), team.name)).find((c) => c.name === name)).toBeUndefined();
    expect(await failure(updateCluster(principal, team.name, existing.name, { description: "mine" }))).toMatchObject({ code: "forbidden" });
    expect(await failure(clusterAction(principal, team.name, existing.name, "stop"))).toMatchObject({ code: "forbidden" });
    expect(await failure(deleteCluster(principal, team.name, existing.name))).toMatchObject({ code: "forbidden" });
    expect(await getCluster(await admin(), team.name, existing.id)).toMatchObject({ description: "" });

    const denied = (await auditRows("cluster.create", team.id, { name })).filter((r) => r.actorName === user.username);
    expect(denied).toEqual([expect.objectContaining({ outcome: "denied", teamName: team.name })]);
    expect((await auditRows("cluster.delete", team.id, { name: existing.name })).filter((r) => r.actorName === user.username)).toEqual([
      expect.objectContaining({ outcome: "denied", teamName: team.name }),
    ]);
  });

  it("another team's clusters look like clusters that do not exist, by name and by id", async () => {
    const mine = await makeTeam();
    const theirs = await makeTeam();
    const { principal } = await makeMember(mine.name, "team admin");
    const hidden = await createCluster(await admin(), theirs.name, remote());

    // Through their team: the team itself is not found.
    for (const ref of [theirs.name, String(theirs.id)]) {
      const teamHidden = { code: "not_found", message: `Team “${ref}” was not found.` };
      expect(await failure(listTeamClusters(principal, ref))).toMatchObject(teamHidden);
      expect(await failure(getCluster(principal, ref, hidden.name))).toMatchObject(teamHidden);
      expect(await failure(createCluster(principal, ref, remote()))).toMatchObject(teamHidden);
      expect(await failure(deleteCluster(principal, ref, hidden.name))).toMatchObject(teamHidden);
    }
    // Through their own team, asking for the other team's cluster.
    for (const ref of [hidden.name, String(hidden.id)]) {
      const clusterHidden = { code: "not_found", message: `Cluster “${ref}” was not found.` };
      expect(await failure(getCluster(principal, mine.name, ref))).toMatchObject(clusterHidden);
      expect(await failure(updateCluster(principal, mine.name, ref, { description: "taken over" }))).toMatchObject(clusterHidden);
      expect(await failure(clusterAction(principal, mine.name, ref, "stop"))).toMatchObject(clusterHidden);
      expect(await failure(deleteCluster(principal, mine.name, ref))).toMatchObject(clusterHidden);
    }
    expect(await findClusterById(hidden.id)).toMatchObject({ teamId: theirs.id, description: "" });
  });

  it("updating changes the fields given, keeps the rest, probes again, and is audited", async () => {
    const c = await createCluster(await admin(), team.name, remote({ description: "before", labels: ["a"] }));
    const [probe] = await jobsWithKey(`probe_cluster:${c.id}`);
    const newName = unique("renamed");
    const updated = await updateCluster(await admin(), team.name, c.name, {
      name: newName,
      restUrl: "https://jm.example.com/flink/",
      labels: ["b", "b", "c"],
      flinkVersion: version.name,
    });
    expect(updated).toMatchObject({ id: c.id, name: newName, restUrl: "https://jm.example.com/flink", labels: ["b", "c"], description: "before", flinkVersionId: version.id });
    const [reprobe] = await jobsWithKey(`probe_cluster:${c.id}`);
    expect(reprobe).toMatchObject({ task_identifier: "probe_cluster" });
    expect(reprobe!.revision).toBe(probe!.revision + 1);

    // An empty Flink version clears it; a remote cluster cannot lose its REST URL.
    expect(await updateCluster(await admin(), team.name, newName, { flinkVersion: "" })).toMatchObject({ flinkVersionId: null });
    expect(await failure(updateCluster(await admin(), team.name, newName, { restUrl: "" }))).toMatchObject({
      code: "invalid_input",
      message: "A remote cluster needs its REST URL.",
      fields: { restUrl: "Required." },
    });
    const taken = await createCluster(await admin(), team.name, remote());
    expect(await failure(updateCluster(await admin(), team.name, newName, { name: taken.name.toUpperCase() }))).toMatchObject({
      code: "conflict",
      message: `A cluster named “${taken.name.toUpperCase()}” already exists in ${team.name}.`,
    });
    expect(await getCluster(await admin(), team.name, c.id)).toMatchObject({ name: newName, restUrl: "https://jm.example.com/flink" });

    const rows = await auditRows("cluster.update", team.id, { id: c.id });
    expect(rows.map((r) => r.outcome)).toEqual(["failed", "failed", "success", "success"]);
    expect(rows.every((r) => r.targetId === String(c.id) && r.teamName === team.name)).toBe(true);
  });

  it("start and stop refuse clusters Eddy did not start", async () => {
    const c = await createCluster(await admin(), team.name, remote());
    for (const action of ["start", "stop"] as const) {
      expect(await failure(clusterAction(await admin(), team.name, c.name, action))).toMatchObject({
        code: "conflict",
        message: `Eddy did not start “${c.name}”, so it does not ${action} it; it only watches it.`,
      });
    }
    expect(await failure(clusterAction(await admin(), team.name, c.name, "restart"))).toBeInstanceOf(z.ZodError);
    expect(await findClusterById(c.id)).toMatchObject({ state: "registered" });
    expect((await auditRows("cluster.start", team.id, { name: c.name })).map((r) => r.outcome)).toEqual(["failed"]);
    expect((await auditRows("cluster.stop", team.id, { name: c.name })).map((r) => r.outcome)).toEqual(["failed"]);
  });

  it("a managed session moves starting → running (probe) → stopping (stop), refusing illegal moves and deletes while up", async () => {
    const stub = await startJobManagerStub();
    const name = unique("k8s-managed");
    const c = await createCluster(await admin(), team.name, {
      kind: "k8s-session",
      name,
      k8sNamespace: "flink",
      k8sClusterId: "managed-1",
      restUrl: stub.url,
      start: true,
      flinkVersion: version.name,
    });
    expect(c).toMatchObject({ managed: true, state: "starting" });
    expect(await failure(clusterAction(await admin(), team.name, name, "start"))).toMatchObject({ code: "conflict", message: `“${name}” is starting; it cannot start now.` });

    // The JobManager answers: the session is running.
    expect(await probeAndRecord(c.id)).toMatchObject({ state: "running", health: "healthy" });
    expect(await failure(clusterAction(await admin(), team.name, name, "start"))).toMatchObject({ code: "conflict", message: `“${name}” is running; it cannot start now.` });
    expect(await failure(deleteCluster(await admin(), team.name, name))).toMatchObject({
      code: "conflict",
      message: `“${name}” is a session Eddy started and it is running; stop it before deleting it.`,
    });

    const stopped = await clusterAction(await admin(), team.name, name, "stop");
    expect(stopped).toMatchObject({ state: "stopping" });
    expect(await jobsWithKey(`cluster_lifecycle:${c.id}`)).toEqual([expect.objectContaining({ task_identifier: "stop_session_cluster", max_attempts: 3 })]);
    expect(await failure(clusterAction(await admin(), team.name, name, "stop"))).toMatchObject({ code: "conflict", message: `“${name}” is stopping; it cannot stop now.` });
    expect(await failure(deleteCluster(await admin(), team.name, name))).toMatchObject({ code: "conflict", message: expect.stringContaining("it is stopping; stop it before deleting it.") });
    expect(await findClusterById(c.id)).toMatchObject({ state: "stopping" });

    expect((await auditRows("cluster.stop", team.id, { name })).map((r) => r.outcome)).toEqual(["failed", "success"]);
    expect((await auditRows("cluster.start", team.id, { name })).map((r) => r.outcome)).toEqual(["failed", "failed"]);
    expect((await auditRows("cluster.delete", team.id, { name })).map((r) => r.outcome)).toEqual(["failed", "failed"]);
  });

  it("deleting a cluster Flink cannot be asked about succeeds (nothing is known to be stranded) and is audited", async () => {
    const c = await createCluster(await admin(), team.name, remote());
    await deleteCluster(await admin(), team.name, String(c.id));
    expect(await findClusterById(c.id)).toBeUndefined();
    expect(await failure(getCluster(await admin(), team.name, c.name))).toMatchObject({ code: "not_found" });
    expect(await auditRows("cluster.delete", team.id, { name: c.name })).toEqual([
      expect.objectContaining({ targetId: String(c.id), targetName: c.name, teamId: team.id, outcome: "success" }),
    ]);
  });
});

// =============================================================================================

describe("probing a JobManager", () => {
  let team: { id: number; name: string };

  beforeAll(async () => {
    team = await makeTeam();
  });

  it("healthy, then unreachable, then Flink's own error; counts stay as last seen", async () => {
    const stub = await startJobManagerStub();
    const c = await createCluster(await admin(), team.name, { kind: "remote", name: unique("probed"), restUrl: stub.url });
    expect(c.restUrl).toBe(stub.url.replace(/\/$/, ""));

    const healthy = await probeAndRecord(c.id);
    expect(healthy).toMatchObject({
      health: "healthy",
      healthMessage: null,
      reportedVersion: "2.1.0",
      jobsTotal: 3,
      jobsRunning: 2,
      taskManagers: 2,
      slotsTotal: 8,
      slotsAvailable: 5,
      state: "registered",
      lastProbeAt: expect.any(Date),
      lastHealthyAt: expect.any(Date),
    });
    // Both reads went through the proxy's prefix.
    expect([...new Set(stub.seen)].sort()).toEqual([`GET ${PREFIX}/jobs/overview`, `GET ${PREFIX}/overview`]);

    await stub.stop();
    const gone = await probeAndRecord(c.id);
    expect(gone).toMatchObject({
      health: "unreachable",
      reportedVersion: "2.1.0",
      jobsTotal: 3,
      jobsRunning: 2,
      taskManagers: 2,
      slotsTotal: 8,
      slotsAvailable: 5,
      lastHealthyAt: healthy!.lastHealthyAt,
    });
    expect(gone!.healthMessage).toMatch(/^The JobManager at http:\/\/127\.0\.0\.1:\d+\/proxy\/flink\/(jobs\/)?overview refused the connection; is it running\?$/);
    expect(gone!.lastProbeAt!.getTime()).toBeGreaterThanOrEqual(healthy!.lastProbeAt!.getTime());

    stub.mode = "error";
    await stub.restart();
    const failing = await probeAndRecord(c.id);
    expect(failing).toMatchObject({ health: "error", healthMessage: "boom", jobsTotal: 3, jobsRunning: 2, slotsTotal: 8, lastHealthyAt: healthy!.lastHealthyAt });
  });

  it("a probe of a cluster that is gone records nothing", async () => {
    expect(await probeAndRecord(2_000_000_000)).toBeUndefined();
  });

  it("deleting is refused while Flink reports unfinished jobs, naming them", async () => {
    const stub = await startJobManagerStub();
    const c = await createCluster(await admin(), team.name, { kind: "remote", name: unique("busy"), restUrl: stub.url });
    const e = await failure(deleteCluster(await admin(), team.name, c.name));
    expect(e).toMatchObject({
      code: "conflict",
      message: `“${c.name}” still runs 2 jobs: “orders-enrichment”, “clickstream-sessions”. Stop them first.`,
    });
    expect(await findClusterById(c.id)).toBeDefined();
    expect(await auditRows("cluster.delete", team.id, { name: c.name })).toEqual([expect.objectContaining({ outcome: "failed", message: e.message })]);

    // Once the JobManager is gone, Flink cannot be asked; the last probe counted its running jobs.
    expect(await probeAndRecord(c.id)).toMatchObject({ health: "healthy", jobsRunning: 2 });
    await stub.stop();
    expect(await probeAndRecord(c.id)).toMatchObject({ health: "unreachable", jobsRunning: 2 });
    const down = await failure(deleteCluster(await admin(), team.name, c.name));
    expect(down).toMatchObject({
      code: "conflict",
      message: `“${c.name}” cannot be reached, so Eddy cannot check what still runs there: its last probe counted 2 running jobs. Try again once it answers.`,
    });
    expect(await findClusterById(c.id)).toBeDefined();
  });

  it("while Flink cannot be asked, a delete goes through only when the last probe counted no running jobs and Eddy runs none there", async () => {
    const stub = await startJobManagerStub();
    const c = await createCluster(await admin(), team.name, { kind: "remote", name: unique("quiet"), restUrl: stub.url });
    stub.mode = "idle";
    expect(await probeAndRecord(c.id)).toMatchObject({ health: "healthy", jobsTotal: 3, jobsRunning: 0 });
    await stub.stop();
    await deleteCluster(await admin(), team.name, c.name);
    expect(await findClusterById(c.id)).toBeUndefined();
    expect((await auditRows("cluster.delete", team.id, { name: c.name })).map((r) => r.outcome)).toEqual(["success"]);
  });

  it("while Flink cannot be asked, a delete is refused when Eddy has runs it believes live there, naming its jobs", async () => {
    const stub = await startJobManagerStub();
    const c = await createCluster(await admin(), team.name, { kind: "remote", name: unique("eddy-runs"), restUrl: stub.url });
    stub.mode = "idle";
    expect(await probeAndRecord(c.id)).toMatchObject({ jobsRunning: 0 });
    await stub.stop();
    const prefix = unique("etl");
    await seedRunningJobs({ teamId: team.id, clusterId: c.id, flinkJobIds: ["d".repeat(32), "e".repeat(32)], prefix });
    const e = await failure(deleteCluster(await admin(), team.name, c.name));
    expect(e).toMatchObject({
      code: "conflict",
      message: `“${c.name}” cannot be reached, so Eddy cannot check what still runs there: Eddy's jobs “${prefix}-0”, “${prefix}-1” are still running there as far as Eddy knows. Stop those jobs first, or try again once it answers.`,
    });
    expect(await findClusterById(c.id)).toBeDefined();
    expect(await auditRows("cluster.delete", team.id, { name: c.name })).toEqual([expect.objectContaining({ outcome: "failed", message: e.message })]);
  });

  it("a session Eddy stopped can be deleted although its last probe counted running jobs", async () => {
    const stub = await startJobManagerStub();
    const version = await someVersion();
    const c = await createCluster(await admin(), team.name, {
      kind: "k8s-session",
      name: unique("k8s-stopped"),
      k8sNamespace: "flink",
      k8sClusterId: unique("managed"),
      restUrl: stub.url,
      start: true,
      flinkVersion: version.name,
    });
    expect(await probeAndRecord(c.id)).toMatchObject({ state: "running", jobsRunning: 2 });
    await clusterAction(await admin(), team.name, c.name, "stop");
    await stub.stop();
    // What stop_session_cluster does once the FlinkDeployment is deleted.
    expect(await transitionCluster({ id: c.id, from: ["stopping"], to: "stopped" })).toBe(true);
    await deleteCluster(await admin(), team.name, c.name);
    expect(await findClusterById(c.id)).toBeUndefined();
  });
});
