"use client";

import { Search } from "lucide-react";
import { useMemo, useState } from "react";
import { Input } from "@/components/ui/input";

/** The jar's class names, filtered as one types (a few thousand names filter instantly in the browser). */
export function ClassList({ classes, total, mainClass }: { classes: string[]; total: number; mainClass: string | null }) {
  const [q, setQ] = useState("");
  const shown = useMemo(() => {
    const needle = q.trim().toLowerCase();
    return needle ? classes.filter((c) => c.toLowerCase().includes(needle)) : classes;
  }, [classes, q]);
  const capped = total > classes.length;
  return (
    <div className="space-y-3">
      <div className="relative max-w-sm">
        <Search aria-hidden="true" className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-muted-foreground" />
        <Input type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder="Filter classes…" aria-label="Filter classes" spellCheck={false} className="pl-8" />
      </div>
      <p className="text-xs text-muted-foreground" aria-live="polite" data-testid="class-count">
        {q.trim() ? `${shown.length.toLocaleString("en-US")} matching of ` : ""}
        {capped
          ? `${classes.length.toLocaleString("en-US")} classes listed (the first alphabetically) of ${total.toLocaleString("en-US")} in the jar`
          : `${total.toLocaleString("en-US")} class${total === 1 ? "" : "es"}`}
        ; inner classes are left out.
      </p>
      <ul className="max-h-[28rem] overflow-y-auto rounded-md border font-mono text-xs">
        {shown.slice(0, 2000).map((c) => (
          <li key={c} className="border-b px-3 py-1 last:border-b-0">
            {c}
            {c === mainClass && <span className="ml-2 font-sans text-primary">Main-Class</span>}
          </li>
        ))}
        {shown.length === 0 && <li className="px-3 py-4 text-center font-sans text-muted-foreground">{classes.length ? "No class matches." : "The jar holds no classes."}</li>}
        {shown.length > 2000 && <li className="px-3 py-2 font-sans text-muted-foreground">{(shown.length - 2000).toLocaleString("en-US")} more; filter to narrow.</li>}
      </ul>
    </div>
  );
}
