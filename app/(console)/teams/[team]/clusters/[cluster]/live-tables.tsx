"use client";

import type { ColumnDef } from "@tanstack/react-table";
import { Badge } from "@/components/ui/badge";
import { DataTable } from "@/components/ui/data-table";
import type { LiveJob, LiveTaskManager } from "@/lib/environments/cluster-probe";

const stateColor: Record<string, string> = {
  RUNNING: "bg-success",
  RESTARTING: "bg-warning",
  FAILING: "bg-warning",
  CREATED: "bg-primary/50",
  INITIALIZING: "bg-primary/50",
  CANCELLING: "bg-muted-foreground/60",
  FAILED: "bg-destructive",
  CANCELED: "bg-muted-foreground/40",
  FINISHED: "bg-muted-foreground/25",
};

const stateBadge = (s: string) =>
  s === "RUNNING" ? "success" : s === "FAILED" ? "destructive" : ["RESTARTING", "FAILING", "CANCELLING"].includes(s) ? "warning" : "outline";

function duration(ms: number): string {
  if (ms < 0) return "—";
  const s = Math.floor(ms / 1000);
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  return d ? `${d}d ${h}h` : h ? `${h}h ${m}m` : m ? `${m}m ${s % 60}s` : `${s}s`;
}

/** The cluster's jobs by state, as one bar: how much of the shared session is healthy, at a glance. */
export function JobStateBar({ jobs }: { jobs: LiveJob[] }) {
  if (jobs.length === 0) return <p className="text-sm text-muted-foreground">No jobs on this cluster.</p>;
  const counts = new Map<string, number>();
  for (const j of jobs) counts.set(j.state, (counts.get(j.state) ?? 0) + 1);
  const parts = [...counts].sort((a, b) => b[1] - a[1]);
  return (
    <div className="space-y-1.5">
      <div className="flex h-2.5 overflow-hidden rounded-full bg-muted" role="img" aria-label={parts.map(([s, n]) => `${n} ${s}`).join(", ")}>
        {parts.map(([s, n]) => (
          <div key={s} className={stateColor[s] ?? "bg-muted-foreground/30"} style={{ width: `${(n / jobs.length) * 100}%` }} title={`${n} ${s}`} />
        ))}
      </div>
      <div className="flex flex-wrap gap-3 text-xs text-muted-foreground">
        {parts.map(([s, n]) => (
          <span key={s} className="flex items-center gap-1">
            <span className={`inline-block size-2 rounded-full ${stateColor[s] ?? "bg-muted-foreground/30"}`} /> {n} {s.toLowerCase()}
          </span>
        ))}
      </div>
    </div>
  );
}

const jobColumns: ColumnDef<LiveJob>[] = [
  { accessorKey: "name", header: "Job", cell: ({ row }) => <span className="font-medium">{row.original.name}</span> },
  { accessorKey: "state", header: "State", cell: ({ row }) => <Badge variant={stateBadge(row.original.state)}>{row.original.state}</Badge> },
  { accessorKey: "duration", header: "Duration", cell: ({ row }) => <span className="tabular-nums">{duration(row.original.duration)}</span> },
  { accessorKey: "tasksTotal", header: "Tasks" },
  { accessorKey: "id", header: "Job id", cell: ({ row }) => <code className="text-xs">{row.original.id}</code> },
];

export function LiveJobsTable({ jobs }: { jobs: LiveJob[] }) {
  return <DataTable columns={jobColumns} data={jobs} getRowId={(j) => j.id} filterPlaceholder="Filter jobs…" urlState={false} emptyMessage="No jobs." initialSort={{ id: "state", desc: false }} />;
}

const tmColumns: ColumnDef<LiveTaskManager>[] = [
  { accessorKey: "id", header: "TaskManager", cell: ({ row }) => <code className="text-xs">{row.original.id}</code> },
  { accessorKey: "slots", header: "Slots" },
  { accessorKey: "freeSlots", header: "Free" },
  { accessorKey: "cpuCores", header: "CPU cores", cell: ({ row }) => row.original.cpuCores ?? "—" },
  { accessorKey: "heartbeatAgoMs", header: "Heartbeat", cell: ({ row }) => (row.original.heartbeatAgoMs == null ? "—" : `${Math.round(row.original.heartbeatAgoMs / 1000)} s ago`) },
];

export function TaskManagersTable({ taskManagers }: { taskManagers: LiveTaskManager[] }) {
  return <DataTable columns={tmColumns} data={taskManagers} getRowId={(t) => t.id} urlState={false} emptyMessage="No TaskManagers registered." />;
}
