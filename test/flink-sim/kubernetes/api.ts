import { parse as parseYaml } from "yaml";
import type { CallLog } from "../calls";
import { isRecord, json, jsonBody, Router, type Reply, type SimRequest } from "../http";
import { CRDS, GROUP, kindOfPlural, prune, validateObject, VERSION, type CrdKind } from "./crd-schema";
import { jsonPatch, mergePatch, PatchError } from "./patch";
import type { K8sObject, ResourceStore } from "./store";

/**
 * The slice of the Kubernetes API a Flink console uses: discovery, and list/get/create/replace/
 * patch/delete (plus the /status subresource) of FlinkDeployments and FlinkSessionJobs, with
 * `Status` error objects (404 NotFound, 409 AlreadyExists/Conflict, 422 Invalid, 415).
 */
function status(code: number, reason: string, message: string, details?: Record<string, unknown>): Reply {
  return json(code, { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message, reason, ...(details ? { details } : {}), code });
}

const resourceName = (kind: CrdKind) => `${CRDS[kind].plural}.${GROUP}`;
const notFound = (kind: CrdKind, name: string) => status(404, "NotFound", `${resourceName(kind)} "${name}" not found`, { name, group: GROUP, kind: CRDS[kind].plural });
const badRequest = (message: string) => status(400, "BadRequest", message);

function invalid(kind: CrdKind, name: string, causes: { reason: string; message: string; field: string }[]): Reply {
  const list = causes.map((c) => `${c.field}: ${c.message}`);
  const message = `${kind}.${GROUP} "${name}" is invalid: ${list.length === 1 ? list[0] : `[${list.join(", ")}]`}`;
  return status(422, "Invalid", message, { name, group: GROUP, kind, causes });
}

type Ctx = { store: ResourceStore; onChange: () => void };

/** Parses, prunes and validates a body as a `kind` object in `namespace`. */
type Admitted = { ok: true; obj: K8sObject; warnings: string[] } | { ok: false; reply: Reply };
const refuse = (reply: Reply): Admitted => ({ ok: false, reply });

function admit(kind: CrdKind, namespace: string, body: unknown, urlName?: string): Admitted {
  if (!isRecord(body)) return refuse(badRequest("the body of the request was in an unknown format"));
  if (body.kind !== undefined && body.kind !== kind) return refuse(badRequest(`the API version in the data (${String(body.apiVersion)}) does not match the expected API version (${GROUP}/${VERSION})`));
  const obj = structuredClone(body) as Record<string, unknown>;
  obj.apiVersion = `${GROUP}/${VERSION}`;
  obj.kind = kind;
  const metadata = (isRecord(obj.metadata) ? obj.metadata : {}) as Record<string, unknown>;
  obj.metadata = metadata;
  if (metadata.namespace !== undefined && metadata.namespace !== namespace) return refuse(badRequest("the namespace of the provided object does not match the namespace sent on the request"));
  metadata.namespace = namespace;
  if (!metadata.name && typeof metadata.generateName === "string") metadata.name = `${metadata.generateName}${Math.random().toString(36).slice(2, 7)}`;
  if (urlName !== undefined && metadata.name !== urlName) return refuse(badRequest(`the name of the object (${String(metadata.name)}) does not match the name on the URL (${urlName})`));
  const warnings = prune(kind, obj).map((f) => `299 - "unknown field \\"${f}\\""`);
  const causes = validateObject(kind, obj);
  if (typeof metadata.name !== "string" || metadata.name === "") causes.unshift({ reason: "FieldValueRequired", message: "Required value: name or generateName is required", field: "metadata.name" });
  else if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(metadata.name)) {
    causes.unshift({ reason: "FieldValueInvalid", message: `Invalid value: "${metadata.name}": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character`, field: "metadata.name" });
  }
  if (causes.length > 0) return refuse(invalid(kind, String(metadata.name ?? ""), causes));
  return { ok: true, obj: obj as unknown as K8sObject, warnings };
}

function withWarnings(reply: Reply, warnings: string[]): Reply {
  if (typeof reply !== "object" || warnings.length === 0) return reply;
  return { ...reply, headers: { ...reply.headers, warning: warnings.join(", ") } };
}

function readBody(req: SimRequest): unknown {
  try {
    return jsonBody(req);
  } catch {
    return undefined;
  }
}

function labelMatch(selector: string | null, labels: Record<string, string> | undefined): boolean {
  if (!selector) return true;
  return selector.split(",").every((term) => {
    const t = term.trim();
    const ne = /^([^!=]+)!=(.*)$/.exec(t);
    if (ne) return labels?.[ne[1]!.trim()] !== ne[2]!.trim();
    const eq = /^([^=]+)==?(.*)$/.exec(t);
    if (eq) return labels?.[eq[1]!.trim()] === eq[2]!.trim();
    if (t.startsWith("!")) return labels?.[t.slice(1)] === undefined;
    return labels?.[t] !== undefined;
  });
}

