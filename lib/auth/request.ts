import { redeemApiToken } from "@/db/queries/api-tokens";
import { getUserSessionState } from "@/db/queries/users";
import { AppError } from "@/lib/errors";
import { clientAddress } from "./client-address";
import type { Principal } from "./principal";
import { sessionPrincipal } from "./session";
import { hashToken, looksLikeToken } from "./tokens";

/**
 * Authenticates a REST request: `Authorization: Bearer <token>` acts as the token's user inside the
 * token's team; without the header, the browser session is used.
 */
export async function authenticateRequest(req: Request): Promise<Principal> {
  const header = req.headers.get("authorization");
  if (header) {
    const m = /^Bearer\s+(\S+)$/i.exec(header.trim());
    if (!m || !looksLikeToken(m[1]!)) {
      throw new AppError("unauthenticated", "The Authorization header must be “Bearer <token>” with an Eddy API token.");
    }
    const token = await redeemApiToken(hashToken(m[1]!));
    if (!token) throw new AppError("unauthenticated", "This API token is unknown, expired or revoked.");
    const user = await getUserSessionState(token.userId);
    if (!user || !user.enabled) throw new AppError("unauthenticated", "The user of this API token is disabled.");
    return {
      user: { id: user.id, username: user.username, displayName: user.displayName, isAdmin: user.isAdmin },
      via: "token",
      tokenTeamId: token.teamId,
      ip: clientAddress(req.headers),
    };
  }
  const p = await sessionPrincipal();
  if (!p) throw new AppError("unauthenticated", "Sign in, or send an API token as “Authorization: Bearer <token>”.");
  return p;
}
