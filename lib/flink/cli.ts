import { spawn } from "node:child_process";
import { realpath, stat } from "node:fs/promises";
import path from "node:path";
import { invalidInput } from "@/lib/errors";
import { dynamicPropertyArgs, optionValue, programArgs } from "@/lib/flink/cli-args";
import {
  lastMeaningfulLine,
  parseApplicationId,
  parseCancelledJobId,
  parseJobId,
  parseKubernetesCluster,
  parseSavepointPath,
  parseVersionOutput,
  parseWebInterfaceUrl,
} from "@/lib/flink/cli-output";
import { FlinkCliError } from "@/lib/flink/errors";
import { inspectFlinkHome } from "@/lib/flink/flink-home";
import { parseFlinkVersion } from "@/lib/flink/flink-version";
import { formatDuration } from "@/lib/flink/upstream-error";

/**
 * Running a registered FLINK_HOME's tools. Always `spawn(file, argv, { shell: false })`: user values
 * are single argv items, checked by cli-args, and no shell ever reads them. Output is captured
 * (capped) and parsed by cli-output.
 */

export type FlinkTool = "flink" | "yarn-session.sh" | "kubernetes-session.sh";

export interface ToolOptions {
  flinkHome: string;
  /** Added to this process's environment (HADOOP_CLASSPATH, KUBECONFIG, FLINK_CONF_DIR, …). */
  env?: Record<string, string>;
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface ToolOutput {
  stdout: string;
  stderr: string;
}

/** Per stream: the first and the last half of this are kept (ids print early, errors late). */
const OUTPUT_CAP = 512 * 1024;
const KILL_GRACE_MS = 5_000;
const JOB_ID = /^[0-9a-f]{32}$/;

class CappedOutput {
  private head: Buffer[] = [];
  private headSize = 0;
  private tail: Buffer[] = [];
  private tailSize = 0;
  private dropped = 0;

  push(chunk: Buffer): void {
    const half = OUTPUT_CAP / 2;
    if (this.headSize < half) {
      const take = chunk.subarray(0, half - this.headSize);
      this.head.push(take);
      this.headSize += take.byteLength;
      chunk = chunk.subarray(take.byteLength);
    }
    if (chunk.byteLength === 0) return;
    this.tail.push(chunk);
    this.tailSize += chunk.byteLength;
    while (this.tailSize - (this.tail[0]?.byteLength ?? 0) >= half) {
      const first = this.tail.shift() as Buffer;
      this.tailSize -= first.byteLength;
      this.dropped += first.byteLength;
    }
  }

