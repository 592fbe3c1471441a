import type { Release } from "@/db/queries/lifecycle";
import { openSecret } from "@/lib/crypto/secrets";
import { AppError } from "@/lib/errors";
import { absolutePath } from "@/lib/resources/storage";
import { substituteVariables, VARIABLE_PATTERN } from "@/lib/sql";
import type { ReleaseManifest, ResolvedRelease } from "./release";

/** `${name}` in a program argument or property value: plain text, so every occurrence counts. */
function substitutePlain(text: string, values: Record<string, string>): string {
  return text.replace(new RegExp(VARIABLE_PATTERN.source, "g"), (whole, name: string) => (Object.prototype.hasOwnProperty.call(values, name) ? values[name]! : whole));
}

/**
 * Turns a frozen release into what a deploy sends: variables substituted (secrets opened here and
 * only here, on their way to Flink), jar paths made absolute. Reads nothing but the release, so a
 * release deploys the same way every time.
 */
export function resolveRelease(release: Pick<Release, "id" | "manifest">): ResolvedRelease {
  const manifest = release.manifest as unknown as ReleaseManifest;
  if (!manifest?.settings) throw new AppError("conflict", `Release ${release.id} is incomplete (its build failed); build the job again.`);
  const values: Record<string, string> = {};
  const secrets: string[] = [];
  for (const [name, v] of Object.entries(manifest.variables)) {
    try {
      values[name] = "sealed" in v ? openSecret(v.sealed) : v.value;
      if ("sealed" in v) secrets.push(values[name]);
    } catch (e) {
      throw new AppError("conflict", `Secret variable \${${name}} of release ${release.id} cannot be opened: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  const sql = manifest.type === "sql" ? substituteVariables(manifest.sql, values).text : "";
  return {
    id: release.id,
    manifest,
    sql,
    programArgs: manifest.settings.programArgs.map((a) => substitutePlain(a, values)),
    dynamicProperties: Object.fromEntries(Object.entries(manifest.settings.dynamicProperties).map(([k, v]) => [k, substitutePlain(v, values)])),
    jars: manifest.jars.map((j) => ({ role: j.role, name: j.name, sha256: j.sha256, path: absolutePath(j.storagePath) })),
    secrets,
  };
}
