/**
 * The two Flink versions the simulator speaks, and what differs between them on the wire
 * (flink-apis.md §1): 2.x adds `taskmanagers-blocked`/`slots-free-and-blocked` to /overview and
 * scheduler fields to job views, drops the deprecated top-level fields of /jobs/:id/exceptions and
 * drops `programArgs` from the jar-run body.
 */
export const FLINK_VERSIONS = ["1.20.1", "2.1.0"] as const;
export type FlinkVersion = (typeof FLINK_VERSIONS)[number];

export type VersionFacts = {
  version: FlinkVersion;
  major: 1 | 2;
  /** What `.flink-runtime.version.properties` calls git.commit.id.abbrev (a simulator value). */
  commit: string;
  commitDate: string;
  scalaVersion: string;
  /** The configuration file a FLINK_HOME of this version reads. */
  confFile: "flink-conf.yaml" | "config.yaml";
};

const FACTS: Record<FlinkVersion, VersionFacts> = {
  "1.20.1": { version: "1.20.1", major: 1, commit: "b2a6c7e", commitDate: "2025-02-03T11:12:06+01:00", scalaVersion: "2.12", confFile: "flink-conf.yaml" },
  "2.1.0": { version: "2.1.0", major: 2, commit: "4cb6bd3", commitDate: "2025-07-22T09:30:41+02:00", scalaVersion: "2.12", confFile: "config.yaml" },
};

export function isFlinkVersion(v: unknown): v is FlinkVersion {
  return typeof v === "string" && (FLINK_VERSIONS as readonly string[]).includes(v);
}

export function versionFacts(v: FlinkVersion): VersionFacts {
  return FACTS[v];
}
