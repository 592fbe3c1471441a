import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { findFlinkVersion } from "@/db/queries/flink-versions";
import { findJobVersion } from "@/db/queries/jobs";
import { insertRelease, recordStep, type LifecycleJob } from "@/db/queries/lifecycle";
import { findResourcesByIds } from "@/db/queries/resources";
import { listVariableValues } from "@/db/queries/variables";
import { loadConfig } from "@/lib/config";
import { sealSecret } from "@/lib/crypto/secrets";
import { AppError, isAppError } from "@/lib/errors";
import { inspectFlinkHome } from "@/lib/flink/flink-home";
import type { JobSettings } from "@/lib/jobs/settings";
import { absolutePath } from "@/lib/resources/storage";
import { findVariables, hasBlockingErrors, validateScript, VARIABLE_PATTERN } from "@/lib/sql";
import type { ReleaseManifest } from "./release";

export const BUILD_STEPS = ["Resolve variables", "Validate SQL", "Check jars", "Resolve Flink version", "Freeze release"] as const;

class BuildFailure extends AppError {
  constructor(readonly step: string, message: string) {
    super("invalid_input", message);
  }
}

function sha256File(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = createHash("sha256");
    createReadStream(path)
      .on("data", (c) => h.update(c))
      .on("error", reject)
      .on("end", () => resolve(h.digest("hex")));
  });
}

const plainVariables = (text: string) => [...text.matchAll(new RegExp(VARIABLE_PATTERN.source, "g"))].map((m) => m[1]!);

/**
 * Builds the job's newest version into an immutable release, step by step with a log: variables
 * resolved (secret values stay sealed), SQL validated, jars checked against their checksums, the
 * Flink version's home checked, and everything frozen. A failure names its step and reason, and
 * is recorded as a failed release so the builds tab shows it.
 */
