"use client";

import { ExternalLink, Radio, RefreshCw } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { CopyButton } from "@/components/console/copy-button";
import { LogViewer } from "@/components/console/log-viewer";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/select";
import { cn } from "@/components/ui/utils";
import { readLogAction } from "../actions";

type Source = { id: string; label: string; group: "jobmanager" | "taskmanager" };
type Links = { flinkUi: string | null; yarnApplication: string | null; kubernetes: string | null };

function href(base: string, params: Record<string, string | number | null | undefined>) {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== "") sp.set(k, String(v));
  return `${base}/logs${sp.size ? `?${sp}` : ""}`;
}

/** The run and log pickers, the log / exceptions switch, and links out to where the run lives. */
export function LogsHeader({ base, runs, run, view, sources, source, links }: { base: string; runs: { id: number; label: string }[]; run: number | null; view: "log" | "exceptions"; sources: Source[]; source: string | null; links: Links }) {
  const router = useRouter();
  const tab = (v: "log" | "exceptions", label: string) => (
    <Link
      href={href(base, { run, view: v === "exceptions" ? "exceptions" : null, source: v === "log" ? source : null })}
      aria-current={view === v ? "page" : undefined}
      className={cn("rounded-md px-3 py-1.5 text-sm outline-none focus-visible:ring-2 focus-visible:ring-ring/50", view === v ? "bg-background font-medium shadow-xs" : "text-muted-foreground hover:text-foreground")}
    >
      {label}
    </Link>
  );
  return (
    <div className="flex flex-wrap items-center gap-2">
      <nav aria-label="Log view" className="inline-flex rounded-lg bg-muted p-1">
        {tab("log", "Logs")}
        {tab("exceptions", "Exceptions")}
      </nav>
      <Select aria-label="Run" value={run ?? ""} onChange={(e) => router.push(href(base, { run: e.target.value, view: view === "exceptions" ? "exceptions" : null, source: view === "log" ? source : null }))} className="w-64">
        {run === null && <option value="">Choose a run…</option>}
        {runs.map((r) => (
          <option key={r.id} value={r.id}>{r.label}</option>
        ))}
      </Select>
      {view === "log" && sources.length > 0 && (
        <Select aria-label="Log" value={source ?? ""} onChange={(e) => router.push(href(base, { source: e.target.value, run }))} className="w-72">
          <optgroup label="JobManager">
            {sources.filter((s) => s.group === "jobmanager").map((s) => (
              <option key={s.id} value={s.id}>{s.label}</option>
            ))}
          </optgroup>
          {sources.some((s) => s.group === "taskmanager") && (
            <optgroup label="TaskManagers">
              {sources.filter((s) => s.group === "taskmanager").map((s) => (
                <option key={s.id} value={s.id}>{s.label}</option>
              ))}
            </optgroup>
          )}
          {source && !sources.some((s) => s.id === source) && <option value={source}>{source}</option>}
        </Select>
      )}
      <div className="ml-auto flex flex-wrap items-center gap-2 text-sm" data-testid="run-links">
        {links.flinkUi && (
          <Button asChild variant="outline" size="sm">
            <a href={links.flinkUi} target="_blank" rel="noreferrer">
              <ExternalLink /> Flink UI
            </a>
          </Button>
        )}
        {links.yarnApplication && (
          <Button asChild variant="outline" size="sm">
            <a href={links.yarnApplication} target="_blank" rel="noreferrer">
              <ExternalLink /> YARN application
            </a>
          </Button>
        )}
        {links.kubernetes && (
          <span className="inline-flex items-center gap-1 rounded-md border px-2 py-1 text-xs">
            <code>{links.kubernetes}</code>
            <CopyButton value={links.kubernetes} label="Copy the Kubernetes resource" />
          </span>
        )}
      </div>
    </div>
  );
}

/**
 * One log, with follow: while on, the log is read again every few seconds and the view sticks to
 * the bottom. The address always names the run and the source, so a line link opens this log.
 */
export function LogExplorer({ team, job, run, source, initialText, truncated: initialTruncated, live }: { team: string; job: string; run: number; source: string; initialText: string; truncated: boolean; live: boolean }) {
  const [text, setText] = useState(initialText);
  const [truncated, setTruncated] = useState(initialTruncated);
  const [follow, setFollow] = useState(false);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const inFlight = useRef(false);

  useEffect(() => {
    setText(initialText);
    setTruncated(initialTruncated);
  }, [initialText, initialTruncated]);

  // Defaults (current run, JobManager log) go into the address, keeping any #L… selection.
  useEffect(() => {
    const url = new URL(window.location.href);
    if (url.searchParams.get("source") === source && url.searchParams.get("run") === String(run)) return;
    url.searchParams.set("source", source);
    url.searchParams.set("run", String(run));
    window.history.replaceState(window.history.state, "", `${url.pathname}?${url.searchParams}${url.hash}`);
  }, [source, run]);

  async function reload() {
    if (inFlight.current) return;
    inFlight.current = true;
    setLoading(true);
    const r = await readLogAction({ team, job, source, run }).catch(() => null);
    inFlight.current = false;
    setLoading(false);
    if (!r) return setError("The server could not be reached.");
    if (!r.ok) return setError(r.error.message);
    setError(null);
    setText(r.data.text);
    setTruncated(r.data.truncated);
  }

  useEffect(() => {
    if (!follow) return;
    void reload();
    const t = setInterval(() => document.visibilityState === "visible" && void reload(), 3000);
    return () => clearInterval(t);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [follow, source, run]);

  return (
    <div className="space-y-2">
      {truncated && <p className="text-xs text-muted-foreground">Showing the last 1 MB of this log; the Flink UI has the whole file.</p>}
      {error && <p className="text-xs text-destructive" role="alert">Could not read the log again: {error}</p>}
      <LogViewer
        text={text}
        linkable
        follow={follow}
        label="Log"
        toolbar={
          <>
            <Button variant={follow ? "secondary" : "ghost"} size="sm" aria-pressed={follow} onClick={() => setFollow((f) => !f)} disabled={!live && !follow} title={live ? "Read the log again every 3 s and stay at its end" : "The run has ended; its log no longer grows"} data-testid="follow-log">
              <Radio className={cn(follow && "animate-pulse text-success")} /> Follow
            </Button>
            <Button variant="ghost" size="sm" onClick={() => void reload()} pending={loading && !follow}>
              <RefreshCw /> Refresh
            </Button>
          </>
        }
      />
    </div>
  );
}
