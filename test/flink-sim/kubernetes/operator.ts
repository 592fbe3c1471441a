import type { TimerGroup } from "../clock";
import { EXAMPLES } from "../examples";
import { flinkId } from "../ids";
import type { JobManager } from "../jobmanager/jobmanager";
import { isGloballyTerminal, type SimJob } from "../jobmanager/jobs";
import { readJarEntryClassFrom } from "../jobmanager/jars";
import { programJobSpec } from "../jobmanager/programs";
import type { FlinkVersion } from "../jobmanager/versions";
import { TIMING } from "../timing";
import type { K8sObject, ResourceStore } from "./store";

/**
 * The Flink Kubernetes Operator's reconcile loop, reduced to what a console observes in `status`:
 *  - FlinkDeployment without `job` (session): lifecycleState CREATED → DEPLOYED → STABLE while
 *    jobManagerDeploymentStatus goes MISSING → DEPLOYING → DEPLOYED_NOT_READY → READY;
 *  - with `job` (application): the same, then the job runs (status.jobStatus, epoch-ms strings);
 *    `job.state: suspended` takes a savepoint first when upgradeMode is savepoint
 *    (jobStatus.upgradeSavepointPath) and ends SUSPENDED; `running` again resumes from it;
 *  - a changed `job.savepointTriggerNonce` takes a MANUAL savepoint (jobStatus.savepointInfo);
 *  - other spec changes redeploy (UPGRADING); errors are written as the JSON string `status.error`;
 *  - deletion: DELETING, the JobManager goes away, then the finalizer is removed.
 * FlinkSessionJob runs its job on the named session deployment's JobManager, with the same
 * jobStatus/lifecycleState shapes.
 */
export const FINALIZER = "flinkdeployments.flink.apache.org/finalizer";
const SESSIONJOB_FINALIZER = "flinksessionjobs.flink.apache.org/finalizer";

export interface OperatorHost {
  /** The operator's own timers, cancelled when it closes. */
  readonly timers: TimerGroup;
  readonly store: ResourceStore;
  startJobManager(o: { name: string; namespace: string; mode: "session" | "application"; flinkVersion: FlinkVersion; config: Record<string, string> }): Promise<JobManager>;
  stopJobManager(jm: JobManager): Promise<void>;
  jobManagerOf(namespace: string, name: string): JobManager | undefined;
}

type Spec = Record<string, unknown> & { job?: JobSpecCr; flinkConfiguration?: unknown; flinkVersion?: string; deploymentName?: string };
type JobSpecCr = { jarURI?: string; entryClass?: string; args?: string[]; parallelism?: number; state?: string; upgradeMode?: string; savepointTriggerNonce?: number; initialSavepointPath?: string };
type Status = Record<string, unknown> & { jobStatus?: Record<string, unknown>; reconciliationStatus?: Record<string, unknown>; lifecycleState?: string; jobManagerDeploymentStatus?: string };

export class Operator {
  /** Objects (by uid) with an action under way; the loop leaves them alone meanwhile. */
  private readonly busy = new Set<string>();
  private closed = false;

  constructor(private readonly host: OperatorHost) {
    host.timers.every(TIMING.operatorIntervalMs, () => this.reconcileAll());
  }

  close(): void {
    this.closed = true;
    this.host.timers.cancelAll();
  }

  reconcileAll(): void {
    for (const kind of ["FlinkDeployment", "FlinkSessionJob"] as const) {
      for (const obj of this.host.store.list(kind)) {
        if (this.busy.has(obj.metadata.uid)) continue;
        this.busy.add(obj.metadata.uid);
        const work = kind === "FlinkDeployment" ? this.reconcileDeployment(obj) : this.reconcileSessionJob(obj);
        void work
          .catch((e: unknown) => this.recordError(obj, "org.apache.flink.kubernetes.operator.exception.ReconciliationException", String(e instanceof Error ? e.message : e)))
          .finally(() => this.busy.delete(obj.metadata.uid));
      }
    }
  }

