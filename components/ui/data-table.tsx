"use client";

/*
 * DataTable: a list view over @tanstack/react-table v8.
 *
 * Sorting is automatic: every column with an accessor (accessorKey / accessorFn) can be sorted by
 * clicking its header, which is rendered as a real <button>. Opt out per column with
 * `enableSorting: false`. Shift+click adds a secondary sort. Write plain string headers
 * (`header: "Name"`); `sortableHeader("Name")` exists only for readability and returns the title.
 *
 * The filter box matches (case-insensitive substring) against every accessor column whose cell value
 * is a string or number; opt a column out with `enableGlobalFilter: false`.
 *
 * With `urlState` (default), sort and filter live in the URL: `?sort=name`, `?sort=-started_at`
 * (descending), `?sort=state,-name` (multi), `?q=orders`. The initial sort is left out of the URL.
 * Only one URL-state table per page: pass `urlState={false}` to any others.
 *
 * Column defs hold functions, so define them in a "use client" module, not in a server page.
 *
 * Optional `meta: { className, headerClassName }` on a column styles its cells / header
 * (e.g. `"text-right tabular-nums"`).
 */

import * as React from "react";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import {
  flexRender,
  getCoreRowModel,
  getFilteredRowModel,
  getSortedRowModel,
  useReactTable,
  type ColumnDef,
  type Row,
  type RowData,
  type SortingState,
} from "@tanstack/react-table";
import { ArrowDown, ArrowUp, ArrowUpDown, Search } from "lucide-react";

import { Input } from "./input";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "./table";
import { cn } from "./utils";

declare module "@tanstack/react-table" {
  interface ColumnMeta<TData extends RowData, TValue> {
    className?: string;
    headerClassName?: string;
  }
}

export type DataTableProps<T> = {
  columns: ColumnDef<T, any>[];
  data: T[];
  filterPlaceholder?: string;
  emptyMessage?: string;
  initialSort?: { id: string; desc: boolean };
  toolbar?: React.ReactNode;
  getRowId?: (row: T) => string;
  urlState?: boolean;
  className?: string;
};

/** Kept so column definitions can say what they mean; sorting is automatic, so this is just the title. */
export function sortableHeader(title: string): string {
  return title;
}

const FILTER_URL_DELAY_MS = 300;

function matchesText<T>(row: Row<T>, columnId: string, filterValue: unknown): boolean {
  const needle = String(filterValue ?? "").trim().toLowerCase();
  if (!needle) return true;
  const value = row.getValue(columnId);
  if (typeof value !== "string" && typeof value !== "number") return false;
  return String(value).toLowerCase().includes(needle);
}

// Mirrors TanStack's id derivation so stale or hand-edited ?sort= values are dropped, not logged as errors.
function collectColumnIds<T>(columns: ColumnDef<T, unknown>[], out = new Set<string>()): Set<string> {
  for (const col of columns) {
    const key = "accessorKey" in col ? col.accessorKey : undefined;
    const id =
      col.id ?? (typeof key === "string" ? key.replaceAll(".", "_") : undefined) ??
      (typeof col.header === "string" ? col.header : undefined);
    if (id) out.add(id);
    if ("columns" in col && col.columns) collectColumnIds(col.columns, out);
  }
  return out;
}

function parseSort(value: string | null, validIds: Set<string>): SortingState | null {
  if (value == null) return null;
  const sorting: SortingState = [];
  for (const part of value.split(",")) {
    const desc = part.startsWith("-");
    const id = desc ? part.slice(1) : part;
    if (id && validIds.has(id) && !sorting.some((s) => s.id === id)) sorting.push({ id, desc });
  }
  return sorting.length ? sorting : null;
}

function serializeSort(sorting: SortingState): string {
  return sorting.map((s) => (s.desc ? `-${s.id}` : s.id)).join(",");
}

function initialSorting(initialSort: DataTableProps<unknown>["initialSort"]): SortingState {
  return initialSort ? [{ id: initialSort.id, desc: initialSort.desc }] : [];
}

type TableState = {
  sorting: SortingState;
  onSortingChange: (next: SortingState) => void;
  filter: string;
  onFilterChange: (next: string) => void;
};

