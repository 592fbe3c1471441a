/**
 * Protects the API token format: recognisable (a fixed prefix secret scanners and people can spot),
 * unguessable (fresh random bytes every time), and stored only as a stable hash.
 */
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { generateToken, hashToken, looksLikeToken, TOKEN_PREFIX } from "@/lib/auth/tokens";

describe("generateToken", () => {
  it("makes eddy_ tokens of 32 random bytes in base64url", () => {
    const { token } = generateToken();
    expect(TOKEN_PREFIX).toBe("eddy_");
    expect(token).toMatch(/^eddy_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token.slice(TOKEN_PREFIX.length), "base64url")).toHaveLength(32);
  });

  it("never repeats a token", () => {
    const tokens = new Set(Array.from({ length: 200 }, () => generateToken().token));
    expect(tokens.size).toBe(200);
  });

  it("shows a short prefix that starts the token but does not reveal it", () => {
    const { token, prefix } = generateToken();
    expect(token.startsWith(prefix)).toBe(true);
    expect(prefix.startsWith(TOKEN_PREFIX)).toBe(true);
    expect(prefix).toHaveLength(TOKEN_PREFIX.length + 6);
  });

  it("stores the SHA-256 of the token, stable across calls", () => {
    const { token, hash } = generateToken();
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).toBe(createHash("sha256").update(token).digest("hex"));
    expect(hashToken(token)).toBe(hash);
    expect(hashToken(token)).toBe(hashToken(token));
    expect(hash).not.toContain(token.slice(TOKEN_PREFIX.length));
  });

  it("hashes different tokens differently", () => {
    expect(hashToken("eddy_a")).not.toBe(hashToken("eddy_b"));
  });
});

describe("looksLikeToken", () => {
  it("recognises generated tokens", () => {
    for (let i = 0; i < 20; i++) expect(looksLikeToken(generateToken().token)).toBe(true);
  });

  it.each([
    ["empty", ""],
    ["the bare prefix", "eddy_"],
    ["too short", "eddy_abc"],
    ["another product's token", "ghp_" + "a".repeat(40)],
    ["no prefix", "a".repeat(48)],
    ["upper-case prefix", "EDDY_" + "a".repeat(43)],
    ["absurdly long", "eddy_" + "a".repeat(300)],
  ])("refuses %s", (_, s) => {
    expect(looksLikeToken(s)).toBe(false);
  });
});
