"use client";

import { Ban, CheckCircle2, LifeBuoy, Play, Square, XCircle } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { teamHref } from "@/components/console/team-href";
import { useAction } from "@/components/console/use-action";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { FormError } from "@/components/ui/form-field";
import { Hint } from "@/components/ui/tooltip";
import { bulkLifecycleAction } from "./actions";

type Action = "start" | "stop" | "cancel" | "recover";
type Job = { id: number; name: string; observedState: string };
type Result = { jobId: number; jobName?: string; ok: boolean; operationId?: number; message?: string };

const RECOVERABLE = ["FAILED", "LOST"];
const plural = (n: number) => `${n} job${n === 1 ? "" : "s"}`;

const copy: Record<Action, { button: string; title: (n: number) => string; description: string; confirm: string; destructive?: boolean }> = {
  start: { button: "Start", title: (n) => `Start ${plural(n)}?`, description: "Each starts its newest build from its newest savepoint or checkpoint. Jobs that are already running are refused.", confirm: "Start" },
  stop: { button: "Stop", title: (n) => `Stop ${plural(n)} with a savepoint?`, description: "Flink takes a savepoint of each, then stops it; a later start continues from there. Jobs that are not running are refused.", confirm: "Stop with savepoint" },
  cancel: { button: "Cancel", title: (n) => `Cancel ${plural(n)}?`, description: "Each stops at once without a savepoint: state since its last checkpoint is lost.", confirm: "Cancel jobs", destructive: true },
  recover: { button: "Recover failed or lost", title: (n) => `Recover ${plural(n)}?`, description: "Failed and lost jobs start again from their newest savepoint or checkpoint; other selected jobs are left alone.", confirm: "Recover" },
};

/**
 * The job center's lifecycle actions on the selected jobs: a confirm that names the count, then
 * one line per job with its queued operation or the sentence that refused it.
 */
export function BulkLifecycle({ team, selected, can, onDone }: { team: string; selected: Job[]; can: { deploy: boolean; stop: boolean }; onDone: () => void }) {
  const action = useAction(bulkLifecycleAction);
  const [asking, setAsking] = useState<Action | null>(null);
  const [results, setResults] = useState<{ action: Action; jobs: Job[]; rows: Result[] } | null>(null);
  const recoverable = selected.filter((j) => RECOVERABLE.includes(j.observedState));
  const count = (a: Action) => (a === "recover" ? recoverable.length : selected.length);

  function run(a: Action) {
    const jobs = [...selected];
    void action.run({ team, jobs: jobs.map((j) => j.id), action: a }, { onSuccess: (rows) => (setAsking(null), setResults({ action: a, jobs, rows })) });
  }

  const button = (a: Action, icon: React.ReactNode, disabledReason: string | null = null) => (
    <Hint content={disabledReason} disabled={disabledReason !== null}>
      <Button size="sm" variant="outline" onClick={() => (action.reset(), setAsking(a))} disabled={disabledReason !== null} data-testid={`bulk-${a}`}>
        {icon} {copy[a].button}
      </Button>
    </Hint>
  );

  const ok = results?.rows.filter((r) => r.ok).length ?? 0;
  return (
    <>
      {can.deploy && button("start", <Play className="size-4" />)}
      {can.stop && button("stop", <Square className="size-4" />)}
      {can.stop && button("cancel", <Ban className="size-4" />)}
      {can.deploy && button("recover", <LifeBuoy className="size-4" />, recoverable.length === 0 ? "None of the selected jobs is failed or lost." : null)}

      <Dialog open={asking !== null} onOpenChange={(o) => !o && setAsking(null)}>
        <DialogContent>
          {asking && (
            <>
              <DialogHeader>
                <DialogTitle>{copy[asking].title(count(asking))}</DialogTitle>
                <DialogDescription>{copy[asking].description}</DialogDescription>
              </DialogHeader>
              {action.formError && <FormError message={action.formError} />}
              <ul className="max-h-48 space-y-0.5 overflow-y-auto rounded-md border bg-muted/30 px-3 py-2 text-sm">
                {(asking === "recover" ? recoverable : selected).map((j) => (
                  <li key={j.id} className="truncate">{j.name}</li>
                ))}
              </ul>
              <DialogFooter>
                <Button variant="outline" onClick={() => setAsking(null)}>Back</Button>
                <Button variant={copy[asking].destructive ? "destructive" : "default"} pending={action.pending} onClick={() => run(asking)} data-testid="confirm-bulk">
                  {copy[asking].confirm}
                </Button>
              </DialogFooter>
            </>
          )}
        </DialogContent>
      </Dialog>

      <Dialog open={results !== null} onOpenChange={(o) => !o && (setResults(null), onDone())}>
        <DialogContent className="sm:max-w-2xl">
          {results && (
            <>
              <DialogHeader>
                <DialogTitle>
                  {copy[results.action].button}: {ok} of {plural(results.rows.length)} queued
                </DialogTitle>
                <DialogDescription>Each queued operation runs in the background; open one to follow it.</DialogDescription>
              </DialogHeader>
              <BulkResults team={team} rows={results.rows} names={new Map(results.jobs.map((j) => [j.id, j.name]))} />
              <DialogFooter>
                <Button onClick={() => (setResults(null), onDone())}>Done</Button>
              </DialogFooter>
            </>
          )}
        </DialogContent>
      </Dialog>
    </>
  );
}

/** One line per job: its queued operation (a link to follow it) or the sentence that refused it. */
export function BulkResults({ team, rows, names }: { team: string; rows: Result[]; names?: Map<number, string> }) {
  return (
    <ul className="max-h-[60vh] divide-y overflow-y-auto rounded-md border" data-testid="bulk-results">
      {rows.map((r) => {
        const name = r.jobName ?? names?.get(r.jobId) ?? `job ${r.jobId}`;
        return (
          <li key={r.jobId} className="flex items-start gap-2 px-3 py-2 text-sm" data-testid="bulk-result" data-ok={r.ok}>
            {r.ok ? <CheckCircle2 className="mt-0.5 size-4 shrink-0 text-success" aria-label="queued" /> : <XCircle className="mt-0.5 size-4 shrink-0 text-destructive" aria-label="refused" />}
            <div className="min-w-0">
              <div className="font-medium">{name}</div>
              {r.ok ? (
                <Link href={teamHref(team, `jobs/${encodeURIComponent(name)}/operations/${r.operationId}`)} className="text-primary hover:underline">
                  Operation #{r.operationId} queued
                </Link>
              ) : (
                <p className="text-muted-foreground">{r.message}</p>
              )}
            </div>
          </li>
        );
      })}
    </ul>
  );
}
