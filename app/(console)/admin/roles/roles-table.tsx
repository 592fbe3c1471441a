"use client";

import type { ColumnDef } from "@tanstack/react-table";
import { useState } from "react";
import { toast } from "sonner";
import { useAction } from "@/components/console/use-action";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { DataTable } from "@/components/ui/data-table";
import { deleteRoleAction } from "./actions";
import { RoleDialog, type RoleRow } from "./role-dialog";

function RowActions({ role }: { role: RoleRow }) {
  const [open, setOpen] = useState(false);
  const del = useAction(deleteRoleAction);
  return (
    <div className="flex justify-end gap-1">
      <Button variant="ghost" size="sm" onClick={() => setOpen(true)}>{role.builtin ? "View" : "Edit"}</Button>
      {!role.builtin && (
        <Button
          variant="ghost"
          size="sm"
          pending={del.pending}
          onClick={() => {
            if (!confirm(`Delete the role “${role.name}”?`)) return;
            void del.run({ role: String(role.id) }, { success: `Deleted ${role.name}.` }).then((r) => !r.ok && toast.error(r.error.message));
          }}
        >
          Delete
        </Button>
      )}
      <RoleDialog role={role} open={open} onOpenChange={setOpen} />
    </div>
  );
}

const roleColumns: ColumnDef<RoleRow>[] = [
  { accessorKey: "name", header: "Name", cell: ({ row }) => <span className="font-medium">{row.original.name} {row.original.builtin && <Badge variant="secondary" className="ml-1">built in</Badge>}</span> },
  { accessorKey: "description", header: "Description", cell: ({ row }) => <span className="text-muted-foreground">{row.original.description}</span> },
  { id: "permissions", accessorFn: (r) => r.permissions.length, header: "Permissions" },
  { accessorKey: "memberCount", header: "Members" },
  { id: "actions", header: "", enableSorting: false, cell: ({ row }) => <RowActions role={row.original} /> },
];

export function RolesTable({ roles }: { roles: RoleRow[] }) {
  return <DataTable columns={roleColumns} data={roles} getRowId={(r) => String(r.id)} filterPlaceholder="Filter roles…" />;
}
