import { ArrowLeft, CheckCircle2, Circle, CircleAlert, Loader2, MinusCircle, XCircle } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AutoRefresh } from "@/components/console/auto-refresh";
import { CopyButton } from "@/components/console/copy-button";
import { between, formatDuration, formatInstant } from "@/components/console/duration";
import { FactList } from "@/components/console/fact-list";
import { LogViewer } from "@/components/console/log-viewer";
import { isFinished, OperationStatusBadge, operationKindLabel } from "@/components/console/operation-status";
import { teamHref } from "@/components/console/team-href";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { cn } from "@/components/ui/utils";
import { isAppError } from "@/lib/errors";
import { pageJob } from "@/lib/jobs/page-job";
import { BUILD_STEPS } from "@/lib/lifecycle/build";
import { getOperation } from "@/lib/lifecycle/operations";
import { idSchema } from "@/lib/validation";
import { failedStepLines } from "../../log-ranges";

type Props = { params: Promise<{ team: string; job: string; operation: string }> };
type Step = { name: string; status: "running" | "done" | "failed" | "skipped" | "pending"; at: string | null; message?: string };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Operation ${(await params).operation}` };
}

const stepIcon = {
  done: <CheckCircle2 className="size-5 text-success" aria-hidden="true" />,
  running: <Loader2 className="size-5 animate-spin text-warning" aria-hidden="true" />,
  failed: <XCircle className="size-5 text-destructive" aria-hidden="true" />,
  skipped: <MinusCircle className="size-5 text-muted-foreground" aria-hidden="true" />,
  pending: <Circle className="size-5 text-muted-foreground/50" aria-hidden="true" />,
};

function describeOptions(kind: string, options: Record<string, unknown>): [string, React.ReactNode][] {
  const out: [string, React.ReactNode][] = [];
  if (kind === "start") {
    const r = options.restore as unknown;
    out.push(["Restore from", r === "none" ? "nothing (empty state)" : r === "latest" || r === undefined ? "the newest savepoint or checkpoint" : typeof r === "object" && r && "snapshotId" in r ? `recorded snapshot #${String((r as { snapshotId: unknown }).snapshotId)}` : typeof r === "object" && r && "path" in r ? <code key="p" className="break-all">{String((r as { path: unknown }).path)}</code> : String(r)]);
  }
  if ("drain" in options) out.push(["Drain", options.drain ? "yes" : "no"]);
  if (options.savepointDirectory) out.push(["Savepoint directory", <code key="d">{String(options.savepointDirectory)}</code>]);
  if (options.allowNonRestoredState) out.push(["Non-restored state", "allowed"]);
  if (options.auto) out.push(["Asked by", "Eddy (automatic)"]);
  return out;
}