  /** Deploys a session deployment synchronously (the default world starts with it STABLE/READY). */
  async deployReadySession(obj: K8sObject): Promise<void> {
    this.busy.add(obj.metadata.uid);
    try {
      await this.deployDeployment(obj, true);
      this.observeDeployment(this.current(obj)!);
    } finally {
      this.busy.delete(obj.metadata.uid);
    }
  }

  // ---------------------------------------------------------------- FlinkDeployment

  private async reconcileDeployment(obj: K8sObject): Promise<void> {
    if (obj.metadata.deletionTimestamp) return this.deleteDeployment(obj);
    if (!(obj.metadata.finalizers ?? []).includes(FINALIZER)) {
      this.host.store.update({ ...obj, metadata: { ...obj.metadata, finalizers: [...(obj.metadata.finalizers ?? []), FINALIZER] } });
      return;
    }
    const spec = obj.spec as Spec;
    const status = (obj.status ?? {}) as Status;
    const reconciled = parseSpec(status.reconciliationStatus?.lastReconciledSpec);
    const validation = validateDeployment(spec);
    if (validation) {
      this.writeStatus(obj, { ...status, error: errorJson("org.apache.flink.kubernetes.operator.exception.ValidationException", validation), lifecycleState: reconciled ? status.lifecycleState : "CREATED" });
      return;
    }
    if (!reconciled) return this.deployDeployment(obj, false);
    if (obj.metadata.generation !== status.observedGeneration) {
      const job = spec.job;
      const old = reconciled.job;
      if (job && old && job.state === "suspended" && old.state !== "suspended") return this.suspendDeployment(obj);
      if (job && old && job.state !== "suspended" && old.state === "suspended") return this.redeploy(obj, "resume");
      if (job && old && job.savepointTriggerNonce !== old.savepointTriggerNonce && sameExcept(spec, reconciled, ["savepointTriggerNonce"])) {
        return this.manualSavepoint(obj, this.host.jobManagerOf(obj.metadata.namespace, obj.metadata.name));
      }
      if (!sameExcept(spec, reconciled, [])) return this.redeploy(obj, "upgrade");
      this.writeStatus(obj, { ...status, observedGeneration: obj.metadata.generation });
      return;
    }
    this.observeDeployment(obj);
  }

  private async deployDeployment(obj: K8sObject, immediate: boolean): Promise<void> {
    const step = () => (immediate ? Promise.resolve() : this.step());
    const spec = obj.spec as Spec;
    if (!obj.status) {
      this.writeStatus(obj, { lifecycleState: "CREATED", jobManagerDeploymentStatus: "MISSING", jobStatus: { state: null }, reconciliationStatus: { state: "UPGRADING" } });
      await step();
    }
    if (!this.alive(obj)) return;
    const suspended = spec.job?.state === "suspended";
    this.writeStatus(obj, {
      ...this.statusOf(obj),
      lifecycleState: suspended ? "SUSPENDED" : "DEPLOYED",
      jobManagerDeploymentStatus: suspended ? "MISSING" : "DEPLOYING",
      ...(spec.job ? { jobStatus: { ...this.statusOf(obj).jobStatus, state: suspended ? "FINISHED" : "RECONCILING" } } : {}),
      reconciliationStatus: { state: "DEPLOYED", lastReconciledSpec: specJson(obj), reconciliationTimestamp: Date.now() },
      observedGeneration: obj.metadata.generation,
      error: null,
    });
    if (suspended) return;
    await this.startCluster(obj, step, spec.job?.initialSavepointPath);
  }

