/**
 * Protects uploaded jars against a real database and a real data directory: what an upload reads
 * from a jar (manifest Main-Class across continuation lines, class names and their cap) and where it
 * stores it (by checksum, never by a name a person typed); which files are refused and with what
 * message (not a zip, empty, cut off, too large, names that look like paths); who may upload, read,
 * download and delete; and what deleting refuses while jobs use a jar.
 */
import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import yazl from "yazl";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { rawSql } from "@/db/client";
import { listAuditEvents } from "@/db/queries/audit";
import { findResource, findResourcesByIds, listResourceOptions } from "@/db/queries/resources";
import { handleUpload, deleteResourceEndpoint, getResourceEndpoint, getResourceFileEndpoint, listResourcesEndpoint, postResource } from "@/lib/api/v1/resources";
import type { Principal } from "@/lib/auth/principal";
import { mainClassOf, parseManifest, topLevelClassName } from "@/lib/resources/jar";
import { deleteResource, getResource, listTeamResources, openResourceFile, uploadResource } from "@/lib/resources/resources";
import { adminPrincipal, callEndpoint, failure, makeMember, makeTeam, makeToken, unique, type ErrorJson } from "../support/fixtures";

let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), "eddy-resources-"));
  process.env.EDDY_DATA_DIR = dataDir;
});

afterAll(async () => {
  delete process.env.EDDY_DATA_DIR;
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

afterEach(() => {
  delete process.env.EDDY_MAX_UPLOAD_MB;
});

// ---------------------------------------------------------------------------------------------
// Jars and requests

/** A jar (a zip) with the given entries. */
async function jar(entries: Record<string, string | Buffer>): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const [name, content] of Object.entries(entries)) zip.addBuffer(Buffer.isBuffer(content) ? content : Buffer.from(content, "utf8"), name);
  zip.end();
  const chunks: Buffer[] = [];
  for await (const c of zip.outputStream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

const MANIFEST = "Manifest-Version: 1.0\r\nMain-Class: com.example.StreamingJob\r\n\r\n";

/** A small app jar: a manifest, two top-level classes, an inner class and descriptors. */
async function appJar(extra: Record<string, string | Buffer> = {}): Promise<Buffer> {
  return jar({
    "META-INF/MANIFEST.MF": MANIFEST,
    "com/example/StreamingJob.class": "x",
    "com/example/StreamingJob$1.class": "x",
    "com/example/util/Helpers.class": "x",
    "module-info.class": "x",
    "META-INF/versions/11/com/example/StreamingJob.class": "x",
    "log4j2.properties": "rootLogger.level = INFO",
    ...extra,
  });
}

const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");

type Upload = { file?: { name: string; bytes: Buffer }; fields?: Record<string, string> };

/** The multipart body a browser's FormData would send, and its Content-Type. */
async function multipart(u: Upload): Promise<{ contentType: string; bytes: Uint8Array<ArrayBuffer> }> {
  const fd = new FormData();
  for (const [k, v] of Object.entries(u.fields ?? {})) fd.set(k, v);
  if (u.file) fd.set("file", new File([new Uint8Array(u.file.bytes)], u.file.name));
  const r = new Response(fd);
  return { contentType: r.headers.get("content-type")!, bytes: new Uint8Array(await r.arrayBuffer()) };
}

/** A request carrying the upload; `chunk` streams the body in pieces of that many bytes (no Content-Length). */
async function uploadRequest(team: string, u: Upload, opts: { token?: string; chunk?: number; headers?: Record<string, string> } = {}): Promise<Request> {
  const { contentType, bytes } = await multipart(u);
  const headers: Record<string, string> = { "content-type": contentType, ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}), ...(opts.headers ?? {}) };
  const url = `http://eddy.test/api/v1/teams/${encodeURIComponent(team)}/resources`;
  if (!opts.chunk) return new Request(url, { method: "POST", headers: { "content-length": String(bytes.length), ...headers }, body: bytes });
  const size = opts.chunk;
  let at = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(c) {
      if (at >= bytes.length) return c.close();
      c.enqueue(bytes.slice(at, at + size));
      at += size;
    },
  });
  return new Request(url, { method: "POST", headers, body, duplex: "half" } as RequestInit);
}

function upload(p: Principal, team: string, u: Upload, opts: { chunk?: number } = {}) {
  return uploadRequest(team, u, opts).then((req) => uploadResource(p, team, req));
}