export async function buildRelease(operationId: number, job: LifecycleJob): Promise<{ releaseId: number; manifest: ReleaseManifest }> {
  const lines: string[] = [];
  const log = (l: string) => lines.push(`${new Date().toISOString()} ${l}`);
  let step: string = BUILD_STEPS[0];
  const begin = async (name: (typeof BUILD_STEPS)[number]) => {
    step = name;
    log(`▶ ${name}`);
    await recordStep({ id: operationId, step: { name, status: "running", at: new Date().toISOString() } });
  };
  const done = async (message?: string) => {
    if (message) log(`  ${message}`);
    await recordStep({ id: operationId, step: { name: step, status: "done", at: new Date().toISOString(), message } });
  };

  try {
    const version = await findJobVersion({ jobId: job.id, number: job.headVersion });
    if (!version) throw new BuildFailure("Resolve variables", `Version ${job.headVersion} of “${job.name}” is gone.`);
    const settings = version.settings as unknown as JobSettings;
    log(`Building “${job.name}” version ${version.number} (${job.type === "sql" ? "FlinkSQL" : "JAR"}, ${settings.mode}).`);

    await begin("Resolve variables");
    const used = new Set([
      ...(job.type === "sql" ? findVariables(version.sql).map((v) => v.name) : []),
      ...settings.programArgs.flatMap(plainVariables),
      ...Object.values(settings.dynamicProperties).flatMap(plainVariables),
    ]);
    const defined = new Map((await listVariableValues(job.teamId)).map((v) => [v.name, v]));
    const missing = [...used].filter((n) => !defined.has(n));
    if (missing.length) throw new BuildFailure(step, `Unknown variable${missing.length > 1 ? "s" : ""} ${missing.map((m) => `\${${m}}`).join(", ")}: define ${missing.length > 1 ? "them" : "it"} under Variables.`);
    // Secrets stay sealed in the release; they are opened only when deployed.
    const variables: ReleaseManifest["variables"] = Object.fromEntries([...used].map((n) => {
      const v = defined.get(n)!;
      return [n, v.secret ? { sealed: v.value.startsWith("v1:") ? v.value : sealSecret(v.value) } : { value: v.value }];
    }));
    await done(used.size ? `${used.size} variable${used.size > 1 ? "s" : ""}: ${[...used].map((n) => `\${${n}}${defined.get(n)!.secret ? " (secret)" : ""}`).join(", ")}` : "No variables.");

    await begin("Validate SQL");
    if (job.type === "sql") {
      const diagnostics = validateScript(version.sql, { variables: [...defined.keys()] });
      const first = diagnostics.find((d) => d.severity === "error");
      if (hasBlockingErrors(diagnostics) && first) throw new BuildFailure(step, `Line ${first.line}, column ${first.column}: ${first.message}`);
      const warnings = diagnostics.filter((d) => d.severity === "warning").length;
      await done(warnings ? `No blocking errors; ${warnings} statement${warnings > 1 ? "s" : ""} not recognised locally (Flink decides).` : "No problems.");
    } else {
      await recordStep({ id: operationId, step: { name: step, status: "skipped", at: new Date().toISOString(), message: "A JAR job has no SQL." } });
    }

    await begin("Check jars");
    const pinned = [...(settings.jar ? [{ role: "main" as const, ...settings.jar }] : []), ...settings.dependencies.map((d) => ({ role: "dependency" as const, ...d }))];
    const rows = new Map((await findResourcesByIds({ teamId: job.teamId, ids: pinned.map((p) => p.resourceId) })).map((r) => [r.id, r]));
    const jars: ReleaseManifest["jars"] = [];
    for (const p of pinned) {
      const row = rows.get(p.resourceId);
      if (!row) throw new BuildFailure(step, `Jar “${p.name}” was deleted from Resources; upload it again and save the job.`);
      if (row.sha256 !== p.sha256) throw new BuildFailure(step, `Jar “${p.name}” changed since version ${version.number} was saved (checksum differs); save the job again to use the new one.`);
      const file = absolutePath(row.storagePath);
      const exists = await stat(file).then(() => true, () => false);
      if (!exists) throw new BuildFailure(step, `The file of jar “${p.name}” is missing from the data directory (${row.storagePath}).`);
      const actual = await sha256File(file);
      if (actual !== p.sha256) throw new BuildFailure(step, `The file of jar “${p.name}” is damaged: its checksum is ${actual.slice(0, 12)}…, not ${p.sha256.slice(0, 12)}….`);
      jars.push({ role: p.role, name: p.name, sha256: p.sha256, storagePath: row.storagePath });
      log(`  ${p.role} jar ${p.name}: sha256 ${p.sha256.slice(0, 12)}… verified`);
    }
    await done(jars.length ? `${jars.length} jar${jars.length > 1 ? "s" : ""} verified.` : "No jars.");

    await begin("Resolve Flink version");
    if (!settings.flinkVersionId) throw new BuildFailure(step, "The job names no Flink version and its cluster has none; choose one in its settings.");
    const fv = await findFlinkVersion(settings.flinkVersionId);
    if (!fv) throw new BuildFailure(step, "The job's Flink version was removed; choose another in its settings.");
    const home = await inspectFlinkHome(fv.home).catch((e) => {
      throw new BuildFailure(step, `FLINK_HOME ${fv.home} of “${fv.name}” cannot be read: ${isAppError(e) ? e.message : String(e)}`);
    });
    if (home.version !== fv.version) throw new BuildFailure(step, `FLINK_HOME ${fv.home} now holds Flink ${home.version}, not ${fv.version}; read it again on the Flink versions page.`);
    const yarnRmUrl = settings.mode === "yarn-application" || settings.mode === "yarn-per-job" ? (loadConfig().yarnRmUrl ?? null) : null;
    if ((settings.mode === "yarn-application" || settings.mode === "yarn-per-job") && !yarnRmUrl) {
      throw new BuildFailure(step, "YARN application and per-job jobs need EDDY_YARN_RM_URL: the ResourceManager Eddy watches them through.");
    }
    await done(`${fv.name}: Flink ${fv.version} at ${fv.home}.`);

    await begin("Freeze release");
    const manifest: ReleaseManifest = {
      jobId: job.id,
      jobName: job.name,
      teamId: job.teamId,
      version: version.number,
      type: job.type,
      sql: version.sql,
      variables,
      settings,
      jars,
      flink: { versionId: fv.id, name: fv.name, version: fv.version, major: fv.major, home: fv.home },
      yarnRmUrl,
      builtAt: new Date().toISOString(),
    };
    await done(`Release of version ${version.number} frozen.`);
    const { id } = await insertRelease({ jobId: job.id, version: version.number, operationId, manifest: manifest as unknown as Record<string, unknown>, log: lines.join("\n"), status: "succeeded" });
    return { releaseId: id, manifest };
  } catch (e) {
    const message = isAppError(e) ? e.message : `Unexpected error: ${e instanceof Error ? e.message : String(e)}`;
    log(`✗ ${step}: ${message}`);
    await recordStep({ id: operationId, step: { name: step, status: "failed", at: new Date().toISOString(), message } });
    await insertRelease({ jobId: job.id, version: job.headVersion, operationId, manifest: {}, log: lines.join("\n"), status: "failed", failedStep: step, error: message });
    throw new AppError("invalid_input", `Build failed at “${step}”: ${message}`);
  }
}
