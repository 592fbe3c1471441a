"use client";

import type { ColumnDef } from "@tanstack/react-table";
import Link from "next/link";
import { useState } from "react";
import { formatDate } from "@/components/console/format";
import { teamHref } from "@/components/console/team-href";
import { useAction } from "@/components/console/use-action";
import { Button } from "@/components/ui/button";
import { DataTable } from "@/components/ui/data-table";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { deleteTeamAction } from "./actions";

type TeamRow = { id: number; name: string; description: string; memberCount: number; createdAt: Date };

function DeleteTeam({ team }: { team: TeamRow }) {
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState("");
  const action = useAction(deleteTeamAction);
  return (
    <>
      <Button variant="ghost" size="sm" onClick={() => setOpen(true)} aria-label={`Delete team ${team.name}`}>Delete</Button>
      <Dialog open={open} onOpenChange={(o) => (setOpen(o), setTyped(""), action.reset())}>
        <DialogContent>
          <DialogHeader>
            <DialogTitle>Delete team {team.name}?</DialogTitle>
            <DialogDescription>Its memberships and API tokens are deleted with it. The audit log keeps its history.</DialogDescription>
          </DialogHeader>
          {action.formError && <FormError message={action.formError} />}
          <FormField label={`Type “${team.name}” to confirm`} htmlFor={`confirm-${team.id}`} error={action.fieldError("confirmName")}>
            <Input id={`confirm-${team.id}`} value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" />
          </FormField>
          <DialogFooter>
            <Button variant="outline" onClick={() => setOpen(false)}>Cancel</Button>
            <Button
              variant="destructive"
              disabled={typed !== team.name}
              pending={action.pending}
              onClick={() => void action.run({ team: String(team.id), confirmName: typed }, { success: `Deleted ${team.name}.`, onSuccess: () => setOpen(false) })}
            >
              Delete team
            </Button>
          </DialogFooter>
        </DialogContent>
      </Dialog>
    </>
  );
}

const teamColumns: ColumnDef<TeamRow>[] = [
  {
    accessorKey: "name",
    header: "Name",
    cell: ({ row }) => (
      <Link href={teamHref(row.original.name)} className="font-medium text-primary hover:underline">
        {row.original.name}
      </Link>
    ),
  },
  { accessorKey: "description", header: "Description", cell: ({ row }) => <span className="text-muted-foreground">{row.original.description}</span> },
  { accessorKey: "memberCount", header: "Members" },
  { accessorKey: "createdAt", header: "Created", cell: ({ row }) => formatDate(row.original.createdAt) },
  { id: "actions", header: "", enableSorting: false, cell: ({ row }) => <DeleteTeam team={row.original} /> },
];

export function TeamsTable({ teams }: { teams: TeamRow[] }) {
  return <DataTable columns={teamColumns} data={teams} getRowId={(t) => String(t.id)} filterPlaceholder="Filter teams…" initialSort={{ id: "name", desc: false }} />;
}
