import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { setLastTeam } from "@/db/queries/users";
import { isAppError } from "@/lib/errors";
import { teamAccess, type TeamAccess } from "./access";
import type { Principal } from "./principal";
import { sessionPrincipal } from "./session";

/** For pages: the signed-in user, or a redirect to the sign-in page that returns here afterwards. */
export async function pagePrincipal(): Promise<Principal> {
  const p = await sessionPrincipal();
  if (!p) {
    const h = await headers();
    const here = h.get("x-eddy-pathname") ?? "/";
    redirect(`/login?callbackUrl=${encodeURIComponent(here)}`);
  }
  return p;
}

/** Route params arrive percent-encoded for some characters; decode once, tolerating stray '%'. */
export function decodeParam(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * For pages under /teams/[team]: the caller's access to the team, or Next's 404 page when the team
 * does not exist or the caller cannot see it (the same answer for both, on purpose).
 */
export async function pageTeam(teamParam: string): Promise<{ principal: Principal; access: TeamAccess }> {
  const principal = await pagePrincipal();
  let access: TeamAccess;
  try {
    access = await teamAccess(principal, decodeParam(teamParam));
  } catch (e) {
    if (isAppError(e) && e.code === "not_found") notFound();
    throw e;
  }
  await setLastTeam({ userId: principal.user.id, teamId: access.team.id });
  return { principal, access };
}

/** For /admin pages: admins only; everyone else gets the 404 page, as if the page did not exist. */
export async function pageAdmin(): Promise<Principal> {
  const p = await pagePrincipal();
  if (!p.user.isAdmin) notFound();
  return p;
}
