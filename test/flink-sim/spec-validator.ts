import fs from "node:fs";
import path from "node:path";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import { parse } from "yaml";
import { crdValidator, type CrdKind } from "./kubernetes/crd-schema";

/**
 * Validates answers against Flink's published OpenAPI specs (test/fixtures/flink/specs, OpenAPI 3.0) and the
 * Flink Kubernetes Operator's CRD schemas. Each function returns a list of problems; empty means
 * valid. Reusable by any suite that wants to check a Flink answer (from the simulator or recorded).
 *
 * Strictness: Flink generates its specs from the very classes its REST mapper serializes, so an
 * object property the spec does not name is drift; objects are therefore validated as closed.
 * The only allowances are the documented differences between spec and wire, listed in ERRATA below.
 */
export type Problem = string;

const SPECS_DIR = path.resolve(import.meta.dirname, "../fixtures/flink/specs");

type Schema = Record<string, unknown>;
type Schemas = Record<string, Schema>;
type Erratum = { id: string; why: string; apply(schemas: Schemas): void };

const HEX32: Schema = { type: "string", pattern: "^[0-9a-f]{32}$" };

/**
 * Every place where Flink's wire differs from its spec, each with the flink-apis.md passage that
 * documents it. Nothing else is relaxed, so any other difference is reported.
 */
const JOBMANAGER_ERRATA: Erratum[] = [
  {
    id: "taskmanager-ids",
    why: "flink-apis.md erratum 1: TaskManager ids are any non-empty string (host:port-abc123, a YARN container id, a pod name); the spec says 32 hex characters.",
    apply: (s) => {
      s.ResourceID = { type: "string", minLength: 1 };
    },
  },
  {
    id: "hex-ids-modelled-as-objects",
    why: "flink-apis.md erratum 2: slotSharingGroupId and application ids are 32-hex strings on the wire; the spec describes them as {bytes,lowerPart,upperPart} objects.",
    apply: (s) => {
      s.SlotSharingGroupId = HEX32;
      s.ApplicationID = HEX32;
    },
  },
  {
    id: "latest-checkpoints-null",
    why: "flink-apis.md erratum 3: latest.completed, latest.savepoint, latest.failed and latest.restored are null until one exists.",
    apply: (s) => {
      const props = s.LatestCheckpoints!.properties as Schemas;
      for (const k of ["completed", "savepoint", "failed", "restored"]) props[k] = { anyOf: [{ type: "null" }, props[k]!] };
    },
  },
  {
    id: "nan-percentiles",
    why: 'flink-apis.md erratum 4: checkpoint statistics percentiles (p50 … p999) are the string "NaN" before the first completed checkpoint.',
    apply: (s) => {
      const props = s.StatsSummaryDto!.properties as Schemas;
      for (const k of ["p50", "p90", "p95", "p99", "p999"]) props[k] = { anyOf: [props[k]!, { const: "NaN" }] };
    },
  },
  {
    id: "savepoint-status-oneof",
    why: "flink-apis.md erratum 5: the savepoint-status answer's operation is a oneOf of schemas that all match; treat it as anyOf.",
    apply: (s) => {
      const op = (s.AsynchronousOperationResult!.properties as Schemas).operation!;
      op.anyOf = op.oneOf;
      delete op.oneOf;
    },
  },
  {
    id: "serialized-throwable-wire",
    why: 'flink-apis.md §1 (GET /jobs/:jobid/savepoints/:triggerid): a failure cause is written by a custom serializer as {"class","stack-trace","serialized-throwable"}; the spec lists only serialized-throwable.',
    apply: (s) => {
      (s.SerializedThrowable!.properties as Schemas).class = { type: "string" };
      (s.SerializedThrowable!.properties as Schemas)["stack-trace"] = { type: "string" };
    },
  },
  {
    id: "job-config-wire",
    why: "GET /jobs/:jobid/config (flink-apis.md §1, \"see spec\"): JobConfigInfo is written by a custom serializer as {jid, name, execution-config}; the spec, generated from its getters, says jobId, jobName, executionConfigInfo. Flink 1.x also writes execution-config.execution-mode (removed in 2.0).",
    apply: (s) => {
      s.JobConfigInfo = {
        type: "object",
        required: ["jid", "name"],
        properties: { jid: { $ref: "#/components/schemas/JobID" }, name: { type: "string" }, "execution-config": { $ref: "#/components/schemas/ExecutionConfigInfo" } },
      };
      (s.ExecutionConfigInfo!.properties as Schemas)["execution-mode"] = { type: "string" };
    },
  },
  {
    id: "flink-1.x-exceptions-fields",
    why: "flink-apis.md §1 (GET /jobs/:jobid/exceptions): Flink 1.x also sends the deprecated top-level root-exception, timestamp, all-exceptions and truncated (the spec is 2.4's, which removed them).",
    apply: (s) => {
      Object.assign(s.JobExceptionsInfoWithHistory!.properties as Schemas, {
        "root-exception": { type: "string" },
        timestamp: { type: "integer", format: "int64" },
        truncated: { type: "boolean" },
        "all-exceptions": {
          type: "array",
          items: { type: "object", properties: { exception: { type: "string" }, task: { type: "string" }, location: { type: "string" }, endpoint: { type: "string" }, timestamp: { type: "integer", format: "int64" }, taskManagerId: { type: "string" } } },
        },
      });
    },
  },
];

