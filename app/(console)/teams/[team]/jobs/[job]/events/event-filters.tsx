"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { Select } from "@/components/ui/select";

const rangeLabel: Record<string, string> = { "1h": "Last hour", "24h": "Last 24 hours", "7d": "Last 7 days", all: "All time" };

/** Time range and event kind as URL parameters, so a view of the timeline is a link. */
export function EventFilters({ ranges, range, kinds, kind }: { ranges: string[]; range: string; kinds: string[]; kind?: string }) {
  const router = useRouter();
  const pathname = usePathname();
  const search = useSearchParams();
  function set(k: string, v: string | undefined) {
    const sp = new URLSearchParams(search.toString());
    if (v) sp.set(k, v);
    else sp.delete(k);
    router.replace(`${pathname}${sp.size ? `?${sp}` : ""}`, { scroll: false });
  }
  return (
    <div className="flex flex-wrap items-center gap-2">
      <Select aria-label="Time range" value={range} onChange={(e) => set("range", e.target.value === "all" ? undefined : e.target.value)} className="w-44">
        {ranges.map((r) => (
          <option key={r} value={r}>{rangeLabel[r] ?? r}</option>
        ))}
      </Select>
      <Select aria-label="Event kind" value={kind ?? ""} onChange={(e) => set("kind", e.target.value || undefined)} className="w-44">
        <option value="">Every kind</option>
        {kinds.map((k) => (
          <option key={k} value={k}>{k}</option>
        ))}
      </Select>
    </div>
  );
}
