import { and, asc, eq, inArray, ne, sql, type SQL } from "drizzle-orm";
import { jobs, resources, users } from "../schema";
import { refCondition } from "./refs";
import { conn, type DbOrTx } from "./tx";

export const resourceKinds = resources.kind.enumValues;
export type ResourceKind = (typeof resourceKinds)[number];

/** Jobs whose newest settings name resource `id`: as a JAR job's jar, or among its dependencies. */
function jobUsesResource(id: SQL | number): SQL {
  // ->> compares as text, so an id stored as "12" matches as well as 12.
  return sql`(
    ${jobs.settings}->>'jarResourceId' = (${id})::text
    or exists (
      select 1 from jsonb_array_elements(
        case when jsonb_typeof(${jobs.settings}->'dependencies') = 'array' then ${jobs.settings}->'dependencies' else '[]'::jsonb end
      ) d where d->>'resourceId' = (${id})::text
    )
  )`;
}

const summary = {
  id: resources.id,
  teamId: resources.teamId,
  name: resources.name,
  kind: resources.kind,
  description: resources.description,
  size: resources.size,
  sha256: resources.sha256,
  mainClass: resources.mainClass,
  storagePath: resources.storagePath,
  uploadedBy: users.username,
  createdAt: resources.createdAt,
  classesListed: sql<number>`cardinality(${resources.classes})`.mapWith(Number),
  usedBy: sql<number>`(select count(*) from ${jobs} where ${jobs.teamId} = ${resources.teamId} and ${jobUsesResource(sql`${resources.id}`)})`.mapWith(Number),
};

function select(tx?: DbOrTx) {
  return conn(tx).select(summary).from(resources).leftJoin(users, eq(users.id, resources.uploadedBy));
}

/** A jar as lists and pickers see it: no class list, with how many jobs use it. */
export type Resource = Awaited<ReturnType<typeof select>>[number];
export type ResourceWithClasses = Resource & { classes: string[] };

export async function listResources(teamId: number, tx?: DbOrTx): Promise<Resource[]> {
  return select(tx).where(eq(resources.teamId, teamId)).orderBy(asc(sql`lower(${resources.name})`));
}

/** A team's jar by name (any case) or id; another team's jar is simply not found. */
export async function findResource(input: { teamId: number; ref: string | number }, tx?: DbOrTx): Promise<Resource | undefined> {
  const where = refCondition(input.ref, resources.id, resources.name);
  if (!where) return undefined;
  const [row] = await select(tx).where(and(eq(resources.teamId, input.teamId), where));
  return row;
}

/** The same, with the class names found in the jar (for the detail view and entry-class pickers). */
export async function findResourceWithClasses(input: { teamId: number; ref: string | number }, tx?: DbOrTx): Promise<ResourceWithClasses | undefined> {
  const where = refCondition(input.ref, resources.id, resources.name);
  if (!where) return undefined;
  const [row] = await conn(tx)
    .select({ ...summary, classes: resources.classes })
    .from(resources)
    .leftJoin(users, eq(users.id, resources.uploadedBy))
    .where(and(eq(resources.teamId, input.teamId), where));
  return row;
}

/** For job pickers: every jar of the team, light. */
export async function listResourceOptions(teamId: number, tx?: DbOrTx): Promise<{ id: number; name: string; kind: ResourceKind; sha256: string; mainClass: string | null }[]> {
  return conn(tx)
    .select({ id: resources.id, name: resources.name, kind: resources.kind, sha256: resources.sha256, mainClass: resources.mainClass })
    .from(resources)
    .where(eq(resources.teamId, teamId))
    .orderBy(asc(sql`lower(${resources.name})`));
}

/** Jars of the team among `ids` (ids of other teams are left out). */
export async function findResourcesByIds(input: { teamId: number; ids: number[] }, tx?: DbOrTx): Promise<Resource[]> {
  const ids = [...new Set(input.ids)].filter((n) => Number.isInteger(n) && n > 0 && n <= 2_147_483_647);
  if (ids.length === 0) return [];
  return select(tx).where(and(eq(resources.teamId, input.teamId), inArray(resources.id, ids)));
}

/** The team's jobs whose newest settings use the jar, by name. */
export async function jobsUsingResource(input: { teamId: number; id: number }, tx?: DbOrTx): Promise<{ id: number; name: string }[]> {
  return conn(tx)
    .select({ id: jobs.id, name: jobs.name })
    .from(jobs)
    .where(and(eq(jobs.teamId, input.teamId), jobUsesResource(input.id)))
    .orderBy(asc(sql`lower(${jobs.name})`));
}

export type ResourceFields = Pick<
  typeof resources.$inferInsert,
  "name" | "kind" | "description" | "size" | "sha256" | "mainClass" | "classes" | "storagePath" | "uploadedBy"
>;

export async function insertResource(input: ResourceFields & { teamId: number }, tx?: DbOrTx): Promise<{ id: number }> {
  const [row] = await conn(tx).insert(resources).values(input).returning({ id: resources.id });
  return row!;
}

export async function deleteResource(input: { teamId: number; id: number }, tx?: DbOrTx): Promise<boolean> {
  const rows = await conn(tx)
    .delete(resources)
    .where(and(eq(resources.teamId, input.teamId), eq(resources.id, input.id)))
    .returning({ id: resources.id });
  return rows.length > 0;
}

/** How many other jars of the team are stored in the same content-addressed file. */
export async function countResourcesSharingFile(input: { teamId: number; sha256: string; exceptId?: number }, tx?: DbOrTx): Promise<number> {
  const [row] = await conn(tx)
    .select({ n: sql<number>`count(*)`.mapWith(Number) })
    .from(resources)
    .where(and(eq(resources.teamId, input.teamId), eq(resources.sha256, input.sha256), input.exceptId ? ne(resources.id, input.exceptId) : undefined));
  return row?.n ?? 0;
}

/**
 * Serialises uploads and deletions of one file (a team's content hash) until the transaction ends,
 * so a deletion never removes a file that a concurrent upload of the same bytes has just claimed.
 */
export async function lockResourceFile(input: { teamId: number; sha256: string }, tx: DbOrTx): Promise<void> {
  await conn(tx).execute(sql`select pg_advisory_xact_lock(hashtextextended(${`resource-file:${input.teamId}:${input.sha256}`}, 0))`);
}