const SQL_GATEWAY_ERRATA: Erratum[] = [
  {
    id: "fetch-results-wire-format",
    why: "flink-apis.md §2 wire≠spec: FetchResultsResponseBody has a custom serializer. It writes isQueryResult (spec: queryResult), results.columns with {type,nullable,length…} logical types (spec: columnInfos with {typeRoot,…}) and rows as {kind, fields} (spec: RowData {arity,rowKind}). The enums (ResultType, ResultKind, RowFormat, RowKind, LogicalTypeRoot) are the spec's.",
    apply: (s) => {
      s.WireLogicalType = {
        type: "object",
        required: ["type", "nullable"],
        properties: {
          type: { $ref: "#/components/schemas/LogicalTypeRoot" },
          nullable: { type: "boolean" },
          length: { type: "integer" },
          precision: { type: "integer" },
          scale: { type: "integer" },
          elementType: { $ref: "#/components/schemas/WireLogicalType" },
          keyType: { $ref: "#/components/schemas/WireLogicalType" },
          valueType: { $ref: "#/components/schemas/WireLogicalType" },
          fields: { type: "array", items: { type: "object", required: ["name", "fieldType"], properties: { name: { type: "string" }, fieldType: { $ref: "#/components/schemas/WireLogicalType" }, description: { type: "string" } } } },
        },
      };
      s.FetchResultsResponseBody = {
        type: "object",
        required: ["resultType"],
        properties: {
          resultType: { $ref: "#/components/schemas/ResultType" },
          isQueryResult: { type: "boolean" },
          jobID: { $ref: "#/components/schemas/JobID" },
          resultKind: { $ref: "#/components/schemas/ResultKind" },
          results: {
            type: "object",
            required: ["columns", "data"],
            properties: {
              columns: { type: "array", items: { type: "object", required: ["name", "logicalType"], properties: { name: { type: "string" }, logicalType: { $ref: "#/components/schemas/WireLogicalType" }, comment: { type: "string", nullable: true } } } },
              rowFormat: { $ref: "#/components/schemas/RowFormat" },
              data: { type: "array", items: { type: "object", required: ["kind", "fields"], properties: { kind: { $ref: "#/components/schemas/RowKind" }, fields: { type: "array" } } } },
            },
          },
          nextResultUri: { type: "string" },
        },
      };
    },
  },
];

/** Flink's error body for any non-2xx answer (flink-apis.md §1): `{"errors": ["…"]}`. */
const ERROR_BODY: Schema = { type: "object", required: ["errors"], additionalProperties: false, properties: { errors: { type: "array", minItems: 1, items: { type: "string" } } } };
/** Operations the spec lists without a body answer with Flink's EmptyResponseBody, `{}`. */
const EMPTY_BODY: Schema = { type: "object", maxProperties: 0 };

