/**
 * The patch types the API server accepts for custom resources: JSON merge patch (RFC 7386), JSON
 * patch (RFC 6902) and server-side apply. Strategic merge patch is refused for custom resources
 * with 415, as a real API server does (client-node's KubernetesObjectApi.patch defaults to it).
 */
export class PatchError extends Error {}

export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return patch;
  const out: Record<string, unknown> = isObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

type Op = { op: string; path: string; value?: unknown; from?: string };

export function jsonPatch(target: unknown, ops: unknown): unknown {
  if (!Array.isArray(ops)) throw new PatchError("json: cannot unmarshal object into Go value of type jsonpatch.Patch");
  let doc = structuredClone(target);
  for (const raw of ops as Op[]) {
    const { op, path } = raw;
    switch (op) {
      case "add": doc = put(doc, path, raw.value, "add"); break;
      case "replace": get(doc, path); doc = put(doc, path, raw.value, "replace"); break;
      case "remove": get(doc, path); doc = remove(doc, path); break;
      case "copy": doc = put(doc, path, structuredClone(get(doc, raw.from ?? "")), "add"); break;
      case "move": { const v = get(doc, raw.from ?? ""); doc = put(remove(doc, raw.from ?? ""), path, v, "add"); break; }
      case "test": if (JSON.stringify(get(doc, path)) !== JSON.stringify(raw.value)) throw new PatchError(`testing value ${path} failed: test failed`); break;
      default: throw new PatchError(`Unexpected kind: ${op}`);
    }
  }
  return doc;
}

function tokens(path: string): string[] {
  if (path === "") return [];
  if (!path.startsWith("/")) throw new PatchError(`add operation does not apply: doc is missing path: "${path}"`);
  return path.slice(1).split("/").map((t) => t.replace(/~1/g, "/").replace(/~0/g, "~"));
}

function get(doc: unknown, path: string): unknown {
  let cur = doc;
  for (const t of tokens(path)) {
    if (Array.isArray(cur)) cur = cur[Number(t)];
    else if (isObject(cur) && t in cur) cur = cur[t];
    else throw new PatchError(`replace operation does not apply: doc is missing key: ${path}: missing value`);
    if (cur === undefined) throw new PatchError(`doc is missing path: ${path}`);
  }
  return cur;
}

function put(doc: unknown, path: string, value: unknown, mode: "add" | "replace"): unknown {
  const ts = tokens(path);
  if (ts.length === 0) return value;
  const parent = get(doc, `/${ts.slice(0, -1).map((t) => t.replace(/~/g, "~0").replace(/\//g, "~1")).join("/")}`.replace(/^\/$/, ""));
  const last = ts[ts.length - 1]!;
  if (Array.isArray(parent)) {
    const i = last === "-" ? parent.length : Number(last);
    if (mode === "add") parent.splice(i, 0, value);
    else parent[i] = value;
  } else if (isObject(parent)) parent[last] = value;
  else throw new PatchError(`${mode} operation does not apply: doc is missing path: "${path}"`);
  return doc;
}

function remove(doc: unknown, path: string): unknown {
  const ts = tokens(path);
  const parent = get(doc, `/${ts.slice(0, -1).join("/")}`.replace(/^\/$/, ""));
  const last = ts[ts.length - 1]!;
  if (Array.isArray(parent)) parent.splice(Number(last), 1);
  else if (isObject(parent)) delete parent[last];
  return doc;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
