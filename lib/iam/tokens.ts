import { z } from "zod";
import {
  findApiToken,
  insertApiToken,
  listApiTokensOfTeam,
  listApiTokensOfUser,
  revokeApiToken,
  type ApiToken,
} from "@/db/queries/api-tokens";
import { audited } from "@/lib/audit";
import { requirePermission, requireTeamPermission, teamAccess } from "@/lib/auth/access";
import type { Principal } from "@/lib/auth/principal";
import { generateToken } from "@/lib/auth/tokens";
import { AppError } from "@/lib/errors";
import { refSchema, tokenNameSchema } from "@/lib/validation";

export const createTokenInput = z.object({
  team: refSchema,
  name: tokenNameSchema,
  /** Days until it expires; absent or 0 means it never expires. */
  expiresInDays: z.coerce.number().int("Whole days only.").min(0, "Days cannot be negative.").max(3650, "At most 3650 days.").optional(),
});

export async function createToken(
  p: Principal,
  input: z.input<typeof createTokenInput>,
): Promise<{ token: string; id: number; expiresAt: Date | null }> {
  const v = createTokenInput.parse(input);
  const access = await teamAccess(p, v.team);
  return audited(p, { action: "token.create", targetType: "token", targetName: v.name, team: access.team }, async (tx, log) => {
    // A leaked token must not be able to mint more tokens.
    if (p.via === "token") throw new AppError("forbidden", "API tokens cannot create tokens; sign in to create one.");
    if (p.via === "cli" && p.user.id === 0) throw new AppError("invalid_input", "Say which user the token acts as.");
    // The CLI's operator has the server's shell: they may mint a token for any member, who still
    // acts only with their own role. In the console one needs token:create.
    if (p.via !== "cli") requirePermission(access, "token:create");
    const { token, hash, prefix } = generateToken();
    const expiresAt = v.expiresInDays ? new Date(Date.now() + v.expiresInDays * 86_400_000) : null;
    const row = await insertApiToken({ userId: p.user.id, teamId: access.team.id, name: v.name, tokenHash: hash, prefix, expiresAt }, tx);
    log.set({ targetId: row.id, detail: { prefix, expiresAt } });
    return { token, id: row.id, expiresAt };
  });
}

export async function listMyTokens(p: Principal): Promise<ApiToken[]> {
  return listApiTokensOfUser(p.user.id);
}

export async function listTeamTokens(p: Principal, team: string | number): Promise<ApiToken[]> {
  const access = await requireTeamPermission(p, team, "token:manage");
  return listApiTokensOfTeam(access.team.id);
}

/** The owner may revoke their token; so may whoever manages tokens in its team. */
export async function revokeToken(p: Principal, input: { id: number }): Promise<void> {
  const token = await findApiToken(input.id);
  const missing = new AppError("not_found", "That token was not found.");
  if (!token) throw missing;
  const own = token.userId === p.user.id;
  const access = own ? null : await teamAccess(p, token.teamId).catch(() => null);
  if (!own && !access) throw missing;
  await audited(
    p,
    { action: "token.revoke", targetType: "token", targetId: token.id, targetName: token.name, team: { id: token.teamId, name: token.teamName } },
    async (tx) => {
      if (access) requirePermission(access, "token:manage");
      if (token.revokedAt) throw new AppError("conflict", "That token is already revoked.");
      await revokeApiToken(token.id, tx);
    },
  );
}
