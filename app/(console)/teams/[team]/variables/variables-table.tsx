"use client";

import type { ColumnDef } from "@tanstack/react-table";
import { Eye, EyeOff, Lock, Pencil, Plus, Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { formatDate } from "@/components/console/format";
import { useAction } from "@/components/console/use-action";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { DataTable } from "@/components/ui/data-table";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { FormError } from "@/components/ui/form-field";
import { deleteVariableAction, revealVariableAction } from "./actions";
import { VariableDialog } from "./variable-dialog";

/** A variable as the page sends it: a secret's value is the mask. */
export type VariableRow = {
  id: number;
  name: string;
  value: string;
  secret: boolean;
  masked: boolean;
  description: string;
  usedBy: number;
  updatedAt: Date;
};

function ValueCell({ team, v, canViewSecret }: { team: string; v: VariableRow; canViewSecret: boolean }) {
  const [shown, setShown] = useState<string | null>(null);
  const reveal = useAction(revealVariableAction);
  const value = v.masked ? shown : v.value;
  return (
    <div className="flex max-w-md items-start gap-2">
      <code className="line-clamp-2 text-xs break-all whitespace-pre-wrap" data-testid="variable-value" title={value ?? undefined}>
        {value ?? v.value}
      </code>
      {v.masked && canViewSecret && (
        <Button
          variant="ghost"
          size="sm"
          className="h-6 px-1.5"
          pending={reveal.pending}
          aria-label={shown === null ? `Reveal ${v.name}` : `Hide ${v.name}`}
          data-testid="reveal-variable"
          onClick={() => {
            if (shown !== null) return setShown(null);
            void reveal.run({ team, variable: String(v.id) }).then((r) => (r.ok ? setShown(r.data.value) : toast.error(r.error.message)));
          }}
        >
          {shown === null ? <Eye className="size-3.5" /> : <EyeOff className="size-3.5" />}
        </Button>
      )}
    </div>
  );
}

function DeleteDialog({ team, v, open, onOpenChange }: { team: string; v: VariableRow; open: boolean; onOpenChange: (o: boolean) => void }) {
  const router = useRouter();
  const action = useAction(deleteVariableAction);
  return (
    <Dialog open={open} onOpenChange={(o) => (onOpenChange(o), action.reset())}>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Delete {v.name}?</DialogTitle>
          <DialogDescription>A variable that jobs still use cannot be deleted; they would be left with {"${" + v.name + "}"} unresolved.</DialogDescription>
        </DialogHeader>
        {action.error && <FormError message={action.error.message} data-testid="delete-variable-error" />}
        <DialogFooter>
          <Button variant="outline" onClick={() => onOpenChange(false)}>Cancel</Button>
          <Button
            variant="destructive"
            pending={action.pending}
            data-testid="confirm-delete-variable"
            onClick={() => void action.run({ team, variable: String(v.id) }, { success: `Deleted ${v.name}.`, onSuccess: () => (onOpenChange(false), router.refresh()) })}
          >
            Delete
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}

function RowActions({ team, v, canViewSecret }: { team: string; v: VariableRow; canViewSecret: boolean }) {
  const [dialog, setDialog] = useState<"edit" | "delete" | null>(null);
  return (
    <div className="flex justify-end gap-1">
      <Button variant="ghost" size="sm" onClick={() => setDialog("edit")} aria-label={`Edit ${v.name}`}>
        <Pencil className="size-4" />
      </Button>
      <Button variant="ghost" size="sm" onClick={() => setDialog("delete")} aria-label={`Delete ${v.name}`} data-testid="delete-variable">
        <Trash2 className="size-4" />
      </Button>
      {dialog === "edit" && <VariableDialog team={team} variable={v} canViewSecret={canViewSecret} open onOpenChange={(o) => setDialog(o ? "edit" : null)} />}
      <DeleteDialog team={team} v={v} open={dialog === "delete"} onOpenChange={(o) => setDialog(o ? "delete" : null)} />
    </div>
  );
}

function columns(team: string, canManage: boolean, canViewSecret: boolean): ColumnDef<VariableRow>[] {
  return [
    {
      accessorKey: "name",
      header: "Name",
      cell: ({ row }) => (
        <div className="space-y-0.5">
          <div className="flex items-center gap-2">
            <code className="font-medium">{row.original.name}</code>
            {row.original.secret && (
              <Badge variant="warning">
                <Lock /> secret
              </Badge>
            )}
          </div>
          {row.original.description && <div className="max-w-xs truncate text-xs text-muted-foreground">{row.original.description}</div>}
        </div>
      ),
    },
    // Secrets filter and sort by their mask only: nothing of the value is in the page.
    { accessorKey: "value", header: "Value", cell: ({ row }) => <ValueCell team={team} v={row.original} canViewSecret={canViewSecret} /> },
    { accessorKey: "usedBy", header: "Used by", enableGlobalFilter: false, cell: ({ row }) => <span className="tabular-nums">{row.original.usedBy === 1 ? "1 job" : `${row.original.usedBy} jobs`}</span> },
    { accessorKey: "updatedAt", header: "Updated", enableGlobalFilter: false, cell: ({ row }) => <span className="text-xs">{formatDate(row.original.updatedAt)}</span> },
    ...(canManage
      ? [{ id: "actions", header: "", enableSorting: false, cell: ({ row }) => <RowActions team={team} v={row.original} canViewSecret={canViewSecret} /> } as ColumnDef<VariableRow>]
      : []),
  ];
}

export function NewVariableButton({ team, canViewSecret }: { team: string; canViewSecret: boolean }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button onClick={() => setOpen(true)} data-testid="new-variable">
        <Plus className="size-4" /> New variable
      </Button>
      {open && <VariableDialog team={team} canViewSecret={canViewSecret} open onOpenChange={setOpen} />}
    </>
  );
}

export function VariablesTable({ team, variables, canManage, canViewSecret }: { team: string; variables: VariableRow[]; canManage: boolean; canViewSecret: boolean }) {
  return (
    <DataTable
      columns={columns(team, canManage, canViewSecret)}
      data={variables}
      getRowId={(v) => String(v.id)}
      filterPlaceholder="Filter variables…"
      emptyMessage="No variable yet. Define values once (addresses, topics, credentials) and use them in jobs as ${name}."
      initialSort={{ id: "name", desc: false }}
    />
  );
}
