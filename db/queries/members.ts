import { and, asc, eq, sql } from "drizzle-orm";
import { members, roles, users } from "../schema";
import { conn, type DbOrTx } from "./tx";

export type Member = {
  userId: number;
  username: string;
  displayName: string;
  enabled: boolean;
  roleId: number;
  role: string;
  joinedAt: Date;
};

const memberColumns = {
  userId: users.id,
  username: users.username,
  displayName: users.displayName,
  enabled: users.enabled,
  roleId: roles.id,
  role: roles.name,
  joinedAt: members.createdAt,
};

export async function listMembers(teamId: number, tx?: DbOrTx): Promise<Member[]> {
  return conn(tx)
    .select(memberColumns)
    .from(members)
    .innerJoin(users, eq(users.id, members.userId))
    .innerJoin(roles, eq(roles.id, members.roleId))
    .where(eq(members.teamId, teamId))
    .orderBy(asc(sql`lower(${users.username})`));
}

export async function findMember(input: { teamId: number; userId: number }, tx?: DbOrTx): Promise<Member | undefined> {
  const [row] = await conn(tx)
    .select(memberColumns)
    .from(members)
    .innerJoin(users, eq(users.id, members.userId))
    .innerJoin(roles, eq(roles.id, members.roleId))
    .where(and(eq(members.teamId, input.teamId), eq(members.userId, input.userId)));
  return row;
}

/** The permissions a user's role grants in a team, or undefined when they are not a member. */
export async function findMembershipPermissions(
  input: { teamId: number; userId: number },
  tx?: DbOrTx,
): Promise<{ role: string; permissions: string[] } | undefined> {
  const [row] = await conn(tx)
    .select({ role: roles.name, permissions: roles.permissions })
    .from(members)
    .innerJoin(roles, eq(roles.id, members.roleId))
    .where(and(eq(members.teamId, input.teamId), eq(members.userId, input.userId)));
  return row;
}

/** Enabled users who are not members of the team: the choices when adding one. */
export async function listUsersOutsideTeam(teamId: number, tx?: DbOrTx) {
  return conn(tx)
    .select({ id: users.id, username: users.username, displayName: users.displayName })
    .from(users)
    .where(
      and(
        eq(users.enabled, true),
        // Qualified by hand: Drizzle renders bare column names, and a bare "id" would mean members.id here.
        sql`not exists (select 1 from ${members} where ${members}."team_id" = ${teamId} and ${members}."user_id" = ${users}."id")`,
      ),
    )
    .orderBy(asc(sql`lower(${users.username})`));
}

export async function insertMember(input: { teamId: number; userId: number; roleId: number }, tx?: DbOrTx) {
  await conn(tx).insert(members).values(input);
}

export async function updateMemberRole(
  input: { teamId: number; userId: number; roleId: number },
  tx?: DbOrTx,
): Promise<boolean> {
  const rows = await conn(tx)
    .update(members)
    .set({ roleId: input.roleId })
    .where(and(eq(members.teamId, input.teamId), eq(members.userId, input.userId)))
    .returning({ id: members.id });
  return rows.length > 0;
}

export async function deleteMember(input: { teamId: number; userId: number }, tx?: DbOrTx): Promise<boolean> {
  const rows = await conn(tx)
    .delete(members)
    .where(and(eq(members.teamId, input.teamId), eq(members.userId, input.userId)))
    .returning({ id: members.id });
  return rows.length > 0;
}
