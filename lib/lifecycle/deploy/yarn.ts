import { randomBytes } from "node:crypto";
import { mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { loadConfig } from "@/lib/config";
import { AppError } from "@/lib/errors";
import { runApplication, runPerJob, type ClusterFacts } from "@/lib/flink/cli";
import { FlinkError, FlinkUnreachableError } from "@/lib/flink/errors";
import type { JobManagerClient } from "@/lib/flink/jobmanager";
import { FINAL_YARN_STATES, YarnClient, type YarnApp } from "@/lib/flink/yarn";
import { yarnAppJobState } from "../watch";
import type { ResolvedRelease } from "../release";
import { cancelJob, dependencyJars, findJob, mainJar, requireSqlDriver, runConfiguration, SQL_DRIVER, stopWithSavepoint, triggerSavepoint, yarnApplicationName } from "./common";
import type { DeployContext, ModeAdapter, Observed, OperateContext, RunPlacement } from "./types";

/**
 * YARN application mode (a cluster per job, its main() on the JobManager) and per-job mode (Flink
 * 1.x: main() in the client). Both go through the FLINK_HOME's `flink` CLI, name the YARN
 * application `eddy-<job>-run-<run>` (how a retried deploy finds it) and fix the job id in advance.
 * SQL jobs run Flink's SQL Driver with the script shipped to the cluster (`yarn.ship-files`).
 * The JobManager is reached through the ResourceManager's proxy (writes go to it directly).
 */

const CLI_TIMEOUT_MS = 10 * 60_000;
const REST_TIMEOUT_MS = 10_000;

function yarnFor(release: ResolvedRelease): YarnClient {
  const rmUrl = release.manifest.yarnRmUrl ?? loadConfig().yarnRmUrl;
  if (!rmUrl) throw new AppError("conflict", "No YARN ResourceManager is configured: set EDDY_YARN_RM_URL and build the job again.");
  return new YarnClient({ rmUrl, user: loadConfig().yarnUser, timeoutMs: REST_TIMEOUT_MS });
}

const isNotFound = (e: unknown) => e instanceof FlinkError && e.upstreamStatus === 404;

/** The run's application: by its recorded id, else by its name (a deploy that crashed before recording it). */
async function findApp(yarn: YarnClient, ctx: Pick<OperateContext, "job" | "run">): Promise<YarnApp | null> {
  if (ctx.run.yarnApplicationId) return yarn.getApp(ctx.run.yarnApplicationId).catch((e) => (isNotFound(e) ? null : Promise.reject(e)));
  const apps = await yarn.listFlinkApps({ name: yarnApplicationName(ctx) });
  // The newest, should a name ever have been used twice.
  return apps.sort((a, b) => (b.startedTime ?? 0) - (a.startedTime ?? 0))[0] ?? null;
}

function jobManagerFor(yarn: YarnClient, app: YarnApp, release: ResolvedRelease): JobManagerClient {
  return yarn.jobManagerFor(app.id, { timeoutMs: REST_TIMEOUT_MS, flinkVersion: release.manifest.flink.version });
}

/** The run's JobManager, or a sentence saying why there is none to talk to. */
async function runningJobManager(ctx: OperateContext, what: string): Promise<JobManagerClient> {
  const yarn = yarnFor(ctx.release);
  const app = await findApp(yarn, ctx);
  if (!app) throw new AppError("conflict", `YARN has no application ${ctx.run.yarnApplicationId ?? yarnApplicationName(ctx)}; Eddy cannot ${what}.`);
  if (app.state !== "RUNNING") throw new AppError("conflict", `YARN application ${app.id} is ${app.state}, not running; Eddy cannot ${what}.`);
  return jobManagerFor(yarn, app, ctx.release);
}

async function observe(ctx: OperateContext): Promise<Observed> {
  const yarn = yarnFor(ctx.release);
  const app = await findApp(yarn, ctx);
  if (!app) return null;
  if (app.state === "RUNNING") {
    try {
      // The JobManager runs; the job may not be submitted yet (main() is still planning it).
      return (await findJob(jobManagerFor(yarn, app, ctx.release), ctx.run.flinkJobId)) ?? { state: "INITIALIZING" };
    } catch (e) {
      if (!(e instanceof FlinkError)) throw e;
      // The application may have ended between the two reads; otherwise its JobManager does not answer properly.
      const again = await findApp(yarn, ctx);
      if (again && again.state === "RUNNING") throw new FlinkUnreachableError({ upstream: "JobManager", message: `The JobManager of ${app.id} does not answer through YARN's proxy: ${e.message}` });
      if (!again) return null;
      return appObserved(again);
    }
  }
  return appObserved(app);
}

/** An application that is not running, as the job state it implies (an application cluster ends with its job). */
function appObserved(app: YarnApp): Observed {
  const state = yarnAppJobState(app);
  const failure = state === "FAILED" && app.diagnostics ? app.diagnostics.split("\n")[0]?.slice(0, 500) : undefined;
  return { state, startTime: app.startedTime, endTime: app.finishedTime || undefined, ...(failure ? { failure } : {}) };
}

async function shipScript(ctx: DeployContext): Promise<{ dir: string; file: string }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "eddy-sql-"));
  // The script holds secrets substituted for their variables: only this user may read it, and only until YARN has it.
  const file = path.join(dir, `${yarnApplicationName(ctx)}-${randomBytes(4).toString("hex")}.sql`);
  await writeFile(file, ctx.release.sql, { mode: 0o600 });
  return { dir, file };
}

