"use client";

import { flexRender, getCoreRowModel, useReactTable, type ColumnDef, type RowSelectionState } from "@tanstack/react-table";
import { ChevronDown, Loader2, MoreHorizontal, Tag, Trash2, X } from "lucide-react";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useMemo, useState, useTransition } from "react";
import { toast } from "sonner";
import { AutoRefresh } from "@/components/console/auto-refresh";
import { formatDate } from "@/components/console/format";
import { JobStateBadge, stateLabel } from "@/components/console/job-state-badge";
import { Pager, SortableHead } from "@/components/console/server-table";
import { teamHref } from "@/components/console/team-href";
import { useAction } from "@/components/console/use-action";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import {
  DropdownMenu,
  DropdownMenuCheckboxItem,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Table, TableBody, TableCell, TableHeader, TableRow } from "@/components/ui/table";
import type { JobSummary } from "@/db/queries/jobs";
import type { JobListQuery } from "@/lib/jobs/input";
import { executionModes, modeLabel } from "@/lib/jobs/settings";
import { operationKindLabel } from "@/components/console/operation-status";
import { bulkDeleteJobsAction, bulkTagJobsAction } from "./actions";
import { BulkLifecycle } from "./bulk-lifecycle";

const STATES = ["NEVER_STARTED", "RUNNING", "FAILED", "RESTARTING", "CANCELED", "FINISHED", "SUSPENDED", "LOST", "UNKNOWN", "BUILDING", "DEPLOYING", "STOPPING"];

type Facets = { tags: string[]; owners: { id: number; username: string }[]; clusters: string[] };

function columns(team: string, selectable: boolean): ColumnDef<JobSummary>[] {
  return [
    ...(selectable
      ? [
          {
            id: "select",
            enableSorting: false,
            header: ({ table }) => (
              <Checkbox aria-label="Select all jobs on this page" ref={(el) => { if (el) el.indeterminate = table.getIsSomePageRowsSelected(); }} checked={table.getIsAllPageRowsSelected()} onChange={(e) => table.toggleAllPageRowsSelected(e.currentTarget.checked)} />
            ),
            cell: ({ row }) => <Checkbox aria-label={`Select ${row.original.name}`} checked={row.getIsSelected()} onChange={(e) => row.toggleSelected(e.currentTarget.checked)} />,
          } satisfies ColumnDef<JobSummary>,
        ]
      : []),
    {
      id: "name",
      header: "Job",
      cell: ({ row }) => (
        <div className="min-w-48 space-y-1">
          <Link href={teamHref(team, `jobs/${encodeURIComponent(row.original.name)}`)} className="font-medium text-primary hover:underline">
            {row.original.name}
          </Link>
          {(row.original.tags.length > 0 || row.original.description) && (
            <div className="flex flex-wrap items-center gap-1 text-xs text-muted-foreground">
              {row.original.tags.map((t) => (
                <Badge key={t} variant="outline" className="text-[10px]">{t}</Badge>
              ))}
              <span className="truncate">{row.original.description}</span>
            </div>
          )}
        </div>
      ),
    },
    { id: "observedState", header: "State", cell: ({ row }) => <JobStateBadge state={row.original.observedState} /> },
    {
      id: "activity",
      enableSorting: false,
      header: "Activity",
      cell: ({ row }) => {
        const j = row.original;
        if (j.activeOperation) {
          const [kind, id] = j.activeOperation.split(":");
          return (
            <Link href={teamHref(team, `jobs/${encodeURIComponent(j.name)}/operations/${id}`)} className="inline-flex items-center gap-1 whitespace-nowrap text-xs text-primary hover:underline" data-testid="job-activity">
              <Loader2 className="size-3 animate-spin" aria-hidden="true" /> {operationKindLabel[kind!] ?? kind}…
            </Link>
          );
        }
        // What people asked for, when Flink reports otherwise.
        const wants = j.desiredState === "running" ? "RUNNING" : j.desiredState === "suspended" ? "SUSPENDED" : j.desiredState === "cancelled" ? "CANCELED" : null;
        if (wants && wants !== j.observedState) return <span className="whitespace-nowrap text-xs text-muted-foreground">wants {j.desiredState}</span>;
        return null;
      },
    },
    { id: "type", header: "Type", cell: ({ row }) => (row.original.type === "sql" ? "FlinkSQL" : "JAR") },
    { id: "mode", header: "Mode", cell: ({ row }) => modeLabel[row.original.mode] },
    { id: "cluster", enableSorting: false, header: "Cluster", cell: ({ row }) => row.original.clusterName ?? <span className="text-muted-foreground">—</span> },
    {
      id: "version",
      enableSorting: false,
      header: "Version",
      cell: ({ row }) => (
        <span className="tabular-nums">
          v{row.original.headVersion}
          {!row.original.valid && <Badge variant="warning" className="ml-1 text-[10px]">invalid</Badge>}
          {row.original.deployedVersion != null && row.original.deployedVersion !== row.original.headVersion && <span className="ml-1 text-xs text-muted-foreground">(v{row.original.deployedVersion} deployed)</span>}
        </span>
      ),
    },
    { id: "owner", enableSorting: false, header: "Owner", cell: ({ row }) => row.original.ownerName ?? "—" },
    { id: "stateChangedAt", header: "Last change", cell: ({ row }) => <span className="whitespace-nowrap tabular-nums">{formatDate(row.original.stateChangedAt)}</span> },
    { id: "updatedAt", header: "Edited", cell: ({ row }) => <span className="whitespace-nowrap tabular-nums">{formatDate(row.original.updatedAt)}</span> },
    {
      id: "actions",
      enableSorting: false,
      header: "",
      cell: ({ row }) => (
        <DropdownMenu>
          <DropdownMenuTrigger asChild>
            <Button variant="ghost" size="icon" aria-label={`Actions for ${row.original.name}`}>
              <MoreHorizontal className="size-4" />
            </Button>
          </DropdownMenuTrigger>
          <DropdownMenuContent align="end">
            <DropdownMenuItem asChild>
              <Link href={teamHref(team, `jobs/${encodeURIComponent(row.original.name)}`)}>Open</Link>
            </DropdownMenuItem>
            <DropdownMenuItem asChild>
              <Link href={teamHref(team, `jobs/${encodeURIComponent(row.original.name)}/sql`)}>{row.original.type === "sql" ? "Edit SQL and settings" : "Edit settings"}</Link>
            </DropdownMenuItem>
            <DropdownMenuItem asChild>
              <Link href={teamHref(team, `jobs/${encodeURIComponent(row.original.name)}/versions`)}>Versions</Link>
            </DropdownMenuItem>
          </DropdownMenuContent>
        </DropdownMenu>
      ),
    },
  ];
}

