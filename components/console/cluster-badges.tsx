import { Badge } from "@/components/ui/badge";

const healthVariant = { healthy: "success", unreachable: "destructive", error: "warning", unknown: "outline" } as const;
const stateVariant = { registered: "outline", starting: "warning", running: "success", stopping: "warning", stopped: "outline", failed: "destructive" } as const;
export const kindLabel = { remote: "Remote", "yarn-session": "YARN session", "k8s-session": "K8s session" } as const;

export function HealthBadge({ health, title }: { health: keyof typeof healthVariant; title?: string | null }) {
  return (
    <Badge variant={healthVariant[health]} title={title ?? undefined} data-testid="cluster-health">
      {health}
    </Badge>
  );
}

export function StateBadge({ state }: { state: keyof typeof stateVariant }) {
  return <Badge variant={stateVariant[state]}>{state}</Badge>;
}

/** Used / total slots as a bar: a glance tells how full a shared session cluster is. */
export function SlotsBar({ total, available }: { total: number | null; available: number | null }) {
  if (total == null || available == null) return <span className="text-muted-foreground">—</span>;
  const used = total - available;
  const pct = total > 0 ? Math.round((used / total) * 100) : 0;
  return (
    <div className="flex min-w-28 items-center gap-2" title={`${used} of ${total} slots in use`}>
      <div className="h-1.5 flex-1 overflow-hidden rounded-full bg-muted" role="meter" aria-valuemin={0} aria-valuemax={total} aria-valuenow={used} aria-label="Slots in use">
        <div className={pct > 90 ? "h-full bg-destructive" : pct > 70 ? "h-full bg-warning" : "h-full bg-primary"} style={{ width: `${pct}%` }} />
      </div>
      <span className="text-xs tabular-nums text-muted-foreground">
        {used}/{total}
      </span>
    </div>
  );
}