function adaptedFrom(ctx: DeployContext, yarn: YarnClient, app: YarnApp): RunPlacement {
  return { flinkJobId: ctx.run.flinkJobId, yarnApplicationId: app.id, jobManagerUrl: yarn.proxyUrl(app.id) };
}

async function deploy(ctx: DeployContext, perJob: boolean): Promise<RunPlacement> {
  const { release } = ctx;
  const flink = release.manifest.flink;
  const settings = release.manifest.settings;
  if (perJob && flink.major >= 2) {
    throw new AppError("conflict", `Flink 2.0 removed per-job mode, and this release uses Flink ${flink.version}; choose YARN application mode instead.`);
  }
  if (perJob && ctx.job.type === "sql") {
    throw new AppError("conflict", "Per-job mode runs JAR jobs only (Flink 1.x has no SQL Driver to run a script as a program); run SQL jobs on a session cluster, or in YARN application mode with Flink 2.");
  }
  if (ctx.job.type === "sql") requireSqlDriver(release, "YARN application mode");

  const yarn = yarnFor(release);
  const name = yarnApplicationName(ctx);
  const existing = await findApp(yarn, ctx);
  if (existing) {
    ctx.log(`YARN already has application ${existing.id} (${name}, ${existing.state}): adopting it instead of submitting again.`);
    return adaptedFrom(ctx, yarn, existing);
  }

  const jobId = ctx.run.flinkJobId;
  const properties = runConfiguration(release, { flinkJobId: jobId, restore: null, cluster: true, name: ctx.job.type === "sql" ? ctx.job.name : undefined });
  properties["yarn.application.name"] = name;
  if (settings.yarnQueue) properties["yarn.application.queue"] = settings.yarnQueue;
  const ship = dependencyJars(release).map((j) => j.path);
  let script: { dir: string; file: string } | undefined;
  let jar: string;
  let entryClass: string | undefined;
  let args: string[];
  try {
    if (ctx.job.type === "sql") {
      jar = path.join(flink.home, "opt", `flink-sql-gateway-${flink.version}.jar`);
      if (!(await stat(jar).catch(() => null))?.isFile()) {
        throw new AppError("conflict", `${flink.home} has no opt/flink-sql-gateway-${flink.version}.jar, which runs SQL jobs in application mode; restore it in that Flink home.`);
      }
      script = await shipScript(ctx);
      ship.push(script.file);
      entryClass = SQL_DRIVER;
      // YARN puts shipped files in the container's working directory, where the relative path finds it.
      args = ["--scriptPath", path.basename(script.file)];
    } else {
      jar = mainJar(release).path;
      entryClass = settings.mainClass ?? undefined;
      args = release.programArgs;
    }
    // Shipped files are on the classpath of the JobManager and TaskManagers: dependency jars need nothing more.
    // What the job's own -D yarn.ship-files names is shipped too, first.
    if (ship.length > 0) properties["yarn.ship-files"] = [...(properties["yarn.ship-files"] ?? "").split(";").filter(Boolean), ...ship].join(";");
    const submission = {
      flinkHome: flink.home,
      flinkVersion: flink.version,
      jar,
      entryClass,
      args,
      parallelism: settings.parallelism,
      savepointPath: ctx.restore?.path,
      allowNonRestoredState: ctx.restore?.allowNonRestoredState,
      timeoutMs: CLI_TIMEOUT_MS,
      signal: ctx.signal,
    };
    ctx.log(`Submitting YARN application ${name} with bin/flink (${perJob ? "per-job" : "application"} mode).`);
    let facts: ClusterFacts;
    if (perJob) facts = await runPerJob({ ...submission, dynamicProperties: properties });
    else facts = await runApplication({ ...submission, target: "yarn-application", jobId, dynamicProperties: properties });
    const appId = facts.applicationId ?? (await findApp(yarn, ctx))?.id;
    if (!appId) throw new AppError("flink_error", `bin/flink finished without naming a YARN application, and YARN has none named ${name}.`);
    ctx.log(`YARN application ${appId} runs the job.`);
    return { flinkJobId: jobId, yarnApplicationId: appId, jobManagerUrl: yarn.proxyUrl(appId) };
  } finally {
    if (script) await rm(script.dir, { recursive: true, force: true });
  }
}

