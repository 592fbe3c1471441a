import { k8sRestUrl } from "@/lib/environments/cluster-probe";
import { AppError } from "@/lib/errors";
import { FlinkError, FlinkTimeoutError } from "@/lib/flink/errors";
import { atLeast, parseFlinkVersion } from "@/lib/flink/flink-version";
import { JobManagerClient } from "@/lib/flink/jobmanager";
import { applicationDeployment, checkDeploymentName, flinkResourceStatus, type FlinkDeployment, type FlinkResourceStatusView } from "@/lib/flink/kubernetes-crd";
import { FlinkKubernetesClient } from "@/lib/flink/kubernetes";
import { sleep } from "@/lib/flink/poll";
import { formatDuration } from "@/lib/flink/upstream-error";
import { artifactUrl } from "../artifacts";
import {
  deploymentName,
  dependencyJars,
  END_TIMEOUT_MS,
  isTerminal,
  mainJar,
  POLL_MS,
  redactSignatures,
  requireSqlDriver,
  runConfiguration,
  SAVEPOINT_TIMEOUT_MS,
  savepointDirKey,
  SQL_DRIVER,
  stopWithSavepoint,
  triggerSavepoint,
} from "./common";
import type { DeployContext, ModeAdapter, Observed, OperateContext, RunPlacement } from "./types";

/**
 * Kubernetes application mode through the Flink Kubernetes Operator: one FlinkDeployment per run,
 * named `eddy-<job>-<run>` and labelled as Eddy's (how a retried deploy finds it), with the job id
 * fixed in its configuration (the operator leaves a configured `$internal.pipeline.job-id` alone).
 * SQL jobs run Flink's SQL Driver from the image's SQL Gateway jar with the script as an argument;
 * a JAR job's jar (and its dependencies) are fetched by the JobManager from signed Eddy URLs.
 * Stop and cancel go through the spec, as the operator expects (job.state suspended, with
 * upgradeMode savepoint or stateless); savepoints go to the JobManager's REST API.
 */

const REST_TIMEOUT_MS = 10_000;
const MANAGED_BY = "app.kubernetes.io/managed-by";

function kubernetes(namespace: string | null | undefined): FlinkKubernetesClient {
  return new FlinkKubernetesClient({ namespace: namespace ?? undefined, timeoutMs: REST_TIMEOUT_MS });
}

const isNotFound = (e: unknown) => e instanceof FlinkError && e.upstreamStatus === 404;
const isConflict = (e: unknown) => e instanceof FlinkError && e.upstreamStatus === 409;

/** Where the run's FlinkDeployment is: as recorded, else as a deploy would name it. */
function whereIs(ctx: Pick<OperateContext, "job" | "run" | "release">): { client: FlinkKubernetesClient; namespace: string; name: string } {
  const client = kubernetes(ctx.run.k8sNamespace ?? ctx.release.manifest.settings.k8sNamespace);
  return { client, namespace: ctx.run.k8sNamespace ?? ctx.release.manifest.settings.k8sNamespace ?? client.namespace, name: ctx.run.k8sName ?? deploymentName(ctx) };
}

async function getDeployment(ctx: Pick<OperateContext, "job" | "run" | "release">): Promise<FlinkDeployment | null> {
  const { client, namespace, name } = whereIs(ctx);
  return client.deployments.get(name, namespace).catch((e) => (isNotFound(e) ? null : Promise.reject(e)));
}

function restUrl(name: string, namespace: string): string {
  return k8sRestUrl({ restUrl: null, k8sClusterId: name, k8sNamespace: namespace });
}

function jobManagerClient(ctx: OperateContext): JobManagerClient {
  const { namespace, name } = whereIs(ctx);
  return new JobManagerClient({ baseUrl: ctx.run.jobManagerUrl ?? restUrl(name, namespace), timeoutMs: REST_TIMEOUT_MS, flinkVersion: ctx.release.manifest.flink.version });
}

/**
 * The operator's error, fit for a person: the deepest cause it lists (a failed job's root cause, e.g.
 * the SQL error under "Failed to execute the statement"), else its message; signed URLs lose their signature.
 */
