/**
 * Where signing in may return to: a path on this site, never another origin. Pure and
 * browser-safe: the sign-in page checks `?callbackUrl=` on the server, and the sign-in form checks
 * again before `router.replace`.
 */

// Backslashes (browsers read `/\evil.com` as `//evil.com`), control characters (browsers strip
// tabs and line breaks from URLs, so `/\t/evil.com` becomes `//evil.com`) and their encoded forms.
const unsafe = /[\\\u0000-\u001f\u007f-\u009f]|%5c|%0[0-9a-f]|%1[0-9a-f]|%7f/i;

const ORIGIN = "http://x";

function decodedOnce(s: string): string | null {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
}

/** The path to go to after signing in: `p` when it is a same-site path, else "/". */
export function safeReturnPath(p: string | string[] | null | undefined): string {
  const s = Array.isArray(p) ? p[0] : p;
  if (typeof s !== "string" || s === "") return "/";
  if (!s.startsWith("/") || s.startsWith("//") || unsafe.test(s)) return "/";
  // An encoded slash after the first one would read as `//` to anything that decodes it once.
  const decoded = decodedOnce(s);
  if (decoded === null || decoded.startsWith("//") || unsafe.test(decoded)) return "/";
  let url: URL;
  try {
    url = new URL(s, ORIGIN);
  } catch {
    return "/";
  }
  if (url.origin !== ORIGIN) return "/";
  // Returning to the sign-in page itself would loop.
  if (s.startsWith("/login")) return "/";
  return s;
}