function yarnAdapter(perJob: boolean): ModeAdapter {
  return {
    deploy: (ctx) => deploy(ctx, perJob),
    observe,

    async stopWithSavepoint(ctx, opts) {
      return stopWithSavepoint(await runningJobManager(ctx, "stop the job"), ctx, opts);
    },

    async triggerSavepoint(ctx, opts) {
      return triggerSavepoint(await runningJobManager(ctx, "take a savepoint"), ctx, opts.targetDirectory);
    },

    /**
     * Cancels through the JobManager (the application then ends, KILLED); an application whose
     * JobManager is not up yet, or does not answer, is killed through YARN instead.
     */
    async cancel(ctx) {
      const yarn = yarnFor(ctx.release);
      const app = await findApp(yarn, ctx);
      if (!app || FINAL_YARN_STATES.includes(app.state)) {
        ctx.log(app ? `YARN application ${app.id} had already ended (${app.state}).` : "YARN has no application of this run; nothing to cancel.");
        return;
      }
      if (app.state === "RUNNING") {
        try {
          await cancelJob(jobManagerFor(yarn, app, ctx.release), ctx);
          return;
        } catch (e) {
          if (!(e instanceof FlinkUnreachableError)) throw e;
          ctx.log(`The JobManager does not answer (${e.message}); killing the YARN application instead.`);
        }
      }
      const state = await yarn.kill(app.id, { timeoutMs: 2 * 60_000, signal: ctx.signal });
      ctx.log(`YARN application ${app.id} is ${state}.`);
    },

    async jobManager(ctx) {
      const yarn = yarnFor(ctx.release);
      const app = await findApp(yarn, ctx).catch(() => null);
      return app?.state === "RUNNING" ? jobManagerFor(yarn, app, ctx.release) : null;
    },
  };
}

export const yarnApplicationAdapter = yarnAdapter(false);
export const yarnPerJobAdapter = yarnAdapter(true);
