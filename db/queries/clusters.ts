import { and, asc, eq, sql } from "drizzle-orm";
import { clusters, flinkVersions } from "../schema";
import { refCondition } from "./refs";
import { conn, type DbOrTx } from "./tx";

export type ClusterKind = (typeof clusters.kind.enumValues)[number];
export type ClusterState = (typeof clusters.state.enumValues)[number];
export type ClusterHealth = (typeof clusters.health.enumValues)[number];

const columns = {
  id: clusters.id,
  teamId: clusters.teamId,
  name: clusters.name,
  description: clusters.description,
  labels: clusters.labels,
  kind: clusters.kind,
  flinkVersionId: clusters.flinkVersionId,
  flinkVersionName: flinkVersions.name,
  flinkVersion: flinkVersions.version,
  flinkHome: flinkVersions.home,
  restUrl: clusters.restUrl,
  yarnRmUrl: clusters.yarnRmUrl,
  yarnApplicationId: clusters.yarnApplicationId,
  yarnQueue: clusters.yarnQueue,
  k8sNamespace: clusters.k8sNamespace,
  k8sClusterId: clusters.k8sClusterId,
  k8sContext: clusters.k8sContext,
  k8sImage: clusters.k8sImage,
  sqlGatewayUrl: clusters.sqlGatewayUrl,
  alertChannelId: clusters.alertChannelId,
  properties: clusters.properties,
  managed: clusters.managed,
  state: clusters.state,
  stateMessage: clusters.stateMessage,
  health: clusters.health,
  healthMessage: clusters.healthMessage,
  lastProbeAt: clusters.lastProbeAt,
  lastHealthyAt: clusters.lastHealthyAt,
  reportedVersion: clusters.reportedVersion,
  jobsTotal: clusters.jobsTotal,
  jobsRunning: clusters.jobsRunning,
  taskManagers: clusters.taskManagers,
  slotsTotal: clusters.slotsTotal,
  slotsAvailable: clusters.slotsAvailable,
  createdAt: clusters.createdAt,
  updatedAt: clusters.updatedAt,
};

function select(tx?: DbOrTx) {
  return conn(tx).select(columns).from(clusters).leftJoin(flinkVersions, eq(flinkVersions.id, clusters.flinkVersionId));
}

/** A cluster as pages, the API and tasks see it: its row plus its Flink version's name, version and home. */
export type Cluster = Awaited<ReturnType<typeof select>>[number];

export async function listClusters(teamId: number, tx?: DbOrTx): Promise<Cluster[]> {
  return select(tx).where(eq(clusters.teamId, teamId)).orderBy(asc(sql`lower(${clusters.name})`));
}

/** A team's cluster by name or id; another team's cluster is simply not found. */
export async function findCluster(input: { teamId: number; ref: string | number }, tx?: DbOrTx): Promise<Cluster | undefined> {
  const where = refCondition(input.ref, clusters.id, clusters.name);
  if (!where) return undefined;
  const [row] = await select(tx).where(and(eq(clusters.teamId, input.teamId), where));
  return row;
}

/** For background tasks, which act for no team: a cluster by id alone. */
export async function findClusterById(id: number, tx?: DbOrTx): Promise<Cluster | undefined> {
  const [row] = await select(tx).where(eq(clusters.id, id));
  return row;
}

export async function listAllClusterIds(tx?: DbOrTx): Promise<number[]> {
  return (await conn(tx).select({ id: clusters.id }).from(clusters)).map((r) => r.id);
}

/** What a registration or an edit may set (the rest is written by probes and lifecycle tasks). */
export type ClusterFields = Pick<
  typeof clusters.$inferSelect,
  | "name" | "description" | "labels" | "kind" | "flinkVersionId" | "restUrl" | "yarnRmUrl" | "yarnApplicationId" | "yarnQueue"
  | "k8sNamespace" | "k8sClusterId" | "k8sContext" | "k8sImage" | "sqlGatewayUrl" | "properties" | "managed" | "state" | "alertChannelId"
>;

export async function insertCluster(input: ClusterFields & { teamId: number; createdBy: number | null }, tx?: DbOrTx): Promise<{ id: number }> {
  const [row] = await conn(tx).insert(clusters).values(input).returning({ id: clusters.id });
  return row!;
}

export async function updateCluster(input: { teamId: number; id: number } & Partial<ClusterFields>, tx?: DbOrTx): Promise<boolean> {
  const { teamId, id, ...fields } = input;
  const rows = await conn(tx)
    .update(clusters)
    .set({ ...fields, updatedAt: new Date() })
    .where(and(eq(clusters.teamId, teamId), eq(clusters.id, id)))
    .returning({ id: clusters.id });
  return rows.length > 0;
}

/** Names of the jobs set to run on a cluster (its foreign key keeps the cluster while they are). */
export async function jobNamesOnCluster(clusterId: number, tx?: DbOrTx): Promise<string[]> {
  const rows = (await conn(tx).execute(sql`select name from jobs where cluster_id = ${clusterId} order by name`)) as unknown as { name: string }[];
  return rows.map((r) => r.name);
}

export async function deleteCluster(input: { teamId: number; id: number }, tx?: DbOrTx): Promise<boolean> {
  const rows = await conn(tx)
    .delete(clusters)
    .where(and(eq(clusters.teamId, input.teamId), eq(clusters.id, input.id)))
    .returning({ id: clusters.id });
  return rows.length > 0;
}

/** What a probe learned. Counts stay as last seen when the cluster cannot be reached. */
export async function recordClusterProbe(
  input: {
    id: number;
    health: ClusterHealth;
    healthMessage: string | null;
    reportedVersion?: string | null;
    jobsTotal?: number;
    jobsRunning?: number;
    taskManagers?: number;
    slotsTotal?: number;
    slotsAvailable?: number;
    restUrl?: string;
  },
  tx?: DbOrTx,
): Promise<void> {
  const { id, ...fields } = input;
  const now = new Date();
  await conn(tx)
    .update(clusters)
    .set({ ...fields, lastProbeAt: now, ...(input.health === "healthy" ? { lastHealthyAt: now } : {}) })
    .where(eq(clusters.id, id));
}

/** Moves a managed cluster's lifecycle, only from the states given (a compare-and-set). */
export async function transitionCluster(
  input: { id: number; from: ClusterState[]; to: ClusterState; message?: string | null; fields?: Partial<ClusterFields> },
  tx?: DbOrTx,
): Promise<boolean> {
  const rows = await conn(tx)
    .update(clusters)
    .set({ ...(input.fields ?? {}), state: input.to, stateMessage: input.message ?? null, updatedAt: new Date() })
    .where(and(eq(clusters.id, input.id), sql`${clusters.state} in ${input.from}`))
    .returning({ id: clusters.id });
  return rows.length > 0;
}
