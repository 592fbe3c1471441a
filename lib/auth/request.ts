import { redeemApiToken } from "@/db/queries/api-tokens";
import { findLoginLock, recordLoginFailure } from "@/db/queries/login-attempts";
import { getUserSessionState } from "@/db/queries/users";
import { AppError } from "@/lib/errors";
import { clientAddress } from "./client-address";
import type { Principal } from "./principal";
import { sessionPrincipal } from "./session";
import { hashToken, looksLikeToken } from "./tokens";

/**
 * Unknown tokens are counted per address, in the same table as failed sign-ins under a name no
 * username can take ('#' is not allowed in usernames). Guessing a 256-bit token is hopeless anyway;
 * this keeps a misconfigured script or a flood from hammering the database with lookups.
 */
const TOKEN_GUESSES = "#api-token";
export const tokenThrottle = { maxFailures: 20, windowSeconds: 15 * 60, lockSeconds: 15 * 60 };

function tooManyGuesses(until: Date): AppError {
  const seconds = Math.max(1, Math.ceil((until.getTime() - Date.now()) / 1000));
  return new AppError(
    "rate_limited",
    `Too many requests with unknown API tokens from your address; try again in ${Math.ceil(seconds / 60)} minute${seconds > 60 ? "s" : ""}.`,
    { retryAfter: seconds },
  );
}

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
    const address = clientAddress(req.headers);
    const locked = await findLoginLock({ username: TOKEN_GUESSES, address });
    if (locked) throw tooManyGuesses(locked);
    const token = await redeemApiToken(hashToken(m[1]!));
    if (!token) {
      const lock = await recordLoginFailure({ username: TOKEN_GUESSES, address, ...tokenThrottle });
      if (lock) throw tooManyGuesses(lock);
      throw new AppError("unauthenticated", "This API token is unknown, expired or revoked.");
    }
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
