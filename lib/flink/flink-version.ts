/** A Flink version as Flink reports it: "1.20.1", "2.1.0", "2.2-SNAPSHOT", "1.17.2-csa1.11". */
export interface FlinkVersion {
  raw: string;
  major: number;
  minor: number;
  patch: number;
}

export function parseFlinkVersion(raw: string): FlinkVersion | null {
  const m = /^\s*v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(raw);
  if (!m) return null;
  return { raw: raw.trim(), major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3] ?? 0) };
}

/** True when `v` is `major.minor` or newer. */
export function atLeast(v: FlinkVersion, major: number, minor: number): boolean {
  return v.major > major || (v.major === major && v.minor >= minor);
}

/** The oldest Flink Eddy supports (StreamPark's floor as well). */
export const MIN_SUPPORTED = { major: 1, minor: 12 } as const;
