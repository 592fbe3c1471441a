import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { apiTokens, teams, users } from "../schema";
import { conn, type DbOrTx } from "./tx";

export type ApiToken = {
  id: number;
  name: string;
  prefix: string;
  userId: number;
  username: string;
  teamId: number;
  teamName: string;
  expiresAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  createdAt: Date;
};

const tokenColumns = {
  id: apiTokens.id,
  name: apiTokens.name,
  prefix: apiTokens.prefix,
  userId: apiTokens.userId,
  username: users.username,
  teamId: apiTokens.teamId,
  teamName: teams.name,
  expiresAt: apiTokens.expiresAt,
  revokedAt: apiTokens.revokedAt,
  lastUsedAt: apiTokens.lastUsedAt,
  createdAt: apiTokens.createdAt,
};

function withNames(tx?: DbOrTx) {
  return conn(tx)
    .select(tokenColumns)
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .innerJoin(teams, eq(teams.id, apiTokens.teamId));
}

export async function insertApiToken(
  input: { userId: number; teamId: number; name: string; tokenHash: string; prefix: string; expiresAt: Date | null },
  tx?: DbOrTx,
): Promise<{ id: number }> {
  const [row] = await conn(tx).insert(apiTokens).values(input).returning({ id: apiTokens.id });
  return row!;
}

export async function listApiTokensOfUser(userId: number, tx?: DbOrTx): Promise<ApiToken[]> {
  return withNames(tx).where(eq(apiTokens.userId, userId)).orderBy(desc(apiTokens.createdAt));
}

export async function listApiTokensOfTeam(teamId: number, tx?: DbOrTx): Promise<ApiToken[]> {
  return withNames(tx).where(eq(apiTokens.teamId, teamId)).orderBy(desc(apiTokens.createdAt));
}

export async function findApiToken(id: number, tx?: DbOrTx): Promise<ApiToken | undefined> {
  const [row] = await withNames(tx).where(eq(apiTokens.id, id));
  return row;
}

export async function revokeApiToken(id: number, tx?: DbOrTx): Promise<boolean> {
  const rows = await conn(tx)
    .update(apiTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  return rows.length > 0;
}

/**
 * The live token with this hash, if any: not revoked, not expired. Touches last_used_at at most
 * once a minute so that a busy script does not turn every request into a write.
 */
export async function redeemApiToken(tokenHash: string, tx?: DbOrTx) {
  const [row] = await conn(tx)
    .select({ id: apiTokens.id, userId: apiTokens.userId, teamId: apiTokens.teamId, lastUsedAt: apiTokens.lastUsedAt })
    .from(apiTokens)
    .where(
      and(
        eq(apiTokens.tokenHash, tokenHash),
        isNull(apiTokens.revokedAt),
        sql`(${apiTokens.expiresAt} is null or ${apiTokens.expiresAt} > now())`,
      ),
    );
  if (row && (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000)) {
    await conn(tx).update(apiTokens).set({ lastUsedAt: new Date() }).where(eq(apiTokens.id, row.id));
  }
  return row;
}
