"use client";

import { flexRender, getCoreRowModel, useReactTable, type ColumnDef } from "@tanstack/react-table";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useState, useTransition } from "react";
import { Badge } from "@/components/ui/badge";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Table, TableBody, TableCell, TableHeader, TableRow } from "@/components/ui/table";
import { formatDate } from "./format";
import { Pager, SortableHead } from "./server-table";

export type AuditRow = {
  id: number;
  at: Date;
  actorName: string;
  via: string;
  ip: string | null;
  teamName: string | null;
  action: string;
  targetType: string;
  targetName: string | null;
  targetId: string | null;
  outcome: "success" | "denied" | "failed";
  message: string | null;
};

type Query = { q?: string; outcome?: string; sort: string; dir: "asc" | "desc"; page: number; pageSize: number };

const outcomeVariant = { success: "success", denied: "warning", failed: "destructive" } as const;

function auditColumns(showTeam: boolean): ColumnDef<AuditRow>[] {
  return [
    { id: "at", accessorKey: "at", header: "When", cell: ({ row }) => <span className="whitespace-nowrap tabular-nums">{formatDate(row.original.at)}</span> },
    {
      id: "actorName",
      accessorKey: "actorName",
      header: "Who",
      cell: ({ row }) => (
        <div>
          <div className="font-medium">{row.original.actorName}</div>
          <div className="text-xs text-muted-foreground">{row.original.via}{row.original.ip ? ` · ${row.original.ip}` : ""}</div>
        </div>
      ),
    },
    ...(showTeam ? [{ id: "teamName", accessorKey: "teamName", header: "Team", cell: ({ row }) => row.original.teamName ?? "—" } satisfies ColumnDef<AuditRow>] : []),
    { id: "action", accessorKey: "action", header: "Action", cell: ({ row }) => <code className="text-xs">{row.original.action}</code> },
    {
      id: "target",
      header: "Object",
      enableSorting: false,
      cell: ({ row }) => (
        <span>
          <span className="text-muted-foreground">{row.original.targetType}</span> {row.original.targetName ?? row.original.targetId ?? ""}
        </span>
      ),
    },
    {
      id: "outcome",
      accessorKey: "outcome",
      header: "Outcome",
      cell: ({ row }) => (
        <div>
          <Badge variant={outcomeVariant[row.original.outcome]}>{row.original.outcome}</Badge>
          {row.original.message && <div className="mt-1 max-w-xs text-xs text-muted-foreground">{row.original.message}</div>}
        </div>
      ),
    },
  ];
}

/** The audit log is long, so sorting, filtering and paging happen in SQL; this table only drives the URL. */
export function AuditTable({ rows, total, query, showTeam }: { rows: AuditRow[]; total: number; query: Query; showTeam: boolean }) {
  const router = useRouter();
  const pathname = usePathname();
  const search = useSearchParams();
  const [pending, startTransition] = useTransition();
  const [q, setQ] = useState(query.q ?? "");

  function navigate(changes: Record<string, string | undefined>) {
    const sp = new URLSearchParams(search.toString());
    for (const [k, v] of Object.entries(changes)) {
      if (v === undefined || v === "") sp.delete(k);
      else sp.set(k, v);
    }
    startTransition(() => router.replace(`${pathname}?${sp.toString()}`, { scroll: false }));
  }

  // Filter as the user types, but not on every keystroke.
  useEffect(() => {
    if ((query.q ?? "") === q) return;
    const t = setTimeout(() => navigate({ q, page: undefined }), 300);
    return () => clearTimeout(t);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [q]);

  const table = useReactTable({ data: rows, columns: auditColumns(showTeam), getCoreRowModel: getCoreRowModel(), manualSorting: true, manualPagination: true });
  const pages = Math.max(1, Math.ceil(total / query.pageSize));

  return (
    <div className="space-y-3" aria-busy={pending}>
      <div className="flex flex-wrap items-center gap-2">
        <Input aria-label="Search the audit log" placeholder="Search who, action, object, message…" value={q} onChange={(e) => setQ(e.target.value)} className="max-w-sm" />
        <Select aria-label="Outcome" value={query.outcome ?? ""} onChange={(e) => navigate({ outcome: e.target.value, page: undefined })} className="w-40">
          <option value="">Any outcome</option>
          <option value="success">success</option>
          <option value="denied">denied</option>
          <option value="failed">failed</option>
        </Select>
        <div className="ml-auto text-sm text-muted-foreground">{total} event{total === 1 ? "" : "s"}</div>
      </div>
      <div className="rounded-lg border">
        <Table>
          <TableHeader>
            {table.getHeaderGroups().map((hg) => (
              <TableRow key={hg.id}>
                {hg.headers.map((h) => (
                  <SortableHead
                    key={h.id}
                    label={flexRender(h.column.columnDef.header, h.getContext())}
                    sortable={h.column.columnDef.enableSorting !== false}
                    active={query.sort === h.column.id}
                    dir={query.dir}
                    onSort={() => navigate({ sort: h.column.id, dir: query.sort === h.column.id && query.dir === "desc" ? "asc" : "desc", page: undefined })}
                  />
                ))}
              </TableRow>
            ))}
          </TableHeader>
          <TableBody>
            {table.getRowModel().rows.length === 0 ? (
              <TableRow>
                <TableCell colSpan={table.getAllColumns().length} className="py-10 text-center text-muted-foreground">
                  No events match.
                </TableCell>
              </TableRow>
            ) : (
              table.getRowModel().rows.map((r) => (
                <TableRow key={r.original.id}>
                  {r.getVisibleCells().map((c) => (
                    <TableCell key={c.id}>{flexRender(c.column.columnDef.cell, c.getContext())}</TableCell>
                  ))}
                </TableRow>
              ))
            )}
          </TableBody>
        </Table>
      </div>
      <Pager page={query.page} pages={pages} pending={pending} onPage={(n) => navigate({ page: String(n) })} />
    </div>
  );
}
