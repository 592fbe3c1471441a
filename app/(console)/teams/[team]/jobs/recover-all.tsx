"use client";

import { LifeBuoy, TriangleAlert } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useAction } from "@/components/console/use-action";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { FormError } from "@/components/ui/form-field";
import { recoverAllAction } from "./actions";
import { BulkResults } from "./bulk-lifecycle";

type Job = { id: number; name: string; observedState: string };
type Result = { jobId: number; jobName?: string; ok: boolean; operationId?: number; message?: string };
const plural = (n: number) => `${n} job${n === 1 ? "" : "s"}`;

/**
 * Above the job center whenever any job of the team is failed or lost, whatever the table's filter
 * or page shows: when a session cluster dies and 100 jobs fail, one click recovers all of them,
 * with a line per job.
 */
export function RecoverAll({ team, jobs, canDeploy }: { team: string; jobs: Job[]; canDeploy: boolean }) {
  const router = useRouter();
  const action = useAction(recoverAllAction);
  const [asking, setAsking] = useState(false);
  const [results, setResults] = useState<Result[] | null>(null);
  const failed = jobs.filter((j) => j.observedState === "FAILED").length;
  const lost = jobs.length - failed;
  const what = [failed ? `${failed} failed` : null, lost ? `${lost} lost` : null].filter(Boolean).join(" and ");
  return (
    <>
      <Alert variant="destructive" className="mb-4" data-testid="recover-all-banner">
        <TriangleAlert className="size-4" />
        <AlertTitle>
          {plural(jobs.length)} {jobs.length === 1 ? "needs" : "need"} attention: {what}
        </AlertTitle>
        <AlertDescription className="flex flex-wrap items-center justify-between gap-2">
          <span className="truncate">{jobs.slice(0, 5).map((j) => j.name).join(", ")}{jobs.length > 5 ? `, and ${jobs.length - 5} more` : ""}</span>
          {canDeploy && (
            <Button size="sm" variant="outline" onClick={() => (action.reset(), setAsking(true))} data-testid="recover-all">
              <LifeBuoy className="size-4" /> Recover all {jobs.length}
            </Button>
          )}
        </AlertDescription>
      </Alert>

      <Dialog open={asking} onOpenChange={setAsking}>
        <DialogContent>
          <DialogHeader>
            <DialogTitle>Recover {plural(jobs.length)}?</DialogTitle>
            <DialogDescription>Each starts again from its newest savepoint or checkpoint. Jobs that change state meanwhile are left alone.</DialogDescription>
          </DialogHeader>
          {action.formError && <FormError message={action.formError} />}
          <ul className="max-h-48 space-y-0.5 overflow-y-auto rounded-md border bg-muted/30 px-3 py-2 text-sm">
            {jobs.map((j) => (
              <li key={j.id} className="truncate">
                {j.name} <span className="text-muted-foreground">({j.observedState.toLowerCase()})</span>
              </li>
            ))}
          </ul>
          <DialogFooter>
            <Button variant="outline" onClick={() => setAsking(false)}>Back</Button>
            <Button pending={action.pending} onClick={() => void action.run({ team }, { onSuccess: (rows) => (setAsking(false), setResults(rows)) })} data-testid="confirm-recover-all">
              Recover
            </Button>
          </DialogFooter>
        </DialogContent>
      </Dialog>

      <Dialog open={results !== null} onOpenChange={(o) => !o && (setResults(null), router.refresh())}>
        <DialogContent className="sm:max-w-2xl">
          {results && (
            <>
              <DialogHeader>
                <DialogTitle>Recover: {results.filter((r) => r.ok).length} of {plural(results.length)} queued</DialogTitle>
                <DialogDescription>Each queued operation runs in the background; open one to follow it.</DialogDescription>
              </DialogHeader>
              <BulkResults team={team} rows={results} />
              <DialogFooter>
                <Button onClick={() => (setResults(null), router.refresh())}>Done</Button>
              </DialogFooter>
            </>
          )}
        </DialogContent>
      </Dialog>
    </>
  );
}
