"use client";

import type { ColumnDef } from "@tanstack/react-table";
import { BellOff, FlaskConical, Pencil, Plus, Trash2, X } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { ChannelKindIcon } from "@/components/console/alert-badges";
import { formatDate } from "@/components/console/format";
import { teamHref } from "@/components/console/team-href";
import { useAction } from "@/components/console/use-action";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { DataTable } from "@/components/ui/data-table";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuLabel, DropdownMenuSeparator, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";
import { FormError } from "@/components/ui/form-field";
import type { ChannelFormSpec, ChannelView, TestResult } from "@/lib/alerts/channels";
import { deleteChannelAction, silenceChannelAction, testChannelAction } from "../actions";
import { ChannelDialog } from "./channel-dialog";

export type ChannelRow = ChannelView & { usage: { jobs: number; clusters: number } };

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? "" : "s"}`;

function DeleteDialog({ team, c, open, onOpenChange }: { team: string; c: ChannelRow; open: boolean; onOpenChange: (o: boolean) => void }) {
  const router = useRouter();
  const action = useAction(deleteChannelAction);
  const used = c.usage.jobs + c.usage.clusters > 0;
  const users = [c.usage.jobs && plural(c.usage.jobs, "job"), c.usage.clusters && plural(c.usage.clusters, "cluster")].filter(Boolean).join(" and ");
  return (
    <Dialog open={open} onOpenChange={(o) => (onOpenChange(o), action.reset())}>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Delete {c.name}?</DialogTitle>
          <DialogDescription data-testid="delete-channel-usage">
            {used
              ? `${users} send their alerts here. Deleting it leaves them without an alert channel (each job gets a new version without it). Its alert history goes too.`
              : "No job or cluster sends its alerts here. Its alert history goes too."}
          </DialogDescription>
        </DialogHeader>
        {action.error && <FormError message={action.error.message} data-testid="delete-channel-error" />}
        <DialogFooter>
          <Button variant="outline" onClick={() => onOpenChange(false)}>Cancel</Button>
          <Button
            variant="destructive"
            pending={action.pending}
            data-testid="confirm-delete-channel"
            onClick={() => void action.run({ team, channel: String(c.id), force: used }, { success: `Deleted ${c.name}.`, onSuccess: () => (onOpenChange(false), router.refresh()) })}
          >
            {used ? `Delete and clear it from ${users}` : "Delete"}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}

const SILENCES: [string, number][] = [
  ["1 hour", 60],
  ["8 hours", 8 * 60],
  ["24 hours", 24 * 60],
];

function RowActions({ team, c, specs, onTested }: { team: string; c: ChannelRow; specs: ChannelFormSpec[]; onTested: (name: string, r: TestResult | { ok: false; error: string }) => void }) {
  const router = useRouter();
  const [dialog, setDialog] = useState<"edit" | "delete" | null>(null);
  const test = useAction(testChannelAction);
  const silence = useAction(silenceChannelAction);
  const silenceFor = (minutes: number) =>
    void silence.run({ team, channel: String(c.id), minutes }, { success: minutes ? `${c.name} silenced.` : `${c.name} is no longer silenced.`, onSuccess: () => router.refresh() }).then((r) => !r.ok && toast.error(r.error.message));
  return (
    <div className="flex justify-end gap-1">
      <Button
        variant="outline"
        size="sm"
        pending={test.pending}
        data-testid="test-channel"
        onClick={() =>
          void test.run({ team, channel: String(c.id) }).then((r) => {
            onTested(c.name, r.ok ? r.data : { ok: false, error: r.error.message });
            router.refresh();
          })
        }
      >
        <FlaskConical className="size-4" /> Send test
      </Button>
      <DropdownMenu>
        <DropdownMenuTrigger asChild>
          <Button variant="ghost" size="sm" aria-label={`Silence ${c.name}`} pending={silence.pending} data-testid="silence-channel">
            <BellOff className="size-4" />
          </Button>
        </DropdownMenuTrigger>
        <DropdownMenuContent align="end">
          <DropdownMenuLabel>Silence {c.name} for</DropdownMenuLabel>
          {SILENCES.map(([label, minutes]) => (
            <DropdownMenuItem key={minutes} onSelect={() => silenceFor(minutes)} data-testid={`silence-${minutes}`}>
              {label}
            </DropdownMenuItem>
          ))}
          {c.silencedUntil && (
            <>
              <DropdownMenuSeparator />
              <DropdownMenuItem onSelect={() => silenceFor(0)} data-testid="silence-lift">
                <X className="size-4" /> Lift the silence
              </DropdownMenuItem>
            </>
          )}
        </DropdownMenuContent>
      </DropdownMenu>
      <Button variant="ghost" size="sm" onClick={() => setDialog("edit")} aria-label={`Edit ${c.name}`} data-testid="edit-channel">
        <Pencil className="size-4" />
      </Button>
      <Button variant="ghost" size="sm" onClick={() => setDialog("delete")} aria-label={`Delete ${c.name}`} data-testid="delete-channel">
        <Trash2 className="size-4" />
      </Button>
      {dialog === "edit" && <ChannelDialog team={team} specs={specs} channel={c} open onOpenChange={(o) => setDialog(o ? "edit" : null)} />}
      <DeleteDialog team={team} c={c} open={dialog === "delete"} onOpenChange={(o) => setDialog(o ? "delete" : null)} />
    </div>
  );
}

function columns(team: string, specs: ChannelFormSpec[], canManage: boolean, onTested: (name: string, r: TestResult | { ok: false; error: string }) => void): ColumnDef<ChannelRow>[] {
  return [
    {
      accessorKey: "name",
      header: "Name",
      cell: ({ row }) => (
        <div className="space-y-0.5">
          <div className="flex items-center gap-2">
            <ChannelKindIcon kind={row.original.kind} />
            <span className="font-medium">{row.original.name}</span>
          </div>
          {row.original.description && <div className="max-w-xs truncate text-xs text-muted-foreground">{row.original.description}</div>}
        </div>
      ),
    },
    { accessorKey: "kindLabel", header: "Kind" },
    {
      id: "rate",
      header: "Rate",
      enableSorting: false,
      cell: ({ row }) => (
        <span className="text-sm tabular-nums">
          {row.original.rate.perMinute}/min
          {row.original.rate.perSecond ? ` · ${row.original.rate.perSecond}/s` : ""}
        </span>
      ),
    },
    {
      id: "status",
      header: "Status",
      enableSorting: false,
      cell: ({ row }) => (
        <div className="flex flex-wrap gap-1">
          {row.original.enabled ? <Badge variant="success">enabled</Badge> : <Badge variant="secondary">disabled</Badge>}
          {row.original.silencedUntil && (
            <Badge variant="warning" data-testid="channel-silenced">
              silenced until {formatDate(row.original.silencedUntil)}
            </Badge>
          )}
        </div>
      ),
    },
    {
      accessorKey: "failedAlerts",
      header: "Failed",
      enableGlobalFilter: false,
      cell: ({ row }) =>
        row.original.failedAlerts ? (
          <Link href={`${teamHref(team, "alerts")}?state=failed&channel=${encodeURIComponent(row.original.name)}`} className="font-medium text-destructive hover:underline" data-testid="channel-failed">
            {row.original.failedAlerts}
          </Link>
        ) : (
          <span className="text-muted-foreground">0</span>
        ),
    },
    {
      id: "usage",
      header: "Used by",
      enableSorting: false,
      cell: ({ row }) => (
        <span className="text-sm text-muted-foreground">
          {plural(row.original.usage.jobs, "job")}
          {row.original.usage.clusters ? `, ${plural(row.original.usage.clusters, "cluster")}` : ""}
        </span>
      ),
    },
    ...(canManage
      ? [{ id: "actions", header: "", enableSorting: false, cell: ({ row }) => <RowActions team={team} c={row.original} specs={specs} onTested={onTested} /> } as ColumnDef<ChannelRow>]
      : []),
  ];
}

export function NewChannelButton({ team, specs }: { team: string; specs: ChannelFormSpec[] }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button onClick={() => setOpen(true)} data-testid="new-channel">
        <Plus className="size-4" /> New channel
      </Button>
      {open && <ChannelDialog team={team} specs={specs} open onOpenChange={setOpen} />}
    </>
  );
}

/** The platform's own answer to the latest test, shown above the table until dismissed. */
function TestAnswer({ name, r, onClose }: { name: string; r: TestResult | { ok: false; error: string }; onClose: () => void }) {
  const failed = !r.ok;
  return (
    <Alert variant={failed ? "destructive" : "success"} className="mb-3" data-testid="test-result" data-ok={r.ok ? "true" : "false"}>
      <AlertTitle className="flex items-center justify-between gap-2">
        <span>
          {"error" in r
            ? `The test through ${name} could not be sent`
            : r.ok
              ? `${name} accepted the test message`
              : `${name} did not accept the test message (${r.outcome}${r.status !== null ? `, status ${r.status}` : ""})`}
        </span>
        <Button variant="ghost" size="sm" className="h-6 px-1" aria-label="Dismiss" onClick={onClose}>
          <X className="size-4" />
        </Button>
      </AlertTitle>
      <AlertDescription>
        <pre className="max-h-40 overflow-auto whitespace-pre-wrap break-all text-xs" data-testid="test-answer">
          {"error" in r ? r.error : r.answer || "(empty answer)"}
        </pre>
      </AlertDescription>
    </Alert>
  );
}

export function ChannelsTable({ team, channels, specs, canManage }: { team: string; channels: ChannelRow[]; specs: ChannelFormSpec[]; canManage: boolean }) {
  const [tested, setTested] = useState<{ name: string; r: TestResult | { ok: false; error: string } } | null>(null);
  return (
    <>
      {tested && <TestAnswer name={tested.name} r={tested.r} onClose={() => setTested(null)} />}
      <DataTable
        columns={columns(team, specs, canManage, (name, r) => setTested({ name, r }))}
        data={channels}
        getRowId={(c) => String(c.id)}
        filterPlaceholder="Filter channels…"
        emptyMessage="No alert channel yet. Add a DingTalk, WeCom or Lark robot, a webhook or an email channel, then choose it in a job's settings."
        initialSort={{ id: "name", desc: false }}
      />
    </>
  );
}
