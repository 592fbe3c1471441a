import { findChannel } from "@/db/queries/alert-channels";
import { findClusterById, jobNamesOnCluster, deleteCluster as deleteRow, findCluster, insertCluster, listClusters, transitionCluster, updateCluster as updateRow, type Cluster } from "@/db/queries/clusters";
import { findFlinkVersion } from "@/db/queries/flink-versions";
import { liveRunsOnCluster } from "@/db/queries/lifecycle";
import type { Tx } from "@/db/queries/tx";
import { enqueue } from "@/jobs/enqueue";
import { clusterWatchJob } from "@/lib/lifecycle/watch-schedule";
import { audited } from "@/lib/audit";
import { requirePermission, requireTeamPermission, teamAccess } from "@/lib/auth/access";
import type { Principal } from "@/lib/auth/principal";
import { AppError, conflict, uniqueOr } from "@/lib/errors";
import { clusterActionSchema, createClusterInput, updateClusterInput, type CreateClusterInput } from "./cluster-input";
import { liveJobsOf } from "./cluster-probe";

export async function listTeamClusters(p: Principal, team: string | number): Promise<Cluster[]> {
  const access = await requireTeamPermission(p, team, "cluster:view");
  return listClusters(access.team.id);
}

export async function getCluster(p: Principal, team: string | number, ref: string | number): Promise<Cluster> {
  const access = await requireTeamPermission(p, team, "cluster:view");
  const cluster = await findCluster({ teamId: access.team.id, ref });
  if (!cluster) throw new AppError("not_found", `Cluster “${String(ref)}” was not found.`);
  return cluster;
}

/** Probes right away (and then periodically; the task reschedules itself). */
export async function scheduleProbe(clusterId: number, tx?: Tx): Promise<void> {
  await enqueue("probe_cluster", { clusterId }, { ...clusterWatchJob(clusterId), jobKeyMode: "replace" }, tx);
}

/** A channel of the team for "unreachable" alerts; null clears it, undefined leaves it. */
async function resolveAlertChannel(teamId: number, ref: string | null | undefined, tx: Tx): Promise<number | null | undefined> {
  if (ref === undefined) return undefined;
  if (ref === null || ref === "") return null;
  const channel = await findChannel({ teamId, ref }, tx);
  if (!channel) throw new AppError("invalid_input", `Alert channel “${ref}” was not found in this team.`, { fields: { alertChannel: "No such alert channel in this team." } });
  return channel.id;
}

async function resolveVersionId(ref: string | undefined, tx: Tx): Promise<number | null> {
  if (!ref) return null;
  const v = await findFlinkVersion(ref, tx);
  if (!v) throw new AppError("not_found", `Flink version “${ref}” was not found.`, { fields: { flinkVersion: "No such Flink version." } });
  return v.id;
}

function fieldsFor(v: CreateClusterInput) {
  const base = {
    name: v.name,
    description: v.description,
    labels: [...new Set(v.labels)],
    sqlGatewayUrl: v.sqlGatewayUrl ?? null,
    properties: v.properties,
    restUrl: null as string | null,
    yarnRmUrl: null as string | null,
    yarnApplicationId: null as string | null,
    yarnQueue: null as string | null,
    k8sNamespace: null as string | null,
    k8sClusterId: null as string | null,
    k8sContext: null as string | null,
    k8sImage: null as string | null,
  };
  switch (v.kind) {
    case "remote":
      return { ...base, kind: v.kind, restUrl: v.restUrl, managed: false };
    case "yarn-session":
      return { ...base, kind: v.kind, yarnRmUrl: v.yarnRmUrl, yarnApplicationId: v.yarnApplicationId ?? null, yarnQueue: v.yarnQueue || null, managed: v.start };
    case "k8s-session":
      return { ...base, kind: v.kind, k8sNamespace: v.k8sNamespace, k8sClusterId: v.k8sClusterId, k8sContext: v.k8sContext || null, k8sImage: v.k8sImage || null, restUrl: v.restUrl ?? null, managed: v.start };
  }
}

