import { asc, count, eq, sql } from "drizzle-orm";
import { members, roles, teams } from "../schema";
import { refCondition } from "./refs";
import { conn, type DbOrTx } from "./tx";

export type Team = { id: number; name: string; description: string; createdAt: Date };

const teamColumns = { id: teams.id, name: teams.name, description: teams.description, createdAt: teams.createdAt };

/**
 * A team by name (case-insensitive) or numeric id. Names that are all digits are refused at
 * creation, so a reference is never ambiguous.
 */
export async function findTeam(ref: string | number, tx?: DbOrTx): Promise<Team | undefined> {
  const where = refCondition(ref, teams.id, teams.name);
  if (!where) return undefined;
  const [row] = await conn(tx).select(teamColumns).from(teams).where(where);
  return row;
}

export type TeamWithCounts = Team & { memberCount: number };

export async function listAllTeams(tx?: DbOrTx): Promise<TeamWithCounts[]> {
  return conn(tx)
    // Columns inside a correlated subquery must be table-qualified: Drizzle renders bare names, and
    // a bare "id" would mean members.id there.
    .select({ ...teamColumns, memberCount: sql<number>`(select count(*)::int from ${members} where ${members}."team_id" = ${teams}."id")` })
    .from(teams)
    .orderBy(asc(sql`lower(${teams.name})`));
}

/** The teams a user belongs to, with their role in each. */
export async function listTeamsOfUser(userId: number, tx?: DbOrTx): Promise<(Team & { role: string; permissions: string[] })[]> {
  return conn(tx)
    .select({ ...teamColumns, role: roles.name, permissions: roles.permissions })
    .from(members)
    .innerJoin(teams, eq(teams.id, members.teamId))
    .innerJoin(roles, eq(roles.id, members.roleId))
    .where(eq(members.userId, userId))
    .orderBy(asc(sql`lower(${teams.name})`));
}

export async function insertTeam(
  input: { name: string; description: string; createdBy: number | null },
  tx?: DbOrTx,
): Promise<Team> {
  const [row] = await conn(tx).insert(teams).values(input).returning(teamColumns);
  return row!;
}

export async function updateTeam(
  input: { id: number; name?: string; description?: string },
  tx?: DbOrTx,
): Promise<Team | undefined> {
  const { id, ...fields } = input;
  const [row] = await conn(tx)
    .update(teams)
    .set({ ...fields, updatedAt: new Date() })
    .where(eq(teams.id, id))
    .returning(teamColumns);
  return row;
}

export async function deleteTeam(id: number, tx?: DbOrTx): Promise<boolean> {
  const rows = await conn(tx).delete(teams).where(eq(teams.id, id)).returning({ id: teams.id });
  return rows.length > 0;
}

export async function countTeams(tx?: DbOrTx): Promise<number> {
  const [row] = await conn(tx).select({ n: count() }).from(teams);
  return row?.n ?? 0;
}
