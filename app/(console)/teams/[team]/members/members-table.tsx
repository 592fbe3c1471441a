"use client";

import type { ColumnDef } from "@tanstack/react-table";
import { useState } from "react";
import { toast } from "sonner";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { DataTable } from "@/components/ui/data-table";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { FormError } from "@/components/ui/form-field";
import { Select } from "@/components/ui/select";
import { useAction } from "@/components/console/use-action";
import { formatDate } from "@/components/console/format";
import { changeMemberRoleAction, removeMemberAction } from "./actions";

type Member = { userId: number; username: string; displayName: string; enabled: boolean; role: string; joinedAt: Date };
type Option = { id: number; name: string };

function RoleCell({ team, member, roles }: { team: string; member: Member; roles: Option[] }) {
  const action = useAction(changeMemberRoleAction);
  return (
    <Select
      aria-label={`Role of ${member.username}`}
      value={member.role}
      disabled={action.pending}
      className="h-8 w-40"
      onChange={(e) =>
        void action.run({ team, user: member.username, role: e.target.value }).then((r) =>
          r.ok ? toast.success(`${member.username} is now ${e.target.value}.`) : toast.error(r.error.message),
        )
      }
    >
      {roles.map((r) => (
        <option key={r.id} value={r.name}>{r.name}</option>
      ))}
    </Select>
  );
}

function RemoveButton({ team, member, self }: { team: string; member: Member; self: boolean }) {
  const [open, setOpen] = useState(false);
  const action = useAction(removeMemberAction);
  return (
    <>
      <Button variant="ghost" size="sm" onClick={() => setOpen(true)} aria-label={`Remove ${member.username}`}>Remove</Button>
      <Dialog open={open} onOpenChange={(o) => (setOpen(o), action.reset())}>
        <DialogContent>
          <DialogHeader>
            <DialogTitle>Remove {member.username} from {team}?</DialogTitle>
            <DialogDescription>
              {self ? "You are removing yourself: you will lose access to this team." : "They lose access to this team's jobs at once."}
            </DialogDescription>
          </DialogHeader>
          {action.error && <FormError message={action.error.message} />}
          <DialogFooter>
            <Button variant="outline" onClick={() => setOpen(false)}>Cancel</Button>
            <Button
              variant="destructive"
              pending={action.pending}
              onClick={() => void action.run({ team, user: member.username }, { success: `Removed ${member.username}.`, onSuccess: () => setOpen(false) })}
            >
              Remove
            </Button>
          </DialogFooter>
        </DialogContent>
      </Dialog>
    </>
  );
}

function columns(team: string, roles: Option[], canManage: boolean, self: string): ColumnDef<Member>[] {
  return [
    {
      accessorKey: "username",
      header: "User",
      cell: ({ row }) => (
        <div>
          <div className="font-medium">{row.original.username}</div>
          {row.original.displayName && <div className="text-xs text-muted-foreground">{row.original.displayName}</div>}
        </div>
      ),
    },
    {
      accessorKey: "role",
      header: "Role",
      cell: ({ row }) => (canManage ? <RoleCell team={team} member={row.original} roles={roles} /> : <Badge variant="secondary">{row.original.role}</Badge>),
    },
    {
      accessorKey: "enabled",
      header: "Account",
      cell: ({ row }) => (row.original.enabled ? <Badge variant="success">enabled</Badge> : <Badge variant="outline">disabled</Badge>),
    },
    { accessorKey: "joinedAt", header: "Member since", cell: ({ row }) => formatDate(row.original.joinedAt) },
    ...(canManage
      ? [{ id: "actions", header: "", enableSorting: false, cell: ({ row }) => <RemoveButton team={team} member={row.original} self={row.original.username === self} /> } satisfies ColumnDef<Member>]
      : []),
  ];
}

export function MembersTable({ team, members, roles, canManage, self }: { team: string; members: Member[]; roles: Option[]; canManage: boolean; self: string }) {
  return (
    <DataTable
      columns={columns(team, roles, canManage, self)}
      data={members}
      getRowId={(m) => String(m.userId)}
      filterPlaceholder="Filter members…"
      emptyMessage="No members yet."
      initialSort={{ id: "username", desc: false }}
    />
  );
}
