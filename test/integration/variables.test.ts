/**
 * Protects team variables against a real database: the name and value rules and their messages,
 * case-sensitive uniqueness, secrets encrypted at rest and masked for everyone who may not view
 * them (revealing is explicit, permitted and logged), values that never reach the audit log, which
 * jobs count as using `${name}` (SQL, program arguments, dynamic properties of the newest version),
 * the refusals that protects, and substitution for previews and builds.
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { rawSql } from "@/db/client";
import { listAuditEvents } from "@/db/queries/audit";
import { jobsUsingVariable, listVariableNames } from "@/db/queries/variables";
import { deleteVariableEndpoint, getVariableEndpoint, listVariablesEndpoint, patchVariable, postVariable, previewVariablesEndpoint } from "@/lib/api/v1/variables";
import type { Principal } from "@/lib/auth/principal";
import { isSealed, openSecret, SECRET_MASK } from "@/lib/crypto/secrets";
import { createRole } from "@/lib/iam/roles";
import { describeIssues } from "@/lib/validation";
import { previewSubstitution, previewValues, resolveVariables, substitute } from "@/lib/variables/substitution";
import { createVariable, deleteVariable, getVariable, listTeamVariables, previewVariables, revealVariable, updateVariable } from "@/lib/variables/variables";
import { adminPrincipal, callEndpoint, failure, makeMember, makeTeam, makeToken, unique, type ErrorJson } from "../support/fixtures";

let dataDir: string;

beforeAll(async () => {
  // The secret key lives in the data directory unless EDDY_SECRET_KEY is set.
  dataDir = await mkdtemp(path.join(os.tmpdir(), "eddy-variables-"));
  process.env.EDDY_DATA_DIR = dataDir;
});

afterAll(async () => {
  delete process.env.EDDY_DATA_DIR;
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** A team with a team admin (holds variable:view_secret), a developer (manages, cannot view secrets) and a viewer. */
async function crew() {
  const team = await makeTeam();
  const [lead, dev, viewer] = await Promise.all([makeMember(team.name, "team admin"), makeMember(team.name, "developer"), makeMember(team.name, "viewer")]);
  return { team, lead: lead.principal, dev: dev.principal, viewer: viewer.principal, devUser: dev.user };
}

async function insertJob(teamId: number, name: string, fields: { sql?: string; settings?: Record<string, unknown> }): Promise<number> {
  const [row] = await rawSql()<{ id: number }[]>`insert into jobs (team_id, name, type, mode, sql, settings)
    values (${teamId}, ${name}, 'sql', 'remote', ${fields.sql ?? ""}, ${JSON.stringify(fields.settings ?? {})}::jsonb) returning id`;
  return row!.id;
}

async function storedValue(id: number): Promise<string> {
  const [row] = await rawSql()<{ value: string }[]>`select value from variables where id = ${id}`;
  return row!.value;
}

function fieldsOf(e: unknown): Record<string, string> {
  expect(e).toBeInstanceOf(z.ZodError);
  return describeIssues(e as z.ZodError).fields;
}

const create = (p: Principal, team: string, v: { name: string; value: string; secret?: boolean; description?: string }) => createVariable(p, team, v);

// =============================================================================================

