"use client";

import { X } from "lucide-react";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { operationKindLabel } from "@/components/console/operation-status";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/select";

/** Kind and status filters as URL parameters, so a filtered list is a link. */
export function OperationFilters({ kinds, statuses, kind, status }: { kinds: string[]; statuses: string[]; kind?: string; status?: string }) {
  const router = useRouter();
  const pathname = usePathname();
  const search = useSearchParams();
  function set(k: string, v: string) {
    const sp = new URLSearchParams(search.toString());
    if (v) sp.set(k, v);
    else sp.delete(k);
    router.replace(`${pathname}${sp.size ? `?${sp}` : ""}`, { scroll: false });
  }
  return (
    <div className="flex flex-wrap items-center gap-2">
      <Select aria-label="Kind" value={kind ?? ""} onChange={(e) => set("kind", e.target.value)} className="w-48">
        <option value="">Every kind</option>
        {kinds.map((k) => (
          <option key={k} value={k}>{operationKindLabel[k] ?? k}</option>
        ))}
      </Select>
      <Select aria-label="Status" value={status ?? ""} onChange={(e) => set("status", e.target.value)} className="w-40">
        <option value="">Any status</option>
        {statuses.map((s) => (
          <option key={s} value={s}>{s}</option>
        ))}
      </Select>
      {(kind || status) && (
        <Button variant="ghost" onClick={() => router.replace(pathname, { scroll: false })}>
          <X className="size-4" /> Clear filters
        </Button>
      )}
    </div>
  );
}
