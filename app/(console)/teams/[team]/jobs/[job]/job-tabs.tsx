"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/components/ui/utils";

const TABS = [
  ["", "Overview"],
  ["sql", "SQL & configuration"],
  ["versions", "Versions"],
  ["builds", "Builds"],
  ["operations", "Operations"],
  ["savepoints", "Savepoints"],
  ["events", "Events"],
  ["logs", "Logs"],
  ["alerts", "Alerts"],
] as const;

export function JobTabs({ base }: { base: string }) {
  const pathname = decodeURIComponent(usePathname());
  const here = decodeURIComponent(base);
  return (
    <nav aria-label="Job" className="flex gap-1 overflow-x-auto border-b">
      {TABS.map(([seg, label]) => {
        const href = seg ? `${base}/${seg}` : base;
        const path = seg ? `${here}/${seg}` : here;
        const active = seg ? pathname === path || pathname.startsWith(`${path}/`) : pathname === path;
        return (
          <Link
            key={seg}
            href={href}
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