/** One operation: its steps as a progress list, the outcome in a sentence, and its log. Refreshes until it ends. */
export default async function OperationPage({ params }: Props) {
  const { operation } = await params;
  const { principal, access, job } = await pageJob(params);
  // Not a positive whole number, or beyond the database's id range: no such operation.
  const parsed = idSchema.safeParse(operation);
  if (!parsed.success) notFound();
  const id = parsed.data;
  const op = await getOperation(principal, access.team.id, job.id, id).catch((e) => {
    if (isAppError(e) && e.code === "not_found") notFound();
    throw e;
  });
  const base = teamHref(access.team.name, `jobs/${encodeURIComponent(job.name)}`);
  const finished = isFinished(op.status);
  const recorded = (op.steps ?? []) as Step[];
  // A build's steps are known in advance: the ones still to come show as pending.
  const planned: Step[] = op.kind === "build" && !finished ? BUILD_STEPS.filter((n) => !recorded.some((s) => s.name === n)).map((name) => ({ name, status: "pending", at: null })) : [];
  const steps = [...recorded, ...planned];
  const result = (op.result ?? {}) as Record<string, unknown>;
  const savepointPath = typeof result.savepointPath === "string" ? result.savepointPath : null;

  const facts: [string, React.ReactNode][] = [
    ["Asked by", op.requestedByName],
    ["Asked at", formatInstant(op.createdAt)],
    ["Started", formatInstant(op.startedAt)],
    ["Finished", formatInstant(op.finishedAt)],
    ["Took", op.startedAt ? formatDuration(between(op.startedAt, op.finishedAt)) + (finished ? "" : " so far") : "—"],
    ...describeOptions(op.kind, (op.options ?? {}) as Record<string, unknown>),
    ...(op.runId ? ([["Run", <Link key="run" href={`${base}/logs?run=${op.runId}`} className="text-primary hover:underline">run {op.runId} · logs</Link>]] as [string, React.ReactNode][]) : []),
    ...(savepointPath
      ? ([["Savepoint", <span key="sp" className="inline-flex items-center gap-1"><code className="break-all">{savepointPath}</code><CopyButton value={savepointPath} label="Copy savepoint path" /></span>]] as [string, React.ReactNode][])
      : []),
  ];

  return (
    <div className="space-y-4" data-testid="operation-page">
      {!finished && <AutoRefresh seconds={2} />}
      <div className="flex flex-wrap items-center gap-3">
        <Link href={`${base}/operations`} className="inline-flex items-center gap-1 text-sm text-muted-foreground hover:text-foreground">
          <ArrowLeft className="size-4" aria-hidden="true" /> Operations
        </Link>
        <h2 className="text-lg font-semibold" data-testid="operation-title">
          {operationKindLabel[op.kind] ?? op.kind} <span className="text-muted-foreground tabular-nums">#{op.id}</span>
        </h2>
        <OperationStatusBadge status={op.status} />
      </div>

      {op.status === "failed" && (
        <Alert variant="destructive" data-testid="operation-outcome">
          <CircleAlert aria-hidden="true" />
          <AlertTitle>{recorded.find((s) => s.status === "failed")?.name ? `Failed at “${recorded.find((s) => s.status === "failed")!.name}”` : "Failed"}</AlertTitle>
          <AlertDescription className="whitespace-pre-wrap">{op.message ?? "The operation failed without a reason; see its log."}</AlertDescription>
        </Alert>
      )}
      {op.status === "succeeded" && (
        <Alert variant="success" role="status" data-testid="operation-outcome">
          <CheckCircle2 aria-hidden="true" />
          <AlertTitle>Done</AlertTitle>
          <AlertDescription>{op.message ?? "The operation succeeded."}</AlertDescription>
        </Alert>
      )}

      <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]">
        <Card>
          <CardHeader>
            <CardTitle className="text-base">Steps</CardTitle>
          </CardHeader>
          <CardContent>
            {steps.length === 0 ? (
              <p className="flex items-center gap-2 text-sm text-muted-foreground">
                <Loader2 className="size-4 animate-spin" aria-hidden="true" /> Waiting for a worker to pick it up…
              </p>
            ) : (
              <ol className="relative space-y-0" aria-label="Steps" data-testid="operation-steps">
                {steps.map((s, i) => {
                  const prevAt = i === 0 ? (op.startedAt ? op.startedAt.toISOString() : null) : steps[i - 1]!.at;
                  const took = s.status === "running" ? between(prevAt) : s.at && prevAt ? between(prevAt, s.at) : null;
                  return (
                    <li key={`${s.name}-${i}`} className="relative flex gap-3 pb-5 last:pb-0" data-testid="operation-step" data-status={s.status}>
                      {i < steps.length - 1 && <span className={cn("absolute top-6 left-2.5 h-[calc(100%-1.25rem)] w-px -translate-x-1/2", s.status === "done" ? "bg-success/40" : "bg-border")} aria-hidden="true" />}
                      <span className="relative z-10 bg-card">{stepIcon[s.status] ?? stepIcon.pending}</span>
                      <div className="min-w-0 flex-1 space-y-0.5">
                        <div className="flex flex-wrap items-baseline justify-between gap-x-3">
                          <span className={cn("font-medium", s.status === "pending" && "text-muted-foreground", s.status === "failed" && "text-destructive")}>
                            {s.name}
                            <span className="sr-only"> ({s.status})</span>
                          </span>
                          <span className="text-xs text-muted-foreground tabular-nums">
                            {s.at ? formatInstant(s.at).slice(11) : s.status === "pending" ? "to do" : ""}
                            {took !== null && s.status !== "skipped" ? ` · ${formatDuration(took)}` : ""}
                          </span>
                        </div>
                        {s.message && <p className={cn("text-sm break-words", s.status === "failed" ? "text-destructive" : "text-muted-foreground")}>{s.message}</p>}
                      </div>
                    </li>
                  );
                })}
              </ol>
            )}
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle className="text-base">Details</CardTitle>
          </CardHeader>
          <CardContent>
            <FactList facts={facts} />
          </CardContent>
        </Card>
      </div>

      <section className="space-y-2">
        <h3 className="text-sm font-medium">Log</h3>
        <LogViewer text={op.log} follow={!finished} linkable emphasize={failedStepLines(op.log, recorded.find((s) => s.status === "failed")?.name)} label="Operation log" emptyText={finished ? "This operation wrote no log." : "Nothing logged yet."} />
      </section>
    </div>
  );
}