function list(ctx: Ctx, kind: CrdKind, namespace: string | undefined, q: URLSearchParams): Reply {
  if (q.get("watch") === "true" || q.get("watch") === "1") return status(405, "MethodNotAllowed", "watch is not supported by the Flink simulator; poll with list and resourceVersion");
  const fields = (q.get("fieldSelector") ?? "").split(",").filter(Boolean).map((f) => f.split("="));
  const items = ctx.store
    .list(kind, namespace)
    .filter((o) => labelMatch(q.get("labelSelector"), o.metadata.labels))
    .filter((o) => fields.every(([k, v]) => (k === "metadata.name" ? o.metadata.name === v : k === "metadata.namespace" ? o.metadata.namespace === v : true)));
  return json(200, { apiVersion: `${GROUP}/${VERSION}`, kind: `${kind}List`, metadata: { continue: "", resourceVersion: ctx.store.resourceVersion }, items });
}

function create(ctx: Ctx, req: SimRequest, kind: CrdKind, namespace: string): Reply {
  const admitted = admit(kind, namespace, readBody(req));
  if (!admitted.ok) return admitted.reply;
  const { obj, warnings } = admitted;
  if (ctx.store.get(kind, namespace, obj.metadata.name)) {
    return status(409, "AlreadyExists", `${resourceName(kind)} "${obj.metadata.name}" already exists`, { name: obj.metadata.name, group: GROUP, kind: CRDS[kind].plural });
  }
  delete obj.status; // the status subresource is written only through /status
  const created = ctx.store.create(obj);
  ctx.onChange();
  return withWarnings(json(201, created), warnings);
}

/** PUT and PATCH (main resource or /status): compute the new object, then admit it like a create. */
function modify(ctx: Ctx, req: SimRequest, kind: CrdKind, namespace: string, name: string, subresource: "status" | undefined): Reply {
  const current = ctx.store.get(kind, namespace, name);
  const contentType = (req.headers["content-type"] ?? "application/json").split(";")[0]!.trim();
  let next: unknown;
  if (req.method === "PUT") {
    next = readBody(req);
    if (!current) return notFound(kind, name);
  } else {
    if (contentType === "application/strategic-merge-patch+json") {
      return status(415, "UnsupportedMediaType", "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml");
    }
    let patch: unknown;
    try {
      patch = contentType === "application/apply-patch+yaml" ? parseYaml(req.body.toString("utf8")) : jsonBody(req);
    } catch {
      return badRequest("error decoding patch: invalid character in request body");
    }
    if (contentType === "application/apply-patch+yaml") {
      if (!req.query.get("fieldManager")) return status(422, "Invalid", `PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch`);
      // Server-side apply, simplified: create when missing, otherwise merge the applied fields.
      if (!current) return create(ctx, { ...req, body: Buffer.from(JSON.stringify(patch)) }, kind, namespace);
      next = mergePatch(current, patch);
    } else {
      if (!current) return notFound(kind, name);
      try {
        if (contentType === "application/json-patch+json") next = jsonPatch(current, patch);
        else if (contentType === "application/merge-patch+json") next = mergePatch(current, patch);
        else return status(415, "UnsupportedMediaType", "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml");
      } catch (e) {
        if (e instanceof PatchError) {
          return contentType === "application/json-patch+json" && !Array.isArray(patch) ? badRequest(e.message) : status(422, "Invalid", `the server rejected our request due to an error in our request: ${e.message}`);
        }
        throw e;
      }
    }
  }
  const admitted = admit(kind, namespace, next, name);
  if (!admitted.ok) return admitted.reply;
  const { obj, warnings } = admitted;
  const rv = obj.metadata.resourceVersion;
  // A resourceVersion in a PUT, or in a patch, is a precondition: the object must not have changed since.
  if (current && rv && rv !== current.metadata.resourceVersion) {
    return status(409, "Conflict", `Operation cannot be fulfilled on ${resourceName(kind)} "${name}": the object has been modified; please apply your changes to the latest version and try again`, { name, group: GROUP, kind: CRDS[kind].plural });
  }
  // With the status subresource enabled, the main resource ignores status and /status ignores the rest.
  const updated = subresource === "status" ? ctx.store.updateStatus(kind, namespace, name, obj.status) : ctx.store.update(obj);
  ctx.onChange();
  return withWarnings(json(200, updated), warnings);
}

function remove(ctx: Ctx, kind: CrdKind, namespace: string, name: string): Reply {
  const r = ctx.store.delete(kind, namespace, name);
  if (!r) return notFound(kind, name);
  ctx.onChange();
  if (r.gone) return json(200, { kind: "Status", apiVersion: "v1", metadata: {}, status: "Success", details: { name, group: GROUP, kind: CRDS[kind].plural, uid: r.object.metadata.uid } });
  return json(200, r.object);
}

