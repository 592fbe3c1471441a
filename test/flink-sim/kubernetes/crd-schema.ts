import fs from "node:fs";
import path from "node:path";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import { parse } from "yaml";

/**
 * The FlinkDeployment and FlinkSessionJob CRDs from test/fixtures/flink/specs (flink.apache.org/v1beta1):
 * their openAPIV3Schema validates what the API server accepts (422 Invalid) and, like a real API
 * server, defines what it keeps: unknown fields are pruned except under
 * `x-kubernetes-preserve-unknown-fields`.
 */
export type CrdKind = "FlinkDeployment" | "FlinkSessionJob";
export const CRDS: Record<CrdKind, { plural: string; singular: string; shortNames: string[]; file: string; scale: boolean }> = {
  FlinkDeployment: { plural: "flinkdeployments", singular: "flinkdeployment", shortNames: ["flinkdep"], file: "flinkdeployments.flink.apache.org-v1.yml", scale: true },
  FlinkSessionJob: { plural: "flinksessionjobs", singular: "flinksessionjob", shortNames: ["sessionjob"], file: "flinksessionjobs.flink.apache.org-v1.yml", scale: false },
};
export const GROUP = "flink.apache.org";
export const VERSION = "v1beta1";

export function kindOfPlural(plural: string): CrdKind | undefined {
  return (Object.keys(CRDS) as CrdKind[]).find((k) => CRDS[k].plural === plural);
}

type Schema = Record<string, unknown>;

const SPECS_DIR = path.resolve(import.meta.dirname, "../../fixtures/flink/specs");
const schemas = new Map<CrdKind, Schema>();

/** The version's openAPIV3Schema, read once. */
function crdSchema(kind: CrdKind): Schema {
  let s = schemas.get(kind);
  if (!s) {
    const crd = parse(fs.readFileSync(path.join(SPECS_DIR, CRDS[kind].file), "utf8")) as { spec: { versions: { name: string; schema: { openAPIV3Schema: Schema } }[] } };
    s = crd.spec.versions.find((v) => v.name === VERSION)!.schema.openAPIV3Schema;
    schemas.set(kind, s);
  }
  return s;
}

/** ObjectMeta fields the API server keeps; the CRD schema leaves metadata to the server. */
const OBJECT_META: Schema = {
  type: "object",
  properties: {
    name: { type: "string" },
    generateName: { type: "string" },
    namespace: { type: "string" },
    uid: { type: "string" },
    resourceVersion: { type: "string" },
    generation: { type: "integer" },
    creationTimestamp: { type: "string", format: "date-time" },
    deletionTimestamp: { type: "string", format: "date-time" },
    deletionGracePeriodSeconds: { type: "integer" },
    labels: { type: "object", additionalProperties: { type: "string" } },
    annotations: { type: "object", additionalProperties: { type: "string" } },
    finalizers: { type: "array", items: { type: "string" } },
    ownerReferences: { type: "array", items: { type: "object" } },
    managedFields: { type: "array", items: { type: "object" } },
  },
};

/** The whole object's schema: apiVersion, kind and metadata added to the CRD's spec/status. */
function objectSchema(kind: CrdKind, closed: boolean): Schema {
  const crd = crdSchema(kind);
  const root: Schema = {
    ...crd,
    type: "object",
    properties: {
      ...(crd.properties as Schema),
      apiVersion: { type: "string", enum: [`${GROUP}/${VERSION}`] },
      kind: { type: "string", enum: [kind] },
      metadata: OBJECT_META,
    },
  };
  return closed ? close(root) : root;
}

/** Every object schema that names its properties (and does not preserve unknown fields) becomes closed. */
function close(s: Schema): Schema {
  const out: Schema = { ...s };
  if (s.properties && typeof s.properties === "object") {
    out.properties = Object.fromEntries(Object.entries(s.properties as Record<string, Schema>).map(([k, v]) => [k, close(v)]));
    if (s.additionalProperties === undefined && s["x-kubernetes-preserve-unknown-fields"] !== true) out.additionalProperties = false;
  }
  if (s.items && typeof s.items === "object") out.items = close(s.items as Schema);
  if (s.additionalProperties && typeof s.additionalProperties === "object") out.additionalProperties = close(s.additionalProperties as Schema);
  return out;
}

const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
const validators = new Map<string, ValidateFunction>();

export function crdValidator(kind: CrdKind, closed: boolean): ValidateFunction {
  const key = `${kind}:${closed}`;
  let v = validators.get(key);
  if (!v) {
    v = ajv.compile(objectSchema(kind, closed));
    validators.set(key, v);
  }
  return v;
}

/** A Kubernetes field-error cause (`{reason, message, field}`) per schema violation. */
export type Cause = { reason: string; message: string; field: string };

export function validateObject(kind: CrdKind, obj: unknown): Cause[] {
  const v = crdValidator(kind, false);
  if (v(obj)) return [];
  return (v.errors ?? []).map((e) => toCause(e, obj));
}

function toCause(e: ErrorObject, obj: unknown): Cause {
  const field = e.instancePath.split("/").slice(1).map((p) => (/^\d+$/.test(p) ? `[${p}]` : `.${p}`)).join("").replace(/^\./, "");
  const value = e.instancePath.split("/").slice(1).reduce<unknown>((o, k) => (o && typeof o === "object" ? (o as Record<string, unknown>)[k] : undefined), obj);
  if (e.keyword === "enum") {
    const allowed = ((e.params as { allowedValues: unknown[] }).allowedValues ?? []).map((a) => JSON.stringify(a)).join(", ");
    return { reason: "FieldValueNotSupported", message: `Unsupported value: ${JSON.stringify(value)}: supported values: ${allowed}`, field };
  }
  if (e.keyword === "type") {
    const actual = Array.isArray(value) ? "array" : value === null ? "null" : typeof value === "number" ? (Number.isInteger(value) ? "integer" : "number") : typeof value;
    return { reason: "FieldValueTypeInvalid", message: `Invalid value: "${actual}": ${field} in body must be of type ${(e.params as { type: string }).type}: "${actual}"`, field };
  }
  if (e.keyword === "required") {
    const missing = (e.params as { missingProperty: string }).missingProperty;
    return { reason: "FieldValueRequired", message: "Required value", field: field ? `${field}.${missing}` : missing };
  }
  return { reason: "FieldValueInvalid", message: `Invalid value: ${JSON.stringify(value)}: ${e.message ?? "invalid"}`, field };
}

/** Drops fields the schema does not know (the API server's pruning); returns their paths. */
export function prune(kind: CrdKind, obj: Record<string, unknown>): string[] {
  const dropped: string[] = [];
  const root = objectSchema(kind, false);
  walk(obj, root, "", dropped);
  return dropped;
}

function walk(value: unknown, schema: Schema, at: string, dropped: string[]): void {
  if (!value || typeof value !== "object" || schema["x-kubernetes-preserve-unknown-fields"] === true) return;
  if (Array.isArray(value)) {
    if (schema.items) value.forEach((v, i) => walk(v, schema.items as Schema, `${at}[${i}]`, dropped));
    return;
  }
  const rec = value as Record<string, unknown>;
  const props = schema.properties as Record<string, Schema> | undefined;
  const extra = schema.additionalProperties;
  for (const key of Object.keys(rec)) {
    const sub = props?.[key] ?? (extra && typeof extra === "object" ? (extra as Schema) : undefined);
    if (sub) walk(rec[key], sub, at ? `${at}.${key}` : key, dropped);
    else if (props && extra !== true) {
      dropped.push(at ? `${at}.${key}` : key);
      delete rec[key];
    }
  }
}