describe("input", () => {
  it("refuses names and values outside the rules, with a sentence each", async () => {
    const { team, dev } = await crew();
    const cases: [Record<string, unknown>, Record<string, string>][] = [
      [{ name: "", value: "x" }, { name: "A variable needs a name." }],
      [{ name: "1st", value: "x" }, { name: "A variable name starts with a letter and uses letters, digits, dots, dashes and underscores." }],
      [{ name: "has space", value: "x" }, { name: "A variable name starts with a letter and uses letters, digits, dots, dashes and underscores." }],
      [{ name: "a${b}", value: "x" }, { name: "A variable name starts with a letter and uses letters, digits, dots, dashes and underscores." }],
      [{ name: `a${"b".repeat(64)}`, value: "x" }, { name: "A variable name can have at most 64 characters." }],
      [{ name: "ok", value: "" }, { value: "A variable needs a value." }],
      [{ name: "ok", value: "v".repeat(10_001) }, { value: "A value can have at most 10,000 characters." }],
      [{ name: "ok", value: "a\u0000b" }, { value: "A value cannot contain NUL characters." }],
      [{ name: "ok", value: "x", secret: "yes" }, { secret: "This must be true or false." }],
      [{ name: "ok" }, { value: "This field is required." }],
    ];
    for (const [input, fields] of cases) expect(fieldsOf(await failure(createVariable(dev, team.name, input))), JSON.stringify(input).slice(0, 60)).toEqual(fields);
    expect(await listTeamVariables(dev, team.name)).toEqual([]);
  });

  it("keeps any text as the value, line breaks and spaces included, up to 10,000 characters", async () => {
    const { team, dev } = await crew();
    const value = "  line one\n\tline two ${not.a.var}\r\n" + "z".repeat(9_960);
    const v = await create(dev, team.name, { name: "multi-line_v.1", value: value.slice(0, 10_000) });
    expect(v).toMatchObject({ name: "multi-line_v.1", value: value.slice(0, 10_000), secret: false, masked: false, usedBy: 0 });
  });

  it("names are unique per team and case-sensitive", async () => {
    const { team, dev } = await crew();
    const other = await makeTeam();
    await create(dev, team.name, { name: "kafka.servers", value: "a:9092" });
    await create(dev, team.name, { name: "Kafka.servers", value: "b:9092" });
    const e = await failure(create(dev, team.name, { name: "kafka.servers", value: "c:9092", secret: true }));
    expect(e).toMatchObject({ code: "conflict", message: `A variable named “kafka.servers” already exists in ${team.name}.` });
    expect(await create(await adminPrincipal(), other.name, { name: "kafka.servers", value: "d:9092" })).toMatchObject({ name: "kafka.servers" });
    expect((await listTeamVariables(dev, team.name)).map((v) => [v.name, v.value])).toEqual([
      ["Kafka.servers", "b:9092"],
      ["kafka.servers", "a:9092"],
    ]);
    // Refs are exact too: another case is another variable, or none.
    expect((await getVariable(dev, team.name, "Kafka.servers")).value).toBe("b:9092");
    expect(await failure(getVariable(dev, team.name, "KAFKA.SERVERS"))).toMatchObject({ code: "not_found", message: "Variable “KAFKA.SERVERS” was not found." });
  });
});