function operatorError(s: FlinkResourceStatusView): string | undefined {
  const deepest = [...(s.error?.throwableList ?? [])].reverse().find((t) => t.message?.trim());
  const message = deepest?.message ?? s.error?.message;
  return message ? redactSignatures(message.split("\n")[0]!.trim()).slice(0, 500) : undefined;
}

function observed(d: FlinkDeployment): NonNullable<Observed> {
  const s = flinkResourceStatus(d);
  // A JobManager that cannot start (an image or a jar it cannot fetch) never runs the job.
  if (s.jobManagerDeploymentStatus === "ERROR" || (s.lifecycleState === "FAILED" && s.jobStatus?.state !== "FAILED")) {
    return { state: "FAILED", failure: operatorError(s) ?? "The operator reports the deployment as failed." };
  }
  const state = s.jobStatus?.state ?? "RECONCILING";
  const endTime = isTerminal(state) ? (s.jobStatus?.updateTime ?? undefined) : undefined;
  const failure = state === "FAILED" ? operatorError(s) : undefined;
  return { state, startTime: s.jobStatus?.startTime ?? undefined, ...(endTime ? { endTime } : {}), ...(failure ? { failure } : {}) };
}

/**
 * Deletes the FlinkDeployments of the job's earlier runs in which nothing runs any more (suspended
 * by a stop or cancel, the job ended, or a JobManager that never started), so ended runs do not
 * keep a JobManager or a resource each. A deployment whose job may still run is left alone.
 */
async function removeEndedRuns(ctx: DeployContext, client: FlinkKubernetesClient, namespace: string, keep: string): Promise<void> {
  const items = await client.deployments.list({ namespace, labelSelector: `${MANAGED_BY}=eddy,eddy/job-id=${ctx.job.id}` }).catch(() => []);
  for (const d of items) {
    const s = flinkResourceStatus(d);
    const ended = s.lifecycleState === "SUSPENDED" || s.jobManagerDeploymentStatus === "ERROR" || (s.jobStatus?.state != null && isTerminal(s.jobStatus.state));
    if (d.metadata.name === keep || !ended) continue;
    await client.deployments
      .delete(d.metadata.name, namespace)
      .then(() => ctx.log(`Deleted FlinkDeployment ${namespace}/${d.metadata.name} of an earlier run (${s.jobStatus?.state ?? s.lifecycleState ?? "ended"}).`))
      .catch(() => undefined);
  }
}