type Spec = { id: string; paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, { schema?: Schema }> }> }>> };

const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
const specs = new Map<string, Spec>();
const compiled = new Map<string, ValidateFunction>();

function loadSpec(file: string, errata: Erratum[]): Spec {
  let spec = specs.get(file);
  if (spec) return spec;
  const doc = parse(fs.readFileSync(path.join(SPECS_DIR, file), "utf8")) as { paths: Spec["paths"]; components: { schemas: Schemas } };
  const schemas = prepareSchemas(doc.components.schemas, errata);
  const id = `https://flink-sim.local/${file}`;
  ajv.addSchema({ $id: id, components: { schemas } });
  spec = { id, paths: doc.paths };
  specs.set(file, spec);
  return spec;
}

/** allOf merged, discriminators turned into a oneOf over the mapped types, errata applied, objects closed. */
function prepareSchemas(original: Schemas, errata: Erratum[]): Schemas {
  const out: Schemas = {};
  for (const [name, s] of Object.entries(original)) out[name] = flatten(s, original);
  for (const [name, s] of Object.entries(original)) {
    const d = s.discriminator as { propertyName: string; mapping?: Record<string, string> } | undefined;
    if (!d?.mapping) continue;
    out[name] = {
      oneOf: Object.entries(d.mapping).map(([value, ref]) => {
        const target = ref.split("/").pop()!;
        const sub = out[target]!;
        (sub.properties as Schemas)[d.propertyName] = { type: "string", enum: [value] };
        return { $ref: `#/components/schemas/${target}` };
      }),
    };
  }
  for (const e of errata) e.apply(out);
  for (const name of Object.keys(out)) out[name] = close(out[name]!);
  return out;
}

function flatten(s: Schema, original: Schemas): Schema {
  const { discriminator: _discriminator, allOf, ...rest } = s;
  const out: Schema = { ...rest };
  if (Array.isArray(allOf)) {
    const properties: Schemas = { ...((rest.properties as Schemas | undefined) ?? {}) };
    const required = new Set<string>((rest.required as string[] | undefined) ?? []);
    for (const part of allOf as Schema[]) {
      const resolved = typeof part.$ref === "string" ? original[part.$ref.split("/").pop()!]! : part;
      const flat = flatten(resolved, original);
      Object.assign(properties, flat.properties as Schemas | undefined);
      for (const r of (flat.required as string[] | undefined) ?? []) required.add(r);
    }
    out.type = "object";
    out.properties = properties;
    if (required.size > 0) out.required = [...required];
  }
  if (out.properties) out.properties = Object.fromEntries(Object.entries(out.properties as Schemas).map(([k, v]) => [k, flatten(v, original)]));
  if (out.items) out.items = flatten(out.items as Schema, original);
  return out;
}

function close(s: Schema): Schema {
  const out: Schema = { ...s };
  if (out.properties) {
    out.properties = Object.fromEntries(Object.entries(out.properties as Schemas).map(([k, v]) => [k, close(v)]));
    if (out.additionalProperties === undefined) out.additionalProperties = false;
  }
  if (out.items && typeof out.items === "object") out.items = close(out.items as Schema);
  if (out.additionalProperties && typeof out.additionalProperties === "object") out.additionalProperties = close(out.additionalProperties as Schema);
  for (const k of ["anyOf", "oneOf"]) if (Array.isArray(out[k])) out[k] = (out[k] as Schema[]).map(close);
  return out;
}

/** `#/components/schemas/X` inside an operation's schema, pointed at the loaded spec document. */
function rebase(s: unknown, id: string): unknown {
  if (Array.isArray(s)) return s.map((x) => rebase(x, id));
  if (s && typeof s === "object") {
    return Object.fromEntries(Object.entries(s).map(([k, v]) => [k, k === "$ref" && typeof v === "string" && v.startsWith("#") ? `${id}${v}` : rebase(v, id)]));
  }
  return s;
}