/** Every file under the data directory's resources folder, relative to it. */
async function storedFiles(): Promise<string[]> {
  const root = path.join(dataDir, "resources");
  const out: string[] = [];
  const walk = async (dir: string) => {
    for (const e of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) await walk(full);
      else out.push(path.relative(root, full));
    }
  };
  await walk(root);
  return out.sort();
}

const incoming = async () => (await storedFiles()).filter((f) => f.startsWith(".incoming"));

async function insertJob(teamId: number, name: string, settings: Record<string, unknown>): Promise<number> {
  const sql = rawSql();
  const [row] = await sql<{ id: number }[]>`insert into jobs (team_id, name, type, mode, settings) values (${teamId}, ${name}, 'jar', 'remote', ${JSON.stringify(settings)}::jsonb) returning id`;
  return row!.id;
}

async function auditRows(action: string, teamId: number) {
  return (await listAuditEvents({ filter: { action, teamId }, sort: "at", dir: "desc", page: 1, pageSize: 1000 })).rows;
}

// =============================================================================================

describe("reading a jar", () => {
  it("joins manifest continuation lines and reads only the main section", () => {
    const text = [
      "Manifest-Version: 1.0",
      "Main-Class: com.example.a.very.long.package.name.that.does.not.fit.in.seventy-tw",
      " o.bytes.StreamingJo",
      " b",
      "Created-By: Maven",
      "",
      "Name: com/example/Other.class",
      "Main-Class: not.the.Main",
      "",
    ].join("\r\n");
    expect(parseManifest(text)).toEqual({
      "Manifest-Version": "1.0",
      "Main-Class": "com.example.a.very.long.package.name.that.does.not.fit.in.seventy-two.bytes.StreamingJob",
      "Created-By": "Maven",
    });
    expect(mainClassOf("Manifest-Version: 1.0\nMain-Class: com.example.Job\n")).toBe("com.example.Job");
    expect(mainClassOf("main-class: com/example/Job\n")).toBe("com.example.Job");
    // A continuation keeps its own spaces after the first one, which makes this no class name.
    expect(mainClassOf("Main-Class: com.example\n  .Job\n")).toBeNull();
    expect(mainClassOf("Manifest-Version: 1.0\n")).toBeNull();
  });

  it("lists top-level classes only", () => {
    expect(topLevelClassName("com/example/Job.class")).toBe("com.example.Job");
    expect(topLevelClassName("Job.class")).toBe("Job");
    expect(topLevelClassName("com/example/Job$Inner.class")).toBeNull();
    expect(topLevelClassName("module-info.class")).toBeNull();
    expect(topLevelClassName("com/example/package-info.class")).toBeNull();
    expect(topLevelClassName("META-INF/versions/11/com/example/Job.class")).toBeNull();
    expect(topLevelClassName("com/example/Job.java")).toBeNull();
  });
});

