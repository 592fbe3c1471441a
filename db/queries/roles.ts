import { asc, eq, sql } from "drizzle-orm";
import { members, roles } from "../schema";
import { refCondition } from "./refs";
import { conn, type DbOrTx } from "./tx";

export type Role = { id: number; name: string; description: string; permissions: string[]; builtin: boolean };

const roleColumns = {
  id: roles.id,
  name: roles.name,
  description: roles.description,
  permissions: roles.permissions,
  builtin: roles.builtin,
};

export async function findRole(ref: string | number, tx?: DbOrTx): Promise<Role | undefined> {
  const where = refCondition(ref, roles.id, roles.name);
  if (!where) return undefined;
  const [row] = await conn(tx).select(roleColumns).from(roles).where(where);
  return row;
}

export async function listRoles(tx?: DbOrTx): Promise<(Role & { memberCount: number })[]> {
  return conn(tx)
    .select({
      ...roleColumns,
      // Qualified by hand: Drizzle renders bare column names, ambiguous in a correlated subquery.
      memberCount: sql<number>`(select count(*)::int from ${members} where ${members}."role_id" = ${roles}."id")`,
    })
    .from(roles)
    .orderBy(asc(roles.id));
}

export async function insertRole(
  input: { name: string; description: string; permissions: string[]; builtin?: boolean },
  tx?: DbOrTx,
): Promise<Role> {
  const [row] = await conn(tx).insert(roles).values(input).returning(roleColumns);
  return row!;
}

export async function updateRole(
  input: { id: number; name?: string; description?: string; permissions?: string[] },
  tx?: DbOrTx,
): Promise<Role | undefined> {
  const { id, ...fields } = input;
  const [row] = await conn(tx)
    .update(roles)
    .set({ ...fields, updatedAt: new Date() })
    .where(eq(roles.id, id))
    .returning(roleColumns);
  return row;
}

export async function deleteRole(id: number, tx?: DbOrTx): Promise<boolean> {
  const rows = await conn(tx).delete(roles).where(eq(roles.id, id)).returning({ id: roles.id });
  return rows.length > 0;
}

export async function countRoleMembers(id: number, tx?: DbOrTx): Promise<number> {
  const [row] = await conn(tx)
    .select({ n: sql<number>`count(*)::int` })
    .from(members)
    .where(eq(members.roleId, id));
  return row?.n ?? 0;
}
