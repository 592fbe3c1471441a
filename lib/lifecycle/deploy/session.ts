import type { Cluster } from "@/db/queries/clusters";
import { reachJobManager } from "@/lib/environments/cluster-probe";
import { AppError } from "@/lib/errors";
import { FlinkUnreachableError } from "@/lib/flink/errors";
import type { JobManagerClient } from "@/lib/flink/jobmanager";
import { SqlGatewayClient } from "@/lib/flink/sql-gateway";
import { splitStatements, statementSetParts } from "@/lib/sql";
import { cancelJob, dependencyJars, findJob, mainJar, runConfiguration, sqlString, stopWithSavepoint, triggerSavepoint } from "./common";
import type { DeployContext, ModeAdapter, Observed, OperateContext, RunPlacement } from "./types";

/**
 * Session modes (remote, yarn-session, k8s-session): the job goes to a running cluster. SQL goes
 * through the cluster's SQL Gateway (one session per deploy: SET, ADD JAR, the statements, close);
 * a JAR is uploaded to the JobManager, run, and deleted again. The Flink job id is fixed in advance,
 * so a deploy that finds the job already on the cluster adopts it.
 */

const REST_TIMEOUT_MS = 10_000;
/** A statement (an INSERT submits its job before it answers) may take a while on a busy gateway. */
const STATEMENT_TIMEOUT_MS = 3 * 60_000;

async function jobManagerOf(cluster: Cluster | null, what: string): Promise<JobManagerClient> {
  if (!cluster) throw new AppError("conflict", `This run has no cluster to ${what}; its cluster was deleted.`);
  const reach = await reachJobManager(cluster, REST_TIMEOUT_MS);
  if ("unavailable" in reach) throw new FlinkUnreachableError({ upstream: "JobManager", message: reach.unavailable.message ?? `Cluster “${cluster.name}” cannot be reached.` });
  return reach.client;
}

function adopted(ctx: DeployContext, seen: NonNullable<Observed>): RunPlacement {
  ctx.log(`Flink already has job ${ctx.run.flinkJobId} (${seen.state}): adopting it instead of submitting it again.`);
  return { flinkJobId: ctx.run.flinkJobId };
}

const isDuplicate = (e: unknown) => e instanceof Error && /DuplicateJobSubmissionException|Job has already been submitted/.test(e.message);

