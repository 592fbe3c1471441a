"use client";

import { Camera, Hammer, Play, RotateCcw, Square } from "lucide-react";
import { useRouter } from "next/navigation";
import { useEffect, useId, useState } from "react";
import { toast } from "sonner";
import { useAction } from "@/components/console/use-action";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { RadioGroup, RadioGroupItem } from "@/components/ui/radio-group";
import { Hint } from "@/components/ui/tooltip";
import { jobLifecycleAction } from "./actions";
import type { Availability } from "./availability";
import { operationHref, queued } from "./lifecycle-links";
import { StartDialog } from "./start-dialog";

type Kind = keyof Availability;

function ActionButton({ kind, availability, onClick, pending, children, variant = "outline" }: { kind: Kind; availability: Availability; onClick: () => void; pending?: boolean; children: React.ReactNode; variant?: "outline" | "default" }) {
  const a = availability[kind];
  return (
    <Hint content={a.reason} disabled={!a.allowed}>
      <Button size="sm" variant={variant} disabled={!a.allowed} pending={pending} onClick={onClick} data-testid={`job-action-${kind}`} data-reason={a.reason ?? undefined}>
        {children}
      </Button>
    </Hint>
  );
}

/** Stop with a savepoint (the default, optionally draining), or cancel without one after a confirm. */
function StopDialog({ team, job, base, availability, open, onOpenChange }: { team: string; job: string; base: string; availability: Availability; open: boolean; onOpenChange: (o: boolean) => void }) {
  const router = useRouter();
  const id = useId();
  const action = useAction(jobLifecycleAction);
  const [how, setHow] = useState<"stop" | "cancel">("stop");
  const [drain, setDrain] = useState(false);
  const [dir, setDir] = useState("");
  const [confirmed, setConfirmed] = useState(false);

  useEffect(() => {
    if (!open) return;
    action.reset();
    setHow(availability.stop.allowed ? "stop" : "cancel");
    setDrain(false);
    setDir("");
    setConfirmed(false);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open]);

  function submit(e: React.FormEvent) {
    e.preventDefault();
    const options = how === "stop" ? { drain, ...(dir.trim() ? { savepointDirectory: dir.trim() } : {}) } : {};
    void action.run({ team, job, kind: how, options }, { onSuccess: (op) => (onOpenChange(false), queued(op), router.push(operationHref(base, op.id))) });
  }

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Stop {job}</DialogTitle>
          <DialogDescription>A savepoint keeps the job&apos;s state, so a later start continues where it stopped.</DialogDescription>
        </DialogHeader>
        <form onSubmit={submit} className="space-y-4" data-testid="stop-dialog">
          {action.formError && <FormError message={action.formError} />}
          <RadioGroup value={how} onValueChange={(v) => (setHow(v as "stop" | "cancel"), setConfirmed(false))} aria-label="How to stop">
            <div className="flex items-start gap-2">
              <RadioGroupItem value="stop" id={`${id}-stop`} className="mt-0.5" disabled={!availability.stop.allowed} />
              <Label htmlFor={`${id}-stop`} className="grid gap-1 font-normal">
                <span className="font-medium">Stop with a savepoint</span>
                <span className="text-xs text-muted-foreground">{availability.stop.reason ?? "Flink takes a savepoint, then stops the job."}</span>
              </Label>
            </div>
            {how === "stop" && (
              <div className="space-y-3 pl-6">
                <label className="flex items-start gap-2 text-sm">
                  <Checkbox checked={drain} onChange={(e) => setDrain(e.currentTarget.checked)} className="mt-0.5" />
                  <span>
                    Drain
                    <span className="block text-xs text-muted-foreground">Flush windows and timers first (emits final results; for a job that will not resume).</span>
                  </span>
                </label>
                <FormField label="Savepoint directory" htmlFor={`${id}-dir`} hint="Leave empty for the job's or cluster's default." error={action.fieldError("savepointDirectory") ?? action.fieldError("options.savepointDirectory")}>
                  <Input id={`${id}-dir`} value={dir} onChange={(e) => setDir(e.target.value)} placeholder="hdfs:///flink/savepoints" spellCheck={false} />
                </FormField>
              </div>
            )}
            <div className="flex items-start gap-2">
              <RadioGroupItem value="cancel" id={`${id}-cancel`} className="mt-0.5" disabled={!availability.cancel.allowed} />
              <Label htmlFor={`${id}-cancel`} className="grid gap-1 font-normal">
                <span className="font-medium">Cancel without a savepoint</span>
                <span className="text-xs text-muted-foreground">{availability.cancel.reason ?? "Stops at once; state since the last checkpoint is lost."}</span>
              </Label>
            </div>
            {how === "cancel" && (
              <label className="ml-6 flex items-start gap-2 rounded-md border border-destructive/30 bg-destructive/5 px-3 py-2 text-sm">
                <Checkbox checked={confirmed} onChange={(e) => setConfirmed(e.currentTarget.checked)} className="mt-0.5" aria-label="Confirm cancel without a savepoint" />
                <span>I understand that no savepoint is taken.</span>
              </label>
            )}
          </RadioGroup>
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => onOpenChange(false)}>Keep running</Button>
            {how === "stop" ? (
              <Button type="submit" pending={action.pending} data-testid="confirm-stop">Stop with savepoint</Button>
            ) : (
              <Button type="submit" variant="destructive" pending={action.pending} disabled={!confirmed} data-testid="confirm-cancel">Cancel job</Button>
            )}
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

