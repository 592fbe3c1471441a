"use client";

import type { ColumnDef } from "@tanstack/react-table";
import { GitCompare } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { formatDate } from "@/components/console/format";
import { useAction } from "@/components/console/use-action";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { DataTable } from "@/components/ui/data-table";
import type { JobVersionSummary } from "@/db/queries/jobs";
import { rollbackJobAction } from "../../actions";

type Props = { base: string; team: string; job: string; versions: JobVersionSummary[]; head: number; deployed: number | null; canEdit: boolean };

export function VersionsTable({ base, team, job, versions, head, deployed, canEdit }: Props) {
  const router = useRouter();
  const [from, setFrom] = useState<number | null>(versions[1]?.number ?? null);
  const [to, setTo] = useState<number | null>(versions[0]?.number ?? null);
  const rollback = useAction(rollbackJobAction);

  const columns: ColumnDef<JobVersionSummary>[] = [
    {
      id: "compare",
      enableSorting: false,
      header: "Compare",
      cell: ({ row }) => {
        const n = row.original.number;
        return (
          <div className="flex gap-2 text-xs">
            <label className="flex items-center gap-1">
              <input type="radio" name="from" checked={from === n} onChange={() => setFrom(n)} aria-label={`Compare from version ${n}`} /> from
            </label>
            <label className="flex items-center gap-1">
              <input type="radio" name="to" checked={to === n} onChange={() => setTo(n)} aria-label={`Compare to version ${n}`} /> to
            </label>
          </div>
        );
      },
    },
    {
      accessorKey: "number",
      header: "Version",
      cell: ({ row }) => (
        <span className="flex items-center gap-1.5">
          <Link href={`${base}/${row.original.number}`} className="font-medium text-primary hover:underline">v{row.original.number}</Link>
          {row.original.number === head && <Badge variant="secondary">newest</Badge>}
          {row.original.number === deployed && <Badge variant="success">deployed</Badge>}
          {!row.original.valid && <Badge variant="warning">not valid</Badge>}
        </span>
      ),
    },
    { accessorKey: "note", header: "Note", cell: ({ row }) => <span className="text-muted-foreground">{row.original.note || "—"}</span> },
    { accessorKey: "createdByName", header: "By", cell: ({ row }) => row.original.createdByName ?? "—" },
    { accessorKey: "createdAt", header: "Saved", cell: ({ row }) => <span className="whitespace-nowrap tabular-nums">{formatDate(row.original.createdAt)}</span> },
    ...(canEdit
      ? [
          {
            id: "actions",
            enableSorting: false,
            header: "",
            cell: ({ row }) =>
              row.original.number === head ? null : (
                <Button
                  variant="ghost"
                  size="sm"
                  pending={rollback.pending}
                  onClick={() => {
                    if (!confirm(`Make version ${row.original.number}'s SQL and settings the newest version (${head + 1})?`)) return;
                    void rollback
                      .run({ team, job, number: row.original.number }, { success: `Rolled back: version ${head + 1} holds version ${row.original.number}'s content.`, onSuccess: () => router.refresh() })
                      .then((r) => !r.ok && toast.error(r.error.message));
                  }}
                >
                  Roll back to this
                </Button>
              ),
          } satisfies ColumnDef<JobVersionSummary>,
        ]
      : []),
  ];

  return (
    <div className="space-y-3">
      <div className="flex items-center gap-2">
        <Button asChild disabled={from === null || to === null || from === to} data-testid="compare-versions">
          <Link href={from !== null && to !== null ? `${base}/${Math.min(from, to)}...${Math.max(from, to)}` : base} aria-disabled={from === null || to === null || from === to}>
            <GitCompare className="size-4" /> Compare v{from ?? "?"} with v{to ?? "?"}
          </Link>
        </Button>
        <span className="text-sm text-muted-foreground">{versions.length} version{versions.length === 1 ? "" : "s"}; each save makes one, a rollback adds one.</span>
      </div>
      <DataTable columns={columns} data={versions} getRowId={(v) => String(v.number)} urlState={false} initialSort={{ id: "number", desc: true }} filterPlaceholder="Filter versions…" />
    </div>
  );
}
