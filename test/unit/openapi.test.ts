/**
 * The route coverage test: every REST route under app/api/v1 is in the OpenAPI document with the
 * methods it answers, and every documented operation has a route that answers it. Also protects
 * what each operation documents (errors, the Error schema, request bodies built from the very zod
 * schemas the handlers validate with), so the document a client reads matches the server.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createSchema } from "zod-openapi";
import type { AnyEndpoint } from "@/lib/api/endpoint";
import { buildOpenApiDocument } from "@/lib/api/openapi";
import { v1Endpoints } from "@/lib/api/v1";
import { postTeam } from "@/lib/api/v1/teams";
import { createTeamInput } from "@/lib/iam/teams";
import { describeIssues } from "@/lib/validation";

const root = path.resolve(import.meta.dirname, "../..");
const v1Dir = path.join(root, "app/api/v1");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

/** The document itself; it is served by a route, but is not an operation of the API. */
const EXEMPT = new Set(["/openapi.json"]);

type Route = { file: string; path: string; methods: Set<string> };

/** app/api/v1/teams/[team]/members/route.ts → /teams/{team}/members; route groups vanish. */
function routePath(file: string, base = v1Dir): string {
  const dir = path.relative(base, path.dirname(file));
  const segments = dir === "" ? [] : dir.split(path.sep);
  return (
    "/" +
    segments
      .filter((s) => !/^\(.*\)$/.test(s))
      .map((s) => s.replace(/^\[\[?(?:\.\.\.)?([^\]]+)\]\]?$/, "{$1}"))
      .join("/")
  );
}

/** The HTTP methods a route module exports, in either of the forms Next accepts. */
function exportedMethods(source: string): Set<string> {
  const found = new Set<string>();
  const declared = /export\s+(?:const|let|var|(?:async\s+)?function)\s+([A-Z]+)\b/g;
  for (const m of source.matchAll(declared)) found.add(m[1]!);
  for (const m of source.matchAll(/export\s*\{([^}]*)\}/g)) {
    for (const part of m[1]!.split(",")) {
      const name = part.trim().split(/\s+as\s+/).pop()?.trim();
      if (name) found.add(name);
    }
  }
  return new Set([...found].filter((x) => (METHODS as readonly string[]).includes(x)));
}

function findRoutes(dir: string, base = dir): Route[] {
  const out: Route[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...findRoutes(full, base));
    else if (/^route\.(ts|tsx|js)$/.test(entry.name)) {
      out.push({ file: path.relative(root, full), path: routePath(full, base), methods: exportedMethods(fs.readFileSync(full, "utf8")) });
    }
  }
  return out;
}

/** The operations route files answer that the document lacks. */
function undocumented(rs: Route[]): string[] {
  return rs.flatMap((r) => [...r.methods].map((m) => `${m} ${r.path}`)).filter((op) => !documented.includes(op));
}

const routes = findRoutes(v1Dir).filter((r) => !EXEMPT.has(r.path));
const doc = buildOpenApiDocument(v1Endpoints) as unknown as {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown> };
};
type Operation = {
  operationId: string;
  parameters?: { in: string; name: string; required?: boolean }[];
  requestBody?: { content: { "application/json": { schema: Record<string, unknown> } } };
  responses: Record<string, { content?: { "application/json": { schema: { $ref?: string } } } }>;
};