  /** DEPLOYING → (JobManager up) DEPLOYED_NOT_READY → READY, then the job, if any. */
  private async startCluster(obj: K8sObject, step: () => Promise<void>, restoreFrom: string | undefined): Promise<void> {
    const spec = obj.spec as Spec;
    await step();
    if (!this.alive(obj)) return;
    const fetched = spec.job ? await this.fetchJar(spec.job.jarURI) : {};
    if (!this.alive(obj)) return;
    if ("error" in fetched) {
      this.writeStatus(obj, {
        ...this.statusOf(obj),
        lifecycleState: "FAILED",
        jobManagerDeploymentStatus: "ERROR",
        error: errorJson("org.apache.flink.kubernetes.operator.exception.DeploymentFailedException", `The JobManager could not start: ${fetched.error}`),
      });
      return;
    }
    const jm = await this.host.startJobManager({
      name: obj.metadata.name,
      namespace: obj.metadata.namespace,
      mode: spec.job ? "application" : "session",
      flinkVersion: flinkVersionOf(spec.flinkVersion),
      config: flinkConfiguration(spec.flinkConfiguration),
    });
    this.writeStatus(obj, { ...this.statusOf(obj), jobManagerDeploymentStatus: "DEPLOYED_NOT_READY" });
    await step();
    if (!this.alive(obj)) return;
    const status = this.statusOf(obj);
    const next: Status = {
      ...status,
      jobManagerDeploymentStatus: "READY",
      clusterInfo: { "flink-version": jm.facts.version, "flink-revision": `${jm.facts.commit} @ ${jm.facts.commitDate}`, "total-cpu": "2.0", "total-memory": "3489660928", "state-size": "0" },
      taskManager: { labelSelector: `component=taskmanager,app=${obj.metadata.name}`, replicas: 1 },
    };
    if (spec.job) {
      const job = this.submit(jm, spec, restoreFrom, fetched.entryClass);
      next.jobStatus = { ...(status.jobStatus ?? {}), ...jobStatusOf(job) };
    }
    this.writeStatus(obj, next);
  }

  /** Keeps jobStatus in line with the JobManager and marks STABLE / FAILED. */
  private observeDeployment(obj: K8sObject): void {
    const status = this.statusOf(obj);
    if (status.jobManagerDeploymentStatus !== "READY") return;
    const jm = this.host.jobManagerOf(obj.metadata.namespace, obj.metadata.name);
    if (!jm) {
      this.writeStatus(obj, { ...status, jobManagerDeploymentStatus: "MISSING", lifecycleState: "FAILED", error: errorJson("org.apache.flink.kubernetes.operator.exception.DeploymentFailedException", "JobManager deployment is missing") });
      return;
    }
    const next: Status = { ...status };
    const spec = obj.spec as Spec;
    if (spec.job) {
      const current = jm.jobs.get(String(status.jobStatus?.jobId ?? ""));
      if (current) next.jobStatus = { ...status.jobStatus, ...jobStatusOf(current) };
      if (current?.state === "FAILED") {
        next.lifecycleState = "FAILED";
        next.error = jobFailureJson(current.rootFailure?.stacktrace);
      }
    }
    const job = spec.job ? jm.jobs.get(String(next.jobStatus?.jobId ?? "")) : undefined;
    const healthy = !spec.job || (job !== undefined && isHealthy(job));
    const rec = status.reconciliationStatus ?? {};
    if (healthy && next.lifecycleState !== "FAILED") {
      next.lifecycleState = "STABLE";
      next.reconciliationStatus = { ...rec, lastStableSpec: rec.lastReconciledSpec };
    }
    this.writeStatus(obj, next);
  }

  private async suspendDeployment(obj: K8sObject): Promise<void> {
    const spec = obj.spec as Spec;
    const jm = this.host.jobManagerOf(obj.metadata.namespace, obj.metadata.name);
    this.writeStatus(obj, { ...this.statusOf(obj), lifecycleState: "UPGRADING", reconciliationStatus: { ...this.statusOf(obj).reconciliationStatus, state: "UPGRADING" } });
    const outcome = await this.stopJob(obj, jm, spec.job?.upgradeMode ?? "stateless");
    if (outcome === "failed") return;
    if (jm) await this.host.stopJobManager(jm);
    if (!this.alive(obj)) return;
    const status = this.statusOf(obj);
    this.writeStatus(obj, {
      ...status,
      lifecycleState: "SUSPENDED",
      jobManagerDeploymentStatus: "MISSING",
      jobStatus: { ...status.jobStatus, state: outcome.finalState, updateTime: String(Date.now()) },
      reconciliationStatus: { ...status.reconciliationStatus, state: "DEPLOYED", lastReconciledSpec: specJson(obj), reconciliationTimestamp: Date.now() },
      observedGeneration: obj.metadata.generation,
      error: null,
    });
  }

