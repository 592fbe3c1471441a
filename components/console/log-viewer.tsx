"use client";

import { ChevronDown, ChevronUp, Link2, Search, WrapText } from "lucide-react";
import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Kbd } from "@/components/ui/kbd";
import { cn } from "@/components/ui/utils";

export type LineRange = { from: number; to: number };

/** `#L12` or `#L12-L20` (GitHub's form, so people already know it). */
export function parseLineHash(hash: string): LineRange | null {
  const m = /^#L(\d+)(?:-L(\d+))?$/.exec(hash);
  if (!m) return null;
  const a = Number(m[1]);
  const b = m[2] ? Number(m[2]) : a;
  if (!a || !b) return null;
  return { from: Math.min(a, b), to: Math.max(a, b) };
}

export function lineHash(r: LineRange): string {
  return r.from === r.to ? `#L${r.from}` : `#L${r.from}-L${r.to}`;
}

type Match = { line: number; start: number; end: number };

function findMatches(lines: string[], query: string): Match[] {
  if (!query) return [];
  const q = query.toLowerCase();
  const out: Match[] = [];
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!.toLowerCase();
    let at = l.indexOf(q);
    while (at >= 0 && out.length < 10_000) {
      out.push({ line: i + 1, start: at, end: at + q.length });
      at = l.indexOf(q, at + q.length);
    }
  }
  return out;
}

function Highlighted({ text, matches, current }: { text: string; matches: Match[]; current: Match | null }) {
  if (!matches.length) return <>{text || "\u200b"}</>;
  const parts: React.ReactNode[] = [];
  let pos = 0;
  for (const m of matches) {
    if (m.start > pos) parts.push(text.slice(pos, m.start));
    parts.push(
      <mark key={m.start} data-current={m === current || undefined} className={cn("rounded-sm bg-warning/25 text-inherit", m === current && "bg-warning/60 ring-1 ring-warning")}>
        {text.slice(m.start, m.end)}
      </mark>,
    );
    pos = m.end;
  }
  if (pos < text.length) parts.push(text.slice(pos));
  return <>{parts}</>;
}

/**
 * A monospace log with line numbers and search (every match highlighted, Enter / Shift+Enter or
 * the arrows step through them). With `linkable`, clicking a line number (shift-click for a range)
 * writes `#L120-L140` into the address, so a copied link opens the same lines highlighted and
 * scrolled to. With `follow`, new text keeps the view at the bottom.
 */