/** The spec's path template for a concrete path (or a template); literal segments win over parameters. */
function matchTemplate(spec: Spec, p: string): string | undefined {
  const clean = p.split("?")[0]!.replace(/\/+$/, "") || "/";
  if (spec.paths[clean]) return clean;
  const parts = clean.split("/");
  let best: { t: string; literals: number } | undefined;
  for (const t of Object.keys(spec.paths)) {
    const tp = t.split("/");
    if (tp.length !== parts.length) continue;
    let literals = 0;
    const ok = tp.every((seg, i) => {
      if (seg.startsWith("{")) return parts[i] !== "";
      if (seg === parts[i]) {
        literals += 1;
        return true;
      }
      return false;
    });
    if (ok && (!best || literals > best.literals)) best = { t, literals };
  }
  return best?.t;
}

function validate(file: string, errata: Erratum[], method: string, p: string, status: number, body: unknown): Problem[] {
  const spec = loadSpec(file, errata);
  const template = matchTemplate(spec, p);
  if (!template) return [`${method} ${p}: no such path in ${file}`];
  const op = spec.paths[template]![method.toLowerCase()];
  if (!op) return [`${method} ${template}: no such operation in ${file}`];
  const key = `${file} ${method} ${template} ${status}`;
  let v = compiled.get(key);
  if (!v) {
    const response = op.responses?.[String(status)];
    let schema: unknown;
    if (response) schema = response.content?.["application/json"]?.schema ?? EMPTY_BODY;
    else if (status >= 400) schema = ERROR_BODY;
    else return [`${method} ${template}: status ${status} is not a documented answer (documented: ${Object.keys(op.responses ?? {}).join(", ")})`];
    v = ajv.compile(rebase(close(schema as Schema), spec.id) as Schema);
    compiled.set(key, v);
  }
  return v(body) ? [] : describe(v.errors ?? [], `${method} ${template} ${status}`);
}

function describe(errors: ErrorObject[], where: string): Problem[] {
  return errors.map((e) => `${where}: ${e.instancePath || "(body)"} ${e.message ?? e.keyword}${e.keyword === "additionalProperties" ? ` '${(e.params as { additionalProperty: string }).additionalProperty}'` : ""}${e.keyword === "enum" ? ` ${JSON.stringify((e.params as { allowedValues: unknown }).allowedValues)}` : ""}`);
}

/**
 * A JobManager REST answer against rest_v1_dispatcher.yml. `path` is a template
 * (`/jobs/{jobid}`) or a concrete path (`/v1/jobs/0123…`, query ignored).
 */
export function validateJobManagerResponse(method: string, p: string, status: number, body: unknown): Problem[] {
  return validate("rest_v1_dispatcher.yml", JOBMANAGER_ERRATA, method, p.replace(/^\/v1(?=\/)/, ""), status, body);
}

/** A SQL Gateway answer against rest_v<version>_sql_gateway.yml (path without the /v<n> prefix, or with it). */
export function validateSqlGatewayResponse(version: 1 | 2 | 3 | 4, method: string, p: string, status: number, body: unknown): Problem[] {
  return validate(`rest_v${version}_sql_gateway.yml`, SQL_GATEWAY_ERRATA, method, p.replace(/^\/v[1-4](?=\/)/, ""), status, body);
}

/** A FlinkDeployment or FlinkSessionJob object against its CRD's openAPIV3Schema (closed: the API server prunes unknown fields). */
export function validateCrd(kind: CrdKind, object: unknown): Problem[] {
  const v = crdValidator(kind, true);
  return v(object) ? [] : describe(v.errors ?? [], kind);
}

/** The documented spec/wire differences the validator allows, for reports and tests. */
export const ERRATA = { jobmanager: JOBMANAGER_ERRATA.map(({ id, why }) => ({ id, why })), sqlGateway: SQL_GATEWAY_ERRATA.map(({ id, why }) => ({ id, why })) };