  /** Resume (from the upgrade savepoint) or upgrade (stop per upgradeMode, then deploy the new spec). */
  private async redeploy(obj: K8sObject, why: "resume" | "upgrade"): Promise<void> {
    const spec = obj.spec as Spec;
    let restoreFrom: string | undefined;
    this.writeStatus(obj, { ...this.statusOf(obj), lifecycleState: "UPGRADING", reconciliationStatus: { ...this.statusOf(obj).reconciliationStatus, state: "UPGRADING" } });
    const jm = this.host.jobManagerOf(obj.metadata.namespace, obj.metadata.name);
    if (why === "upgrade" && jm) {
      const outcome = await this.stopJob(obj, jm, spec.job?.upgradeMode ?? "stateless");
      if (outcome === "failed") return;
      restoreFrom = outcome.savepoint;
      await this.host.stopJobManager(jm);
    } else if (spec.job?.upgradeMode === "savepoint") {
      restoreFrom = String(this.statusOf(obj).jobStatus?.upgradeSavepointPath ?? "") || undefined;
    }
    if (!this.alive(obj)) return;
    this.writeStatus(obj, {
      ...this.statusOf(obj),
      lifecycleState: "DEPLOYED",
      jobManagerDeploymentStatus: "DEPLOYING",
      ...(spec.job ? { jobStatus: { ...this.statusOf(obj).jobStatus, state: "RECONCILING" } } : {}),
      reconciliationStatus: { ...this.statusOf(obj).reconciliationStatus, state: "DEPLOYED", lastReconciledSpec: specJson(obj), reconciliationTimestamp: Date.now() },
      observedGeneration: obj.metadata.generation,
      error: null,
    });
    await this.startCluster(obj, () => this.step(), restoreFrom);
  }

  private async deleteDeployment(obj: K8sObject): Promise<void> {
    if (this.statusOf(obj).lifecycleState !== "DELETING") {
      this.writeStatus(obj, { ...this.statusOf(obj), lifecycleState: "DELETING" });
      await this.step();
    }
    const jm = this.host.jobManagerOf(obj.metadata.namespace, obj.metadata.name);
    if (jm) await this.host.stopJobManager(jm);
    this.removeFinalizer(obj, FINALIZER);
  }

  // ---------------------------------------------------------------- FlinkSessionJob

