import type { JobSettings } from "./settings";

/**
 * Settings as readable "key: value" lines in a fixed order, so two versions' settings can be
 * diffed line by line and a person sees exactly which setting changed.
 */
export function settingsText(raw: unknown): string {
  const s = raw as Partial<JobSettings>;
  const lines: [string, unknown][] = [
    ["mode", s.mode],
    ["flink version", s.flinkVersionName],
    ["cluster", s.clusterName],
    ["yarn queue", s.yarnQueue],
    ["k8s namespace", s.k8sNamespace],
    ["k8s image", s.k8sImage],
    ["parallelism", s.parallelism],
    ["jobmanager memory", s.jobManagerMemory],
    ["taskmanager memory", s.taskManagerMemory],
    ["slots", s.slots],
    ["jar", s.jar ? `${s.jar.name} (sha256 ${s.jar.sha256.slice(0, 12)})` : null],
    ["main class", s.mainClass],
    ...(s.dependencies ?? []).map((d, i) => [`dependency ${i + 1}`, `${d.name} (sha256 ${d.sha256.slice(0, 12)})`] as [string, unknown]),
    ...Object.entries(s.dynamicProperties ?? {}).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [`-D ${k}`, v] as [string, unknown]),
    ...(s.programArgs ?? []).map((a, i) => [`arg ${i + 1}`, a] as [string, unknown]),
    ["checkpoint dir", s.checkpointDir],
    ["savepoint dir", s.savepointDir],
    ["restart", s.restart ? `at most ${s.restart.maxAttempts} in ${s.restart.windowMinutes} min` : null],
    ["checkpoint failures", s.checkpointFailure ? `${s.checkpointFailure.action} after ${s.checkpointFailure.count} in ${s.checkpointFailure.windowMinutes} min` : null],
  ];
  return lines
    .filter(([, v]) => v !== null && v !== undefined && v !== "")
    .map(([k, v]) => `${k}: ${String(v)}`)
    .join("\n");
}
