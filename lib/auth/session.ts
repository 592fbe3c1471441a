import { getServerSession } from "next-auth";
import { headers } from "next/headers";
import { getUserSessionState } from "@/db/queries/users";
import { AppError } from "@/lib/errors";
import { clientAddress } from "./client-address";
import { authOptions } from "./next-auth";
import type { Principal } from "./principal";

/**
 * The signed-in user of this request (server components, server actions, route handlers), or
 * null. The session cookie only names the user; the user must still exist, be enabled and have
 * the same session version (password changes and disabling void older sessions).
 */
export async function sessionPrincipal(): Promise<Principal | null> {
  const session = await getServerSession(authOptions);
  const uid = session?.user?.id;
  if (!uid) return null;
  const user = await getUserSessionState(uid);
  const sv = (session as { sv?: number }).sv;
  if (!user || !user.enabled || user.sessionVersion !== sv) return null;
  return {
    user: { id: user.id, username: user.username, displayName: user.displayName, isAdmin: user.isAdmin },
    via: "session",
    ip: clientAddress(await headers()),
  };
}

/** For server actions: a person who is not signed in gets a clear error, not a redirect. */
export async function requireSession(): Promise<Principal> {
  const p = await sessionPrincipal();
  if (!p) throw new AppError("unauthenticated", "Your session has ended. Sign in again.");
  return p;
}