  private async reconcileSessionJob(obj: K8sObject): Promise<void> {
    const spec = obj.spec as Spec;
    const jm = spec.deploymentName ? this.host.jobManagerOf(obj.metadata.namespace, spec.deploymentName) : undefined;
    if (obj.metadata.deletionTimestamp) {
      if (this.statusOf(obj).lifecycleState !== "DELETING") this.writeStatus(obj, { ...this.statusOf(obj), lifecycleState: "DELETING" });
      const job = jm?.jobs.get(String(this.statusOf(obj).jobStatus?.jobId ?? ""));
      if (job && !isGloballyTerminal(job.state)) job.cancel();
      await this.step();
      this.removeFinalizer(obj, SESSIONJOB_FINALIZER);
      return;
    }
    if (!(obj.metadata.finalizers ?? []).includes(SESSIONJOB_FINALIZER)) {
      this.host.store.update({ ...obj, metadata: { ...obj.metadata, finalizers: [...(obj.metadata.finalizers ?? []), SESSIONJOB_FINALIZER] } });
      return;
    }
    const status = (obj.status ?? {}) as Status;
    const reconciled = parseSpec(status.reconciliationStatus?.lastReconciledSpec);
    const session = spec.deploymentName ? this.host.store.get("FlinkDeployment", obj.metadata.namespace, spec.deploymentName) : undefined;
    if (!spec.job || !spec.deploymentName) {
      this.writeStatus(obj, { ...status, lifecycleState: "CREATED", error: errorJson("org.apache.flink.kubernetes.operator.exception.ValidationException", "The deploymentName and job fields are required for a FlinkSessionJob") });
      return;
    }
    if (!session || (session.spec as Spec).job) {
      const message = session ? `Session job must reference a session cluster, but ${spec.deploymentName} is an application cluster` : `Session cluster ${obj.metadata.namespace}/${spec.deploymentName} does not exist`;
      this.writeStatus(obj, { ...status, lifecycleState: status.lifecycleState ?? "CREATED", error: errorJson("org.apache.flink.kubernetes.operator.exception.ReconciliationException", message) });
      return;
    }
    if (!jm || (session.status as Status | undefined)?.jobManagerDeploymentStatus !== "READY") return; // wait for the session cluster
    if (!reconciled || (obj.metadata.generation !== status.observedGeneration && reconciled.job?.state === "suspended" && spec.job.state !== "suspended")) {
      const restoreFrom = reconciled ? String(status.jobStatus?.upgradeSavepointPath ?? "") || undefined : spec.job.initialSavepointPath;
      if (spec.job.state === "suspended") {
        this.writeStatus(obj, { ...status, lifecycleState: "SUSPENDED", reconciliationStatus: { state: "DEPLOYED", lastReconciledSpec: specJson(obj), reconciliationTimestamp: Date.now() }, observedGeneration: obj.metadata.generation });
        return;
      }
      const job = this.submit(jm, spec, restoreFrom);
      this.writeStatus(obj, {
        ...status,
        lifecycleState: "DEPLOYED",
        jobStatus: { ...status.jobStatus, ...jobStatusOf(job) },
        reconciliationStatus: { state: "DEPLOYED", lastReconciledSpec: specJson(obj), reconciliationTimestamp: Date.now() },
        observedGeneration: obj.metadata.generation,
        error: null,
      });
      return;
    }
    if (obj.metadata.generation !== status.observedGeneration) {
      if (spec.job.state === "suspended" && reconciled.job?.state !== "suspended") {
        const outcome = await this.stopJob(obj, jm, spec.job.upgradeMode ?? "stateless");
        if (outcome === "failed") return;
        const s = this.statusOf(obj);
        this.writeStatus(obj, { ...s, lifecycleState: "SUSPENDED", jobStatus: { ...s.jobStatus, state: outcome.finalState, updateTime: String(Date.now()) }, reconciliationStatus: { ...s.reconciliationStatus, lastReconciledSpec: specJson(obj), reconciliationTimestamp: Date.now() }, observedGeneration: obj.metadata.generation });
        return;
      }
      if (spec.job.savepointTriggerNonce !== reconciled.job?.savepointTriggerNonce) return this.manualSavepoint(obj, jm);
      this.writeStatus(obj, { ...status, observedGeneration: obj.metadata.generation, reconciliationStatus: { ...status.reconciliationStatus, lastReconciledSpec: specJson(obj) } });
      return;
    }
    const job = jm.jobs.get(String(status.jobStatus?.jobId ?? ""));
    if (!job || status.lifecycleState === "SUSPENDED") return;
    const next: Status = { ...status, jobStatus: { ...status.jobStatus, ...jobStatusOf(job) } };
    if (job.state === "FAILED") {
      next.lifecycleState = "FAILED";
      next.error = jobFailureJson(job.rootFailure?.stacktrace);
    } else if (isHealthy(job)) {
      next.lifecycleState = "STABLE";
      next.reconciliationStatus = { ...status.reconciliationStatus, lastStableSpec: status.reconciliationStatus?.lastReconciledSpec };
    }
    this.writeStatus(obj, next);
  }

  // ---------------------------------------------------------------- shared

