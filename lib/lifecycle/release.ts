import type { JobSettings } from "@/lib/jobs/settings";

/**
 * What a build froze: exactly what a deploy runs. Deploys read only this, never the job's current
 * settings, so a release deploys the same way tomorrow as today.
 */
export type ReleaseManifest = {
  jobId: number;
  jobName: string;
  teamId: number;
  version: number;
  type: "sql" | "jar";
  /** The SQL with its `${placeholders}` (values below, substituted at deploy time). */
  sql: string;
  /** Every variable the SQL, arguments and properties use: plain values, or secrets sealed (lib/crypto). */
  variables: Record<string, { value: string } | { sealed: string }>;
  settings: JobSettings;
  /** The job's jar (JAR jobs) and dependency jars, pinned by checksum, as stored under the data directory. */
  jars: { role: "main" | "dependency"; name: string; sha256: string; storagePath: string }[];
  flink: { versionId: number; name: string; version: string; major: number; home: string };
  /** For YARN application and per-job modes: the ResourceManager that watches them. */
  yarnRmUrl: string | null;
  builtAt: string;
};

/** A release ready to deploy: the manifest with variables substituted and jar paths absolute. */
export type ResolvedRelease = {
  id: number;
  manifest: ReleaseManifest;
  /** The SQL with every variable substituted (secrets included: it goes only to Flink). */
  sql: string;
  programArgs: string[];
  dynamicProperties: Record<string, string>;
  jars: { role: "main" | "dependency"; name: string; sha256: string; path: string }[];
  /** The opened secret values, so that what Flink says back can be redacted before it is stored. */
  secrets: string[];
};