export function LogViewer({
  text,
  linkable = false,
  follow = false,
  emphasize = [],
  toolbar,
  className,
  label = "Log",
  emptyText = "The log is empty.",
}: {
  text: string;
  linkable?: boolean;
  follow?: boolean;
  /** Lines to tint as failures (1-based, inclusive), e.g. a failed build step. */
  emphasize?: LineRange[];
  toolbar?: React.ReactNode;
  className?: string;
  label?: string;
  emptyText?: string;
}) {
  const lines = useMemo(() => {
    const l = text.split("\n");
    if (l.length > 1 && l[l.length - 1] === "") l.pop();
    return l;
  }, [text]);
  const [query, setQuery] = useState("");
  const deferred = useDeferredValue(query);
  const matches = useMemo(() => findMatches(lines, deferred), [lines, deferred]);
  const [current, setCurrent] = useState(0);
  const [wrap, setWrap] = useState(false);
  const [selection, setSelection] = useState<LineRange | null>(null);
  const anchor = useRef<number | null>(null);
  const box = useRef<HTMLDivElement>(null);
  const searchBox = useRef<HTMLInputElement>(null);
  const scrolledToHash = useRef(false);

  const byLine = useMemo(() => {
    const m = new Map<number, Match[]>();
    for (const x of matches) m.set(x.line, [...(m.get(x.line) ?? []), x]);
    return m;
  }, [matches]);
  const currentMatch = matches.length ? matches[Math.min(current, matches.length - 1)]! : null;

  const scrollToLine = useCallback((line: number, block: "center" | "start" = "center") => {
    const el = box.current?.querySelector<HTMLElement>(`[data-line="${line}"]`);
    const container = box.current;
    if (!el || !container) return;
    const top = el.offsetTop - (block === "center" ? container.clientHeight / 2 - el.clientHeight / 2 : 8);
    container.scrollTop = Math.max(0, top);
  }, []);

  // The address's #L… selects and shows those lines, on arrival and when the hash changes.
  useEffect(() => {
    if (!linkable) return;
    const read = () => {
      const r = parseLineHash(window.location.hash);
      setSelection(r);
      return r;
    };
    read();
    const onHash = () => {
      const r = read();
      if (r) scrollToLine(r.from);
    };
    window.addEventListener("hashchange", onHash);
    return () => window.removeEventListener("hashchange", onHash);
  }, [linkable, scrollToLine]);

  useEffect(() => {
    if (scrolledToHash.current || !selection || lines.length < selection.from) return;
    scrolledToHash.current = true;
    scrollToLine(selection.from);
  }, [selection, lines.length, scrollToLine]);

  useEffect(() => {
    if (follow && box.current) box.current.scrollTop = box.current.scrollHeight;
  }, [follow, text]);

  useEffect(() => setCurrent(0), [deferred]);
  useEffect(() => {
    if (currentMatch) scrollToLine(currentMatch.line);
  }, [currentMatch, scrollToLine]);

  function step(d: 1 | -1) {
    if (!matches.length) return;
    setCurrent((c) => (c + d + matches.length) % matches.length);
  }

  function selectRange(r: LineRange) {
    setSelection(r);
    // replaceState keeps the page (no navigation, no scroll jump); Next's router sees the new URL.
    window.history.replaceState(window.history.state, "", `${window.location.pathname}${window.location.search}${lineHash(r)}`);
  }

  function selectLine(line: number, extend: boolean) {
    const r = extend && anchor.current !== null ? { from: Math.min(anchor.current, line), to: Math.max(anchor.current, line) } : { from: line, to: line };
    if (!extend) anchor.current = line;
    selectRange(r);
  }

  async function copyLink() {
    const url = window.location.href;
    try {
      await navigator.clipboard.writeText(url);
      toast.success("Link copied.", { description: url });
    } catch {
      window.prompt("Copy this link:", url);
    }
  }

  const emphasized = (n: number) => emphasize.some((r) => n >= r.from && n <= r.to);
  const selected = (n: number) => selection !== null && n >= selection.from && n <= selection.to;
  const digits = String(lines.length).length;

  return (
    <div className={cn("overflow-hidden rounded-lg border bg-card", className)} data-testid="log-viewer">
      <div className="flex flex-wrap items-center gap-2 border-b bg-muted/40 px-2 py-1.5">
        <div className="relative">
          <Search aria-hidden="true" className="pointer-events-none absolute top-1/2 left-2 size-3.5 -translate-y-1/2 text-muted-foreground" />
          <Input
            ref={searchBox}
            aria-label={`Search the ${label.toLowerCase()}`}
            placeholder="Search…"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Enter") {
                e.preventDefault();
                step(e.shiftKey ? -1 : 1);
              } else if (e.key === "Escape") setQuery("");
            }}
            className="h-8 w-56 pl-7 text-xs"
          />
        </div>
        <span className="min-w-16 text-xs text-muted-foreground tabular-nums" aria-live="polite" data-testid="log-match-count">
          {query ? (matches.length ? `${Math.min(current, matches.length - 1) + 1} of ${matches.length}` : "no match") : ""}
        </span>
        <Button variant="ghost" size="icon" className="size-8" aria-label="Previous match" disabled={!matches.length} onClick={() => step(-1)}>
          <ChevronUp />
        </Button>
        <Button variant="ghost" size="icon" className="size-8" aria-label="Next match" disabled={!matches.length} onClick={() => step(1)}>
          <ChevronDown />
        </Button>
        {linkable && (
          <Input
            aria-label="Go to line (or a range: 120-140)"
            placeholder="Line…"
            className="h-8 w-24 text-xs"
            inputMode="numeric"
            onKeyDown={(e) => {
              if (e.key !== "Enter") return;
              e.preventDefault();
              const m = /^\s*(\d+)\s*(?:[-–]\s*(\d+))?\s*$/.exec(e.currentTarget.value);
              if (!m) return;
              const a = Math.min(Math.max(1, Number(m[1])), lines.length);
              const b = m[2] ? Math.min(Math.max(1, Number(m[2])), lines.length) : a;
              selectRange({ from: Math.min(a, b), to: Math.max(a, b) });
              scrollToLine(Math.min(a, b));
            }}
          />
        )}
        <Button variant={wrap ? "secondary" : "ghost"} size="sm" aria-pressed={wrap} onClick={() => setWrap((w) => !w)}>
          <WrapText /> Wrap
        </Button>
        {toolbar}
        {linkable && (
          <Button variant="outline" size="sm" className="ml-auto" onClick={() => void copyLink()} data-testid="copy-log-link">
            <Link2 /> Copy link{selection ? ` to ${selection.from === selection.to ? `line ${selection.from}` : `lines ${selection.from}–${selection.to}`}` : ""}
          </Button>
        )}
      </div>
      {lines.length === 1 && lines[0] === "" ? (
        <p className="px-4 py-8 text-center text-sm text-muted-foreground">{emptyText}</p>
      ) : (
        <div
          ref={box}
          role="region"
          aria-label={label}
          tabIndex={0}
          onKeyDown={(e) => {
            if (e.key === "/" && e.target === e.currentTarget) {
              e.preventDefault();
              searchBox.current?.focus();
            }
          }}
          className="relative max-h-[65vh] min-h-32 overflow-auto font-mono text-xs leading-5 outline-none focus-visible:ring-2 focus-visible:ring-ring/50"
        >
          <div className={cn("min-w-full py-1", wrap ? "" : "w-max")}>
            {lines.map((l, i) => {
              const n = i + 1;
              const sel = selected(n);
              return (
                <div
                  key={i}
                  data-line={n}
                  data-selected={sel || undefined}
                  className={cn("grid grid-cols-[auto_1fr]", emphasized(n) && "bg-destructive/10 text-destructive", sel && "bg-primary/15")}
                >
                  {linkable ? (
                    <a
                      href={`#L${n}`}
                      tabIndex={-1}
                      data-testid={`line-number-${n}`}
                      onClick={(e) => {
                        e.preventDefault();
                        selectLine(n, e.shiftKey);
                      }}
                      className={cn("sticky left-0 cursor-pointer border-r bg-card px-2 text-right text-muted-foreground/70 select-none hover:text-foreground", sel && "bg-primary/15 text-foreground")}
                      style={{ minWidth: `${digits + 2}ch` }}
                    >
                      {n}
                    </a>
                  ) : (
                    <span className="sticky left-0 border-r bg-card px-2 text-right text-muted-foreground/70 select-none" style={{ minWidth: `${digits + 2}ch` }}>
                      {n}
                    </span>
                  )}
                  <span className={cn("px-3", wrap ? "break-all whitespace-pre-wrap" : "whitespace-pre")}>
                    <Highlighted text={l} matches={byLine.get(n) ?? []} current={currentMatch?.line === n ? currentMatch : null} />
                  </span>
                </div>
              );
            })}
          </div>
        </div>
      )}
      <div className="flex items-center gap-3 border-t bg-muted/40 px-3 py-1 text-[11px] text-muted-foreground">
        <span>{lines.length.toLocaleString("en")} lines</span>
        <span>
          <Kbd>/</Kbd> search · <Kbd>Enter</Kbd> next · <Kbd>Shift</Kbd>+<Kbd>Enter</Kbd> previous
        </span>
        {linkable && <span>Click a line number (or type it under “Line…”) to link to it; shift-click for a range.</span>}
      </div>
    </div>
  );
}
