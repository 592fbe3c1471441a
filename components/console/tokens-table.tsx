"use client";

import type { ColumnDef } from "@tanstack/react-table";
import { toast } from "sonner";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { DataTable } from "@/components/ui/data-table";
import type { ActionResult } from "@/lib/actions";
import { formatDate } from "./format";
import { useAction } from "./use-action";

export type TokenRow = {
  id: number;
  name: string;
  prefix: string;
  username: string;
  teamName: string;
  expiresAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  createdAt: Date;
};

function state(t: TokenRow): { label: string; variant: "success" | "outline" | "warning" } {
  if (t.revokedAt) return { label: "revoked", variant: "outline" };
  if (t.expiresAt && new Date(t.expiresAt) < new Date()) return { label: "expired", variant: "warning" };
  return { label: "active", variant: "success" };
}

type RevokeAction = (input: { id: number }) => Promise<ActionResult<void>>;

function RevokeButton({ token, revoke }: { token: TokenRow; revoke: RevokeAction }) {
  const action = useAction(revoke);
  if (state(token).label !== "active") return null;
  return (
    <Button
      variant="ghost"
      size="sm"
      pending={action.pending}
      onClick={() => {
        if (!confirm(`Revoke “${token.name}”? Scripts using it stop working at once.`)) return;
        void action.run({ id: token.id }, { success: `Revoked “${token.name}”.` }).then((r) => !r.ok && toast.error(r.error.message));
      }}
    >
      Revoke
    </Button>
  );
}

function tokenColumns(show: { user: boolean; team: boolean }, revoke: RevokeAction): ColumnDef<TokenRow>[] {
  return [
    { accessorKey: "name", header: "Name", cell: ({ row }) => <span className="font-medium">{row.original.name}</span> },
    { accessorKey: "prefix", header: "Starts with", cell: ({ row }) => <code className="text-xs">{row.original.prefix}…</code> },
    ...(show.user ? [{ accessorKey: "username", header: "User" } satisfies ColumnDef<TokenRow>] : []),
    ...(show.team ? [{ accessorKey: "teamName", header: "Team" } satisfies ColumnDef<TokenRow>] : []),
    { id: "state", accessorFn: (t) => state(t).label, header: "State", cell: ({ row }) => <Badge variant={state(row.original).variant}>{state(row.original).label}</Badge> },
    { accessorKey: "expiresAt", header: "Expires", cell: ({ row }) => (row.original.expiresAt ? formatDate(row.original.expiresAt) : "never") },
    { accessorKey: "lastUsedAt", header: "Last used", cell: ({ row }) => formatDate(row.original.lastUsedAt) },
    { accessorKey: "createdAt", header: "Created", cell: ({ row }) => formatDate(row.original.createdAt) },
    { id: "actions", header: "", enableSorting: false, cell: ({ row }) => <RevokeButton token={row.original} revoke={revoke} /> },
  ];
}

/** `revoke` is the page's server action, passed down so this shared table depends on no route. */
export function TokensTable({ tokens, revoke, showUser = false, showTeam = false }: { tokens: TokenRow[]; revoke: RevokeAction; showUser?: boolean; showTeam?: boolean }) {
  return (
    <DataTable
      columns={tokenColumns({ user: showUser, team: showTeam }, revoke)}
      data={tokens}
      getRowId={(t) => String(t.id)}
      filterPlaceholder="Filter tokens…"
      emptyMessage="No tokens yet."
      initialSort={{ id: "createdAt", desc: true }}
    />
  );
}