function discovery(): Record<string, unknown> {
  const resources = (Object.keys(CRDS) as CrdKind[]).flatMap((kind) => {
    const c = CRDS[kind];
    const base = { name: c.plural, singularName: c.singular, namespaced: true, kind, verbs: ["delete", "deletecollection", "get", "list", "patch", "create", "update", "watch"], shortNames: c.shortNames, storageVersionHash: "" };
    const subs: Record<string, unknown>[] = [{ name: `${c.plural}/status`, singularName: "", namespaced: true, kind, verbs: ["get", "patch", "update"] }];
    if (c.scale) subs.push({ name: `${c.plural}/scale`, singularName: "", namespaced: true, kind: "Scale", verbs: ["get", "patch", "update"] });
    return [base, ...subs];
  });
  return { kind: "APIResourceList", apiVersion: "v1", groupVersion: `${GROUP}/${VERSION}`, resources };
}

const groupVersion = { groupVersion: `${GROUP}/${VERSION}`, version: VERSION };
const apiGroup = { name: GROUP, versions: [groupVersion], preferredVersion: groupVersion };

function resource(handler: (ctx: Ctx, req: SimRequest, kind: CrdKind, p: Record<string, string>) => Reply) {
  return (req: SimRequest, p: Record<string, string>, ctx: Ctx): Reply => {
    const kind = kindOfPlural(p.plural ?? "");
    if (!kind) return status(404, "NotFound", "the server could not find the requested resource", {});
    return handler(ctx, req, kind, p);
  };
}

const router = new Router<Ctx>()
  .on("GET", "/version", () => json(200, { major: "1", minor: "30", gitVersion: "v1.30.4", gitCommit: "a51b3b711150f57ffc1f526a640ec058514ed596", gitTreeState: "clean", buildDate: "2024-08-14T19:04:43Z", goVersion: "go1.22.5", compiler: "gc", platform: "linux/amd64" }))
  .on("GET", "/api", () => json(200, { kind: "APIVersions", versions: ["v1"], serverAddressByClientCIDRs: [{ clientCIDR: "0.0.0.0/0", serverAddress: "127.0.0.1:6443" }] }))
  .on("GET", "/apis", () => json(200, { kind: "APIGroupList", apiVersion: "v1", groups: [apiGroup] }))
  .on("GET", `/apis/${GROUP}`, () => json(200, { kind: "APIGroup", apiVersion: "v1", ...apiGroup }))
  .on("GET", `/apis/${GROUP}/${VERSION}`, () => json(200, discovery()))
  .on("GET", `/apis/${GROUP}/${VERSION}/:plural`, resource((ctx, req, kind) => list(ctx, kind, undefined, req.query)))
  .on("GET", `/apis/${GROUP}/${VERSION}/namespaces/:ns/:plural`, resource((ctx, req, kind, p) => list(ctx, kind, p.ns, req.query)))
  .on("POST", `/apis/${GROUP}/${VERSION}/namespaces/:ns/:plural`, resource((ctx, req, kind, p) => create(ctx, req, kind, p.ns!)))
  .on("GET", `/apis/${GROUP}/${VERSION}/namespaces/:ns/:plural/:name`, resource((ctx, _q, kind, p) => {
    const o = ctx.store.get(kind, p.ns!, p.name!);
    return o ? json(200, o) : notFound(kind, p.name!);
  }))
  .on("PUT", `/apis/${GROUP}/${VERSION}/namespaces/:ns/:plural/:name`, resource((ctx, req, kind, p) => modify(ctx, req, kind, p.ns!, p.name!, undefined)))
  .on("PATCH", `/apis/${GROUP}/${VERSION}/namespaces/:ns/:plural/:name`, resource((ctx, req, kind, p) => modify(ctx, req, kind, p.ns!, p.name!, undefined)))
  .on("DELETE", `/apis/${GROUP}/${VERSION}/namespaces/:ns/:plural/:name`, resource((ctx, _q, kind, p) => remove(ctx, kind, p.ns!, p.name!)))
  .on("GET", `/apis/${GROUP}/${VERSION}/namespaces/:ns/:plural/:name/status`, resource((ctx, _q, kind, p) => {
    const o = ctx.store.get(kind, p.ns!, p.name!);
    return o ? json(200, o) : notFound(kind, p.name!);
  }))
  .on("PUT", `/apis/${GROUP}/${VERSION}/namespaces/:ns/:plural/:name/status`, resource((ctx, req, kind, p) => modify(ctx, req, kind, p.ns!, p.name!, "status")))
  .on("PATCH", `/apis/${GROUP}/${VERSION}/namespaces/:ns/:plural/:name/status`, resource((ctx, req, kind, p) => modify(ctx, req, kind, p.ns!, p.name!, "status")));

export function routeKubernetesRequest(ctx: Ctx, calls: CallLog, req: SimRequest): Reply {
  const m = router.match(req.method, req.path);
  const reply = "handler" in m ? (m.handler(req, m.params, ctx) as Reply) : status(404, "NotFound", "the server could not find the requested resource", {});
  if (typeof reply === "object") calls.record({ component: "kubernetes", method: req.method, path: req.path, query: req.search, status: reply.status, time: Date.now() });
  return reply;
}
