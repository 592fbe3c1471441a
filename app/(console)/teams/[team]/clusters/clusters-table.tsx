"use client";

import type { ColumnDef } from "@tanstack/react-table";
import Link from "next/link";
import { HealthBadge, kindLabel, SlotsBar, StateBadge } from "@/components/console/cluster-badges";
import { formatDate } from "@/components/console/format";
import { teamHref } from "@/components/console/team-href";
import { Badge } from "@/components/ui/badge";
import { DataTable } from "@/components/ui/data-table";
import type { Cluster } from "@/db/queries/clusters";

function columns(team: string): ColumnDef<Cluster>[] {
  return [
    {
      accessorKey: "name",
      header: "Cluster",
      cell: ({ row }) => (
        <div className="space-y-1">
          <Link href={teamHref(team, `clusters/${encodeURIComponent(row.original.name)}`)} className="font-medium text-primary hover:underline">
            {row.original.name}
          </Link>
          {row.original.labels.length > 0 && (
            <div className="flex flex-wrap gap-1">
              {row.original.labels.map((l) => (
                <Badge key={l} variant="outline" className="text-[10px]">{l}</Badge>
              ))}
            </div>
          )}
        </div>
      ),
    },
    { id: "kind", accessorFn: (c) => kindLabel[c.kind], header: "Kind" },
    { id: "health", accessorKey: "health", header: "Health", cell: ({ row }) => <HealthBadge health={row.original.health} title={row.original.healthMessage} /> },
    { id: "state", accessorKey: "state", header: "Lifecycle", cell: ({ row }) => (row.original.managed ? <StateBadge state={row.original.state} /> : <span className="text-xs text-muted-foreground">registered</span>) },
    { id: "jobsTotal", accessorFn: (c) => c.jobsTotal ?? -1, header: "All jobs", cell: ({ row }) => <span className="tabular-nums" data-testid="jobs-total">{row.original.jobsTotal ?? "—"}</span> },
    { id: "jobsRunning", accessorFn: (c) => c.jobsRunning ?? -1, header: "Running", cell: ({ row }) => <span className="tabular-nums" data-testid="jobs-running">{row.original.jobsRunning ?? "—"}</span> },
    { id: "taskManagers", accessorFn: (c) => c.taskManagers ?? -1, header: "TaskManagers", cell: ({ row }) => <span className="tabular-nums">{row.original.taskManagers ?? "—"}</span> },
    { id: "slots", accessorFn: (c) => (c.slotsTotal ?? 0) - (c.slotsAvailable ?? 0), header: "Slots used", cell: ({ row }) => <SlotsBar total={row.original.slotsTotal} available={row.original.slotsAvailable} /> },
    { id: "flinkVersion", accessorFn: (c) => c.reportedVersion ?? c.flinkVersion ?? "", header: "Flink" },
    { id: "lastProbeAt", accessorKey: "lastProbeAt", header: "Checked", cell: ({ row }) => formatDate(row.original.lastProbeAt) },
  ];
}

export function ClustersTable({ team, clusters }: { team: string; clusters: Cluster[] }) {
  return (
    <DataTable
      columns={columns(team)}
      data={clusters}
      getRowId={(c) => String(c.id)}
      filterPlaceholder="Filter clusters…"
      emptyMessage="No cluster yet. Register a Remote cluster, a YARN session or a Kubernetes session."
      initialSort={{ id: "name", desc: false }}
    />
  );
}
