import Link from "next/link";
import { stateLabel } from "@/components/console/job-state-badge";
import { formatDuration } from "@/components/console/duration";
import { formatDate } from "@/components/console/format";
import { Hint } from "@/components/ui/tooltip";
import { cn } from "@/components/ui/utils";
import { ticks, type Segment } from "./timeline";

const GOOD = ["RUNNING"];
const BAD = ["FAILED", "LOST"];
const BUSY = ["FAILING", "RESTARTING", "CANCELLING", "STOPPING", "DEPLOYING", "BUILDING", "INITIALIZING", "CREATED", "RECONCILING"];

function tone(state: string): string {
  if (GOOD.includes(state)) return "bg-success/75";
  if (BAD.includes(state)) return "bg-destructive/75";
  if (BUSY.includes(state)) return "bg-warning/70";
  if (state === "UNKNOWN") return "bg-muted-foreground/25 bg-[repeating-linear-gradient(45deg,transparent_0_4px,rgb(0_0_0/0.08)_4px_8px)]";
  return "bg-muted-foreground/35";
}

const LEGEND: [string, string][] = [
  ["running", "RUNNING"],
  ["starting, stopping or restarting", "DEPLOYING"],
  ["failed or lost", "FAILED"],
  ["stopped, cancelled or finished", "CANCELED"],
  ["unknown (cluster silent)", "UNKNOWN"],
];

function tickLabel(t: number, span: number): string {
  const iso = new Date(t).toISOString();
  if (span > 2 * 86400_000) return iso.slice(5, 10);
  if (span > 86400_000) return `${iso.slice(5, 10)} ${iso.slice(11, 16)}`;
  return span < 180_000 ? iso.slice(11, 19) : iso.slice(11, 16);
}

/**
 * A horizontal band per run, coloured by state over time. Each stretch is focusable and says its
 * state, when it began and how long it lasted (or has lasted so far).
 */
export function StateTimeline({ start, end, bands }: { start: number; end: number; bands: { key: string; label: string; href: string | null; segments: Segment[] }[] }) {
  const span = end - start;
  const pct = (t: number) => ((t - start) / span) * 100;
  if (bands.length === 0) return <p className="text-sm text-muted-foreground">No state changes in this time range.</p>;
  return (
    <div className="space-y-3" data-testid="state-timeline">
      <div className="grid grid-cols-[8rem_minmax(0,1fr)] items-center gap-x-3 gap-y-2">
        {bands.map((b) => (
          <div key={b.key} className="contents" data-testid="timeline-band">
            <div className="truncate text-right text-xs text-muted-foreground">
              {b.href ? <Link href={b.href} className="hover:text-foreground hover:underline">{b.label}</Link> : b.label}
            </div>
            <div className="relative h-6 overflow-hidden rounded-md bg-muted/60" role="list" aria-label={b.label}>
              {b.segments.map((s, i) => {
                const left = pct(s.from);
                const width = Math.max(pct(s.to) - left, 0.4);
                const took = formatDuration(s.to - s.from);
                const text = `${stateLabel(s.state)} · from ${formatDate(new Date(s.from))} · ${s.open ? `${took} so far` : `for ${took}`}`;
                return (
                  <Hint key={i} content={text}>
                    <span
                      role="listitem"
                      tabIndex={0}
                      aria-label={text}
                      data-state={s.state}
                      data-testid="timeline-segment"
                      className={cn("absolute inset-y-0 border-r border-background/60 outline-none focus-visible:ring-2 focus-visible:ring-ring focus-visible:ring-inset hover:brightness-110", tone(s.state))}
                      style={{ left: `${left}%`, width: `${width}%` }}
                    />
                  </Hint>
                );
              })}
            </div>
          </div>
        ))}
        <div />
        <div className="relative h-4 text-[10px] text-muted-foreground tabular-nums" aria-hidden="true">
          {ticks(start, end).map((t) => (
            <span key={t} className="absolute -translate-x-1/2 whitespace-nowrap" style={{ left: `${pct(t)}%` }}>
              {tickLabel(t, span)}
            </span>
          ))}
        </div>
      </div>
      <ul className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-muted-foreground" aria-label="Legend">
        {LEGEND.map(([label, state]) => (
          <li key={label} className="flex items-center gap-1.5">
            <span className={cn("inline-block size-3 rounded-sm", tone(state))} aria-hidden="true" />
            {label}
          </li>
        ))}
      </ul>
    </div>
  );
}