async function deploy(ctx: DeployContext): Promise<RunPlacement> {
  const { release } = ctx;
  const flink = release.manifest.flink;
  const settings = release.manifest.settings;
  const deps = dependencyJars(release);
  if (ctx.job.type === "sql") requireSqlDriver(release, "Kubernetes application mode");
  const fetches = ctx.job.type === "jar" || deps.length > 0;
  const v = parseFlinkVersion(flink.version);
  if (fetches && v && !atLeast(v, 1, 19)) {
    throw new AppError("conflict", `In Kubernetes application mode the JobManager fetches the job's jars over HTTP, which Flink supports from 1.19; this release uses Flink ${flink.version}. Choose a newer Flink version, or run the job on a session cluster.`);
  }
  const client = kubernetes(settings.k8sNamespace);
  const namespace = settings.k8sNamespace ?? client.namespace;
  const name = checkDeploymentName(deploymentName(ctx));
  const placement: RunPlacement = { flinkJobId: ctx.run.flinkJobId, k8sNamespace: namespace, k8sName: name, jobManagerUrl: restUrl(name, namespace) };

  const adopt = (d: FlinkDeployment): RunPlacement => {
    if (d.metadata.labels?.[MANAGED_BY] !== "eddy" || d.metadata.labels?.["eddy/job-id"] !== String(ctx.job.id)) {
      throw new AppError("conflict", `A FlinkDeployment named ${namespace}/${name} exists and is not this job's; Eddy leaves it alone. Delete or rename it, then start again.`);
    }
    ctx.log(`FlinkDeployment ${namespace}/${name} already exists (${flinkResourceStatus(d).lifecycleState ?? "not reconciled yet"}): adopting it instead of creating it again.`);
    return placement;
  };
  const existing = await client.deployments.get(name, namespace).catch((e) => (isNotFound(e) ? null : Promise.reject(e)));
  if (existing) return adopt(existing);
  await removeEndedRuns(ctx, client, namespace, name);

  const configuration: Record<string, string> = runConfiguration(release, { flinkJobId: ctx.run.flinkJobId, restore: null, cluster: true, name: ctx.job.type === "sql" ? ctx.job.name : undefined });
  const urlOf = (file: string) => artifactUrl({ jobId: ctx.job.id, releaseId: release.id, file });
  // Fetched with the job's jar before the JobManager starts, and put on the job's classpath.
  if (deps.length > 0) configuration["user.artifacts.artifact-list"] = (await Promise.all(deps.map((d) => urlOf(d.name)))).join(";");
  const job =
    ctx.job.type === "sql"
      ? { jarURI: `local:///opt/flink/opt/flink-sql-gateway-${flink.version}.jar`, entryClass: SQL_DRIVER, args: ["--script", release.sql] }
      : { jarURI: await urlOf(mainJar(release).name), entryClass: settings.mainClass ?? undefined, args: release.programArgs };
  const resource = applicationDeployment({
    name,
    namespace,
    labels: { [MANAGED_BY]: "eddy", "eddy/job-id": String(ctx.job.id), "eddy/run-id": String(ctx.run.id) },
    image: settings.k8sImage ?? `flink:${flink.version}`,
    flinkVersion: flink.version,
    // The operator's Helm chart gives the namespaces it watches this account, with the rights native Kubernetes needs.
    serviceAccount: "flink",
    flinkConfiguration: configuration,
    jobManager: settings.jobManagerMemory ? { memory: settings.jobManagerMemory } : undefined,
    taskManager: settings.taskManagerMemory ? { memory: settings.taskManagerMemory } : undefined,
    job: {
      ...job,
      parallelism: settings.parallelism,
      // Suspending takes a savepoint first: that is how Eddy stops the job.
      upgradeMode: "savepoint",
      initialSavepointPath: ctx.restore?.path,
      allowNonRestoredState: ctx.restore ? ctx.restore.allowNonRestoredState : undefined,
      state: "running",
    },
  });
  try {
    await client.deployments.create(resource);
  } catch (e) {
    if (!isConflict(e)) throw e;
    const raced = await client.deployments.get(name, namespace);
    return adopt(raced);
  }
  ctx.log(`Created FlinkDeployment ${namespace}/${name}${ctx.restore ? `, restoring from ${ctx.restore.path}` : ""}.`);
  return placement;
}

/** Polls the run's FlinkDeployment until `done` says what it saw (or throws); a FlinkTimeoutError after `timeoutMs`. */
async function watchDeployment<T>(ctx: OperateContext, what: string, timeoutMs: number, done: (d: FlinkDeployment | null) => T | undefined): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = done(await getDeployment(ctx));
    if (result !== undefined) return result;
    if (Date.now() >= deadline) throw new FlinkTimeoutError({ upstream: "Kubernetes API server", message: `${what} did not finish within ${formatDuration(timeoutMs)}; it may still finish later.` });
    await sleep(POLL_MS, ctx.signal);
  }
}

async function suspend(ctx: OperateContext, upgradeMode: "savepoint" | "stateless"): Promise<void> {
  const { client, namespace, name } = whereIs(ctx);
  await client.deployments.patch(name, { spec: { job: { state: "suspended", upgradeMode } } }, namespace);
  ctx.log(`FlinkDeployment ${namespace}/${name}: job.state suspended (upgradeMode ${upgradeMode}).`);
}

async function requireDeployment(ctx: OperateContext, what: string): Promise<FlinkDeployment> {
  const d = await getDeployment(ctx);
  if (!d) throw new AppError("conflict", `The FlinkDeployment ${whereIs(ctx).namespace}/${whereIs(ctx).name} is gone; Eddy cannot ${what}.`);
  return d;
}