describe("secrets", () => {
  it("are encrypted at rest and masked for whoever lacks variable:view_secret", async () => {
    const { team, lead, dev, viewer } = await crew();
    const value = `pw-${unique("s")}`;
    const v = await create(dev, team.name, { name: "db.password", value, secret: true, description: "The warehouse password." });
    expect(v).toMatchObject({ value: SECRET_MASK, masked: true, secret: true });

    const stored = await storedValue(v.id);
    expect(stored).not.toContain(value);
    expect(isSealed(stored)).toBe(true);
    expect(openSecret(stored)).toBe(value);

    for (const p of [lead, dev, viewer]) {
      expect((await listTeamVariables(p, team.name))[0]).toMatchObject({ value: SECRET_MASK, masked: true });
      expect(await getVariable(p, team.name, "db.password")).toMatchObject({ value: SECRET_MASK, masked: true });
    }
    // Only on request, and only with the permission.
    expect((await listTeamVariables(lead, team.name, { reveal: true }))[0]).toMatchObject({ value, masked: false });
    expect(await revealVariable(lead, team.name, v.id)).toBe(value);
    for (const p of [dev, viewer]) {
      const e = await failure(revealVariable(p, team.name, "db.password"));
      expect(e.code).toBe("forbidden");
      expect(e.message).toMatch(/does not allow this \(view the values of secret variables\)\.$/);
      expect(await failure(listTeamVariables(p, team.name, { reveal: true }))).toMatchObject({ code: "forbidden" });
    }
    const reveals = (await listAuditEvents({ filter: { action: "variable.reveal", teamId: team.id }, sort: "at", dir: "asc", page: 1, pageSize: 100 })).rows;
    expect(reveals.map((r) => r.outcome)).toEqual(["success", "success", "denied", "denied", "denied", "denied"]);
    expect(reveals[1]).toMatchObject({ targetName: "db.password", targetId: String(v.id) });
  });

  it("a role with view_secret but not manage reads secrets and changes nothing", async () => {
    const team = await makeTeam();
    const role = await createRole(await adminPrincipal(), { name: unique("auditor"), permissions: ["variable:view", "variable:view_secret"] });
    const { principal: auditor } = await makeMember(team.name, role.name);
    await create(await adminPrincipal(), team.name, { name: "token", value: "t0k3n", secret: true });
    expect(await revealVariable(auditor, team.name, "token")).toBe("t0k3n");
    expect(await failure(updateVariable(auditor, team.name, "token", { value: "mine" }))).toMatchObject({ code: "forbidden" });
    expect(await failure(create(auditor, team.name, { name: "x", value: "y" }))).toMatchObject({ code: "forbidden" });
  });

  it("editing a secret without a value keeps it; plain → secret seals it; secret → plain needs view_secret", async () => {
    const { team, lead, dev } = await crew();
    const v = await create(dev, team.name, { name: "api.key", value: "k-1", secret: true });

    await updateVariable(dev, team.name, "api.key", { description: "rotated monthly" });
    expect(openSecret(await storedValue(v.id))).toBe("k-1");
    await updateVariable(dev, team.name, v.id, { value: "k-2" });
    expect(openSecret(await storedValue(v.id))).toBe("k-2");

    const e = await failure(updateVariable(dev, team.name, "api.key", { secret: false }));
    expect(e).toMatchObject({ code: "forbidden", message: `Making “api.key” plain would show its value, and your role “developer” in team “${team.name}” does not allow viewing secret values.` });
    expect(isSealed(await storedValue(v.id))).toBe(true);

    const plain = await updateVariable(lead, team.name, "api.key", { secret: false });
    expect(plain).toMatchObject({ secret: false, value: "k-2", masked: false });
    expect(await storedValue(v.id)).toBe("k-2");

    const sealed = await updateVariable(dev, team.name, "api.key", { secret: true });
    expect(sealed).toMatchObject({ secret: true, value: SECRET_MASK });
    expect(openSecret(await storedValue(v.id))).toBe("k-2");
  });

  it("no value, secret or plain, ever reaches the audit log, even from refused attempts", async () => {
    const { team, lead, dev } = await crew();
    const secret = `S3cr3t-${unique("v")}`;
    const secret2 = `An0ther-${unique("v")}`;
    const plainValue = `plain-${unique("v")}`;
    const v = await create(dev, team.name, { name: "s1", value: secret, secret: true });
    await create(dev, team.name, { name: "p1", value: plainValue });
    await failure(create(dev, team.name, { name: "s1", value: secret2, secret: true })); // conflict
    await updateVariable(dev, team.name, "s1", { value: secret2 });
    await failure(updateVariable(dev, team.name, "s1", { secret: false })); // forbidden
    await updateVariable(lead, team.name, "s1", { secret: false });
    await updateVariable(lead, team.name, v.id, { value: secret, secret: true });
    await revealVariable(lead, team.name, "s1");
    await previewVariables(lead, team.name, { text: "${s1} ${p1}", reveal: true });
    await deleteVariable(dev, team.name, "s1");

    const { rows } = await listAuditEvents({ filter: { teamId: team.id }, sort: "at", dir: "asc", page: 1, pageSize: 1000 });
    const variableRows = rows.filter((r) => r.targetType === "variable");
    expect(variableRows.length).toBeGreaterThanOrEqual(9);
    const text = JSON.stringify(rows);
    for (const value of [secret, secret2, plainValue]) expect(text.includes(value), value).toBe(false);
    expect(variableRows.find((r) => r.action === "variable.update" && r.outcome === "success")).toMatchObject({ detail: { changed: ["value"], secret: true } });
  });
});

