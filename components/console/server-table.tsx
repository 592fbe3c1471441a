"use client";

import { ArrowDown, ArrowUp, ArrowUpDown } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/select";
import { TableHead } from "@/components/ui/table";

/**
 * Pieces of tables whose sorting and paging happen on the server (audit log, job center): the
 * header is a real button that asks for another sort, the pager asks for another page; both only
 * change the URL.
 */
export function SortableHead({ label, active, dir, onSort, sortable = true }: { label: React.ReactNode; active: boolean; dir: "asc" | "desc"; onSort: () => void; sortable?: boolean }) {
  const Icon = active ? (dir === "asc" ? ArrowUp : ArrowDown) : ArrowUpDown;
  return (
    <TableHead aria-sort={active ? (dir === "asc" ? "ascending" : "descending") : undefined}>
      {sortable ? (
        <button type="button" className="inline-flex items-center gap-1 rounded outline-none hover:text-foreground focus-visible:ring-2 focus-visible:ring-ring" onClick={onSort}>
          {label}
          <Icon className="size-3.5 opacity-60" />
        </button>
      ) : (
        label
      )}
    </TableHead>
  );
}

export function Pager({
  page,
  pages,
  pending,
  onPage,
  pageSize,
  onPageSize,
}: {
  page: number;
  pages: number;
  pending: boolean;
  onPage: (page: number) => void;
  pageSize?: number;
  onPageSize?: (size: number) => void;
}) {
  return (
    <div className="flex items-center justify-end gap-2 text-sm">
      {onPageSize && pageSize && (
        <Select aria-label="Rows per page" value={String(pageSize)} onChange={(e) => onPageSize(Number(e.target.value))} className="w-28">
          {[25, 50, 100, 200].map((n) => (
            <option key={n} value={n}>{n} / page</option>
          ))}
        </Select>
      )}
      <span className="text-muted-foreground">
        Page {page} of {pages}
      </span>
      <Button variant="outline" size="sm" disabled={page <= 1 || pending} onClick={() => onPage(page - 1)}>
        Previous
      </Button>
      <Button variant="outline" size="sm" disabled={page >= pages || pending} onClick={() => onPage(page + 1)}>
        Next
      </Button>
    </div>
  );
}
