/**
 * Protects where signing in may return to (lib/auth/return-path.ts): paths on this site only.
 * Browsers read a backslash as a slash and drop tabs and line breaks, so `/\evil.com` and
 * `/\t/evil.com` are `//evil.com`, another site; anything like that returns to "/".
 */
import { describe, expect, it } from "vitest";
import { safeReturnPath } from "@/lib/auth/return-path";

describe("safeReturnPath", () => {
  it.each([
    "/",
    "/teams/a/jobs/b?tab=x#y",
    "/teams/analytics/jobs/orders%20per%20minute/versions/3...5",
    "/admin/users?q=al&page=2",
  ])("keeps the same-site path %s", (p) => {
    expect(safeReturnPath(p)).toBe(p);
  });

  it.each([
    ["a backslash after the slash", "/\\evil.com"],
    ["a backslash later on", "/teams\\..\\\\evil.com"],
    ["a protocol-relative URL", "//evil.com"],
    ["a protocol-relative URL with a path", "//evil.com/teams"],
    ["an encoded backslash", "/%5Cevil.com"],
    ["an encoded backslash in lower case", "/%5cevil.com"],
    ["an encoded slash after the first", "/%2Fevil.com"],
    ["a doubly encoded backslash", "/%255Cevil.com"],
    ["an absolute URL", "https://evil.com"],
    ["an absolute URL without slashes", "https:evil.com"],
    ["a javascript: URL", "javascript:alert(1)"],
    ["a tab between the slashes", "/\t/evil.com"],
    ["a line break between the slashes", "/\n/evil.com"],
    ["an encoded tab", "/%09/evil.com"],
    ["a NUL", "/teams\u0000"],
    ["a relative path", "teams/a"],
    ["broken percent-encoding", "/teams/%E0%A4%A"],
    ["the sign-in page itself", "/login?callbackUrl=/teams"],
    ["nothing", ""],
  ])("refuses %s", (_, p) => {
    expect(safeReturnPath(p)).toBe("/");
  });

  it("takes the first of repeated parameters, and defaults to /", () => {
    expect(safeReturnPath(["/teams/a", "//evil.com"])).toBe("/teams/a");
    expect(safeReturnPath(["//evil.com", "/teams/a"])).toBe("/");
    expect(safeReturnPath(undefined)).toBe("/");
    expect(safeReturnPath(null)).toBe("/");
  });

  it("never returns anything that leaves the site", () => {
    const tries = ["/\\evil.com", "//evil.com", "/%5Cevil.com", "https://evil.com", "javascript:alert(1)", "/\\/evil.com", "/ /evil.com", "/\u3000/evil.com", "/.//evil.com"];
    for (const t of tries) {
      const out = safeReturnPath(t);
      expect(new URL(out, "https://eddy.example").origin, t).toBe("https://eddy.example");
    }
  });
});
