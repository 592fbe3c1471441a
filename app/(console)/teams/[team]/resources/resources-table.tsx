"use client";

import type { ColumnDef } from "@tanstack/react-table";
import { Download, Trash2 } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { formatDate } from "@/components/console/format";
import { teamHref } from "@/components/console/team-href";
import { useAction } from "@/components/console/use-action";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { DataTable } from "@/components/ui/data-table";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { FormError } from "@/components/ui/form-field";
import { deleteResourceAction } from "./actions";
import { downloadHref, formatBytes, kindLabel } from "./format";

export type ResourceRow = {
  id: number;
  name: string;
  kind: string;
  description: string;
  size: number;
  sha256: string;
  mainClass: string | null;
  uploadedBy: string | null;
  createdAt: Date;
  usedBy: number;
};

/** Delete with the server's refusal (the jobs that use the jar) shown in place. */
export function DeleteResourceButton({ team, resource, afterDelete, size = "sm" }: { team: string; resource: { id: number; name: string }; afterDelete?: () => void; size?: "sm" | "default" }) {
  const [open, setOpen] = useState(false);
  const action = useAction(deleteResourceAction);
  return (
    <>
      <Button variant={size === "sm" ? "ghost" : "outline"} size={size} onClick={() => setOpen(true)} aria-label={`Delete ${resource.name}`} data-testid="delete-resource">
        <Trash2 className="size-4" /> {size === "sm" ? null : "Delete"}
      </Button>
      <Dialog open={open} onOpenChange={(o) => (setOpen(o), action.reset())}>
        <DialogContent>
          <DialogHeader>
            <DialogTitle>Delete {resource.name}?</DialogTitle>
            <DialogDescription>Jobs already deployed keep their copy. A jar that jobs' settings still use cannot be deleted.</DialogDescription>
          </DialogHeader>
          {action.error && <FormError message={action.error.message} data-testid="delete-resource-error" />}
          <DialogFooter>
            <Button variant="outline" onClick={() => setOpen(false)}>Cancel</Button>
            <Button
              variant="destructive"
              pending={action.pending}
              data-testid="confirm-delete-resource"
              onClick={() => void action.run({ team, resource: String(resource.id) }, { success: `Deleted ${resource.name}.`, onSuccess: () => (setOpen(false), afterDelete?.()) })}
            >
              Delete
            </Button>
          </DialogFooter>
        </DialogContent>
      </Dialog>
    </>
  );
}

function columns(team: string, canManage: boolean, refresh: () => void): ColumnDef<ResourceRow>[] {
  const cols: ColumnDef<ResourceRow>[] = [
    {
      accessorKey: "name",
      header: "Jar",
      cell: ({ row }) => (
        <div className="space-y-0.5">
          <Link href={teamHref(team, `resources/${encodeURIComponent(row.original.name)}`)} className="font-medium text-primary hover:underline">
            {row.original.name}
          </Link>
          {row.original.description && <div className="max-w-xs truncate text-xs text-muted-foreground">{row.original.description}</div>}
        </div>
      ),
    },
    { accessorKey: "kind", header: "Kind", cell: ({ row }) => <Badge variant="outline">{kindLabel[row.original.kind] ?? row.original.kind}</Badge> },
    { accessorKey: "size", header: "Size", cell: ({ row }) => <span className="tabular-nums">{formatBytes(row.original.size)}</span>, meta: { className: "text-right", headerClassName: "text-right" } },
    {
      accessorKey: "sha256",
      header: "SHA-256",
      cell: ({ row }) => (
        <code className="text-xs" title={row.original.sha256}>
          {row.original.sha256.slice(0, 12)}
        </code>
      ),
    },
    { id: "mainClass", accessorFn: (r) => r.mainClass ?? "", header: "Main class", cell: ({ row }) => (row.original.mainClass ? <code className="text-xs">{row.original.mainClass}</code> : <span className="text-muted-foreground">—</span>) },
    {
      accessorKey: "createdAt",
      header: "Uploaded",
      enableGlobalFilter: false,
      cell: ({ row }) => (
        <div className="text-xs">
          <div>{formatDate(row.original.createdAt)}</div>
          <div className="text-muted-foreground">{row.original.uploadedBy ?? "—"}</div>
        </div>
      ),
    },
    { accessorKey: "usedBy", header: "Used by", enableGlobalFilter: false, cell: ({ row }) => <span className="tabular-nums" data-testid="used-by">{row.original.usedBy === 1 ? "1 job" : `${row.original.usedBy} jobs`}</span> },
    {
      id: "actions",
      header: "",
      enableSorting: false,
      cell: ({ row }) => (
        <div className="flex justify-end gap-1">
          <Button variant="ghost" size="sm" asChild aria-label={`Download ${row.original.name}`}>
            <a href={downloadHref(team, row.original.id)} download>
              <Download className="size-4" />
            </a>
          </Button>
          {canManage && <DeleteResourceButton team={team} resource={row.original} afterDelete={refresh} />}
        </div>
      ),
    },
  ];
  return cols;
}

export function ResourcesTable({ team, resources, canManage }: { team: string; resources: ResourceRow[]; canManage: boolean }) {
  const router = useRouter();
  return (
    <DataTable
      columns={columns(team, canManage, () => router.refresh())}
      data={resources}
      getRowId={(r) => String(r.id)}
      filterPlaceholder="Filter jars…"
      emptyMessage="No jar yet. Upload a job's program, a connector, a UDF library or another dependency."
      initialSort={{ id: "name", desc: false }}
    />
  );
}
