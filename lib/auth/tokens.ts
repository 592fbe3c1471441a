import { createHash, randomBytes } from "node:crypto";

/**
 * API tokens are 32 random bytes, base64url, behind a recognisable prefix so that secret scanners
 * and people can tell what they are. They carry ~256 bits, so a fast hash (SHA-256) is enough to
 * store them: there is nothing to brute-force, and lookups stay one indexed read.
 */
export const TOKEN_PREFIX = "eddy_";

export function generateToken(): { token: string; hash: string; prefix: string } {
  const token = TOKEN_PREFIX + randomBytes(32).toString("base64url");
  return { token, hash: hashToken(token), prefix: token.slice(0, TOKEN_PREFIX.length + 6) };
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

export function looksLikeToken(s: string): boolean {
  return s.startsWith(TOKEN_PREFIX) && s.length > TOKEN_PREFIX.length + 20 && s.length < 200;
}