const documented = Object.entries(doc.paths).flatMap(([p, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${p}`));

describe("the helpers that read the route files", () => {
  it("derive paths from folders", () => {
    expect(routePath(path.join(v1Dir, "me/route.ts"))).toBe("/me");
    expect(routePath(path.join(v1Dir, "teams/[team]/members/route.ts"))).toBe("/teams/{team}/members");
    expect(routePath(path.join(v1Dir, "(admin)/users/[...rest]/route.ts"))).toBe("/users/{rest}");
  });

  it("read both export forms", () => {
    const src = `export const GET = handle(a);\nexport async function DELETE() {}\nconst h = 1;\nexport { h as PATCH, other };\nexport const dynamic = "force-dynamic";`;
    expect([...exportedMethods(src)].sort()).toEqual(["DELETE", "GET", "PATCH"]);
  });
});

describe("route coverage", () => {
  it("finds the route files", () => {
    expect(routes.length).toBeGreaterThan(0);
    for (const r of routes) expect(r.methods.size, `${r.file} exports no HTTP method`).toBeGreaterThan(0);
  });

  it("documents every method of every route file", () => {
    expect(undocumented(routes), "routes missing from lib/api/v1/index.ts (and so from openapi.json)").toEqual([]);
  });

  it("would catch a route nobody documented", () => {
    // A copy of the real tree plus one extra method and one extra route: both must be reported.
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "eddy-routes-"));
    try {
      fs.cpSync(v1Dir, tmp, { recursive: true });
      fs.appendFileSync(path.join(tmp, "teams/route.ts"), "\nexport const PUT = handle(postTeam);\n");
      // A route no real feature will ever have, so the check stays valid as the API grows.
      fs.mkdirSync(path.join(tmp, "teams/[team]/undocumented-probe"), { recursive: true });
      fs.writeFileSync(path.join(tmp, "teams/[team]/undocumented-probe/route.ts"), "export async function GET() {}\n");
      const found = findRoutes(tmp).filter((r) => !EXEMPT.has(r.path));
      expect(undocumented(found).sort()).toEqual(["GET /teams/{team}/undocumented-probe", "PUT /teams"]);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  it("has a route file answering every documented operation", () => {
    const served = new Set(routes.flatMap((r) => [...r.methods].map((m) => `${m} ${r.path}`)));
    const unserved = v1Endpoints.map((e) => `${e.method} ${e.path}`).filter((op) => !served.has(op));
    expect(unserved, "endpoints without an app/api/v1/**/route.ts export").toEqual([]);
  });

  it("lists each endpoint once", () => {
    const ops = v1Endpoints.map((e) => `${e.method} ${e.path}`);
    expect(new Set(ops).size).toBe(ops.length);
    expect(documented.sort()).toEqual([...ops].sort());
  });

  it("the document route is public and serves the document", async () => {
    const route = await import("@/app/api/v1/openapi.json/route");
    const res = route.GET();
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(JSON.parse(JSON.stringify(buildOpenApiDocument(v1Endpoints))));
  });
});

describe("each operation", () => {
  const operations = (v1Endpoints as AnyEndpoint[]).map((e) => [`${e.method} ${e.path}`, e] as const);

  it.each(operations)("%s documents its errors with the Error schema", (_, e) => {
    const op = doc.paths[e.path]![e.method.toLowerCase()]!;
    const statuses = Object.keys(op.responses);
    expect(statuses).toContain(String(e.successStatus ?? 200));
    expect(statuses).toContain("400");
    if (e.auth !== false) expect(statuses).toContain("401");
    if (e.body) expect(statuses).toContain("422");
    for (const s of e.errors ?? []) expect(statuses).toContain(String(s));
    for (const s of statuses.filter((x) => Number(x) >= 400)) {
      expect(op.responses[s]!.content?.["application/json"].schema.$ref, `${s} of ${e.method} ${e.path}`).toBe(
        "#/components/schemas/Error",
      );
    }
    expect(doc.components.schemas.Error).toBeDefined();
  });

  it.each(operations)("%s documents its path and query parameters", (_, e) => {
    const op = doc.paths[e.path]![e.method.toLowerCase()]!;
    const placeholders = [...e.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
    expect(Object.keys(e.params?.shape ?? {}).sort()).toEqual([...placeholders].sort());
    const inPath = (op.parameters ?? []).filter((p) => p.in === "path");
    expect(inPath.map((p) => p.name).sort()).toEqual([...placeholders].sort());
    for (const p of inPath) expect(p.required).toBe(true);
    const inQuery = (op.parameters ?? []).filter((p) => p.in === "query").map((p) => p.name);
    expect(inQuery.sort()).toEqual(Object.keys(e.query?.shape ?? {}).sort());
  });

  it.each(operations)("%s documents the body schema its handler validates with", (_, e) => {
    const op = doc.paths[e.path]![e.method.toLowerCase()]!;
    if (e.multipart) {
      // An upload: multipart/form-data, its file a binary part.
      const form = (op.requestBody!.content as unknown as Record<string, { schema: { properties: Record<string, { format?: string }> } }>)["multipart/form-data"]!.schema;
      expect(form).toEqual(createSchema(e.multipart, { io: "input" }).schema);
      expect(Object.values(form.properties).some((p) => p.format === "binary")).toBe(true);
      return;
    }
    if (!e.body) {
      expect(op.requestBody).toBeUndefined();
      return;
    }
    const documentedBody = op.requestBody!.content["application/json"].schema;
    expect(documentedBody).toEqual(createSchema(e.body, { io: "input" }).schema);
  });

  type StringProp = { type?: string; minLength?: number; maxLength?: number; example?: unknown; pattern?: string; const?: string; enum?: string[] };
  type ObjectSchema = { properties?: Record<string, StringProp>; oneOf?: ObjectSchema[]; anyOf?: ObjectSchema[]; $ref?: string };
  const resolve = (s: ObjectSchema): ObjectSchema =>
    s.$ref ? resolve((doc as unknown as { components: { schemas: Record<string, ObjectSchema> } }).components.schemas[s.$ref.split("/").pop()!]!) : s;

  // A union body (e.g. clusters by kind) is checked variant by variant.
  const bodyVariants = operations
    .filter(([, e]) => e.body)
    .flatMap(([name, e]) => {
      const schema = resolve(doc.paths[e.path]![e.method.toLowerCase()]!.requestBody!.content["application/json"].schema as ObjectSchema);
      const variants = schema.oneOf ?? schema.anyOf ?? [schema];
      return variants.map((v, i) => [variants.length > 1 ? `${name} (variant ${i + 1})` : name, e, resolve(v)] as const);
    });

  it.each(bodyVariants)("%s: the documented string limits are the ones enforced", (_, e, schema) => {
    const strings = Object.entries(schema.properties ?? {}).filter(([, s]) => s.type === "string");
    // Fields with a pattern must document an example; a fixed value (a union's tag) is its own example.
    // Non-string fields (nested objects) take their documented example.
    const examples = Object.entries(schema.properties ?? {}).filter(([, s]) => s.type !== "string" && s.example !== undefined);
    const valid = {
      ...Object.fromEntries(examples.map(([k, s]) => [k, s.example])),
      ...Object.fromEntries(strings.map(([k, s]) => [k, s.const ?? s.enum?.[0] ?? s.example ?? "value"])),
    };
    const baseline = e.body!.safeParse(valid);
    expect(baseline.success, JSON.stringify(baseline.error?.issues)).toBe(true);
    for (const [k, s] of strings) {
      if (s.const !== undefined || s.enum) continue;
      if (s.minLength) {
        const r = e.body!.safeParse({ ...valid, [k]: "x".repeat(s.minLength - 1) });
        expect(r.success, `${k} shorter than minLength`).toBe(false);
        expect(describeIssues(r.error!).fields[k]).toBeTruthy();
      }
      if (s.maxLength) {
        // A string of x's at the limit is valid only for free text; shaped fields (URLs, paths) document an example instead.
        if (s.example === undefined) expect(e.body!.safeParse({ ...valid, [k]: "x".repeat(s.maxLength) }).success, `${k} at maxLength`).toBe(true);
        const r = e.body!.safeParse({ ...valid, [k]: "x".repeat(s.maxLength + 1) });
        expect(r.success, `${k} longer than maxLength`).toBe(false);
        expect(describeIssues(r.error!).fields[k]).toBeTruthy();
      }
    }
  });

  it("POST /teams validates with the team service's own schema", () => {
    expect(postTeam.body).toBe(createTeamInput);
    const name = (doc.paths["/teams"]!.post!.requestBody!.content["application/json"].schema as {
      properties: { name: { minLength: number; maxLength: number } };
    }).properties.name;
    expect(name).toMatchObject({ minLength: 1, maxLength: 64 });
    const r = createTeamInput.safeParse({ name: "" });
    expect(describeIssues(r.error!).fields).toEqual({ name: "A team needs a name." });
  });

  it("operation ids are unique", () => {
    const ids = Object.values(doc.paths).flatMap((item) => Object.values(item).map((op) => op.operationId));
    expect(new Set(ids).size).toBe(ids.length);
  });
});
