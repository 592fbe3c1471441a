import { asc, count, eq, sql } from "drizzle-orm";
import { clusters, flinkVersions } from "../schema";
import { refCondition } from "./refs";
import { conn, type DbOrTx } from "./tx";

const columns = {
  id: flinkVersions.id,
  name: flinkVersions.name,
  home: flinkVersions.home,
  version: flinkVersions.version,
  major: flinkVersions.major,
  minor: flinkVersions.minor,
  commit: flinkVersions.commit,
  distJar: flinkVersions.distJar,
  configFile: flinkVersions.configFile,
  description: flinkVersions.description,
  isDefault: flinkVersions.isDefault,
  createdAt: flinkVersions.createdAt,
  syncedAt: flinkVersions.syncedAt,
};

export type FlinkVersion = {
  id: number;
  name: string;
  home: string;
  version: string;
  major: number;
  minor: number;
  commit: string | null;
  distJar: string;
  configFile: string | null;
  description: string;
  isDefault: boolean;
  createdAt: Date;
  syncedAt: Date;
};

export type FlinkVersionInput = {
  name: string;
  home: string;
  version: string;
  major: number;
  minor: number;
  commit: string | null;
  distJar: string;
  configFile: string | null;
  configText: string;
  description: string;
};

export async function listFlinkVersions(tx?: DbOrTx): Promise<(FlinkVersion & { clusterCount: number })[]> {
  return conn(tx)
    // Qualified by hand: Drizzle renders bare column names, ambiguous in a correlated subquery.
    .select({ ...columns, clusterCount: sql<number>`(select count(*)::int from ${clusters} where ${clusters}."flink_version_id" = ${flinkVersions}."id")` })
    .from(flinkVersions)
    .orderBy(asc(flinkVersions.major), asc(flinkVersions.minor), asc(flinkVersions.name));
}

export async function findFlinkVersion(ref: string | number, tx?: DbOrTx): Promise<FlinkVersion | undefined> {
  const where = refCondition(ref, flinkVersions.id, flinkVersions.name);
  if (!where) return undefined;
  const [row] = await conn(tx).select(columns).from(flinkVersions).where(where);
  return row;
}

export async function findFlinkVersionConfig(id: number, tx?: DbOrTx): Promise<string | undefined> {
  const [row] = await conn(tx).select({ text: flinkVersions.configText }).from(flinkVersions).where(eq(flinkVersions.id, id));
  return row?.text;
}

export async function findDefaultFlinkVersion(tx?: DbOrTx): Promise<FlinkVersion | undefined> {
  const [row] = await conn(tx).select(columns).from(flinkVersions).where(eq(flinkVersions.isDefault, true));
  return row;
}

export async function countFlinkVersions(tx?: DbOrTx): Promise<number> {
  const [row] = await conn(tx).select({ n: count() }).from(flinkVersions);
  return row?.n ?? 0;
}

export async function insertFlinkVersion(input: FlinkVersionInput & { isDefault: boolean; createdBy: number | null }, tx?: DbOrTx): Promise<FlinkVersion> {
  const [row] = await conn(tx).insert(flinkVersions).values(input).returning(columns);
  return row!;
}

export async function updateFlinkVersion(
  input: { id: number } & Partial<FlinkVersionInput>,
  tx?: DbOrTx,
): Promise<FlinkVersion | undefined> {
  const { id, ...given } = input;
  const fields = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined));
  // Nothing to change (e.g. only "make default" was asked): Drizzle refuses an empty SET.
  if (Object.keys(fields).length === 0) return findFlinkVersion(id, tx);
  const [row] = await conn(tx)
    .update(flinkVersions)
    .set({ ...fields, ...(fields.version ? { syncedAt: new Date() } : {}) })
    .where(eq(flinkVersions.id, id))
    .returning(columns);
  return row;
}

/** Makes `id` the only default (the partial unique index allows one). */
export async function setDefaultFlinkVersion(id: number, tx?: DbOrTx): Promise<void> {
  await conn(tx).update(flinkVersions).set({ isDefault: false }).where(eq(flinkVersions.isDefault, true));
  await conn(tx).update(flinkVersions).set({ isDefault: true }).where(eq(flinkVersions.id, id));
}

export async function deleteFlinkVersion(id: number, tx?: DbOrTx): Promise<boolean> {
  const rows = await conn(tx).delete(flinkVersions).where(eq(flinkVersions.id, id)).returning({ id: flinkVersions.id });
  return rows.length > 0;
}

/** How many clusters use a version, in how many teams: enough to refuse a delete without naming other teams' clusters. */
export async function countFlinkVersionUsers(id: number, tx?: DbOrTx): Promise<{ clusters: number; teams: number }> {
  const [row] = await conn(tx)
    .select({ clusters: sql<number>`count(*)::int`, teams: sql<number>`count(distinct ${clusters.teamId})::int` })
    .from(clusters)
    .where(eq(clusters.flinkVersionId, id));
  return { clusters: row?.clusters ?? 0, teams: row?.teams ?? 0 };
}
