"use client";

import type { ColumnDef } from "@tanstack/react-table";
import { MoreHorizontal } from "lucide-react";
import Link from "next/link";
import { toast } from "sonner";
import { formatDate } from "@/components/console/format";
import { useAction } from "@/components/console/use-action";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { DataTable } from "@/components/ui/data-table";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuSeparator, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";
import { deleteFlinkVersionAction, makeDefaultFlinkVersionAction, syncFlinkVersionAction } from "./actions";

type VersionRow = { id: number; name: string; home: string; version: string; configFile: string | null; isDefault: boolean; clusterCount: number; syncedAt: Date };

function RowActions({ v }: { v: VersionRow }) {
  const makeDefault = useAction(makeDefaultFlinkVersionAction);
  const sync = useAction(syncFlinkVersionAction);
  const del = useAction(deleteFlinkVersionAction);
  const report = (r: { ok: boolean; error?: { message: string } }) => !r.ok && toast.error(r.error!.message);
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button variant="ghost" size="icon" aria-label={`Actions for ${v.name}`} pending={makeDefault.pending || sync.pending || del.pending}>
          <MoreHorizontal className="size-4" />
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="end">
        {!v.isDefault && (
          <DropdownMenuItem onSelect={() => void makeDefault.run({ version: String(v.id) }, { success: `${v.name} is now the default.` }).then(report)}>Make default</DropdownMenuItem>
        )}
        <DropdownMenuItem onSelect={() => void sync.run({ version: String(v.id) }, { success: `Read ${v.home} again.` }).then(report)}>Read FLINK_HOME again</DropdownMenuItem>
        <DropdownMenuSeparator />
        <DropdownMenuItem
          variant="destructive"
          onSelect={() => {
            if (confirm(`Remove ${v.name}? The directory on disk is not touched.`)) void del.run({ version: String(v.id) }, { success: `Removed ${v.name}.` }).then(report);
          }}
        >
          Remove…
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}

function columns(canManage: boolean): ColumnDef<VersionRow>[] {
  return [
    {
      accessorKey: "name",
      header: "Name",
      cell: ({ row }) => (
        <Link href={`/flink-versions/${row.original.id}`} className="font-medium text-primary hover:underline">
          {row.original.name}
          {row.original.isDefault && <Badge variant="secondary" className="ml-2">default</Badge>}
        </Link>
      ),
    },
    { accessorKey: "version", header: "Version", cell: ({ row }) => <span className="tabular-nums">{row.original.version}</span> },
    { accessorKey: "home", header: "FLINK_HOME", cell: ({ row }) => <code className="text-xs">{row.original.home}</code> },
    { accessorKey: "configFile", header: "Configuration", cell: ({ row }) => <code className="text-xs">{row.original.configFile?.split("/").pop() ?? "—"}</code> },
    { accessorKey: "clusterCount", header: "Clusters" },
    { accessorKey: "syncedAt", header: "Read at", cell: ({ row }) => formatDate(row.original.syncedAt) },
    ...(canManage ? [{ id: "actions", header: "", enableSorting: false, cell: ({ row }) => <RowActions v={row.original} /> } satisfies ColumnDef<VersionRow>] : []),
  ];
}

export function FlinkVersionsTable({ versions, canManage }: { versions: VersionRow[]; canManage: boolean }) {
  return (
    <DataTable
      columns={columns(canManage)}
      data={versions}
      getRowId={(v) => String(v.id)}
      filterPlaceholder="Filter versions…"
      emptyMessage="No Flink version yet. Register a FLINK_HOME to start."
    />
  );
}
