"use client";

import { BellRing, Braces, Building2, Check, ChevronsUpDown, KeyRound, Layers, LayoutDashboard, LogOut, Package, ScrollText, Server, Settings, Shield, UserCog, Users, Waves, Workflow } from "lucide-react";
import { signOut } from "next-auth/react";
import Link from "next/link";
import { useParams, usePathname, useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { cn } from "@/components/ui/utils";
import { teamHref } from "./team-href";

type ShellTeam = { id: number; name: string; role: string; permissions: string[] };
type ShellUser = { username: string; displayName: string; isAdmin: boolean };

type NavItem = { href: string; label: string; icon: React.ComponentType<{ className?: string }>; exact?: boolean; badge?: { count: number; label: string } };

function teamNav(team: ShellTeam, failedAlerts: number): NavItem[] {
  const can = (p: string) => team.permissions.includes(p);
  const items: (NavItem | false)[] = [
    { href: teamHref(team.name), label: "Overview", icon: LayoutDashboard, exact: true },
    can("job:view") && { href: teamHref(team.name, "jobs"), label: "Jobs", icon: Workflow },
    can("cluster:view") && { href: teamHref(team.name, "clusters"), label: "Clusters", icon: Server },
    can("resource:view") && { href: teamHref(team.name, "resources"), label: "Resources", icon: Package },
    can("variable:view") && { href: teamHref(team.name, "variables"), label: "Variables", icon: Braces },
    can("alert_channel:view") && {
      href: teamHref(team.name, "alerts"),
      label: "Alerts",
      icon: BellRing,
      badge: failedAlerts > 0 ? { count: failedAlerts, label: `${failedAlerts} failed alert deliver${failedAlerts === 1 ? "y" : "ies"} not acknowledged` } : undefined,
    },
    can("member:view") && { href: teamHref(team.name, "members"), label: "Members", icon: Users },
    can("token:manage") && { href: teamHref(team.name, "tokens"), label: "API tokens", icon: KeyRound },
    can("audit:view") && { href: teamHref(team.name, "audit"), label: "Audit log", icon: ScrollText },
    can("team:edit") && { href: teamHref(team.name, "settings"), label: "Settings", icon: Settings },
  ];
  return items.filter((i): i is NavItem => Boolean(i));
}

const adminNav: NavItem[] = [
  { href: "/admin/users", label: "Users", icon: UserCog },
  { href: "/admin/teams", label: "Teams", icon: Building2 },
  { href: "/admin/roles", label: "Roles", icon: Shield },
  { href: "/admin/audit", label: "Audit log", icon: ScrollText },
];

function NavList({ items, pathname }: { items: NavItem[]; pathname: string }) {
  return (
    <ul className="space-y-0.5">
      {items.map((item) => {
        const active = item.exact ? pathname === item.href : pathname === item.href || pathname.startsWith(`${item.href}/`);
        const Icon = item.icon;
        return (
          <li key={item.href}>
            <Link
              href={item.href}
              aria-current={active ? "page" : undefined}
              className={cn(
                "flex items-center gap-2 rounded-md px-2 py-1.5 text-sm outline-none transition-colors",
                "hover:bg-accent hover:text-accent-foreground focus-visible:ring-2 focus-visible:ring-ring",
                active ? "bg-accent font-medium text-accent-foreground" : "text-muted-foreground",
              )}
            >
              <Icon className="size-4" />
              {item.label}
              {item.badge && (
                <span
                  className="ml-auto min-w-5 rounded-full bg-destructive px-1.5 text-center text-xs font-semibold leading-5 text-white tabular-nums"
                  aria-label={item.badge.label}
                  title={item.badge.label}
                  data-testid="nav-badge"
                >
                  {item.badge.count > 99 ? "99+" : item.badge.count}
                </span>
              )}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}

function TeamSwitcher({ teams, current }: { teams: ShellTeam[]; current?: ShellTeam }) {
  const router = useRouter();
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button variant="outline" className="w-full justify-between" aria-label="Switch team" data-testid="team-switcher">
          <span className="truncate">{current ? current.name : "Choose a team"}</span>
          <ChevronsUpDown className="size-4 opacity-60" />
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent className="w-56" align="start">
        <DropdownMenuLabel>Teams</DropdownMenuLabel>
        {teams.length === 0 && <div className="px-2 py-1.5 text-sm text-muted-foreground">You are not in any team yet.</div>}
        {teams.map((t) => (
          <DropdownMenuItem key={t.id} onSelect={() => router.push(teamHref(t.name))} data-testid="team-option">
            <Check className={cn("size-4", current?.id === t.id ? "opacity-100" : "opacity-0")} />
            <span className="truncate">{t.name}</span>
            <span className="ml-auto text-xs text-muted-foreground">{t.role}</span>
          </DropdownMenuItem>
        ))}
      </DropdownMenuContent>
    </DropdownMenu>
  );
}

/** Dispatched on window by pages that change alerts' states, so the badge reads again. */
export const ALERTS_CHANGED = "eddy:alerts-changed";

/**
 * Failed alert deliveries nobody acknowledged, for the team's Alerts badge. Read from the REST API
 * (the layout does not re-render on navigation): again on every page change and every minute.
 */
function useFailedAlerts(team: ShellTeam | undefined, pathname: string): number {
  const [count, setCount] = useState(0);
  const enabled = Boolean(team?.permissions.includes("alert_channel:view"));
  const name = team?.name;
  useEffect(() => {
    if (!enabled || !name) return setCount(0);
    let live = true;
    const read = () =>
      fetch(`/api/v1/teams/${encodeURIComponent(name)}/alerts?state=failed&pageSize=1`, { cache: "no-store" })
        .then((r) => (r.ok ? (r.json() as Promise<{ failedUnacknowledged?: number }>) : null))
        .then((b) => live && b && setCount(b.failedUnacknowledged ?? 0))
        .catch(() => undefined);
    void read();
    const timer = setInterval(read, 60_000);
    // Pages that acknowledge or retry an alert say so, as they stay on the same path.
    window.addEventListener(ALERTS_CHANGED, read);
    return () => {
      live = false;
      clearInterval(timer);
      window.removeEventListener(ALERTS_CHANGED, read);
    };
  }, [enabled, name, pathname]);
  return count;
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export function Shell({ user, teams, children }: { user: ShellUser | null; teams: ShellTeam[]; children: React.ReactNode }) {
  const pathname = usePathname();
  const params = useParams<{ team?: string }>();
  const teamParam = params.team ? decode(params.team) : undefined;
  const current = teamParam
    ? teams.find((t) => t.name.toLowerCase() === teamParam.toLowerCase() || String(t.id) === teamParam)
    : undefined;
  const failedAlerts = useFailedAlerts(current, pathname);

  return (
    <div className="flex min-h-screen">
      <aside className="sticky top-0 flex h-screen w-60 shrink-0 flex-col gap-4 border-r bg-muted/30 p-3">
        <Link href="/" className="flex items-center gap-2 px-2 pt-1 text-lg font-semibold tracking-tight">
          <Waves className="size-5 text-primary" />
          Eddy
        </Link>
        {user && <TeamSwitcher teams={teams} current={current} />}
        <nav aria-label="Console" className="flex-1 space-y-4 overflow-y-auto">
          {current && (
            <div>
              <div className="px-2 pb-1 text-xs font-medium uppercase tracking-wide text-muted-foreground">Team</div>
              <NavList items={teamNav(current, failedAlerts)} pathname={pathname} />
            </div>
          )}
          {user && (user.isAdmin || teams.some((t) => t.permissions.includes("flink_version:view"))) && (
            <div>
              <div className="px-2 pb-1 text-xs font-medium uppercase tracking-wide text-muted-foreground">Environment</div>
              <NavList items={[{ href: "/flink-versions", label: "Flink versions", icon: Layers }]} pathname={pathname} />
            </div>
          )}
          {user?.isAdmin && (
            <div>
              <div className="px-2 pb-1 text-xs font-medium uppercase tracking-wide text-muted-foreground">Administration</div>
              <NavList items={adminNav} pathname={pathname} />
            </div>
          )}
        </nav>
        {user && (
          <DropdownMenu>
            <DropdownMenuTrigger asChild>
              <Button variant="ghost" className="w-full justify-start gap-2" data-testid="user-menu">
                <span className="flex size-6 items-center justify-center rounded-full bg-primary text-xs font-semibold text-primary-foreground">
                  {user.username.slice(0, 1).toUpperCase()}
                </span>
                <span className="truncate">{user.displayName || user.username}</span>
              </Button>
            </DropdownMenuTrigger>
            <DropdownMenuContent align="start" className="w-56">
              <DropdownMenuLabel>
                <div className="truncate">{user.username}</div>
                {user.isAdmin && <div className="text-xs font-normal text-muted-foreground">Administrator</div>}
              </DropdownMenuLabel>
              <DropdownMenuSeparator />
              <DropdownMenuItem asChild>
                <Link href="/account">
                  <UserCog className="size-4" /> Account and password
                </Link>
              </DropdownMenuItem>
              <DropdownMenuItem asChild>
                <Link href="/account/tokens">
                  <KeyRound className="size-4" /> My API tokens
                </Link>
              </DropdownMenuItem>
              <DropdownMenuSeparator />
              <DropdownMenuItem onSelect={() => void signOut({ callbackUrl: "/login" })} data-testid="sign-out">
                <LogOut className="size-4" /> Sign out
              </DropdownMenuItem>
            </DropdownMenuContent>
          </DropdownMenu>
        )}
      </aside>
      <main className="min-w-0 flex-1 px-8 py-6">{children}</main>
    </div>
  );
}