  text(): string {
    const gap = this.dropped > 0 ? `\n[… ${this.dropped} bytes left out …]\n` : "";
    return Buffer.concat(this.head).toString("utf8") + gap + Buffer.concat(this.tail).toString("utf8");
  }
}

async function toolPath(flinkHome: string, tool: FlinkTool): Promise<string> {
  if (!flinkHome || flinkHome.includes("\0")) throw invalidInput("A Flink home must be a directory path without NUL characters.");
  const home = await realpath(flinkHome).catch(() => {
    throw invalidInput(`The Flink home ${flinkHome} does not exist.`);
  });
  const file = path.join(home, "bin", tool);
  if (!(await stat(file).catch(() => null))?.isFile()) throw invalidInput(`${flinkHome} has no bin/${tool}.`);
  return file;
}

/** Runs one tool of a FLINK_HOME; a non-zero exit becomes a FlinkCliError with the tool's last meaningful line. */
export async function runTool(tool: FlinkTool, args: readonly string[], opts: ToolOptions): Promise<ToolOutput> {
  const file = await toolPath(opts.flinkHome, tool);
  const timeoutMs = opts.timeoutMs ?? 5 * 60_000;
  const label = `bin/${tool}${tool === "flink" && args[0] && !args[0].startsWith("-") ? ` ${args[0]}` : ""}`;
  return new Promise((resolve, reject) => {
    const child = spawn(file, [...args], {
      shell: false,
      env: { ...process.env, ...opts.env },
      cwd: path.dirname(path.dirname(file)),
      stdio: ["ignore", "pipe", "pipe"],
      // Its own process group, so a timeout stops the JVM the script started too.
      detached: true,
    });
    const stdout = new CappedOutput();
    const stderr = new CappedOutput();
    child.stdout.on("data", (c: Buffer) => stdout.push(c));
    child.stderr.on("data", (c: Buffer) => stderr.push(c));
    let stopReason: string | null = null;
    const stop = (reason: string): void => {
      if (stopReason || child.pid === undefined) return;
      stopReason = reason;
      const kill = (signal: NodeJS.Signals): void => {
        try {
          process.kill(-(child.pid as number), signal);
        } catch {
          // already gone
        }
      };
      kill("SIGTERM");
      setTimeout(() => kill("SIGKILL"), KILL_GRACE_MS).unref();
    };
    const timer = setTimeout(() => stop(`${label} did not finish within ${formatDuration(timeoutMs)} and was stopped.`), timeoutMs);
    const onAbort = (): void => stop(`${label} was stopped.`);
    opts.signal?.addEventListener("abort", onAbort, { once: true });
    child.on("error", (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      opts.signal?.removeEventListener("abort", onAbort);
      reject(e.code === "EACCES" ? invalidInput(`${label} in ${opts.flinkHome} is not executable.`) : e);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      opts.signal?.removeEventListener("abort", onAbort);
      const out = { stdout: stdout.text(), stderr: stderr.text() };
      if (code === 0 && !stopReason) return resolve(out);
      const message =
        stopReason ?? lastMeaningfulLine(out.stderr) ?? lastMeaningfulLine(out.stdout) ?? `${label} exited with code ${code ?? "unknown"}.`;
      reject(new FlinkCliError({ tool: label, exitCode: code, message, output: `${out.stdout}\n${out.stderr}` }));
    });
  });
}

function checkJobId(jobId: string): string {
  if (!JOB_ID.test(jobId)) throw invalidInput("A Flink job id is 32 hexadecimal characters.");
  return jobId;
}

async function majorVersion(flinkHome: string, known?: string): Promise<number> {
  const v = known ? parseFlinkVersion(known) : null;
  return v ? v.major : (await inspectFlinkHome(flinkHome)).major;
}

/** A cluster that takes submissions: a YARN or Kubernetes session, or any JobManager (`remote`). */
export type SessionTarget =
  | { target: "yarn-session"; applicationId: string }
  | { target: "kubernetes-session"; clusterId: string; namespace?: string }
  | { target: "remote"; jobManagerUrl: string };

/** Where a job runs, as `-t <target>` plus the properties that name the cluster. */
export type ClusterTarget =
  | SessionTarget
  | { target: "yarn-application" | "yarn-per-job"; applicationId: string }
  | { target: "kubernetes-application"; clusterId: string; namespace?: string };

export function targetArgs(t: ClusterTarget): string[] {
  const props: Record<string, string> = {};
  if ("jobManagerUrl" in t) {
    let url: URL;
    try {
      url = new URL(t.jobManagerUrl);
    } catch {
      throw invalidInput(`"${t.jobManagerUrl}" is not a JobManager URL.`);
    }
    props["rest.address"] = url.hostname;
    props["rest.port"] = url.port || (url.protocol === "https:" ? "443" : "80");
  } else if ("applicationId" in t) {
    if (!/^application_\d+_\d+$/.test(t.applicationId)) throw invalidInput(`"${t.applicationId}" is not a YARN application id.`);
    props["yarn.application.id"] = t.applicationId;
  } else {
    props["kubernetes.cluster-id"] = t.clusterId;
    if (t.namespace) props["kubernetes.namespace"] = t.namespace;
  }
  return ["-t", t.target, ...dynamicPropertyArgs(props)];
}

export interface JobSubmission {
  /** A local path, or `local:///…` inside the image for Kubernetes application mode. */
  jar: string;
  args?: string[];
  entryClass?: string;
  dynamicProperties?: Record<string, string>;
  detached?: boolean;
  savepointPath?: string;
  allowNonRestoredState?: boolean;
  parallelism?: number;
  /** The Flink version of flinkHome when known; otherwise read from its flink-dist jar when it matters. */
  flinkVersion?: string;
}

function submissionArgs(s: JobSubmission, extraProperties: Record<string, string> = {}): string[] {
  const argv = dynamicPropertyArgs({ ...s.dynamicProperties, ...extraProperties });
  if (s.detached ?? true) argv.push("-d");
  if (s.savepointPath) argv.push("-s", optionValue("savepoint path", s.savepointPath));
  if (s.allowNonRestoredState) argv.push("-n");
  if (s.parallelism !== undefined) {
    if (!Number.isInteger(s.parallelism) || s.parallelism < 1) throw invalidInput("Parallelism must be a whole number of at least 1.");
    argv.push("-p", String(s.parallelism));
  }
  if (s.entryClass) argv.push("-c", optionValue("entry class", s.entryClass));
  argv.push(optionValue("jar path", s.jar), ...programArgs(s.args ?? []));
  return argv;
}

export interface ClusterFacts extends ToolOutput {
  applicationId: string | null;
  clusterId: string | null;
  webInterfaceUrl: string | null;
  jobId: string | null;
}

function clusterFacts(out: ToolOutput, jobId: string | null): ClusterFacts {
  const all = `${out.stdout}\n${out.stderr}`;
  const k8s = parseKubernetesCluster(all);
  return {
    ...out,
    applicationId: parseApplicationId(all),
    clusterId: k8s?.clusterId ?? null,
    webInterfaceUrl: k8s?.webInterfaceUrl ?? parseWebInterfaceUrl(all),
    jobId: jobId ?? parseJobId(all),
  };
}

/**
 * Application mode: a new cluster for one job. 1.x says `flink run-application -t …`, 2.x
 * `flink run -t …` (run-application was removed in 2.0). The client does not print the job id in
 * this mode, so `jobId` fixes it in advance (`-D$internal.pipeline.job-id`).
 */
export async function runApplication(
  opts: ToolOptions & JobSubmission & { target: "yarn-application" | "kubernetes-application"; clusterId?: string; jobId?: string },
): Promise<ClusterFacts> {
  const extra: Record<string, string> = {};
  if (opts.jobId) extra["$internal.pipeline.job-id"] = checkJobId(opts.jobId);
  if (opts.clusterId) extra["kubernetes.cluster-id"] = opts.clusterId;
  const command = (await majorVersion(opts.flinkHome, opts.flinkVersion)) >= 2 ? "run" : "run-application";
  const out = await runTool("flink", [command, "-t", opts.target, ...submissionArgs(opts, extra)], opts);
  return clusterFacts(out, opts.jobId ?? null);
}

/** Per-job mode on YARN: Flink 1.x only (2.0 removed it). */
export async function runPerJob(opts: ToolOptions & JobSubmission): Promise<ClusterFacts> {
  const major = await majorVersion(opts.flinkHome, opts.flinkVersion);
  if (major >= 2) throw invalidInput("Flink 2.0 removed per-job mode (yarn-per-job); run the job in application mode instead.");
  const out = await runTool("flink", ["run", "-t", "yarn-per-job", ...submissionArgs(opts)], opts);
  return clusterFacts(out, null);
}

/** Submits a job to a running session cluster (YARN, Kubernetes) or any JobManager (`remote`). */
export async function runInSession(
  opts: ToolOptions & JobSubmission & SessionTarget,
): Promise<ToolOutput & { jobId: string | null }> {
  const out = await runTool("flink", ["run", ...targetArgs(opts), ...submissionArgs(opts)], opts);
  return { ...out, jobId: parseJobId(`${out.stdout}\n${out.stderr}`) };
}

/** `bin/yarn-session.sh -d`: a detached session cluster on YARN. */
export async function startYarnSession(
  opts: ToolOptions & { name?: string; queue?: string; dynamicProperties?: Record<string, string> },
): Promise<ClusterFacts> {
  const props: Record<string, string> = { ...opts.dynamicProperties };
  // As -D properties rather than -nm/-qu, so a value can never be read as an option.
  if (opts.name) props["yarn.application.name"] = opts.name;
  if (opts.queue) props["yarn.application.queue"] = opts.queue;
  const out = await runTool("yarn-session.sh", ["-d", ...dynamicPropertyArgs(props)], opts);
  return clusterFacts(out, null);
}

/** `bin/kubernetes-session.sh -Dkubernetes.cluster-id=…`: a session cluster on Kubernetes (detached by default). */
export async function startKubernetesSession(
  opts: ToolOptions & { clusterId: string; namespace?: string; dynamicProperties?: Record<string, string> },
): Promise<ClusterFacts> {
  const props: Record<string, string> = { ...opts.dynamicProperties, "kubernetes.cluster-id": opts.clusterId };
  if (opts.namespace) props["kubernetes.namespace"] = opts.namespace;
  const out = await runTool("kubernetes-session.sh", dynamicPropertyArgs(props), opts);
  return clusterFacts(out, null);
}

/** `flink cancel`; resolves with the id from "Cancelled job <id>." (null if the tool did not print it). */
export async function cancel(opts: ToolOptions & ClusterTarget & { jobId: string }): Promise<ToolOutput & { cancelledJobId: string | null }> {
  const out = await runTool("flink", ["cancel", ...targetArgs(opts), checkJobId(opts.jobId)], { timeoutMs: 2 * 60_000, ...opts });
  return { ...out, cancelledJobId: parseCancelledJobId(`${out.stdout}\n${out.stderr}`) };
}

/** `flink stop` (stop with a savepoint); resolves with the path from "Savepoint completed. Path: …". */
export async function stop(
  opts: ToolOptions & ClusterTarget & { jobId: string; savepointPath?: string; drain?: boolean },
): Promise<ToolOutput & { savepointPath: string | null }> {
  const argv = ["stop"];
  if (opts.savepointPath) argv.push("--savepointPath", optionValue("savepoint directory", opts.savepointPath));
  if (opts.drain) argv.push("--drain");
  argv.push(...targetArgs(opts), checkJobId(opts.jobId));
  const out = await runTool("flink", argv, { timeoutMs: 10 * 60_000, ...opts });
  return { ...out, savepointPath: parseSavepointPath(`${out.stdout}\n${out.stderr}`) };
}

/** `flink --version`. */
export async function version(
  flinkHome: string,
  opts: Omit<ToolOptions, "flinkHome"> = {},
): Promise<ToolOutput & { version: string | null; commit: string | null }> {
  const out = await runTool("flink", ["--version"], { timeoutMs: 60_000, ...opts, flinkHome });
  const parsed = parseVersionOutput(out.stdout);
  return { ...out, version: parsed?.version ?? null, commit: parsed?.commit ?? null };
}
