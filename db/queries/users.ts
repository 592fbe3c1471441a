import { and, asc, count, eq, sql } from "drizzle-orm";
import { users } from "../schema";
import { refCondition } from "./refs";
import { conn, type DbOrTx } from "./tx";

const publicUser = {
  id: users.id,
  username: users.username,
  displayName: users.displayName,
  email: users.email,
  isAdmin: users.isAdmin,
  enabled: users.enabled,
  lastLoginAt: users.lastLoginAt,
  createdAt: users.createdAt,
};

export type PublicUser = {
  id: number;
  username: string;
  displayName: string;
  email: string;
  isAdmin: boolean;
  enabled: boolean;
  lastLoginAt: Date | null;
  createdAt: Date;
};


export async function findUserForLogin(username: string, tx?: DbOrTx) {
  if (username.includes("\u0000")) return undefined;
  const [row] = await conn(tx)
    .select({
      id: users.id,
      username: users.username,
      passwordHash: users.passwordHash,
      enabled: users.enabled,
      sessionVersion: users.sessionVersion,
    })
    .from(users)
    .where(eq(sql`lower(${users.username})`, username.toLowerCase()));
  return row;
}

export async function findUserPasswordHash(id: number, tx?: DbOrTx): Promise<string | undefined> {
  const [row] = await conn(tx).select({ h: users.passwordHash }).from(users).where(eq(users.id, id));
  return row?.h;
}

/** What every authenticated request needs to know about its user. */
export async function getUserSessionState(id: number, tx?: DbOrTx) {
  const [row] = await conn(tx)
    .select({
      id: users.id,
      username: users.username,
      displayName: users.displayName,
      isAdmin: users.isAdmin,
      enabled: users.enabled,
      sessionVersion: users.sessionVersion,
      lastTeamId: users.lastTeamId,
    })
    .from(users)
    .where(eq(users.id, id));
  return row;
}

/** A user by username (case-insensitive) or numeric id. */
export async function findUser(ref: string | number, tx?: DbOrTx): Promise<PublicUser | undefined> {
  const where = refCondition(ref, users.id, users.username);
  if (!where) return undefined;
  const [row] = await conn(tx).select(publicUser).from(users).where(where);
  return row;
}

export async function listUsers(tx?: DbOrTx): Promise<PublicUser[]> {
  return conn(tx).select(publicUser).from(users).orderBy(asc(sql`lower(${users.username})`));
}

export async function countUsers(tx?: DbOrTx): Promise<number> {
  const [row] = await conn(tx).select({ n: count() }).from(users);
  return row?.n ?? 0;
}

/**
 * Serialises changes that could remove the last enabled administrator: two admins demoting each
 * other at once would otherwise each count the other and both succeed. Held until the transaction ends.
 */
export async function lockAdminChanges(tx: DbOrTx): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(7420312)`);
}

export async function countEnabledAdmins(tx?: DbOrTx): Promise<number> {
  const [row] = await conn(tx)
    .select({ n: count() })
    .from(users)
    .where(and(eq(users.isAdmin, true), eq(users.enabled, true)));
  return row?.n ?? 0;
}

export async function insertUser(
  input: { username: string; displayName: string; email: string; passwordHash: string; isAdmin: boolean },
  tx?: DbOrTx,
): Promise<PublicUser> {
  const [row] = await conn(tx).insert(users).values(input).returning(publicUser);
  return row!;
}

export async function updateUser(
  input: { id: number; displayName?: string; email?: string; isAdmin?: boolean; enabled?: boolean },
  tx?: DbOrTx,
): Promise<PublicUser | undefined> {
  const { id, ...fields } = input;
  const [row] = await conn(tx)
    .update(users)
    .set({
      ...fields,
      updatedAt: new Date(),
      // Disabling a user voids their sessions at once.
      ...(fields.enabled === false ? { sessionVersion: sql`${users.sessionVersion} + 1` } : {}),
    })
    .where(eq(users.id, id))
    .returning(publicUser);
  return row;
}

/** Sets a new password hash and voids every session minted before it. */
export async function setUserPassword(input: { id: number; passwordHash: string }, tx?: DbOrTx): Promise<boolean> {
  const rows = await conn(tx)
    .update(users)
    .set({ passwordHash: input.passwordHash, sessionVersion: sql`${users.sessionVersion} + 1`, updatedAt: new Date() })
    .where(eq(users.id, input.id))
    .returning({ id: users.id });
  return rows.length > 0;
}

export async function recordLogin(id: number, tx?: DbOrTx): Promise<void> {
  await conn(tx).update(users).set({ lastLoginAt: new Date() }).where(eq(users.id, id));
}

/** Remembers the team a user last opened; a no-op (no row write) when it is already that team. */
export async function setLastTeam(input: { userId: number; teamId: number }, tx?: DbOrTx): Promise<void> {
  await conn(tx)
    .update(users)
    .set({ lastTeamId: input.teamId })
    .where(and(eq(users.id, input.userId), sql`${users.lastTeamId} is distinct from ${input.teamId}`));
}