/** Restart: savepoint, stop, and start the newest build from that savepoint. */
function RestartDialog({ team, job, base, open, onOpenChange }: { team: string; job: string; base: string; open: boolean; onOpenChange: (o: boolean) => void }) {
  const router = useRouter();
  const action = useAction(jobLifecycleAction);
  const [drain, setDrain] = useState(false);
  const [allowNonRestored, setAllowNonRestored] = useState(false);
  useEffect(() => {
    if (open) (action.reset(), setDrain(false), setAllowNonRestored(false));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open]);
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Restart {job}</DialogTitle>
          <DialogDescription>Eddy stops the job with a savepoint and starts the newest build from it.</DialogDescription>
        </DialogHeader>
        <form
          className="space-y-4"
          onSubmit={(e) => {
            e.preventDefault();
            void action.run({ team, job, kind: "restart", options: { drain, allowNonRestoredState: allowNonRestored } }, { onSuccess: (op) => (onOpenChange(false), queued(op), router.push(operationHref(base, op.id))) });
          }}
        >
          {action.formError && <FormError message={action.formError} />}
          <label className="flex items-start gap-2 text-sm">
            <Checkbox checked={drain} onChange={(e) => setDrain(e.currentTarget.checked)} className="mt-0.5" />
            <span>Drain before stopping</span>
          </label>
          <label className="flex items-start gap-2 text-sm">
            <Checkbox checked={allowNonRestored} onChange={(e) => setAllowNonRestored(e.currentTarget.checked)} className="mt-0.5" />
            <span>Allow non-restored state</span>
          </label>
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => onOpenChange(false)}>Cancel</Button>
            <Button type="submit" pending={action.pending} data-testid="confirm-restart">Restart</Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

/**
 * The job header's lifecycle buttons. Each is enabled by the same rules the server applies; a
 * disabled one says why on hover or focus. Accepted actions toast and open their operation.
 */
export function LifecycleActions({ team, job, base, availability }: { team: string; job: string; base: string; availability: Availability }) {
  const router = useRouter();
  const [dialog, setDialog] = useState<"start" | "stop" | "restart" | null>(null);
  const direct = useAction(jobLifecycleAction);
  const [running, setRunning] = useState<Kind | null>(null);

  function now(kind: "build" | "savepoint") {
    setRunning(kind);
    void direct.run({ team, job, kind, options: {} }, { onSuccess: (op) => (queued(op), router.push(operationHref(base, op.id))) }).then((r) => {
      setRunning(null);
      if (!r.ok) toast.error(r.error.message);
    });
  }

  const stoppable: Availability["stop"] = availability.stop.allowed || availability.cancel.allowed ? { allowed: true, reason: null } : availability.stop;
  return (
    <div className="flex flex-wrap items-center gap-2" role="toolbar" aria-label="Job actions">
      <ActionButton kind="build" availability={availability} onClick={() => now("build")} pending={running === "build" && direct.pending}>
        <Hammer /> Build
      </ActionButton>
      <ActionButton kind="start" variant="default" availability={availability} onClick={() => setDialog("start")}>
        <Play /> Start
      </ActionButton>
      <ActionButton kind="stop" availability={{ ...availability, stop: stoppable }} onClick={() => setDialog("stop")}>
        <Square /> Stop
      </ActionButton>
      <ActionButton kind="savepoint" availability={availability} onClick={() => now("savepoint")} pending={running === "savepoint" && direct.pending}>
        <Camera /> Savepoint
      </ActionButton>
      <ActionButton kind="restart" availability={availability} onClick={() => setDialog("restart")}>
        <RotateCcw /> Restart
      </ActionButton>
      <StartDialog team={team} job={job} base={base} open={dialog === "start"} onOpenChange={(o) => setDialog(o ? "start" : null)} />
      <StopDialog team={team} job={job} base={base} availability={availability} open={dialog === "stop"} onOpenChange={(o) => setDialog(o ? "stop" : null)} />
      <RestartDialog team={team} job={job} base={base} open={dialog === "restart"} onOpenChange={(o) => setDialog(o ? "restart" : null)} />
    </div>
  );
}