describe("jobs that use a variable", () => {
  it("are those whose newest SQL, program arguments or dynamic properties contain ${name}, in the team", async () => {
    const { team, dev } = await crew();
    const other = await makeTeam();
    await create(dev, team.name, { name: "kafka.servers", value: "k:9092" });
    await insertJob(team.id, "by-sql", { sql: "CREATE TABLE t WITH ('properties.bootstrap.servers' = '${kafka.servers}')" });
    await insertJob(team.id, "by-args", { settings: { programArgs: ["--brokers", "${kafka.servers}"] } });
    await insertJob(team.id, "by-props", { settings: { dynamicProperties: { "pipeline.name": "x-${kafka.servers}-y" } } });
    // Not uses: a longer name, a bare name, another settings field, another team.
    await insertJob(team.id, "longer-name", { sql: "select '${kafka.servers.backup}'", settings: { programArgs: ["kafka.servers"] } });
    await insertJob(team.id, "elsewhere-in-settings", { settings: { note: "${kafka.servers}" } });
    await insertJob(other.id, "other-team", { sql: "${kafka.servers}" });

    expect((await jobsUsingVariable(team.id, "kafka.servers")).map((j) => j.name)).toEqual(["by-args", "by-props", "by-sql"]);
    expect((await jobsUsingVariable(team.id, "Kafka.servers")).map((j) => j.name)).toEqual([]);
    expect((await listTeamVariables(dev, team.name))[0]!.usedBy).toBe(3);
    expect((await getVariable(dev, team.name, "kafka.servers")).jobs.map((j) => j.name)).toEqual(["by-args", "by-props", "by-sql"]);
  });

  it("block deleting and renaming it, named (ten at most); edits of the value stay allowed", async () => {
    const { team, dev } = await crew();
    await create(dev, team.name, { name: "topic", value: "orders" });
    for (let i = 0; i < 12; i++) await insertJob(team.id, `job-${String(i).padStart(2, "0")}`, { sql: "insert into sink select * from ${topic}" });
    const names = Array.from({ length: 10 }, (_, i) => `“job-${String(i).padStart(2, "0")}”`).join(", ");

    const del = await failure(deleteVariable(dev, team.name, "topic"));
    expect(del).toMatchObject({ code: "conflict", message: `“topic” is used by 12 jobs: ${names} and 2 more. Remove \${topic} from them first.` });
    const ren = await failure(updateVariable(dev, team.name, "topic", { name: "topic2" }));
    expect(ren).toMatchObject({ code: "conflict", message: `“topic” cannot be renamed while 12 jobs use \${topic}: ${names} and 2 more. Change those jobs first, or add a new variable.` });
    expect(await updateVariable(dev, team.name, "topic", { value: "orders-v2", name: "topic" })).toMatchObject({ name: "topic", value: "orders-v2" });

    await rawSql()`delete from jobs where team_id = ${team.id} and name <> 'job-00'`;
    expect(await failure(deleteVariable(dev, team.name, "topic"))).toMatchObject({ message: "“topic” is used by 1 job: “job-00”. Remove ${topic} from them first." });
    await rawSql()`delete from jobs where team_id = ${team.id}`;
    expect(await updateVariable(dev, team.name, "topic", { name: "topic2" })).toMatchObject({ name: "topic2" });
    await deleteVariable(dev, team.name, "topic2");
    expect(await listTeamVariables(dev, team.name)).toEqual([]);
  });
});

