"use client";

import { Play, Trash2 } from "lucide-react";
import { toast } from "sonner";
import { useAction } from "@/components/console/use-action";
import { forgetSnapshotAction } from "../actions";
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useState } from "react";
import { CopyButton } from "@/components/console/copy-button";
import { formatDate } from "@/components/console/format";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/select";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { Hint } from "@/components/ui/tooltip";
import { StartDialog } from "../start-dialog";

type Row = { id: number; kind: "savepoint" | "checkpoint"; trigger: string; path: string; runId: number | null; version: number | null; flinkCheckpointId: number | null; createdAt: string };

const triggerLabel: Record<string, string> = { manual: "on request", stop: "on stop", restart: "before restart", periodic: "periodic", retained: "retained", cancel: "on cancel" };

export function SavepointsTable({ team, job, base, kind, rows, start, canForget = false }: { team: string; job: string; base: string; kind?: string; rows: Row[]; start: { visible: boolean; allowed: boolean; reason: string | null }; canForget?: boolean }) {
  const router = useRouter();
  const forget = useAction(forgetSnapshotAction);
  const forgetRow = (s: Row) => {
    if (!window.confirm(`Forget this ${s.kind}? Eddy will no longer offer it to restore from; the files stay at ${s.path}.`)) return;
    void forget.run({ team, job, id: s.id }, { success: `Forgot the ${s.kind}; its files are untouched.`, onSuccess: () => router.refresh() }).then((r) => !r.ok && toast.error(r.error.message));
  };
  const actions = start.visible || canForget;
  const pathname = usePathname();
  const [from, setFrom] = useState<number | null>(null);
  return (
    <div className="space-y-3">
      <div className="flex items-center gap-2">
        <Select aria-label="Kind" value={kind ?? ""} onChange={(e) => router.replace(e.target.value ? `${pathname}?kind=${e.target.value}` : pathname, { scroll: false })} className="w-52">
          <option value="">Savepoints and checkpoints</option>
          <option value="savepoint">Savepoints only</option>
          <option value="checkpoint">Checkpoints only</option>
        </Select>
        <span className="ml-auto text-sm text-muted-foreground">{rows.length} shown</span>
      </div>
      <div className="rounded-lg border bg-card">
        <Table data-testid="savepoints-table">
          <TableHeader>
            <TableRow>
              <TableHead>Kind</TableHead>
              <TableHead>Taken</TableHead>
              <TableHead>Path</TableHead>
              <TableHead>Run</TableHead>
              <TableHead>When</TableHead>
              {actions && <TableHead><span className="sr-only">Actions</span></TableHead>}
            </TableRow>
          </TableHeader>
          <TableBody>
            {rows.length === 0 ? (
              <TableRow>
                <TableCell colSpan={6} className="py-10 text-center text-muted-foreground">None of this kind.</TableCell>
              </TableRow>
            ) : (
              rows.map((s) => (
                <TableRow key={s.id} data-testid="savepoint-row">
                  <TableCell>
                    <Badge variant={s.kind === "savepoint" ? "default" : "secondary"}>{s.kind}</Badge>
                  </TableCell>
                  <TableCell className="text-muted-foreground">{triggerLabel[s.trigger] ?? s.trigger}{s.flinkCheckpointId != null ? ` · #${s.flinkCheckpointId}` : ""}</TableCell>
                  <TableCell className="max-w-lg">
                    <span className="flex items-center gap-1">
                      <code className="truncate text-xs" title={s.path} data-testid="savepoint-path">{s.path}</code>
                      <CopyButton value={s.path} label="Copy path" />
                    </span>
                  </TableCell>
                  <TableCell className="whitespace-nowrap">
                    {s.runId ? (
                      <Link href={`${base}/logs?run=${s.runId}`} className="text-primary hover:underline">run {s.runId}{s.version ? ` · v${s.version}` : ""}</Link>
                    ) : "—"}
                  </TableCell>
                  <TableCell className="whitespace-nowrap tabular-nums">{formatDate(s.createdAt)}</TableCell>
                  {actions && (
                    <TableCell className="whitespace-nowrap text-right">
                      {start.visible && (
                        <Hint content={start.reason} disabled={!start.allowed}>
                          <Button size="sm" variant="outline" disabled={!start.allowed} onClick={() => setFrom(s.id)} data-testid="start-from-this">
                            <Play /> Start from this
                          </Button>
                        </Hint>
                      )}
                      {canForget && (
                        <Button size="sm" variant="ghost" className="ml-1" aria-label={`Forget this ${s.kind}`} onClick={() => forgetRow(s)} data-testid="forget-snapshot">
                          <Trash2 />
                        </Button>
                      )}
                    </TableCell>
                  )}
                </TableRow>
              ))
            )}
          </TableBody>
        </Table>
      </div>
      <StartDialog team={team} job={job} base={base} open={from !== null} onOpenChange={(o) => !o && setFrom(null)} preset={from !== null ? { snapshotId: from } : undefined} />
    </div>
  );
}