/** What a statement does when the gateway runs it: submit a job, collect rows for a client, or neither. */
export function statementKind(text: string): "job" | "query" | "other" {
  const [a = "", b = ""] = text.trim().split(/\s+/, 2).map((w) => w.toUpperCase());
  if (a === "INSERT" || a === "UPSERT") return "job";
  if (a === "BEGIN" && b === "STATEMENT") return "job";
  if (a === "EXECUTE") return b === "STATEMENT" || b === "INSERT" || b === "UPSERT" ? "job" : "query";
  if (a === "SELECT" || a === "WITH" || a === "VALUES" || a === "TABLE" || a.startsWith("(")) return "query";
  // CREATE TABLE … AS SELECT (and REPLACE TABLE … AS) submit a job too.
  if ((a === "CREATE" || a === "REPLACE") && /^\S+\s+(?:OR\s+REPLACE\s+)?(?:TEMPORARY\s+)?TABLE\b[\s\S]*?\bAS\s*\(?\s*(?:SELECT|WITH|VALUES)\b/i.test(text.trim())) return "job";
  return "other";
}

/** The statements of a job's script, refused before anything runs when they would not make exactly one job. */
function jobScript(sql: string) {
  const statements = splitStatements(sql);
  const query = statements.find((s) => statementKind(s.text) === "query");
  if (query) {
    throw new AppError("invalid_input", `The query at line ${query.line} only collects rows for a client; a deployed job writes to a table (INSERT INTO …).`);
  }
  const jobs = statements.filter((s) => statementKind(s.text) === "job");
  if (jobs.length === 0) throw new AppError("invalid_input", "The script submits no job: it needs an INSERT INTO (or a statement set).");
  if (jobs.length > 1) {
    throw new AppError("invalid_input", `The script submits ${jobs.length} jobs (lines ${jobs.map((j) => j.line).join(", ")}); one deployment runs one Flink job, so put the INSERTs in one statement set (EXECUTE STATEMENT SET BEGIN … END).`);
  }
  return statements;
}

/** The SQL client's `BEGIN STATEMENT SET; …; END` as the one statement the gateway runs. */
function gatewayText(text: string): string {
  if (!/^BEGIN\s+STATEMENT\s+SET\b/i.test(text.trim())) return text;
  const parts = statementSetParts(text) ?? [];
  return `EXECUTE STATEMENT SET\nBEGIN\n${parts.map((p) => `${p.text};`).join("\n")}\nEND`;
}

/** Where the gateway's session sends the job: the YARN application or Kubernetes cluster of the session. */
function targetProperties(cluster: Cluster): Record<string, string> {
  if (cluster.kind === "yarn-session" && cluster.yarnApplicationId) {
    // A session Eddy restarts gets a new application id, which the gateway's own configuration cannot know.
    return { "execution.target": "yarn-session", "yarn.application.id": cluster.yarnApplicationId };
  }
  if (cluster.kind === "k8s-session" && cluster.k8sClusterId) {
    return { "execution.target": "kubernetes-session", "kubernetes.cluster-id": cluster.k8sClusterId, ...(cluster.k8sNamespace ? { "kubernetes.namespace": cluster.k8sNamespace } : {}) };
  }
  return {};
}

async function deploySql(ctx: DeployContext, cluster: Cluster, jm: JobManagerClient): Promise<RunPlacement> {
  if (!cluster.sqlGatewayUrl) {
    throw new AppError("conflict", `Cluster “${cluster.name}” has no SQL Gateway, which SQL jobs on a session cluster need; add its URL to the cluster, or run the job in an application mode.`);
  }
  const statements = jobScript(ctx.release.sql);
  const jobId = ctx.run.flinkJobId;
  const gateway = new SqlGatewayClient({ baseUrl: cluster.sqlGatewayUrl, timeoutMs: REST_TIMEOUT_MS });
  const settings = ctx.release.manifest.settings;
  const properties = {
    "parallelism.default": String(settings.parallelism),
    ...targetProperties(cluster),
    ...runConfiguration(ctx.release, { flinkJobId: jobId, restore: ctx.restore, name: ctx.job.name }),
  };
  const sessionHandle = await gateway.openSession({ name: `eddy-${ctx.job.id}-run-${ctx.run.id}` });
  ctx.log(`SQL Gateway session ${sessionHandle} opened on ${cluster.sqlGatewayUrl}.`);
  const refused = (e: unknown, what: string) => {
    if (e instanceof FlinkUnreachableError || isDuplicate(e) || !(e instanceof Error)) return e;
    return new AppError("flink_error", `Flink refused ${what}: ${e.message}`);
  };
  const run = async (statement: string, what: string) => {
    try {
      const op = await gateway.executeStatement(sessionHandle, statement);
      return await gateway.collect(sessionHandle, op, { timeoutMs: STATEMENT_TIMEOUT_MS, maxRows: 100, pollMs: 100, signal: ctx.signal });
    } catch (e) {
      throw refused(e, what);
    }
  };
  // SET and ADD JAR change the session only: configure-session (v2+) answers at once.
  const configure = async (statement: string, what: string) => {
    if ((await gateway.apiVersion()) < 2) return void (await run(statement, what));
    await gateway.configureSession(sessionHandle, statement).catch((e: unknown) => Promise.reject(refused(e, what)));
  };
  try {
    for (const [key, value] of Object.entries(properties)) await configure(`SET ${sqlString(key)} = ${sqlString(value)}`, `the setting ${key}`);
    for (const jar of dependencyJars(ctx.release)) await configure(`ADD JAR ${sqlString(jar.path)}`, `the jar ${jar.name}`);
    let submitted: string | null = null;
    for (const [i, s] of statements.entries()) {
      const out = await run(gatewayText(s.text), `statement ${i + 1} (line ${s.line})`);
      if (statementKind(s.text) === "job") submitted = out.jobId;
    }
    if (submitted && submitted !== jobId) ctx.log(`The gateway reports job ${submitted}, not the fixed id ${jobId}; the script may set $internal.pipeline.job-id itself.`);
    ctx.log(`Submitted as Flink job ${submitted ?? jobId}.`);
    return { flinkJobId: submitted ?? jobId };
  } catch (e) {
    if (!isDuplicate(e)) throw e;
    // Submitted by an earlier attempt whose answer was lost: the cluster has the job.
    const seen = await findJob(jm, jobId);
    if (!seen) throw e;
    return adopted(ctx, seen);
  } finally {
    await gateway.closeSession(sessionHandle).catch(() => undefined);
  }
}

async function deployJar(ctx: DeployContext, jm: JobManagerClient): Promise<RunPlacement> {
  const jar = mainJar(ctx.release);
  const deps = dependencyJars(ctx.release);
  if (deps.length > 0) {
    throw new AppError("conflict", `A JAR job on a session cluster runs its one jar; bundle ${deps.map((d) => d.name).join(", ")} into ${jar.name} (a fat jar), or run the job in an application mode.`);
  }
  const settings = ctx.release.manifest.settings;
  const jobId = ctx.run.flinkJobId;
  const config = runConfiguration(ctx.release, { flinkJobId: jobId, restore: ctx.restore });
  // These go as their own fields of the request, which every Flink version takes.
  for (const k of ["$internal.pipeline.job-id", "execution.savepoint.path", "execution.savepoint.ignore-unclaimed-state"]) delete config[k];
  const { jarId } = await jm.uploadJar({ filename: jar.name, data: jar.path });
  ctx.log(`Uploaded ${jar.name} to the JobManager (${jarId}).`);
  try {
    const { jobId: submitted } = await jm.runJar(jarId, {
      jobId,
      entryClass: settings.mainClass ?? undefined,
      programArgsList: ctx.release.programArgs,
      parallelism: settings.parallelism,
      savepointPath: ctx.restore?.path,
      allowNonRestoredState: ctx.restore ? ctx.restore.allowNonRestoredState : undefined,
      flinkConfiguration: Object.keys(config).length > 0 ? config : undefined,
    });
    ctx.log(`Submitted as Flink job ${submitted}.`);
    return { flinkJobId: submitted };
  } catch (e) {
    if (!isDuplicate(e)) throw e;
    const seen = await findJob(jm, jobId);
    if (!seen) throw e;
    return adopted(ctx, seen);
  } finally {
    await jm.deleteJar(jarId).catch(() => ctx.log(`Could not delete ${jarId} from the JobManager; it stays in its upload directory.`));
  }
}

export const sessionAdapter: ModeAdapter = {
  async deploy(ctx) {
    const cluster = ctx.cluster;
    if (!cluster) throw new AppError("conflict", `“${ctx.job.name}” runs on a session cluster, but its release names none; choose a cluster in the job's settings and build again.`);
    const jm = await jobManagerOf(cluster, "deploy to");
    const seen = await findJob(jm, ctx.run.flinkJobId);
    if (seen) return adopted(ctx, seen);
    return ctx.job.type === "sql" ? deploySql(ctx, cluster, jm) : deployJar(ctx, jm);
  },

  async observe(ctx) {
    if (!ctx.cluster) return null;
    const reach = await reachJobManager(ctx.cluster, REST_TIMEOUT_MS);
    if ("unavailable" in reach) {
      // An ended YARN session runs nothing any more; anything else is a cluster that does not answer.
      if (reach.unavailable.yarnEnded) return null;
      throw new FlinkUnreachableError({ upstream: "JobManager", message: reach.unavailable.message ?? `Cluster “${ctx.cluster.name}” cannot be reached.` });
    }
    return findJob(reach.client, ctx.run.flinkJobId);
  },

  async stopWithSavepoint(ctx, opts) {
    return stopWithSavepoint(await jobManagerOf(ctx.cluster, "stop the job on"), ctx, opts);
  },

  async cancel(ctx) {
    if (!ctx.cluster) throw new AppError("conflict", "This run's cluster was deleted; there is nothing Eddy can cancel it on.");
    const reach = await reachJobManager(ctx.cluster, REST_TIMEOUT_MS);
    if ("unavailable" in reach) {
      if (reach.unavailable.yarnEnded) return ctx.log(`${reach.unavailable.message} The job ended with it.`);
      throw new FlinkUnreachableError({ upstream: "JobManager", message: reach.unavailable.message ?? `Cluster “${ctx.cluster.name}” cannot be reached.` });
    }
    await cancelJob(reach.client, ctx);
  },

  async triggerSavepoint(ctx, opts) {
    return triggerSavepoint(await jobManagerOf(ctx.cluster, "take a savepoint on"), ctx, opts.targetDirectory);
  },

  async jobManager(ctx: OperateContext) {
    if (!ctx.cluster) return null;
    const reach = await reachJobManager(ctx.cluster, REST_TIMEOUT_MS).catch(() => null);
    return reach && "client" in reach ? reach.client : null;
  },
};