describe("substitution", () => {
  it("replaces known names once, leaves the rest as written and lists them", () => {
    const values: Record<string, string> = { a: "1", "b.c": "${a}", d: "$&" };
    const r = substitute("x=${a}, y=${b.c}, z=${missing}, w=${missing}, v=${d}, u=${ a }, t=$a, s=${1x}", (n) => values[n]);
    expect(r).toEqual({ text: "x=1, y=${a}, z=${missing}, w=${missing}, v=$&, u=${ a }, t=$a, s=${1x}", missing: ["missing"] });
    // Names are looked up as given: "constructor" is not an inherited property of a values record.
    expect(substitute("${constructor}", () => undefined)).toEqual({ text: "${constructor}", missing: ["constructor"] });
  });

  it("previews with secrets masked unless revealed by someone who may; builds get real values", async () => {
    const { team, lead, dev, viewer } = await crew();
    await create(dev, team.name, { name: "host", value: "db.internal" });
    await create(dev, team.name, { name: "password", value: "hunter2", secret: true });
    const text = "jdbc:postgresql://${host}/x?password=${password}&user=${user}";

    expect(await previewVariables(viewer, team.name, { text })).toEqual({ text: `jdbc:postgresql://db.internal/x?password=${SECRET_MASK}&user=\${user}`, missing: ["user"] });
    expect(await previewVariables(lead, team.name, { text, reveal: true })).toEqual({ text: "jdbc:postgresql://db.internal/x?password=hunter2&user=${user}", missing: ["user"] });
    expect(await failure(previewVariables(dev, team.name, { text, reveal: true }))).toMatchObject({ code: "forbidden" });
    expect(await previewSubstitution({ teamId: team.id, text: "${password}", revealSecrets: false })).toEqual({ text: SECRET_MASK, missing: [] });

    expect(await previewValues({ teamId: team.id, revealSecrets: false })).toEqual({ host: "db.internal", password: SECRET_MASK });
    expect(await resolveVariables(team.id)).toEqual({ values: { host: "db.internal", password: "hunter2" }, secrets: ["hunter2"] });
    expect(await listVariableNames(team.id)).toEqual(["host", "password"]);
  });
});

describe("who may do what", () => {
  it("a viewer reads; only managers change; another team's member finds nothing", async () => {
    const { team, viewer, dev } = await crew();
    const v = await create(dev, team.name, { name: "region", value: "eu-west-1" });
    expect(await getVariable(viewer, team.name, v.id)).toMatchObject({ name: "region", value: "eu-west-1" });
    expect(await failure(create(viewer, team.name, { name: "x", value: "y" }))).toMatchObject({ code: "forbidden" });
    expect(await failure(updateVariable(viewer, team.name, "region", { value: "us" }))).toMatchObject({ code: "forbidden" });
    expect(await failure(deleteVariable(viewer, team.name, "region"))).toMatchObject({ code: "forbidden" });

    const other = await makeTeam();
    const { principal: outsider } = await makeMember(other.name, "team admin");
    for (const ref of ["region", String(v.id)]) {
      expect(await failure(getVariable(outsider, other.name, ref))).toMatchObject({ code: "not_found", message: `Variable “${ref}” was not found.` });
      expect(await failure(updateVariable(outsider, other.name, ref, { value: "taken" }))).toMatchObject({ code: "not_found" });
      expect(await failure(deleteVariable(outsider, other.name, ref))).toMatchObject({ code: "not_found" });
      expect(await failure(getVariable(outsider, team.name, ref))).toMatchObject({ code: "not_found", message: `Team “${team.name}” was not found.` });
    }
    expect(await failure(previewVariables(outsider, team.name, { text: "${region}" }))).toMatchObject({ code: "not_found" });
    expect(await previewVariables(outsider, other.name, { text: "${region}" })).toEqual({ text: "${region}", missing: ["region"] });
    expect((await getVariable(dev, team.name, "region")).value).toBe("eu-west-1");
  });
});