export async function createCluster(p: Principal, team: string | number, input: unknown): Promise<Cluster> {
  const v = createClusterInput.parse(input);
  const access = await teamAccess(p, team);
  return audited(p, { action: "cluster.create", targetType: "cluster", targetName: v.name, team: access.team, detail: { kind: v.kind } }, async (tx, log) => {
    requirePermission(access, "cluster:manage");
    const fields = fieldsFor(v);
    if (v.kind === "yarn-session" && !v.start && !v.yarnApplicationId) {
      throw new AppError("invalid_input", "Give the application id of a running YARN session, or ask Eddy to start one.", { fields: { yarnApplicationId: "Required unless Eddy starts the session." } });
    }
    if (v.kind === "yarn-session" && v.start && v.yarnApplicationId) {
      throw new AppError("invalid_input", "Either register an existing YARN session (its application id) or start a new one, not both.", { fields: { yarnApplicationId: "Leave empty when Eddy starts the session." } });
    }
    const flinkVersionId = await resolveVersionId(v.flinkVersion, tx);
    const alertChannelId = (await resolveAlertChannel(access.team.id, v.alertChannel, tx)) ?? null;
    if (fields.managed && !flinkVersionId) {
      throw new AppError("invalid_input", "Starting a session cluster needs a Flink version.", { fields: { flinkVersion: "Choose the Flink version to start it with." } });
    }
    const { id } = await uniqueOr(`A cluster named “${v.name}” already exists in ${access.team.name}.`, () =>
      insertCluster({ ...fields, flinkVersionId, alertChannelId, state: fields.managed ? "starting" : "registered", teamId: access.team.id, createdBy: p.via === "cli" ? null : p.user.id }, tx),
    );
    log.set({ targetId: id });
    if (fields.managed) await enqueue("start_session_cluster", { clusterId: id }, { jobKey: `cluster_lifecycle:${id}`, maxAttempts: 3 }, tx);
    await scheduleProbe(id, tx);
    return (await findClusterById(id, tx))!;
  });
}

export async function updateCluster(p: Principal, team: string | number, ref: string, input: unknown): Promise<Cluster> {
  const v = updateClusterInput.parse(input);
  const access = await teamAccess(p, team);
  return audited(p, { action: "cluster.update", targetType: "cluster", targetName: ref, team: access.team, detail: { ...v } }, async (tx, log) => {
    requirePermission(access, "cluster:manage");
    const cluster = await findCluster({ teamId: access.team.id, ref }, tx);
    if (!cluster) throw new AppError("not_found", `Cluster “${ref}” was not found.`);
    log.set({ targetId: cluster.id, targetName: cluster.name });
    if (cluster.kind === "remote" && v.restUrl === null) throw new AppError("invalid_input", "A remote cluster needs its REST URL.", { fields: { restUrl: "Required." } });
    if (cluster.managed && v.yarnApplicationId !== undefined && v.yarnApplicationId !== cluster.yarnApplicationId) {
      throw conflict("Eddy started this session; its application id follows what Eddy started.");
    }
    const flinkVersionId = v.flinkVersion === undefined ? undefined : await resolveVersionId(v.flinkVersion || undefined, tx);
    const alertChannelId = await resolveAlertChannel(access.team.id, v.alertChannel, tx);
    if (cluster.managed && flinkVersionId === null) {
      throw new AppError("invalid_input", "Eddy starts this session with its Flink version; choose another version instead of none.", { fields: { flinkVersion: "Required for a session Eddy starts." } });
    }
    await uniqueOr(`A cluster named “${v.name}” already exists in ${access.team.name}.`, () =>
      updateRow(
        {
          teamId: access.team.id,
          id: cluster.id,
          name: v.name,
          description: v.description,
          labels: v.labels && [...new Set(v.labels)],
          flinkVersionId,
          sqlGatewayUrl: v.sqlGatewayUrl,
          properties: v.properties,
          alertChannelId,
          restUrl: v.restUrl,
          yarnRmUrl: cluster.kind === "yarn-session" ? v.yarnRmUrl : undefined,
          yarnApplicationId: cluster.kind === "yarn-session" ? v.yarnApplicationId : undefined,
          yarnQueue: cluster.kind === "yarn-session" ? v.yarnQueue : undefined,
          k8sContext: cluster.kind === "k8s-session" ? v.k8sContext : undefined,
          k8sImage: cluster.kind === "k8s-session" ? v.k8sImage : undefined,
        },
        tx,
      ),
    );
    await scheduleProbe(cluster.id, tx);
    return (await findClusterById(cluster.id, tx))!;
  });
}

const quoteNames = (names: string[]): string => {
  const shown = names.slice(0, 10).map((n) => `“${n}”`).join(", ");
  return names.length > 10 ? `${shown} and ${names.length - 10} more` : shown;
};
const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/**
 * Refused while Flink reports unfinished jobs on the cluster (named, so people know what they would
 * strand), and while a session Eddy started is still up (stop it first). When Flink cannot be asked,
 * what Eddy last knew decides: refused if the last stored probe counted running jobs or Eddy has
 * runs it believes live there (named); allowed when the probe counted none (or never reached it)
 * and Eddy has no live runs there. A session Eddy stopped runs nothing, whatever its last probe saw.
 */
