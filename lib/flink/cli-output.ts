import { stripExceptionClass } from "@/lib/flink/upstream-error";

/**
 * Parsers for what the Flink command-line tools print (flink-apis.md §3, "Lines a platform parses").
 * Console lines may carry log4j-cli's prefix `yyyy-MM-dd HH:mm:ss,SSS LEVEL logger [] - `; every
 * parser works on raw output, prefixes, noise and all.
 */

const LOG_PREFIX = /^\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d[,.]\d{3}\s+(?:TRACE|DEBUG|INFO|WARN|ERROR|FATAL)\s+\S+\s+(?:\[[^\]]*\]\s+)?-\s?/;

/** A console line without its log4j prefix. */
export function stripLogPrefix(line: string): string {
  return line.replace(LOG_PREFIX, "");
}

function messages(output: string): string[] {
  return output.split(/\r?\n/).map((l) => stripLogPrefix(l).trim());
}

function firstMatch(output: string, patterns: readonly RegExp[]): RegExpExecArray | null {
  const lines = messages(output);
  for (const p of patterns) {
    for (const line of lines) {
      const m = p.exec(line);
      if (m) return m;
    }
  }
  return null;
}

const APP = "(application_\\d+_\\d+)";

/**
 * The YARN application id, by preference from Hadoop's "Submitted application …", then the
 * detached-session hint (`yarn-session.sh -id …`, `yarn application -kill …`), then "Found Web
 * Interface … of application '…'".
 */
export function parseApplicationId(output: string): string | null {
  return (
    firstMatch(output, [
      new RegExp(`Submitted application ${APP}`),
      new RegExp(`yarn-session\\.sh -id ${APP}`),
      new RegExp(`yarn application -kill ${APP}`),
      new RegExp(`of application '${APP}'`),
    ])?.[1] ?? null
  );
}

/** The JobManager web interface: "JobManager Web Interface: http://…", else "Found Web Interface host:port of application". */
export function parseWebInterfaceUrl(output: string): string | null {
  const direct = firstMatch(output, [/JobManager Web Interface: (https?:\/\/\S+)/]);
  if (direct?.[1]) return direct[1];
  const found = firstMatch(output, [/Found Web Interface (\S+):(\d+) of application/]);
  return found ? `http://${found[1]}:${found[2]}` : null;
}

/** "Job has been submitted with JobID <32hex>" (per-job and session submissions; not printed in application mode). */
export function parseJobId(output: string): string | null {
  return firstMatch(output, [/Job has been submitted with JobID ([0-9a-f]{32})/])?.[1] ?? null;
}

export interface KubernetesClusterLine {
  mode: "session" | "application";
  clusterId: string;
  webInterfaceUrl: string;
}

/** "Create flink (session|application) cluster <id> successfully, JobManager Web Interface: <url>". */
export function parseKubernetesCluster(output: string): KubernetesClusterLine | null {
  const m = firstMatch(output, [/Create flink (session|application) cluster (\S+) successfully, JobManager Web Interface: (\S+)/]);
  return m ? { mode: m[1] as "session" | "application", clusterId: m[2] as string, webInterfaceUrl: m[3] as string } : null;
}

/** `flink stop`: "Savepoint completed. Path: <path>". */
export function parseSavepointPath(output: string): string | null {
  return firstMatch(output, [/Savepoint completed\. Path: (.+)$/])?.[1]?.trim() ?? null;
}

/** `flink cancel`: "Cancelled job <id>." */
export function parseCancelledJobId(output: string): string | null {
  return firstMatch(output, [/Cancelled job ([0-9a-f]{32})\./])?.[1] ?? null;
}

/** `flink --version`: "Version: 1.20.1, Commit ID: 2f5a2d5". */
export function parseVersionOutput(output: string): { version: string; commit: string | null } | null {
  const m = firstMatch(output, [/^Version: ([^\s,]+)(?:, Commit ID: (\w+))?/]);
  return m ? { version: m[1] as string, commit: m[2] ?? null } : null;
}

const isNoise = (t: string): boolean =>
  !t ||
  /^at\s/.test(t) ||
  /^\.\.\.\s*\d+\s+more/.test(t) ||
  /^-{3,}$/.test(t) ||
  /^End of exception on server side>/.test(t) ||
  /^The program finished with the following exception:?$/.test(t) ||
  /^(SLF4J|WARNING):/.test(t) ||
  /^Use the help option/.test(t);

/**
 * The line that best says why a tool failed: the last line of stderr that is not a stack frame,
 * separator or logging noise. In a Java stack trace that is the deepest "Caused by:", the root cause.
 */
export function lastMeaningfulLine(output: string): string | null {
  const lines = messages(output).reverse();
  const line = lines.find((t) => !isNoise(t));
  return line ? stripExceptionClass(line.replace(/^Caused by:\s*/, "")) : null;
}