describe("REST", () => {
  it("create, list (masked, or revealed with the permission), read, edit, preview, delete", async () => {
    const { team, lead, dev } = await crew();
    const devToken = (await makeToken(dev, team.name)).token;
    const leadToken = (await makeToken(lead, team.name)).token;
    const params = { team: team.name };

    const created = await callEndpoint(postVariable, { token: devToken, params, body: { name: "jdbc.password", value: "pa55", secret: true } });
    expect(created.status).toBe(201);
    const body = (await created.json()) as { id: number; value: string; masked: boolean };
    expect(body).toMatchObject({ value: SECRET_MASK, masked: true });

    const dup = await callEndpoint(postVariable, { token: devToken, params, body: { name: "jdbc.password", value: "x" } });
    expect(dup.status).toBe(409);
    const bad = await callEndpoint(postVariable, { token: devToken, params, body: { name: "9lives", value: "x" } });
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as ErrorJson).error.fields).toEqual({ name: "A variable name starts with a letter and uses letters, digits, dots, dashes and underscores." });

    const masked = await callEndpoint(listVariablesEndpoint, { token: leadToken, params });
    expect(((await masked.json()) as { variables: { value: string }[] }).variables.map((v) => v.value)).toEqual([SECRET_MASK]);
    const revealed = await callEndpoint(listVariablesEndpoint, { token: leadToken, params, query: { reveal: "true" } });
    expect(((await revealed.json()) as { variables: { value: string }[] }).variables.map((v) => v.value)).toEqual(["pa55"]);
    expect((await callEndpoint(listVariablesEndpoint, { token: devToken, params, query: { reveal: "true" } })).status).toBe(403);
    const one = await callEndpoint(getVariableEndpoint, { token: leadToken, params: { ...params, variable: String(body.id) }, query: { reveal: "true" } });
    expect(await one.json()).toMatchObject({ name: "jdbc.password", value: "pa55", jobs: [] });

    const patched = await callEndpoint(patchVariable, { token: devToken, params: { ...params, variable: "jdbc.password" }, body: { description: "for the sink" } });
    expect(await patched.json()).toMatchObject({ description: "for the sink", value: SECRET_MASK });
    const preview = await callEndpoint(previewVariablesEndpoint, { token: devToken, params, body: { text: "pw=${jdbc.password} ${nope}" } });
    expect(await preview.json()).toEqual({ text: `pw=${SECRET_MASK} \${nope}`, missing: ["nope"] });

    const del = await callEndpoint(deleteVariableEndpoint, { token: devToken, params: { ...params, variable: "jdbc.password" } });
    expect(del.status).toBe(204);
  });

  it("another team's token gets 404 for every route, by name and by id", async () => {
    const { team, dev } = await crew();
    const v = await create(dev, team.name, { name: "shared.secret", value: "s", secret: true });
    const other = await makeTeam();
    const { principal } = await makeMember(other.name, "team admin");
    const { token } = await makeToken(principal, other.name);
    for (const ref of [team.name, String(team.id)]) {
      expect((await callEndpoint(listVariablesEndpoint, { token, params: { team: ref } })).status).toBe(404);
      expect((await callEndpoint(postVariable, { token, params: { team: ref }, body: { name: "planted", value: "x" } })).status).toBe(404);
      expect((await callEndpoint(previewVariablesEndpoint, { token, params: { team: ref }, body: { text: "${shared.secret}" } })).status).toBe(404);
      for (const vr of ["shared.secret", String(v.id)]) {
        const p = { team: ref, variable: vr };
        expect((await callEndpoint(getVariableEndpoint, { token, params: p })).status).toBe(404);
        expect((await callEndpoint(patchVariable, { token, params: p, body: { value: "x" } })).status).toBe(404);
        expect((await callEndpoint(deleteVariableEndpoint, { token, params: p })).status).toBe(404);
      }
    }
    expect(await listTeamVariables(dev, team.name)).toHaveLength(1);
  });
});