function DataTableView<T>({
  columns,
  data,
  filterPlaceholder,
  emptyMessage = "Nothing here yet.",
  initialSort,
  toolbar,
  getRowId,
  className,
  sorting,
  onSortingChange,
  filter,
  onFilterChange,
}: DataTableProps<T> & TableState) {
  const table = useReactTable<T>({
    data,
    columns,
    state: { sorting, globalFilter: filter },
    onSortingChange: (updater) => onSortingChange(typeof updater === "function" ? updater(sorting) : updater),
    onGlobalFilterChange: (value: unknown) => onFilterChange(String(value ?? "")),
    globalFilterFn: matchesText,
    getColumnCanGlobalFilter: () => true,
    // A list with a default order should always have one: clicking cycles asc/desc instead of "unsorted".
    enableSortingRemoval: !initialSort,
    getRowId: getRowId ? (row) => getRowId(row) : undefined,
    getCoreRowModel: getCoreRowModel(),
    getFilteredRowModel: getFilteredRowModel(),
    getSortedRowModel: getSortedRowModel(),
  });

  const rows = table.getRowModel().rows;
  const total = data.length;
  const filtering = filter.trim() !== "";

  return (
    <div data-slot="data-table" className={cn("grid gap-3", className)}>
      <div className="flex flex-wrap items-center gap-2">
        <div className="relative w-full max-w-xs">
          <Search
            aria-hidden="true"
            className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-muted-foreground"
          />
          <Input
            type="search"
            value={filter}
            onChange={(e) => onFilterChange(e.target.value)}
            placeholder={filterPlaceholder ?? "Filter…"}
            aria-label={filterPlaceholder?.replace(/[.…\s]+$/, "") || "Filter rows"}
            autoComplete="off"
            spellCheck={false}
            className="pl-8"
          />
        </div>
        {toolbar ? <div className="ml-auto flex flex-wrap items-center gap-2">{toolbar}</div> : null}
      </div>

      <div className="rounded-lg border bg-card">
        <Table>
          <TableHeader>
            {table.getHeaderGroups().map((group) => (
              <TableRow key={group.id} className="hover:bg-transparent">
                {group.headers.map((header) => {
                  const column = header.column;
                  const canSort = !header.isPlaceholder && column.getCanSort();
                  const sorted = column.getIsSorted();
                  const content = header.isPlaceholder
                    ? null
                    : flexRender(column.columnDef.header, header.getContext());
                  return (
                    <TableHead
                      key={header.id}
                      colSpan={header.colSpan}
                      aria-sort={
                        canSort ? (sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : "none") : undefined
                      }
                      className={column.columnDef.meta?.headerClassName}
                    >
                      {canSort ? (
                        <button
                          type="button"
                          onClick={column.getToggleSortingHandler()}
                          className={cn(
                            "-mx-1.5 inline-flex cursor-pointer items-center gap-1 rounded-sm px-1.5 py-1 outline-none hover:text-foreground focus-visible:ring-[3px] focus-visible:ring-ring/50",
                            sorted && "text-foreground",
                          )}
                        >
                          {content}
                          {sorted === "asc" ? (
                            <ArrowUp aria-hidden="true" className="size-3.5" />
                          ) : sorted === "desc" ? (
                            <ArrowDown aria-hidden="true" className="size-3.5" />
                          ) : (
                            <ArrowUpDown aria-hidden="true" className="size-3.5 opacity-40" />
                          )}
                        </button>
                      ) : (
                        content
                      )}
                    </TableHead>
                  );
                })}
              </TableRow>
            ))}
          </TableHeader>
          <TableBody>
            {rows.length ? (
              rows.map((row) => (
                <TableRow key={row.id}>
                  {row.getVisibleCells().map((cell) => (
                    <TableCell key={cell.id} className={cell.column.columnDef.meta?.className}>
                      {flexRender(cell.column.columnDef.cell, cell.getContext())}
                    </TableCell>
                  ))}
                </TableRow>
              ))
            ) : (
              <TableRow className="hover:bg-transparent">
                <TableCell
                  colSpan={table.getVisibleLeafColumns().length || 1}
                  className="h-24 text-center whitespace-normal text-muted-foreground"
                >
                  {filtering && total > 0 ? `No rows match “${filter.trim()}”.` : emptyMessage}
                </TableCell>
              </TableRow>
            )}
          </TableBody>
        </Table>
      </div>

      <p className="text-xs text-muted-foreground" aria-live="polite">
        {rows.length} of {total} {total === 1 ? "row" : "rows"}
      </p>
    </div>
  );
}

