"use client";

import type { ColumnDef } from "@tanstack/react-table";
import { MoreHorizontal } from "lucide-react";
import { useState } from "react";
import { formatDate } from "@/components/console/format";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { DataTable } from "@/components/ui/data-table";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";
import { EditUserDialog, ResetPasswordDialog, type UserRow } from "./user-dialogs";

function RowActions({ user, self }: { user: UserRow; self: boolean }) {
  const [dialog, setDialog] = useState<"edit" | "reset" | null>(null);
  return (
    <>
      <DropdownMenu>
        <DropdownMenuTrigger asChild>
          <Button variant="ghost" size="icon" aria-label={`Actions for ${user.username}`}>
            <MoreHorizontal className="size-4" />
          </Button>
        </DropdownMenuTrigger>
        <DropdownMenuContent align="end">
          <DropdownMenuItem onSelect={() => setDialog("edit")}>Edit…</DropdownMenuItem>
          <DropdownMenuItem onSelect={() => setDialog("reset")}>Reset password…</DropdownMenuItem>
        </DropdownMenuContent>
      </DropdownMenu>
      <EditUserDialog user={user} self={self} open={dialog === "edit"} onOpenChange={(o) => setDialog(o ? "edit" : null)} />
      <ResetPasswordDialog user={user} open={dialog === "reset"} onOpenChange={(o) => setDialog(o ? "reset" : null)} />
    </>
  );
}

function userColumns(self: string): ColumnDef<UserRow>[] {
  return [
    {
      accessorKey: "username",
      header: "Username",
      cell: ({ row }) => (
        <span className="font-medium">
          {row.original.username} {row.original.isAdmin && <Badge className="ml-1">admin</Badge>}
        </span>
      ),
    },
    { accessorKey: "displayName", header: "Display name" },
    { accessorKey: "email", header: "Email" },
    { id: "state", accessorFn: (u) => (u.enabled ? "enabled" : "disabled"), header: "State", cell: ({ row }) => (row.original.enabled ? <Badge variant="success">enabled</Badge> : <Badge variant="outline">disabled</Badge>) },
    { accessorKey: "lastLoginAt", header: "Last sign-in", cell: ({ row }) => formatDate(row.original.lastLoginAt) },
    { accessorKey: "createdAt", header: "Created", cell: ({ row }) => formatDate(row.original.createdAt) },
    { id: "actions", header: "", enableSorting: false, cell: ({ row }) => <RowActions user={row.original} self={row.original.username === self} /> },
  ];
}

export function UsersTable({ users, self }: { users: UserRow[]; self: string }) {
  return <DataTable columns={userColumns(self)} data={users} getRowId={(u) => String(u.id)} filterPlaceholder="Filter users…" initialSort={{ id: "username", desc: false }} />;
}
