import { findClusterById, recordClusterProbe, transitionCluster, type Cluster } from "@/db/queries/clusters";
import { transaction } from "@/db/queries/tx";
import { raiseClusterAlert } from "@/lib/alerts/raise";
import { loadConfig } from "@/lib/config";
import { AppError, isAppError } from "@/lib/errors";
import { startYarnSession } from "@/lib/flink/cli";
import { FlinkError } from "@/lib/flink/errors";
import { sessionClusterDeployment } from "@/lib/flink/kubernetes-crd";
import { FlinkKubernetesClient } from "@/lib/flink/kubernetes";
import { YarnClient } from "@/lib/flink/yarn";
import { watchSessionCluster, type WatchOutcome } from "@/lib/lifecycle/watch";
import { probeCluster } from "./cluster-probe";

/** The YARN application name of a session Eddy starts: how a retried start finds the one it already made. */
export function yarnSessionName(c: Pick<Cluster, "id" | "name">): string {
  return `eddy-session-${c.id}-${c.name}`;
}

function isNotFound(e: unknown): boolean {
  return e instanceof FlinkError && e.upstreamStatus === 404;
}

function kubernetesFor(c: Cluster): FlinkKubernetesClient {
  return new FlinkKubernetesClient({ context: c.k8sContext ?? undefined, namespace: c.k8sNamespace ?? undefined });
}

/**
 * Probes one cluster and records what it saw, then reconciles the runs Eddy has on it with the
 * same read (the probe is the cluster's watch). A managed session that became healthy is running;
 * a managed YARN session whose application ended outside Eddy is stopped.
 */
export async function probeAndRecord(clusterId: number): Promise<(Cluster & { watch: WatchOutcome }) | undefined> {
  const cluster = await findClusterById(clusterId);
  if (!cluster) return undefined;
  const r = await probeCluster(cluster);
  // An ended YARN session answers for certain: nothing runs there any more.
  const jobs = r.jobs ?? (r.yarnEnded ? [] : null);
  const watch = await watchSessionCluster(cluster, jobs, r.message);
  // A cluster that answered before and stops answering is an alert (with the jobs that run there),
  // written with the health it records.
  const wentDown = r.health === "unreachable" && (cluster.health === "healthy" || cluster.health === "error");
  await transaction(async (tx) => {
    await recordClusterProbe(
      {
        id: cluster.id,
        health: r.health,
        healthMessage: r.message,
        reportedVersion: r.reportedVersion,
        jobsTotal: r.jobsTotal,
        jobsRunning: r.jobsRunning,
        taskManagers: r.taskManagers,
        slotsTotal: r.slotsTotal,
        slotsAvailable: r.slotsAvailable,
      },
      tx,
    );
    if (wentDown) await raiseClusterAlert(tx, { clusterId: cluster.id, reason: r.message ?? "no answer" });
  });
  if (cluster.managed && cluster.state === "starting" && r.health === "healthy") {
    await transitionCluster({ id: cluster.id, from: ["starting"], to: "running" });
  }
  if (cluster.managed && cluster.state === "running" && r.yarnEnded) {
    await transitionCluster({ id: cluster.id, from: ["running"], to: "stopped", message: `Ended outside Eddy: ${r.message}` });
  }
  const updated = await findClusterById(cluster.id);
  return updated && { ...updated, watch };
}

/**
 * Starts a session cluster Eddy manages. Safe to run again after a crash: an existing YARN
 * application of this cluster (found by its name) or FlinkDeployment is adopted, never doubled.
 */
export async function startSessionCluster(clusterId: number): Promise<void> {
  const c = await findClusterById(clusterId);
  if (!c || !c.managed || c.state !== "starting") return;
  try {
    if (c.kind === "yarn-session") await startYarn(c);
    else if (c.kind === "k8s-session") await startKubernetes(c);
    else throw new AppError("conflict", "Only session clusters can be started.");
  } catch (e) {
    // A library's own sentence (e.g. a kubeconfig problem) helps the operator more than a generic one.
    const message = isAppError(e) ? e.message : `Starting failed: ${e instanceof Error ? e.message : String(e)}`;
    if (!isAppError(e)) console.error("[cluster] start failed", e);
    await transitionCluster({ id: c.id, from: ["starting"], to: "failed", message });
  }
}

async function startYarn(c: Cluster): Promise<void> {
  if (!c.flinkHome) throw new AppError("invalid_input", "This cluster has no Flink version to start it with.");
  const yarn = new YarnClient({ rmUrl: c.yarnRmUrl!, user: loadConfig().yarnUser });
  const name = yarnSessionName(c);
  const existing = (await yarn.listFlinkApps({ name, states: ["NEW", "NEW_SAVING", "SUBMITTED", "ACCEPTED", "RUNNING"] }))[0];
  let appId = existing?.id;
  if (!appId) {
    const facts = await startYarnSession({ flinkHome: c.flinkHome, name, queue: c.yarnQueue ?? undefined, dynamicProperties: c.properties, timeoutMs: 10 * 60_000 });
    if (!facts.applicationId) throw new AppError("flink_error", "yarn-session.sh ended without printing an application id.");
    appId = facts.applicationId;
  }
  // Running once YARN has the application; the probe confirms the JobManager answers.
  await transitionCluster({ id: c.id, from: ["starting"], to: "running", fields: { yarnApplicationId: appId } });
}

async function startKubernetes(c: Cluster): Promise<void> {
  const k8s = kubernetesFor(c);
  const name = c.k8sClusterId!;
  const found = await k8s.deployments.get(name).catch((e) => (isNotFound(e) ? null : Promise.reject(e)));
  if (!found) {
    await k8s.deployments.create(
      sessionClusterDeployment({
        name,
        namespace: c.k8sNamespace ?? undefined,
        flinkVersion: c.flinkVersion ?? "2.1.0",
        image: c.k8sImage || `flink:${c.flinkVersion ?? "2.1"}`,
        flinkConfiguration: c.properties,
        labels: { "app.kubernetes.io/managed-by": "eddy", "eddy/cluster-id": String(c.id) },
      }),
    );
  }
  // Stays "starting" until a probe reaches the JobManager (the operator takes its time).
}

/** Stops a session cluster Eddy manages: kills the YARN application or deletes the FlinkDeployment. */
export async function stopSessionCluster(clusterId: number): Promise<void> {
  const c = await findClusterById(clusterId);
  if (!c || !c.managed || c.state !== "stopping") return;
  try {
    if (c.kind === "yarn-session" && c.yarnApplicationId) {
      await new YarnClient({ rmUrl: c.yarnRmUrl!, user: loadConfig().yarnUser }).kill(c.yarnApplicationId, { timeoutMs: 2 * 60_000 });
    } else if (c.kind === "k8s-session") {
      await kubernetesFor(c)
        .deployments.delete(c.k8sClusterId!)
        .catch((e) => (isNotFound(e) ? undefined : Promise.reject(e)));
    }
    await transitionCluster({ id: c.id, from: ["stopping"], to: "stopped", message: null });
  } catch (e) {
    const message = isAppError(e) ? e.message : `Stopping failed: ${e instanceof Error ? e.message : String(e)}`;
    if (!isAppError(e)) console.error("[cluster] stop failed", e);
    await transitionCluster({ id: c.id, from: ["stopping"], to: "failed", message });
  }
}

export function probeIntervalMs(): number {
  return loadConfig().clusterProbeSeconds * 1000;
}