function LocalStateTable<T>(props: DataTableProps<T>) {
  const [sorting, setSorting] = React.useState<SortingState>(() => initialSorting(props.initialSort));
  const [filter, setFilter] = React.useState("");
  return (
    <DataTableView {...props} sorting={sorting} onSortingChange={setSorting} filter={filter} onFilterChange={setFilter} />
  );
}

function UrlStateTable<T>(props: DataTableProps<T>) {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const { columns, initialSort } = props;
  const initialId = initialSort?.id;
  const initialDesc = initialSort?.desc;

  const validIds = React.useMemo(() => collectColumnIds(columns as ColumnDef<T, unknown>[]), [columns]);
  const fallbackSort = React.useMemo(
    () => initialSorting(initialId === undefined ? undefined : { id: initialId, desc: Boolean(initialDesc) }),
    [initialId, initialDesc],
  );

  const urlSort = searchParams.get("sort");
  const urlQ = searchParams.get("q") ?? "";

  const [sorting, setSorting] = React.useState<SortingState>(() => parseSort(urlSort, validIds) ?? fallbackSort);
  const [filter, setFilter] = React.useState(urlQ);

  // What we last put in the URL; URL changes that differ came from elsewhere (back button, links).
  const written = React.useRef({ sort: urlSort, q: urlQ });
  // What the URL should say; every write sends both so a debounced filter write cannot drop a sort.
  const desired = React.useRef({ sort: urlSort, q: urlQ });
  const filterTimer = React.useRef<ReturnType<typeof setTimeout> | null>(null);

  React.useEffect(() => {
    if (urlSort !== written.current.sort) {
      written.current.sort = desired.current.sort = urlSort;
      setSorting(parseSort(urlSort, validIds) ?? fallbackSort);
    }
    if (urlQ !== written.current.q) {
      written.current.q = desired.current.q = urlQ;
      setFilter(urlQ);
    }
  }, [urlSort, urlQ, validIds, fallbackSort]);

  React.useEffect(
    () => () => {
      if (filterTimer.current) clearTimeout(filterTimer.current);
    },
    [],
  );

  const writeUrl = React.useCallback(() => {
    if (filterTimer.current) clearTimeout(filterTimer.current);
    filterTimer.current = null;
    const { sort, q } = desired.current;
    if (sort === written.current.sort && q === written.current.q) return;
    written.current = { sort, q };
    const params = new URLSearchParams(window.location.search);
    if (sort) params.set("sort", sort);
    else params.delete("sort");
    if (q) params.set("q", q);
    else params.delete("q");
    const qs = params.toString();
    router.replace(qs ? `${pathname}?${qs}` : pathname, { scroll: false });
  }, [router, pathname]);

  const onSortingChange = React.useCallback(
    (next: SortingState) => {
      setSorting(next);
      const value = serializeSort(next);
      desired.current.sort = value && value !== serializeSort(fallbackSort) ? value : null;
      writeUrl();
    },
    [writeUrl, fallbackSort],
  );

  // Debounced so typing does not trigger a navigation per keystroke.
  const onFilterChange = React.useCallback(
    (next: string) => {
      setFilter(next);
      desired.current.q = next.trim();
      if (filterTimer.current) clearTimeout(filterTimer.current);
      filterTimer.current = setTimeout(writeUrl, FILTER_URL_DELAY_MS);
    },
    [writeUrl],
  );

  return (
    <DataTableView
      {...props}
      sorting={sorting}
      onSortingChange={onSortingChange}
      filter={filter}
      onFilterChange={onFilterChange}
    />
  );
}

export function DataTable<T>({ urlState = true, ...props }: DataTableProps<T>) {
  if (!urlState) return <LocalStateTable {...props} />;
  // useSearchParams needs a Suspense boundary for static rendering; the fallback is the same table without URL state.
  return (
    <React.Suspense fallback={<LocalStateTable {...props} />}>
      <UrlStateTable {...props} />
    </React.Suspense>
  );
}