  /**
   * Submits the deployment's job. The operator generates a job id unless the configuration fixes
   * one (`$internal.pipeline.job-id` is then user-managed and left alone); `args` reach the
   * program, so Flink's SQL Driver runs its script. `jarEntryClass` is the Main-Class of a jar
   * fetched over http(s).
   */
  private submit(jm: JobManager, spec: Spec, restoreFrom: string | undefined, jarEntryClass?: string): SimJob {
    const job = spec.job!;
    const config = flinkConfiguration(spec.flinkConfiguration);
    const example = EXAMPLES.find((e) => job.jarURI?.endsWith(e.path.split("/").pop()!));
    return jm.submitJob(
      programJobSpec(jm, {
        entryClass: job.entryClass ?? jarEntryClass ?? example?.entryClass,
        config,
        jobId: config["$internal.pipeline.job-id"]?.toLowerCase() ?? flinkId(),
        parallelism: job.parallelism,
        savepointPath: restoreFrom,
        args: job.args ?? [],
      }),
    );
  }

  /**
   * A jarURI over http(s) is fetched before the JobManager starts (Flink's artifact fetching in
   * application mode); a failure keeps the JobManager from starting, which the operator reports as
   * a deployment error. Other schemes (`local://` in the image) need no fetching.
   */
  private async fetchJar(jarURI: string | undefined): Promise<{ entryClass?: string } | { error: string }> {
    if (!jarURI || !/^https?:\/\//i.test(jarURI)) return {};
    let res: Response;
    try {
      res = await fetch(jarURI, { signal: AbortSignal.timeout(10_000) });
    } catch (e) {
      return { error: `java.net.ConnectException: Could not fetch ${jarURI}: ${e instanceof Error ? e.message : String(e)}` };
    }
    if (!res.ok) return { error: `java.io.IOException: Server returned HTTP response code: ${res.status} for URL: ${jarURI}` };
    const bytes = Buffer.from(await res.arrayBuffer());
    return { entryClass: await readJarEntryClassFrom(bytes) };
  }

  /** Stops the running job for a suspend or an upgrade, per upgradeMode. */
  private async stopJob(obj: K8sObject, jm: JobManager | undefined, upgradeMode: string): Promise<"failed" | { finalState: string; savepoint?: string }> {
    const job = jm?.jobs.get(String(this.statusOf(obj).jobStatus?.jobId ?? ""));
    if (!jm || !job || isGloballyTerminal(job.state)) return { finalState: job?.state ?? "FINISHED" };
    if (upgradeMode === "savepoint") {
      const trigger = job.stopWithSavepoint(savepointDir(job), "CANONICAL", false);
      const result = await this.awaitSavepoint(job, trigger);
      if ("error" in result) {
        this.recordError(obj, "org.apache.flink.kubernetes.operator.exception.UpgradeFailureException", `Savepoint failed, the job keeps running: ${result.error}`);
        return "failed";
      }
      const status = this.statusOf(obj);
      const info = (status.jobStatus?.savepointInfo ?? {}) as Record<string, unknown>;
      const entry = { location: result.location, timeStamp: Date.now(), triggerType: "UPGRADE", formatType: "CANONICAL" };
      this.writeStatus(obj, {
        ...status,
        jobStatus: { ...status.jobStatus, upgradeSavepointPath: result.location, savepointInfo: { ...info, lastSavepoint: entry, savepointHistory: [...((info.savepointHistory as unknown[]) ?? []), entry] } },
      });
      return { finalState: "FINISHED", savepoint: result.location };
    }
    if (upgradeMode === "last-state") {
      // The cluster is torn down with its HA data kept: the job is suspended, not cancelled.
      return { finalState: "SUSPENDED" };
    }
    job.cancel();
    await this.until(() => isGloballyTerminal(job.state));
    return { finalState: "CANCELED" };
  }

  /** savepointTriggerNonce changed: a MANUAL savepoint recorded in jobStatus.savepointInfo. */
  private async manualSavepoint(obj: K8sObject, jm: JobManager | undefined): Promise<void> {
    const spec = obj.spec as Spec;
    const status = this.statusOf(obj);
    const job = jm?.jobs.get(String(status.jobStatus?.jobId ?? ""));
    const nonce = spec.job?.savepointTriggerNonce ?? null;
    const reconcile = (extra: Status) => this.writeStatus(obj, { ...this.statusOf(obj), ...extra, reconciliationStatus: { ...this.statusOf(obj).reconciliationStatus, lastReconciledSpec: specJson(obj), reconciliationTimestamp: Date.now() }, observedGeneration: obj.metadata.generation });
    if (!jm || !job) {
      reconcile({ error: errorJson("org.apache.flink.kubernetes.operator.exception.ReconciliationException", "Cannot trigger savepoint: the job is not running") });
      return;
    }
    const trigger = job.triggerSavepoint(savepointDir(job), "CANONICAL", false);
    const info = (status.jobStatus?.savepointInfo ?? {}) as Record<string, unknown>;
    this.writeStatus(obj, { ...status, jobStatus: { ...status.jobStatus, savepointInfo: { ...info, triggerId: trigger, triggerTimestamp: Date.now(), triggerType: "MANUAL", formatType: "CANONICAL" } } });
    const result = await this.awaitSavepoint(job, trigger);
    const s = this.statusOf(obj);
    const current = (s.jobStatus?.savepointInfo ?? {}) as Record<string, unknown>;
    const cleared = { ...current, triggerId: null, triggerTimestamp: null, triggerType: null, formatType: null };
    if ("error" in result) {
      reconcile({ jobStatus: { ...s.jobStatus, savepointInfo: cleared }, error: errorJson("org.apache.flink.kubernetes.operator.exception.ReconciliationException", `Savepoint failed: ${result.error}`) });
      return;
    }
    const entry = { location: result.location, timeStamp: Date.now(), triggerType: "MANUAL", formatType: "CANONICAL", triggerNonce: nonce };
    reconcile({ jobStatus: { ...s.jobStatus, savepointInfo: { ...cleared, lastSavepoint: entry, savepointHistory: [...((current.savepointHistory as unknown[]) ?? []), entry] } }, error: null });
  }

  private async awaitSavepoint(job: SimJob, trigger: string): Promise<{ location: string } | { error: string }> {
    let result: Record<string, unknown> | undefined;
    await this.until(() => {
      result = job.operations.toJson(trigger, "savepoint");
      return (result?.status as { id?: string } | undefined)?.id === "COMPLETED";
    });
    const op = (result?.operation ?? {}) as { location?: string; "failure-cause"?: { "stack-trace": string } };
    return op.location ? { location: op.location } : { error: op["failure-cause"]?.["stack-trace"].split("\n")[0] ?? "unknown" };
  }

  private recordError(obj: K8sObject, type: string, message: string): void {
    if (!this.alive(obj)) return;
    this.writeStatus(obj, { ...this.statusOf(obj), error: errorJson(type, message) });
  }

  private removeFinalizer(obj: K8sObject, finalizer: string): void {
    const current = this.current(obj);
    if (!current) return;
    this.host.store.update({ ...current, metadata: { ...current.metadata, finalizers: (current.metadata.finalizers ?? []).filter((f) => f !== finalizer) } });
  }

  private writeStatus(obj: K8sObject, status: Status): void {
    if (this.closed) return;
    this.host.store.updateStatus(obj.kind, obj.metadata.namespace, obj.metadata.name, dropNulls(status));
  }

  private current(obj: K8sObject): K8sObject | undefined {
    return this.host.store.get(obj.kind, obj.metadata.namespace, obj.metadata.name);
  }

  private statusOf(obj: K8sObject): Status {
    return (this.current(obj)?.status ?? {}) as Status;
  }

  /** The object still exists (same uid) and the operator still runs. */
  private alive(obj: K8sObject): boolean {
    return !this.closed && this.current(obj)?.metadata.uid === obj.metadata.uid;
  }

  private step(): Promise<void> {
    return new Promise((resolve) => this.host.timers.after(TIMING.k8sStepMs, resolve));
  }

  private async until(done: () => boolean): Promise<void> {
    while (!done() && !this.closed) await new Promise<void>((r) => this.host.timers.after(TIMING.operatorIntervalMs, r));
  }
}

/** The job's savepoint directory (1.20 renamed `state.savepoints.dir`, which is still read). */
function savepointDir(job: SimJob): string {
  return job.config["execution.checkpointing.savepoint-dir"] ?? job.config["state.savepoints.dir"] ?? "file:///flink-data/savepoints";
}

/** Stable means the job runs with all its tasks deployed (or has finished), as the operator's health check sees it. */
function isHealthy(job: SimJob): boolean {
  return (job.state === "RUNNING" && job.tasks === "running") || job.state === "FINISHED";
}

function jobStatusOf(job: SimJob): Record<string, unknown> {
  return { jobName: job.name, jobId: job.id, state: job.state, startTime: String(job.startTime), updateTime: String(job.lastModification) };
}

/** status.error is a JSON string (the operator serializes its FlinkResourceException). */
function errorJson(type: string, message: string, throwableList: { type: string; message: string }[] = []): string {
  return JSON.stringify({ type, message, additionalMetadata: {}, throwableList });
}

/**
 * A failed job as the operator reports it: the root exception's class and message, and its causes
 * (`Caused by:` lines of the stack trace) in `throwableList`, outermost first.
 */
function jobFailureJson(stacktrace: string | undefined): string {
  if (!stacktrace) return errorJson("org.apache.flink.util.SerializedThrowable", "Job failed");
  const split = (line: string) => {
    const m = /^([\w$.]+)(?::\s*([\s\S]*))?$/.exec(line.trim());
    return m ? { type: m[1]!, message: m[2] ?? "" } : { type: "java.lang.Throwable", message: line.trim() };
  };
  const causes = stacktrace.split("\n").filter((l) => l.startsWith("Caused by: ")).map((l) => split(l.slice("Caused by: ".length)));
  const head = split(stacktrace.split("\n")[0] ?? "");
  return errorJson(head.type, head.message, causes);
}

/** reconciliationStatus.lastReconciledSpec: the spec as JSON, with the operator's resource_metadata. */
function specJson(obj: K8sObject): string {
  return JSON.stringify({ spec: obj.spec, resource_metadata: { apiVersion: obj.apiVersion, metadata: { generation: obj.metadata.generation } } });
}

function parseSpec(s: unknown): Spec | undefined {
  if (typeof s !== "string") return undefined;
  return (JSON.parse(s) as { spec: Spec }).spec;
}

function sameExcept(a: Spec, b: Spec, jobKeys: string[]): boolean {
  const strip = (s: Spec) => ({ ...s, job: s.job ? Object.fromEntries(Object.entries(s.job).filter(([k]) => !jobKeys.includes(k) && k !== "state")) : undefined });
  return JSON.stringify(strip(a)) === JSON.stringify(strip(b));
}

function validateDeployment(spec: Spec): string | undefined {
  if (!spec.flinkVersion) return "Flink Version must be defined.";
  if (spec.job && !spec.job.jarURI && !spec.job.entryClass) return "Jar URI must be defined";
  if (spec.job?.parallelism !== undefined && spec.job.parallelism < 1) return "Job parallelism must be larger than 0";
  return undefined;
}

function flinkVersionOf(v: string | undefined): FlinkVersion {
  return v?.startsWith("v1_") ? "1.20.1" : "2.1.0";
}

/** flinkConfiguration may be a flat map or nested YAML; Flink reads both as dotted keys. */
export function flinkConfiguration(c: unknown, prefix = ""): Record<string, string> {
  if (!c || typeof c !== "object") return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(c as Record<string, unknown>)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v && typeof v === "object" && !Array.isArray(v)) Object.assign(out, flinkConfiguration(v, key));
    else out[key] = String(v);
  }
  return out;
}

/** Status fields set to null are cleared, as the operator's serializer omits nulls. */
function dropNulls(v: Record<string, unknown>): Record<string, unknown> {
  const clean = (x: unknown): unknown => (Array.isArray(x) ? x.map(clean) : x && typeof x === "object" ? dropNulls(x as Record<string, unknown>) : x);
  return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== null && x !== undefined).map(([k, x]) => [k, clean(x)]));
}
