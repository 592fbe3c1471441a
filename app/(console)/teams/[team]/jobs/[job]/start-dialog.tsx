"use client";

import { Loader2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useEffect, useId, useState } from "react";
import { formatDate } from "@/components/console/format";
import { useAction } from "@/components/console/use-action";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { FormError } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { RadioGroup, RadioGroupItem } from "@/components/ui/radio-group";
import { Select } from "@/components/ui/select";
import { jobLifecycleAction, restorePreviewAction, startChoicesAction } from "./actions";
import { operationHref, queued } from "./lifecycle-links";

type Snapshot = { id: number; kind: "savepoint" | "checkpoint"; trigger: string; path: string; runId: number | null; createdAt: string };
type Preview = { kind: "none" | "savepoint" | "checkpoint" | "path"; path: string | null; snapshotId: number | null; at: string | null };
type Choice = "latest" | "none" | "snapshot" | "path";

export type StartPreset = { restore: "latest" | "none" } | { snapshotId: number };

function restoreOf(choice: Choice, snapshotId: string, path: string) {
  if (choice === "snapshot") return snapshotId ? { snapshotId: Number(snapshotId) } : null;
  if (choice === "path") return path.trim() ? { path: path.trim() } : null;
  return choice;
}

function describePreview(p: Preview): string {
  if (p.kind === "none") return "Starts with empty state: nothing is restored.";
  if (p.kind === "path") return `Restores from ${p.path}.`;
  return `Restores from the ${p.kind} ${p.path}${p.at ? `, taken ${formatDate(p.at)}` : ""}.`;
}

/**
 * Start a job: from the newest savepoint or checkpoint (the default), from nothing, from one of
 * the recorded ones, or from a path; the dialog says what will be restored before anything runs.
 */