describe("uploading", () => {
  it("stores the jar under its checksum, reads its Main-Class and classes, and logs it", async () => {
    const team = await makeTeam();
    const { user, principal } = await makeMember(team.name, "developer");
    const bytes = await appJar({
      // A Main-Class long enough that the manifest wraps it.
      "META-INF/MANIFEST.MF": "Manifest-Version: 1.0\r\nMain-Class: com.example.streaming.jobs.with.a.rather.long.package.name.Strea\r\n mingJob\r\n\r\n",
      "com/example/streaming/jobs/with/a/rather/long/package/name/StreamingJob.class": "x",
    });
    const r = await upload(principal, team.name, { file: { name: "orders-job-1.0.jar", bytes }, fields: { kind: "app", description: "The orders job." } });

    expect(r).toMatchObject({
      name: "orders-job-1.0.jar",
      kind: "app",
      description: "The orders job.",
      size: bytes.length,
      sha256: sha(bytes),
      mainClass: "com.example.streaming.jobs.with.a.rather.long.package.name.StreamingJob",
      uploadedBy: user.username,
      usedBy: 0,
      jobs: [],
      classesTotal: 3,
      storagePath: `resources/${team.id}/${sha(bytes)}.jar`,
    });
    expect(r.classes).toEqual(["com.example.StreamingJob", "com.example.streaming.jobs.with.a.rather.long.package.name.StreamingJob", "com.example.util.Helpers"]);
    // The bytes on disk are the bytes sent, at the content-addressed path, and nothing is left in flight.
    expect(await readFile(path.join(dataDir, "resources", String(team.id), `${sha(bytes)}.jar`))).toEqual(bytes);
    expect(await storedFiles()).toContain(`${team.id}/${sha(bytes)}.jar`);
    expect(await incoming()).toEqual([]);

    expect(await auditRows("resource.upload", team.id)).toEqual([
      expect.objectContaining({ actorName: user.username, targetName: r.name, targetId: String(r.id), outcome: "success", detail: { kind: "app", size: bytes.length, sha256: sha(bytes) } }),
    ]);
  });

  it("names the jar after its file unless told; kind defaults to library", async () => {
    const team = await makeTeam();
    const p = await adminPrincipal();
    const a = await upload(p, team.name, { file: { name: "flink-sql-connector-kafka-3.3.0-1.20.jar", bytes: await appJar() } });
    expect(a).toMatchObject({ name: "flink-sql-connector-kafka-3.3.0-1.20.jar", kind: "library", description: "" });
    const b = await upload(p, team.name, { file: { name: "whatever.jar", bytes: await appJar({ "b.txt": "b" }) }, fields: { name: "  kafka  ", kind: "connector" } });
    expect(b).toMatchObject({ name: "kafka", kind: "connector" });
  });

  it("parses a body that arrives in small pieces the same (boundaries split across chunks)", async () => {
    const team = await makeTeam();
    const bytes = await appJar({ "big.bin": randomBytes(40_000) });
    const r = await upload(await adminPrincipal(), team.name, { file: { name: "chunked.jar", bytes }, fields: { description: "d" } }, { chunk: 7 });
    expect(r).toMatchObject({ sha256: sha(bytes), size: bytes.length, description: "d" });
  });

  it("the same bytes under another name share one file; the file goes with the last jar that has it", async () => {
    const team = await makeTeam();
    const p = await adminPrincipal();
    const bytes = await appJar({ "shared.txt": unique("content") });
    const a = await upload(p, team.name, { file: { name: "a.jar", bytes } });
    const b = await upload(p, team.name, { file: { name: "b.jar", bytes } });
    expect(b.storagePath).toBe(a.storagePath);
    const file = path.join(dataDir, a.storagePath);

    await deleteResource(p, team.name, a.name);
    expect((await stat(file)).size).toBe(bytes.length);
    await deleteResource(p, team.name, b.id);
    await expect(stat(file)).rejects.toThrow();
    expect(await findResource({ teamId: team.id, ref: b.id })).toBeUndefined();
  });

  it("a name is unique per team in any case; other teams may reuse it", async () => {
    const team = await makeTeam();
    const other = await makeTeam();
    const p = await adminPrincipal();
    await upload(p, team.name, { file: { name: "Kafka.jar", bytes: await appJar() } });
    const e = await failure(upload(p, team.name, { file: { name: "kafka.JAR", bytes: await appJar({ "x.txt": "x" }) } }));
    expect(e).toMatchObject({ code: "conflict", message: `A jar named “kafka.JAR” already exists in ${team.name}.` });
    expect(await incoming()).toEqual([]);
    expect((await listTeamResources(p, team.name)).map((r) => r.name)).toEqual(["Kafka.jar"]);
    expect(await upload(p, other.name, { file: { name: "kafka.jar", bytes: await appJar() } })).toMatchObject({ name: "kafka.jar" });
    expect((await auditRows("resource.upload", team.id)).map((r) => [r.targetName, r.outcome, r.message])).toContainEqual(["kafka.JAR", "failed", e.message]);
  });
});

