"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { teamHref } from "@/components/console/team-href";
import { cn } from "@/components/ui/utils";

const TABS = [
  ["", "History"],
  ["channels", "Channels"],
  ["templates", "Templates"],
] as const;

/** History, channels and templates: three URLs under /teams/<team>/alerts. */
export function AlertsNav({ team }: { team: string }) {
  const pathname = decodeURIComponent(usePathname());
  const base = decodeURIComponent(teamHref(team, "alerts"));
  return (
    <nav aria-label="Alerts" className="mb-4 flex gap-1 border-b">
      {TABS.map(([seg, label]) => {
        const path = seg ? `${base}/${seg}` : base;
        const active = seg ? pathname === path || pathname.startsWith(`${path}/`) : pathname === path;
        return (
          <Link
            key={seg}
            href={seg ? teamHref(team, `alerts/${seg}`) : teamHref(team, "alerts")}
            aria-current={active ? "page" : undefined}
            className={cn(
              "-mb-px whitespace-nowrap border-b-2 px-3 py-2 text-sm outline-none transition-colors focus-visible:ring-2 focus-visible:ring-ring",
              active ? "border-primary font-medium text-foreground" : "border-transparent text-muted-foreground hover:text-foreground",
            )}
          >
            {label}
          </Link>
        );
      })}
    </nav>
  );
}
