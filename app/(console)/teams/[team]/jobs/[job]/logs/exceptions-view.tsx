import { Bug, ChevronRight } from "lucide-react";
import { formatDate } from "@/components/console/format";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";

type Entry = { exceptionName: string; message: string | null; stacktrace: string; timestamp: number | null; taskName: string | null; endpoint: string | null };

function Stack({ trace, label }: { trace: string; label: string }) {
  if (!trace) return null;
  return (
    <details className="group rounded-md border bg-muted/30">
      <summary className="flex cursor-pointer items-center gap-1.5 px-3 py-2 text-sm text-muted-foreground outline-none select-none hover:text-foreground focus-visible:ring-2 focus-visible:ring-ring/50 [&::-webkit-details-marker]:hidden">
        <ChevronRight className="size-4 transition-transform group-open:rotate-90" aria-hidden="true" /> {label}
      </summary>
      <pre className="max-h-[50vh] overflow-auto border-t px-3 py-2 font-mono text-xs leading-5">{trace}</pre>
    </details>
  );
}

function where(e: Entry): string {
  return [e.taskName, e.endpoint].filter(Boolean).join(" · ");
}

/** Flink's exception history for a run: the root cause of the newest failure first and large, then the rest. */
export function ExceptionsView({ rootCause, entries, problem }: { rootCause: Entry | null; entries: Entry[]; problem: string | null }) {
  if (problem) return <EmptyState icon={Bug} title="Exceptions cannot be shown now" description={problem} data-testid="exceptions-problem" />;
  if (!rootCause) return <EmptyState icon={Bug} title="No exceptions" description="Flink recorded no exception for this run." data-testid="no-exceptions" />;
  const rest = entries.slice(1);
  return (
    <div className="space-y-4">
      <Card className="border-destructive/30" data-testid="root-cause">
        <CardHeader>
          <CardDescription>Root cause · {(rootCause.timestamp ? formatDate(new Date(rootCause.timestamp)) : "time unknown")}{where(rootCause) ? ` · ${where(rootCause)}` : ""}</CardDescription>
          <CardTitle className="font-mono text-lg break-all text-destructive">{rootCause.exceptionName}</CardTitle>
          {rootCause.message && <p className="text-base break-words whitespace-pre-wrap">{rootCause.message}</p>}
        </CardHeader>
        <CardContent>
          <Stack trace={rootCause.stacktrace} label="Stack trace" />
        </CardContent>
      </Card>
      {rest.length > 0 && (
        <section className="space-y-2">
          <h3 className="text-sm font-medium">Earlier exceptions ({rest.length})</h3>
          <ol className="space-y-2">
            {rest.map((e, i) => (
              <li key={i} className="space-y-2 rounded-lg border bg-card p-3">
                <div className="flex flex-wrap items-baseline justify-between gap-2">
                  <code className="text-sm font-medium break-all">{e.exceptionName}</code>
                  <span className="text-xs text-muted-foreground tabular-nums">{(e.timestamp ? formatDate(new Date(e.timestamp)) : "time unknown")}{where(e) ? ` · ${where(e)}` : ""}</span>
                </div>
                {e.message && <p className="text-sm break-words text-muted-foreground">{e.message}</p>}
                <Stack trace={e.stacktrace} label="Stack trace" />
              </li>
            ))}
          </ol>
        </section>
      )}
    </div>
  );
}