export function StartDialog({ team, job, base, open, onOpenChange, preset }: { team: string; job: string; base: string; open: boolean; onOpenChange: (o: boolean) => void; preset?: StartPreset }) {
  const router = useRouter();
  const id = useId();
  const action = useAction(jobLifecycleAction);
  const [choice, setChoice] = useState<Choice>("latest");
  const [snapshotId, setSnapshotId] = useState("");
  const [path, setPath] = useState("");
  const [allowNonRestored, setAllowNonRestored] = useState(false);
  const [snapshots, setSnapshots] = useState<Snapshot[] | null>(null);
  const [preview, setPreview] = useState<{ loading: boolean; value: Preview | null; error: string | null }>({ loading: false, value: null, error: null });

  // Each opening starts from the preset (a savepoint's "Start from this") or the default.
  useEffect(() => {
    if (!open) return;
    action.reset();
    setAllowNonRestored(false);
    setPath("");
    if (preset && "snapshotId" in preset) {
      setChoice("snapshot");
      setSnapshotId(String(preset.snapshotId));
    } else {
      setChoice(preset?.restore ?? "latest");
      setSnapshotId("");
    }
    let live = true;
    void startChoicesAction({ team, job }).then((r) => live && setSnapshots(r.ok ? r.data : []));
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open]);

  const restore = restoreOf(choice, snapshotId, path);
  const key = JSON.stringify(restore);
  useEffect(() => {
    if (!open || restore === null) return setPreview({ loading: false, value: null, error: null });
    let live = true;
    setPreview((p) => ({ ...p, loading: true }));
    const t = setTimeout(() => {
      void restorePreviewAction({ team, job, restore }).then((r) => {
        if (!live) return;
        setPreview(r.ok ? { loading: false, value: r.data, error: null } : { loading: false, value: null, error: r.error.message });
      });
    }, choice === "path" ? 300 : 0);
    return () => {
      live = false;
      clearTimeout(t);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, key]);

  function submit(e: React.FormEvent) {
    e.preventDefault();
    if (restore === null) return;
    void action.run(
      { team, job, kind: "start", options: { restore, allowNonRestoredState: allowNonRestored } },
      { onSuccess: (op) => (onOpenChange(false), queued(op), router.push(operationHref(base, op.id))) },
    );
  }

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="sm:max-w-xl">
        <DialogHeader>
          <DialogTitle>Start {job}</DialogTitle>
          <DialogDescription>Deploys the newest build. Choose the state it begins with.</DialogDescription>
        </DialogHeader>
        <form onSubmit={submit} className="space-y-4" data-testid="start-dialog">
          {action.formError && <FormError message={action.formError} />}
          <fieldset className="space-y-2">
            <legend className="mb-2 text-sm font-medium">Restore from</legend>
            <RadioGroup value={choice} onValueChange={(v) => setChoice(v as Choice)} aria-label="Restore from">
              <div className="flex items-start gap-2">
                <RadioGroupItem value="latest" id={`${id}-latest`} className="mt-0.5" />
                <Label htmlFor={`${id}-latest`} className="grid gap-1 font-normal">
                  <span className="font-medium">The newest savepoint or checkpoint</span>
                  <span className="text-xs text-muted-foreground">What Eddy recorded last; nothing if there is none.</span>
                </Label>
              </div>
              <div className="flex items-start gap-2">
                <RadioGroupItem value="snapshot" id={`${id}-snapshot`} className="mt-0.5" disabled={snapshots !== null && snapshots.length === 0} />
                <Label htmlFor={`${id}-snapshot`} className="grid gap-1 font-normal">
                  <span className="font-medium">A recorded savepoint or checkpoint</span>
                  {snapshots !== null && snapshots.length === 0 && <span className="text-xs text-muted-foreground">None recorded yet.</span>}
                </Label>
              </div>
              {choice === "snapshot" && (
                <div className="pl-6">
                  <Select aria-label="Savepoint or checkpoint" value={snapshotId} onChange={(e) => setSnapshotId(e.target.value)} disabled={snapshots === null}>
                    <option value="">{snapshots === null ? "Loading…" : "Choose one…"}</option>
                    {snapshots?.map((s) => (
                      <option key={s.id} value={s.id}>
                        {s.kind} · {formatDate(s.createdAt)} · {s.path}
                      </option>
                    ))}
                    {/* A preset from the savepoints tab shows even before the list arrives. */}
                    {snapshots === null && snapshotId && <option value={snapshotId}>#{snapshotId}</option>}
                  </Select>
                </div>
              )}
              <div className="flex items-start gap-2">
                <RadioGroupItem value="path" id={`${id}-path`} className="mt-0.5" />
                <Label htmlFor={`${id}-path`} className="font-medium">A savepoint path</Label>
              </div>
              {choice === "path" && (
                <div className="pl-6">
                  <Input aria-label="Savepoint path" placeholder="hdfs:///flink/savepoints/savepoint-…" value={path} onChange={(e) => setPath(e.target.value)} spellCheck={false} autoFocus />
                </div>
              )}
              <div className="flex items-start gap-2">
                <RadioGroupItem value="none" id={`${id}-none`} className="mt-0.5" />
                <Label htmlFor={`${id}-none`} className="grid gap-1 font-normal">
                  <span className="font-medium">Nothing: empty state</span>
                  <span className="text-xs text-muted-foreground">Sources start over as configured.</span>
                </Label>
              </div>
            </RadioGroup>
          </fieldset>
          <label className="flex items-start gap-2 text-sm">
            <Checkbox checked={allowNonRestored} onChange={(e) => setAllowNonRestored(e.currentTarget.checked)} className="mt-0.5" />
            <span>
              Allow non-restored state
              <span className="block text-xs text-muted-foreground">Skip state that no operator of the new version claims (after removing an operator).</span>
            </span>
          </label>
          <div className="rounded-md border bg-muted/40 px-3 py-2 text-sm" aria-live="polite" data-testid="restore-preview">
            {preview.loading ? (
              <span className="flex items-center gap-2 text-muted-foreground">
                <Loader2 className="size-4 animate-spin" aria-hidden="true" /> Checking what it will restore…
              </span>
            ) : preview.error ? (
              <span className="text-destructive">{preview.error}</span>
            ) : preview.value ? (
              describePreview(preview.value)
            ) : (
              <span className="text-muted-foreground">{choice === "path" ? "Give the savepoint's path." : "Choose a savepoint or checkpoint."}</span>
            )}
          </div>
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => onOpenChange(false)}>Cancel</Button>
            <Button type="submit" pending={action.pending} disabled={restore === null} data-testid="confirm-start">Start</Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