export async function deleteCluster(p: Principal, team: string | number, ref: string): Promise<void> {
  const access = await teamAccess(p, team);
  await audited(p, { action: "cluster.delete", targetType: "cluster", targetName: ref, team: access.team }, async (tx, log) => {
    requirePermission(access, "cluster:manage");
    const cluster = await findCluster({ teamId: access.team.id, ref }, tx);
    if (!cluster) throw new AppError("not_found", `Cluster “${ref}” was not found.`);
    log.set({ targetId: cluster.id, targetName: cluster.name });
    if (cluster.managed && ["starting", "running", "stopping"].includes(cluster.state)) {
      throw conflict(`“${cluster.name}” is a session Eddy started and it is ${cluster.state}; stop it before deleting it.`);
    }
    const live = await liveJobsOf(cluster).catch(() => null);
    if (live === null) {
      await refuseWhileUnreachable(cluster, tx);
    } else {
      const unfinished = live.filter((j) => !["FINISHED", "CANCELED", "FAILED"].includes(j.state));
      if (unfinished.length > 0) {
        throw conflict(`“${cluster.name}” still runs ${plural(unfinished.length, "job")}: ${quoteNames(unfinished.map((j) => j.name))}. Stop them first.`);
      }
    }
    const assigned = await jobNamesOnCluster(cluster.id, tx);
    if (assigned.length > 0) {
      throw conflict(`${plural(assigned.length, "job")} of ${access.team.name} ${assigned.length === 1 ? "is" : "are"} set to run on “${cluster.name}”: ${quoteNames(assigned)}. Choose another cluster in ${assigned.length === 1 ? "its" : "their"} settings, or delete ${assigned.length === 1 ? "it" : "them"}, first.`);
    }
    await deleteRow({ teamId: access.team.id, id: cluster.id }, tx);
  });
}

/** Flink did not answer: refuses when the last probe or Eddy's own runs say jobs may still run there. */
async function refuseWhileUnreachable(cluster: Cluster, tx: Tx): Promise<void> {
  const stoppedByEddy = cluster.managed && cluster.state === "stopped";
  const probedRunning = stoppedByEddy ? 0 : (cluster.jobsRunning ?? 0);
  const eddyJobs = [...new Set((await liveRunsOnCluster(cluster.id, tx)).map((r) => r.jobName))].sort((a, b) => a.localeCompare(b));
  if (probedRunning === 0 && eddyJobs.length === 0) return;
  const reasons: string[] = [];
  if (probedRunning > 0) reasons.push(`its last probe counted ${plural(probedRunning, "running job")}`);
  if (eddyJobs.length > 0) {
    reasons.push(`Eddy's ${eddyJobs.length === 1 ? "job" : "jobs"} ${quoteNames(eddyJobs)} ${eddyJobs.length === 1 ? "is" : "are"} still running there as far as Eddy knows`);
  }
  const advice = eddyJobs.length > 0 ? "Stop those jobs first, or try again once it answers." : "Try again once it answers.";
  throw conflict(`“${cluster.name}” cannot be reached, so Eddy cannot check what still runs there: ${reasons.join(", and ")}. ${advice}`);
}

/** Start or stop a session cluster that Eddy manages. The work happens in a task; this records the intent. */
export async function clusterAction(p: Principal, team: string | number, ref: string, action: string): Promise<Cluster> {
  const a = clusterActionSchema.parse(action);
  const access = await teamAccess(p, team);
  return audited(p, { action: `cluster.${a}`, targetType: "cluster", targetName: ref, team: access.team }, async (tx, log) => {
    requirePermission(access, "cluster:manage");
    const cluster = await findCluster({ teamId: access.team.id, ref }, tx);
    if (!cluster) throw new AppError("not_found", `Cluster “${ref}” was not found.`);
    log.set({ targetId: cluster.id, targetName: cluster.name });
    if (!cluster.managed) throw conflict(`Eddy did not start “${cluster.name}”, so it does not ${a} it; it only watches it.`);
    const from = a === "start" ? (["stopped", "failed"] as const) : (["starting", "running", "failed"] as const);
    const to = a === "start" ? "starting" : "stopping";
    const moved = await transitionCluster({ id: cluster.id, from: [...from], to }, tx);
    if (!moved) throw conflict(`“${cluster.name}” is ${cluster.state}; it cannot ${a} now.`);
    await enqueue(a === "start" ? "start_session_cluster" : "stop_session_cluster", { clusterId: cluster.id }, { jobKey: `cluster_lifecycle:${cluster.id}`, maxAttempts: 3 }, tx);
    await scheduleProbe(cluster.id, tx);
    return (await findClusterById(cluster.id, tx))!;
  });
}
