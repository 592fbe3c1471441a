import { NextResponse, type NextRequest } from "next/server";

const SESSION_COOKIES = ["next-auth.session-token", "__Secure-next-auth.session-token"];

/**
 * Only a convenience: visitors without a session cookie go to the sign-in page. Every page,
 * action and route handler still checks the session and permissions itself.
 */
export function proxy(req: NextRequest) {
  const { pathname, search } = req.nextUrl;
  const hasSession = SESSION_COOKIES.some((c) => req.cookies.has(c) || req.cookies.getAll().some((k) => k.name.startsWith(`${c}.`)));
  if (!hasSession) {
    const login = new URL("/login", req.url);
    login.searchParams.set("callbackUrl", pathname + search);
    return NextResponse.redirect(login);
  }
  // Pages read this to come back to the same place after signing in again.
  const headers = new Headers(req.headers);
  headers.set("x-eddy-pathname", pathname + search);
  return NextResponse.next({ request: { headers } });
}

export const config = {
  // Everything but sign-in, the APIs (they answer 401 themselves), and static files.
  matcher: ["/((?!login|api/|_next/|favicon.ico|.*\\.(?:svg|png|jpg|ico|css|js|woff2?)$).*)"],
};