export const kubernetesApplicationAdapter: ModeAdapter = {
  deploy,

  async observe(ctx) {
    const d = await getDeployment(ctx);
    return d ? observed(d) : null;
  },

  /**
   * Suspends the deployment with upgradeMode savepoint: the operator stops the job with a savepoint
   * into the deployment's savepoint directory and removes the cluster. A drain, or another target
   * directory, needs Flink's own stop: the job is stopped over REST, then the deployment suspended.
   */
  async stopWithSavepoint(ctx, opts) {
    const d = await requireDeployment(ctx, "stop the job");
    const configured = d.spec.flinkConfiguration?.[savepointDirKey(ctx.release.manifest.flink.major)] ?? d.spec.flinkConfiguration?.["state.savepoints.dir"];
    if (opts.drain || (opts.targetDirectory && opts.targetDirectory !== configured)) {
      const out = await stopWithSavepoint(jobManagerClient(ctx), ctx, opts);
      await suspend(ctx, "stateless");
      await watchDeployment(ctx, "Suspending the FlinkDeployment", END_TIMEOUT_MS, (x) => (!x || flinkResourceStatus(x).lifecycleState === "SUSPENDED" ? true : undefined));
      return out;
    }
    const before = flinkResourceStatus(d).error?.message;
    await suspend(ctx, "savepoint");
    const result = await watchDeployment(ctx, "The stop with a savepoint", SAVEPOINT_TIMEOUT_MS, (x): { path: string } | { error: string } | undefined => {
      if (!x) return { error: "the FlinkDeployment was deleted meanwhile" };
      const s = flinkResourceStatus(x);
      const path = s.upgradeSavepointPath ?? (s.lastSavepoint?.triggerType === "UPGRADE" ? s.lastSavepoint.location : undefined);
      if (s.lifecycleState === "SUSPENDED" && path) return { path };
      const message = s.error?.message;
      if (message && message !== before) return { error: operatorError(s)! };
      return undefined;
    });
    if ("path" in result) {
      ctx.log(`The operator stopped the job with savepoint ${result.path}.`);
      await ctx.onSavepoint?.(result.path);
      return { savepointPath: result.path };
    }
    // The operator keeps the job running after a failed savepoint and would try again: tell it to keep
    // running instead, unless a retry got there meanwhile (the resourceVersion makes that a conflict).
    const { client, namespace, name } = whereIs(ctx);
    for (let attempt = 0; attempt < 5; attempt++) {
      const now = await getDeployment(ctx);
      if (!now) break;
      const s = flinkResourceStatus(now);
      if (s.lifecycleState === "SUSPENDED" && s.upgradeSavepointPath) {
        ctx.log(`The operator's retry stopped the job with savepoint ${s.upgradeSavepointPath}.`);
        return { savepointPath: s.upgradeSavepointPath };
      }
      try {
        await client.deployments.patch(name, { metadata: { resourceVersion: now.metadata.resourceVersion }, spec: { job: { state: "running" } } }, namespace);
        break;
      } catch (e) {
        if (!isConflict(e)) throw e;
      }
    }
    throw new AppError("flink_error", `Flink could not stop the job with a savepoint (it keeps running): ${result.error}`);
  },

  /** Suspends the deployment with upgradeMode stateless: the operator cancels the job. Already ended or gone is fine. */
  async cancel(ctx) {
    const d = await getDeployment(ctx);
    if (!d) return ctx.log("The FlinkDeployment is gone; nothing to cancel.");
    const s = flinkResourceStatus(d);
    if (s.lifecycleState === "SUSPENDED" || (s.jobStatus?.state && isTerminal(s.jobStatus.state))) {
      return ctx.log(`The job had already ended (${s.jobStatus?.state ?? s.lifecycleState}).`);
    }
    await suspend(ctx, "stateless");
    await watchDeployment(ctx, "Cancelling the job", END_TIMEOUT_MS, (x) => {
      if (!x) return true;
      const now = flinkResourceStatus(x);
      return now.lifecycleState === "SUSPENDED" && (!now.jobStatus?.state || isTerminal(now.jobStatus.state)) ? true : undefined;
    });
  },

  async triggerSavepoint(ctx, opts) {
    await requireDeployment(ctx, "take a savepoint");
    return triggerSavepoint(jobManagerClient(ctx), ctx, opts.targetDirectory);
  },

  async jobManager(ctx) {
    const d = await getDeployment(ctx).catch(() => null);
    return d && flinkResourceStatus(d).jobManagerDeploymentStatus === "READY" ? jobManagerClient(ctx) : null;
  },
};
