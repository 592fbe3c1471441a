import { and, asc, eq, sql, type SQL } from "drizzle-orm";
import { jobs, users, variables } from "../schema";
import { conn, type DbOrTx } from "./tx";

const MAX_INT4 = 2_147_483_647;

/**
 * A variable by name or id. Unlike other objects, names are matched exactly: ${Name} and ${name}
 * are different placeholders. A name starts with a letter, so digits always mean an id.
 */
function variableRef(ref: string | number): SQL | null {
  if (typeof ref === "number") return Number.isInteger(ref) && ref > 0 && ref <= MAX_INT4 ? eq(variables.id, ref) : null;
  if (ref.includes("\u0000")) return null;
  if (/^\d+$/.test(ref)) {
    const n = Number(ref);
    return n > 0 && n <= MAX_INT4 ? eq(variables.id, n) : null;
  }
  return eq(variables.name, ref);
}

/**
 * Jobs whose newest SQL, program arguments or dynamic properties contain `${name}`. The names'
 * characters ([A-Za-z0-9._-]) are never escaped in jsonb's text form, so a text search of the two
 * settings is exact.
 */
function jobUsesVariable(needle: SQL): SQL {
  return sql`(
    position(${needle} in ${jobs.sql}) > 0
    or position(${needle} in coalesce(${jobs.settings}->>'programArgs', '')) > 0
    or position(${needle} in coalesce(${jobs.settings}->>'dynamicProperties', '')) > 0
  )`;
}

/** How a variable appears in a script: `${name}`. */
export function placeholder(name: string): string {
  return "${" + name + "}";
}

const columns = {
  id: variables.id,
  teamId: variables.teamId,
  name: variables.name,
  secret: variables.secret,
  description: variables.description,
  createdBy: users.username,
  createdAt: variables.createdAt,
  updatedAt: variables.updatedAt,
  usedBy: sql<number>`(select count(*) from ${jobs} where ${jobs.teamId} = ${variables.teamId} and ${jobUsesVariable(sql`('\${' || ${variables.name} || '}')`)})`.mapWith(Number),
};

/**
 * A variable as the service sees it. `value` is the plain value, or for a secret its sealed form
 * (only when asked for with `withSecretValues`; otherwise null), never decrypted here.
 */
export type VariableRow = {
  id: number;
  teamId: number;
  name: string;
  secret: boolean;
  description: string;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
  usedBy: number;
  value: string | null;
};

function select(withSecretValues: boolean, tx?: DbOrTx) {
  const value = withSecretValues ? variables.value : sql<string | null>`case when ${variables.secret} then null else ${variables.value} end`;
  return conn(tx)
    .select({ ...columns, value })
    .from(variables)
    .leftJoin(users, eq(users.id, variables.createdBy));
}

export async function listVariables(input: { teamId: number; withSecretValues?: boolean }, tx?: DbOrTx): Promise<VariableRow[]> {
  return select(input.withSecretValues ?? false, tx)
    .where(eq(variables.teamId, input.teamId))
    .orderBy(asc(variables.name));
}

/** A team's variable by exact name or id; another team's is simply not found. */
export async function findVariable(input: { teamId: number; ref: string | number; withSecretValues?: boolean }, tx?: DbOrTx): Promise<VariableRow | undefined> {
  const where = variableRef(input.ref);
  if (!where) return undefined;
  const [row] = await select(input.withSecretValues ?? false, tx).where(and(eq(variables.teamId, input.teamId), where));
  return row;
}

/** Names only, for the SQL editor's completion and validation. */
export async function listVariableNames(teamId: number, tx?: DbOrTx): Promise<string[]> {
  const rows = await conn(tx).select({ name: variables.name }).from(variables).where(eq(variables.teamId, teamId)).orderBy(asc(variables.name));
  return rows.map((r) => r.name);
}

/** Every variable's stored value (sealed for secrets), for substitution. */
export async function listVariableValues(teamId: number, tx?: DbOrTx): Promise<{ name: string; value: string; secret: boolean }[]> {
  return conn(tx)
    .select({ name: variables.name, value: variables.value, secret: variables.secret })
    .from(variables)
    .where(eq(variables.teamId, teamId));
}

/** The team's jobs whose newest SQL, program arguments or dynamic properties contain `${name}`. */
export async function jobsUsingVariable(teamId: number, name: string, tx?: DbOrTx): Promise<{ id: number; name: string }[]> {
  return conn(tx)
    .select({ id: jobs.id, name: jobs.name })
    .from(jobs)
    .where(and(eq(jobs.teamId, teamId), jobUsesVariable(sql`${placeholder(name)}::text`)))
    .orderBy(asc(sql`lower(${jobs.name})`));
}

export type VariableFields = Pick<typeof variables.$inferInsert, "name" | "value" | "secret" | "description">;

export async function insertVariable(input: VariableFields & { teamId: number; createdBy: number | null }, tx?: DbOrTx): Promise<{ id: number }> {
  const [row] = await conn(tx).insert(variables).values(input).returning({ id: variables.id });
  return row!;
}

export async function updateVariable(input: { teamId: number; id: number } & Partial<VariableFields>, tx?: DbOrTx): Promise<boolean> {
  const { teamId, id, ...fields } = input;
  const rows = await conn(tx)
    .update(variables)
    .set({ ...fields, updatedAt: new Date() })
    .where(and(eq(variables.teamId, teamId), eq(variables.id, id)))
    .returning({ id: variables.id });
  return rows.length > 0;
}

export async function deleteVariable(input: { teamId: number; id: number }, tx?: DbOrTx): Promise<boolean> {
  const rows = await conn(tx)
    .delete(variables)
    .where(and(eq(variables.teamId, input.teamId), eq(variables.id, input.id)))
    .returning({ id: variables.id });
  return rows.length > 0;
}
