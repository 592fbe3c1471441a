import { parse as parseYaml } from "yaml";
import { invalidInput } from "@/lib/errors";

/**
 * Reading a Flink distribution's configuration file into flat `key → string` entries, as Flink does.
 * 2.x (and 1.19+, when present) reads conf/config.yaml as standard YAML, nested or with dotted keys;
 * older versions read conf/flink-conf.yaml line by line.
 */

/**
 * flink-conf.yaml, the way Flink's legacy GlobalConfiguration reads it: everything after the first
 * `#` is a comment, a line is `key: value` split at the first ": ", lines without both are skipped.
 */
export function parseLegacyFlinkConf(text: string): Record<string, string> {
  const config: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const conf = (line.split("#", 1)[0] ?? "").trim();
    if (!conf) continue;
    const at = conf.indexOf(": ");
    if (at < 0) continue;
    const key = conf.slice(0, at).trim();
    const value = conf.slice(at + 2).trim();
    if (key && value) config[key] = value;
  }
  return config;
}

function scalar(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}

function flatten(value: unknown, prefix: string, out: Record<string, string>): void {
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
    return;
  }
  // Flink's string form of a list option is its items joined by ";".
  out[prefix] = Array.isArray(value) ? value.map(scalar).join(";") : scalar(value);
}

/** config.yaml flattened to dotted keys: `jobmanager: {rpc: {address: x}}` and `jobmanager.rpc.address: x` read alike. */
export function parseConfigYaml(text: string, file = "config.yaml"): Record<string, string> {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (e) {
    throw invalidInput(`${file} is not valid YAML: ${(e as Error).message.split("\n")[0]}`);
  }
  if (doc === null || doc === undefined) return {};
  if (typeof doc !== "object" || Array.isArray(doc)) throw invalidInput(`${file} must hold a mapping of configuration keys.`);
  const out: Record<string, string> = {};
  flatten(doc, "", out);
  return out;
}
