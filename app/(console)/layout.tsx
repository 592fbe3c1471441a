import { Shell } from "@/components/console/shell";
import { sessionPrincipal } from "@/lib/auth/session";
import { listVisibleTeams } from "@/lib/iam/teams";

/**
 * The console frame. It guards nothing (layouts do not re-run on client navigation); each page
 * checks the session and permissions itself. It only decides what the navigation shows.
 */
export default async function ConsoleLayout({ children }: { children: React.ReactNode }) {
  const p = await sessionPrincipal();
  const teams = p ? await listVisibleTeams(p) : [];
  return (
    <Shell
      user={p ? { username: p.user.username, displayName: p.user.displayName, isAdmin: p.user.isAdmin } : null}
      teams={teams.map((t) => ({ id: t.id, name: t.name, role: t.role, permissions: t.permissions }))}
    >
      {children}
    </Shell>
  );
}