/**
 * The job center. Sorting, filtering and paging happen on the server; this component only turns
 * clicks into URL parameters, so every view of the table is a link someone can share.
 */
export function JobCenter({ team, rows, total, query, facets, can }: { team: string; rows: JobSummary[]; total: number; query: JobListQuery; facets: Facets; can: { edit: boolean; delete: boolean; deploy: boolean; stop: boolean } }) {
  const router = useRouter();
  const pathname = usePathname();
  const search = useSearchParams();
  const [pending, startTransition] = useTransition();
  const [q, setQ] = useState(query.q ?? "");
  const [selection, setSelection] = useState<RowSelectionState>({});
  const bulkDelete = useAction(bulkDeleteJobsAction);
  const bulkTag = useAction(bulkTagJobsAction);
  const selectable = can.edit || can.delete || can.deploy || can.stop;

  function navigate(changes: Record<string, string | undefined>) {
    const sp = new URLSearchParams(search.toString());
    for (const [k, v] of Object.entries(changes)) (v === undefined || v === "" ? sp.delete(k) : sp.set(k, v));
    if (!("page" in changes)) sp.delete("page");
    setSelection({});
    startTransition(() => router.replace(`${pathname}${sp.size ? `?${sp}` : ""}`, { scroll: false }));
  }

  useEffect(() => {
    if ((query.q ?? "") === q) return;
    const t = setTimeout(() => navigate({ q }), 300);
    return () => clearTimeout(t);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [q]);

  const cols = useMemo(() => columns(team, selectable), [team, selectable]);
  const table = useReactTable({
    data: rows,
    columns: cols,
    getCoreRowModel: getCoreRowModel(),
    manualSorting: true,
    manualPagination: true,
    manualFiltering: true,
    getRowId: (r) => String(r.id),
    state: { rowSelection: selection },
    onRowSelectionChange: setSelection,
    enableRowSelection: selectable,
  });
  const selected = rows.filter((r) => selection[String(r.id)]);
  const pages = Math.max(1, Math.ceil(total / query.pageSize));
  const states = new Set(query.state ?? []);
  const tags = new Set(query.tags ?? []);
  const filtered = Boolean(query.q || query.state?.length || query.type || query.mode || query.cluster || query.owner || query.tags?.length);

  function report(kind: string, r: { ok: boolean; data?: { done: number[]; refused: { id: number; message: string }[] }; error?: { message: string } }) {
    if (!r.ok) return toast.error(r.error!.message);
    const { done, refused } = r.data!;
    if (done.length) toast.success(`${kind}: ${done.length} job${done.length === 1 ? "" : "s"}.`);
    for (const x of refused) toast.error(`${rows.find((j) => j.id === x.id)?.name ?? x.id}: ${x.message}`);
    setSelection({});
  }

  return (
    <div className="space-y-3" aria-busy={pending}>
      {rows.some((r) => r.activeOperation) && <AutoRefresh seconds={3} />}
      <div className="flex flex-wrap items-center gap-2">
        <Input aria-label="Search jobs" placeholder="Search name or description…" value={q} onChange={(e) => setQ(e.target.value)} className="w-64" />
        <DropdownMenu>
          <DropdownMenuTrigger asChild>
            <Button variant="outline" data-testid="filter-state">
              State{states.size ? `: ${[...states].map(stateLabel).join(", ")}` : ""} <ChevronDown className="size-4" />
            </Button>
          </DropdownMenuTrigger>
          <DropdownMenuContent className="w-56">
            <DropdownMenuLabel>Show jobs that are</DropdownMenuLabel>
            {STATES.map((s) => (
              <DropdownMenuCheckboxItem
                key={s}
                checked={states.has(s as never)}
                onSelect={(e) => e.preventDefault()}
                onCheckedChange={(on) => {
                  const next = new Set(states as Set<string>);
                  if (on) next.add(s);
                  else next.delete(s);
                  navigate({ state: [...next].join(",") });
                }}
              >
                {stateLabel(s)}
              </DropdownMenuCheckboxItem>
            ))}
          </DropdownMenuContent>
        </DropdownMenu>
        <Select aria-label="Type" value={query.type ?? ""} onChange={(e) => navigate({ type: e.target.value })} className="w-32">
          <option value="">Any type</option>
          <option value="sql">FlinkSQL</option>
          <option value="jar">JAR</option>
        </Select>
        <Select aria-label="Mode" value={query.mode ?? ""} onChange={(e) => navigate({ mode: e.target.value })} className="w-44">
          <option value="">Any mode</option>
          {executionModes.map((m) => (
            <option key={m} value={m}>{modeLabel[m]}</option>
          ))}
        </Select>
        <Select aria-label="Cluster" value={query.cluster ?? ""} onChange={(e) => navigate({ cluster: e.target.value })} className="w-44">
          <option value="">Any cluster</option>
          {facets.clusters.map((c) => (
            <option key={c} value={c}>{c}</option>
          ))}
        </Select>
        <Select aria-label="Owner" value={query.owner ?? ""} onChange={(e) => navigate({ owner: e.target.value })} className="w-40">
          <option value="">Anyone's</option>
          <option value="me">Mine</option>
          {facets.owners.map((o) => (
            <option key={o.id} value={o.username}>{o.username}</option>
          ))}
        </Select>
        {facets.tags.length > 0 && (
          <DropdownMenu>
            <DropdownMenuTrigger asChild>
              <Button variant="outline">
                Tags{tags.size ? `: ${[...tags].join(", ")}` : ""} <ChevronDown className="size-4" />
              </Button>
            </DropdownMenuTrigger>
            <DropdownMenuContent className="max-h-80 w-56 overflow-y-auto">
              {facets.tags.map((t) => (
                <DropdownMenuCheckboxItem
                  key={t}
                  checked={tags.has(t)}
                  onSelect={(e) => e.preventDefault()}
                  onCheckedChange={(on) => {
                    const next = new Set(tags);
                    if (on) next.add(t);
                    else next.delete(t);
                    navigate({ tags: [...next].join(",") });
                  }}
                >
                  {t}
                </DropdownMenuCheckboxItem>
              ))}
            </DropdownMenuContent>
          </DropdownMenu>
        )}
        {filtered && (
          <Button variant="ghost" onClick={() => (setQ(""), navigate({ q: undefined, state: undefined, type: undefined, mode: undefined, cluster: undefined, owner: undefined, tags: undefined }))}>
            <X className="size-4" /> Clear filters
          </Button>
        )}
        <div className="ml-auto text-sm text-muted-foreground" data-testid="job-count">
          {total} job{total === 1 ? "" : "s"}
        </div>
      </div>

      {selected.length > 0 && (
        <div className="flex flex-wrap items-center gap-2 rounded-lg border bg-accent/40 px-3 py-2 text-sm" role="toolbar" aria-label="Bulk actions">
          <span className="font-medium" data-testid="selected-count">{selected.length} selected</span>
          <BulkLifecycle team={team} selected={selected} can={can} onDone={() => setSelection({})} />
          {can.edit && (
            <>
              <Button
                size="sm"
                variant="outline"
                pending={bulkTag.pending}
                onClick={() => {
                  const tag = window.prompt("Add which tag to the selected jobs?")?.trim();
                  if (tag) void bulkTag.run({ team, jobs: selected.map((j) => j.id), add: tag }).then((r) => report(`Tagged “${tag}”`, r));
                }}
              >
                <Tag className="size-4" /> Add tag
              </Button>
              <Button
                size="sm"
                variant="outline"
                pending={bulkTag.pending}
                onClick={() => {
                  const tag = window.prompt("Remove which tag from the selected jobs?")?.trim();
                  if (tag) void bulkTag.run({ team, jobs: selected.map((j) => j.id), remove: tag }).then((r) => report(`Untagged “${tag}”`, r));
                }}
              >
                Remove tag
              </Button>
            </>
          )}
          {can.delete && (
            <Button
              size="sm"
              variant="destructive"
              pending={bulkDelete.pending}
              onClick={() => {
                if (confirm(`Delete ${selected.length} job${selected.length === 1 ? "" : "s"}? Running jobs are refused.`)) void bulkDelete.run({ team, jobs: selected.map((j) => j.id) }).then((r) => report("Deleted", r));
              }}
            >
              <Trash2 className="size-4" /> Delete
            </Button>
          )}
          <Button size="sm" variant="ghost" onClick={() => setSelection({})}>
            Clear selection
          </Button>
        </div>
      )}

      <div className="rounded-lg border bg-card">
        <Table>
          <TableHeader>
            {table.getHeaderGroups().map((hg) => (
              <TableRow key={hg.id}>
                {hg.headers.map((h) => (
                  <SortableHead
                    key={h.id}
                    label={flexRender(h.column.columnDef.header, h.getContext())}
                    sortable={h.column.columnDef.enableSorting !== false && h.column.id !== "select" && h.column.id !== "actions"}
                    active={query.sort === h.column.id}
                    dir={query.dir}
                    onSort={() => navigate({ sort: h.column.id, dir: query.sort === h.column.id && query.dir === "desc" ? "asc" : "desc" })}
                  />
                ))}
              </TableRow>
            ))}
          </TableHeader>
          <TableBody>
            {rows.length === 0 ? (
              <TableRow>
                <TableCell colSpan={cols.length} className="py-12 text-center text-muted-foreground">
                  {filtered ? "No job matches these filters." : "No jobs yet. Create the first one."}
                </TableCell>
              </TableRow>
            ) : (
              table.getRowModel().rows.map((r) => (
                <TableRow key={r.id} data-state={r.getIsSelected() ? "selected" : undefined}>
                  {r.getVisibleCells().map((c) => (
                    <TableCell key={c.id}>{flexRender(c.column.columnDef.cell, c.getContext())}</TableCell>
                  ))}
                </TableRow>
              ))
            )}
          </TableBody>
        </Table>
      </div>
      <Pager page={query.page} pages={pages} pending={pending} onPage={(n) => navigate({ page: String(n) })} pageSize={query.pageSize} onPageSize={(n) => navigate({ pageSize: String(n) })} />
    </div>
  );
}