describe("what an upload refuses", () => {
  const refusedNames: [string, string][] = [
    ["../../etc/passwd.jar", "A jar's name cannot contain “/” or “\\”: it is a name, not a path."],
    ["a/b.jar", "A jar's name cannot contain “/” or “\\”: it is a name, not a path."],
    ["..\\x.jar", "A jar's name cannot contain “/” or “\\”: it is a name, not a path."],
    ["..", "A jar's name cannot be “.” or “..”."],
    ["bell\u0007.jar", "A jar's name cannot contain control characters."],
    ["12345", "A jar's name cannot be only digits."],
    [`${"x".repeat(61)}.jar`, "A jar's name can have at most 64 characters; give a shorter name."],
  ];

  it.each(refusedNames)("the name %j, typed in", async (name, message) => {
    const team = await makeTeam();
    const e = await failure(upload(await adminPrincipal(), team.name, { file: { name: "fine.jar", bytes: await appJar() }, fields: { name } }));
    expect(e).toMatchObject({ code: "invalid_input", message: `name: ${message}`, fields: { name: message } });
    expect(await listTeamResources(await adminPrincipal(), team.id)).toEqual([]);
  });

  it.each(refusedNames.filter(([n]) => n !== ".."))("the name %j, as the file's name", async (name, message) => {
    const team = await makeTeam();
    const e = await failure(upload(await adminPrincipal(), team.name, { file: { name, bytes: await appJar() } }));
    expect(e.code).toBe("invalid_input");
    expect(e.message).toBe(`The file's name cannot be the jar's name: ${message.charAt(0).toLowerCase()}${message.slice(1)} Give a name.`);
    expect(e.fields).toEqual({ name: message });
  });

  it("path-like names never reach the disk: only checksums are", async () => {
    const team = await makeTeam();
    const p = await adminPrincipal();
    for (const name of ["../../etc/passwd.jar", "a/b.jar", "..\\x.jar"]) {
      await failure(upload(p, team.name, { file: { name, bytes: await appJar({ n: name }) } }));
      await failure(upload(p, team.name, { file: { name: "ok.jar", bytes: await appJar({ n: name }) }, fields: { name } }));
    }
    const files = await storedFiles();
    expect(files.every((f) => /^\d+\/[0-9a-f]{64}\.jar$/.test(f)), files.join(", ")).toBe(true);
    expect(files.filter((f) => f.startsWith(`${team.id}/`))).toEqual([]);
    await expect(stat(path.join(dataDir, "etc"))).rejects.toThrow();
    await expect(stat(path.resolve(dataDir, "..", "..", "etc", "passwd.jar"))).rejects.toThrow();
  });

  it("files that are not jars, each with a sentence saying what is wrong", async () => {
    const team = await makeTeam();
    const p = await adminPrincipal();
    const good = await appJar({ "pad.bin": Buffer.alloc(5000, 1) });
    const cases: [string, Buffer, string][] = [
      ["notes.jar", Buffer.from("just some text, renamed to .jar\n"), "“notes.jar” is not a jar: a jar is a zip archive, and this file is not one."],
      ["empty.jar", Buffer.alloc(0), "“empty.jar” is empty; choose the jar file itself."],
      ["hollow.jar", await jar({}), "“hollow.jar” is an empty archive; a jar holds classes."],
    ];
    for (const [name, bytes, message] of cases) {
      const e = await failure(upload(p, team.name, { file: { name, bytes } }));
      expect(e, name).toMatchObject({ code: "invalid_input", message });
      expect(e.fields, name).toHaveProperty("file");
    }
    // Cut off half-way, and cut off in its last bytes (the end of its central directory).
    for (const bytes of [good.subarray(0, good.length >> 1), good.subarray(0, good.length - 10)]) {
      const e = await failure(upload(p, team.name, { file: { name: "cut.jar", bytes } }));
      expect(e.code).toBe("invalid_input");
      expect(e.message).toMatch(/^“cut\.jar” starts like a jar but is incomplete or damaged \(.+\); was the download cut off\? Upload the whole file\.$/);
    }
    expect(await listTeamResources(p, team.id)).toEqual([]);
    expect(await incoming()).toEqual([]);
  });

  it("a request without a file, or not multipart at all", async () => {
    const team = await makeTeam();
    const p = await adminPrincipal();
    expect(await failure(upload(p, team.name, { fields: { kind: "udf" } }))).toMatchObject({ code: "invalid_input", message: "Choose a jar file to upload.", fields: { file: "Choose a jar file to upload." } });
    const json = new Request("http://eddy.test/x", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    expect(await failure(uploadResource(p, team.name, json))).toMatchObject({ code: "bad_request", message: "Send the jar as multipart/form-data, with the file in a field named “file”." });
    const e = await failure(upload(p, team.name, { file: { name: "k.jar", bytes: await appJar() }, fields: { kind: "plugin" } }));
    expect(e).toMatchObject({ code: "invalid_input", fields: { kind: "Choose a kind: app, connector, udf or library." } });
  });

  it("a body cut off before its closing boundary", async () => {
    const team = await makeTeam();
    const { contentType, bytes } = await multipart({ file: { name: "a.jar", bytes: await appJar() } });
    const req = new Request("http://eddy.test/x", { method: "POST", headers: { "content-type": contentType }, body: bytes.slice(0, bytes.length - 30) });
    expect(await failure(uploadResource(await adminPrincipal(), team.name, req))).toMatchObject({ code: "bad_request", message: "The upload ended before the multipart body did; it was cut off. Try again." });
    expect(await incoming()).toEqual([]);
  });

  it("files over EDDY_MAX_UPLOAD_MB: 413, whether the size is declared up front or only streamed", async () => {
    const team = await makeTeam();
    const { principal } = await makeMember(team.name, "developer");
    const { token } = await makeToken(principal, team.name);
    process.env.EDDY_MAX_UPLOAD_MB = "0.01"; // 10,485 bytes
    const big = await appJar({ "pad.bin": randomBytes(30_000) }); // random: it does not compress
    const small = await appJar();
    const route = handleUpload(postResource);
    const params = { params: Promise.resolve({ team: team.name }) };

    const streamed = await route(await uploadRequest(team.name, { file: { name: "big.jar", bytes: big } }, { token, chunk: 4096 }), params);
    expect(streamed.status).toBe(413);
    expect(await streamed.json()).toEqual({ error: { code: "payload_too_large", message: "The file is larger than the 0.01 MB limit.", fields: { file: "The file is larger than the 0.01 MB limit." } } });

    // Declared far over the limit: refused from the headers, before the body is read.
    const declared = await uploadRequest(team.name, { file: { name: "small.jar", bytes: small } }, { token, headers: { "content-length": String(2 * 1024 * 1024) } });
    const res = await route(declared, params);
    expect(res.status).toBe(413);
    expect(declared.bodyUsed).toBe(false);

    expect(await incoming()).toEqual([]);
    expect(await listTeamResources(principal, team.id)).toEqual([]);
    const ok = await route(await uploadRequest(team.name, { file: { name: "small.jar", bytes: small } }, { token }), params);
    expect(ok.status).toBe(201);
  });
});

describe("who may do what", () => {
  it("a viewer lists, reads and downloads; cannot upload (refused before the body is read) or delete", async () => {
    const team = await makeTeam();
    const admin = await adminPrincipal();
    const r = await upload(admin, team.name, { file: { name: "shared.jar", bytes: await appJar() } });
    const { user, principal } = await makeMember(team.name, "viewer");

    expect((await listTeamResources(principal, team.name)).map((x) => x.name)).toEqual(["shared.jar"]);
    expect((await getResource(principal, team.name, "SHARED.JAR")).id).toBe(r.id);
    const file = await openResourceFile(principal, team.name, r.id);
    const chunks: Buffer[] = [];
    for await (const c of file.stream) chunks.push(c as Buffer);
    expect(sha(Buffer.concat(chunks))).toBe(r.sha256);

    const req = await uploadRequest(team.name, { file: { name: "mine.jar", bytes: await appJar() } });
    const e = await failure(uploadResource(principal, team.name, req));
    expect(e).toMatchObject({ code: "forbidden", message: `Your role “viewer” in team “${team.name}” does not allow this (upload and delete jars).` });
    expect(req.bodyUsed).toBe(false);
    expect(await failure(deleteResource(principal, team.name, r.id))).toMatchObject({ code: "forbidden" });
    const denied = (await auditRows("resource.upload", team.id)).filter((x) => x.actorName === user.username);
    expect(denied).toEqual([expect.objectContaining({ outcome: "denied", message: e.message })]);
    // Refused before the jar is looked up: the row names it as asked.
    expect((await auditRows("resource.delete", team.id)).map((x) => [x.actorName, x.outcome, x.targetName])).toEqual([[user.username, "denied", String(r.id)]]);
  });

  it("someone of another team finds nothing, by name or by id", async () => {
    const team = await makeTeam();
    const other = await makeTeam();
    const r = await upload(await adminPrincipal(), team.name, { file: { name: "secret-sauce.jar", bytes: await appJar() } });
    const { principal } = await makeMember(other.name, "team admin");
    for (const ref of [r.name, String(r.id)]) {
      expect(await failure(getResource(principal, other.name, ref))).toMatchObject({ code: "not_found", message: `Jar “${ref}” was not found.` });
      expect(await failure(deleteResource(principal, other.name, ref))).toMatchObject({ code: "not_found" });
      expect(await failure(getResource(principal, team.name, ref))).toMatchObject({ code: "not_found", message: `Team “${team.name}” was not found.` });
    }
    expect(await failure(upload(principal, team.name, { file: { name: "planted.jar", bytes: await appJar() } }))).toMatchObject({ code: "not_found" });
    // The queries for the jobs engineer are team-scoped too.
    expect(await findResource({ teamId: other.id, ref: r.id })).toBeUndefined();
    expect(await findResourcesByIds({ teamId: other.id, ids: [r.id] })).toEqual([]);
    expect(await listResourceOptions(other.id)).toEqual([]);
    expect(await listResourceOptions(team.id)).toEqual([{ id: r.id, name: r.name, kind: "library", sha256: r.sha256, mainClass: "com.example.StreamingJob" }]);
    expect((await findResourcesByIds({ teamId: team.id, ids: [r.id, r.id, 0, -1, 2 ** 40] })).map((x) => x.id)).toEqual([r.id]);
  });
});

describe("jobs that use a jar", () => {
  it("count in the list, are named in the detail, and block deletion until they stop using it", async () => {
    const team = await makeTeam();
    const other = await makeTeam();
    const p = await adminPrincipal();
    const app = await upload(p, team.name, { file: { name: "app.jar", bytes: await appJar() }, fields: { kind: "app" } });
    const lib = await upload(p, team.name, { file: { name: "lib.jar", bytes: await appJar({ l: "l" }) } });
    const jarJob = await insertJob(team.id, "orders", { jarResourceId: app.id, dependencies: [] });
    const depJob = await insertJob(team.id, "billing", { jarResourceId: null, dependencies: [{ resourceId: lib.id, name: lib.name, sha256: lib.sha256 }, { resourceId: app.id, name: app.name, sha256: app.sha256 }] });
    // Another team's job naming the same ids does not count: ids are only meaningful inside a team.
    await insertJob(other.id, "elsewhere", { jarResourceId: lib.id });

    const list = await listTeamResources(p, team.name);
    expect(list.map((r) => [r.name, r.usedBy])).toEqual([["app.jar", 2], ["lib.jar", 1]]);
    expect((await getResource(p, team.name, app.id)).jobs.map((j) => j.name)).toEqual(["billing", "orders"]);

    const e = await failure(deleteResource(p, team.name, "app.jar"));
    expect(e).toMatchObject({ code: "conflict", message: "“app.jar” is used by 2 jobs: “billing”, “orders”. Remove it from their settings first." });
    expect(await failure(deleteResource(p, team.name, lib.id))).toMatchObject({ message: "“lib.jar” is used by 1 job: “billing”. Remove it from their settings first." });
    expect((await stat(path.join(dataDir, app.storagePath))).isFile()).toBe(true);

    await rawSql()`update jobs set settings = ${JSON.stringify({ jarResourceId: null, dependencies: [] })}::jsonb where id in (${jarJob}, ${depJob})`;
    await deleteResource(p, team.name, "app.jar");
    await deleteResource(p, team.name, lib.id);
    expect(await listTeamResources(p, team.name)).toEqual([]);
  });

  it("names at most ten jobs", async () => {
    const team = await makeTeam();
    const p = await adminPrincipal();
    const r = await upload(p, team.name, { file: { name: "popular.jar", bytes: await appJar() } });
    for (let i = 0; i < 12; i++) await insertJob(team.id, `job-${String(i).padStart(2, "0")}`, { jarResourceId: String(r.id) });
    const e = await failure(deleteResource(p, team.name, r.id));
    expect(e.message).toBe(`“popular.jar” is used by 12 jobs: ${Array.from({ length: 10 }, (_, i) => `“job-${String(i).padStart(2, "0")}”`).join(", ")} and 2 more. Remove it from their settings first.`);
  });
});

describe("the class list", () => {
  it("keeps the first 5,000 names and reports how many there are", async () => {
    const team = await makeTeam();
    const entries: Record<string, string> = { "META-INF/MANIFEST.MF": MANIFEST };
    for (let i = 0; i < 5003; i++) {
      entries[`gen/C${String(i).padStart(5, "0")}.class`] = "";
      entries[`gen/C${String(i).padStart(5, "0")}$Inner.class`] = "";
    }
    const r = await upload(await adminPrincipal(), team.name, { file: { name: "many.jar", bytes: await jar(entries) } });
    expect(r.classes).toHaveLength(5000);
    expect(r.classes[0]).toBe("gen.C00000");
    expect(r.classes[4999]).toBe("gen.C04999");
    expect(r.classesTotal).toBe(5003);
    expect((await getResource(await adminPrincipal(), team.name, r.id)).classesTotal).toBe(5003);
    expect((await listTeamResources(await adminPrincipal(), team.name))[0]!.classesListed).toBe(5000);
  });
});

describe("REST", () => {
  it("upload, list, read by name or id, download with a safe filename, delete", async () => {
    const team = await makeTeam();
    const { principal } = await makeMember(team.name, "developer");
    const { token } = await makeToken(principal, team.name);
    const bytes = await appJar();

    // Browsers send a file name's quotes as %22, so an unusual name comes as the name field.
    const created = await handleUpload(postResource)(await uploadRequest(team.name, { file: { name: "job.jar", bytes }, fields: { kind: "app", name: "Jöb \"v2\".jar" } }, { token }), {
      params: Promise.resolve({ team: team.name }),
    });
    expect(created.status).toBe(201);
    const body = (await created.json()) as { id: number; name: string; sha256: string; storagePath?: string; classes: string[]; classesTotal: number };
    expect(body).toMatchObject({ name: "Jöb \"v2\".jar", sha256: sha(bytes), classesTotal: 2 });
    expect(body).not.toHaveProperty("storagePath");

    const list = await callEndpoint(listResourcesEndpoint, { token, params: { team: team.name } });
    expect(((await list.json()) as { resources: { name: string; usedBy: number }[] }).resources).toEqual([expect.objectContaining({ name: body.name, usedBy: 0 })]);
    for (const ref of [body.name.toUpperCase(), String(body.id)]) {
      const one = await callEndpoint(getResourceEndpoint, { token, params: { team: team.name, resource: ref } });
      expect(one.status, ref).toBe(200);
    }

    const file = await callEndpoint(getResourceFileEndpoint, { token, params: { team: team.name, resource: String(body.id) } });
    expect(file.status).toBe(200);
    expect(file.headers.get("content-type")).toBe("application/java-archive");
    expect(file.headers.get("content-length")).toBe(String(bytes.length));
    expect(file.headers.get("content-disposition")).toBe(`attachment; filename="J_b _v2_.jar"; filename*=UTF-8''J%C3%B6b%20%22v2%22.jar`);
    expect(Buffer.from(await file.arrayBuffer())).toEqual(bytes);

    const missing = await callEndpoint(getResourceFileEndpoint, { token, params: { team: team.name, resource: "nope.jar" } });
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as ErrorJson).error.message).toBe("Jar “nope.jar” was not found.");

    const del = await callEndpoint(deleteResourceEndpoint, { token, params: { team: team.name, resource: String(body.id) } });
    expect(del.status).toBe(204);
    expect(await storedFiles()).not.toContain(`${team.id}/${sha(bytes)}.jar`);
  });

  it("another team's token gets 404 for every route, upload included", async () => {
    const team = await makeTeam();
    const other = await makeTeam();
    const r = await upload(await adminPrincipal(), team.name, { file: { name: "a.jar", bytes: await appJar() } });
    const { principal } = await makeMember(other.name, "team admin");
    const { token } = await makeToken(principal, other.name);
    for (const ref of [team.name, String(team.id)]) {
      const up = await handleUpload(postResource)(await uploadRequest(ref, { file: { name: "x.jar", bytes: await appJar() } }, { token }), { params: Promise.resolve({ team: ref }) });
      expect(up.status).toBe(404);
      for (const e of [getResourceEndpoint, getResourceFileEndpoint, deleteResourceEndpoint]) {
        for (const res of [r.name, String(r.id)]) expect((await callEndpoint(e, { token, params: { team: ref, resource: res } })).status).toBe(404);
      }
    }
    expect((await getResource(await adminPrincipal(), team.name, r.id)).name).toBe("a.jar");
  });
});
