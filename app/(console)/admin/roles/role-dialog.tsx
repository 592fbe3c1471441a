"use client";

import { Plus } from "lucide-react";
import { useState } from "react";
import { useAction } from "@/components/console/use-action";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import { permissionGroups } from "@/lib/auth/permissions";
import { createRoleAction, updateRoleAction } from "./actions";

export type RoleRow = { id: number; name: string; description: string; permissions: string[]; builtin: boolean; memberCount: number };

/** Create (no `role`) or edit a role; built-in roles open read-only. */
export function RoleDialog({ role, open: controlledOpen, onOpenChange }: { role?: RoleRow; open?: boolean; onOpenChange?: (o: boolean) => void }) {
  const [ownOpen, setOwnOpen] = useState(false);
  const open = controlledOpen ?? ownOpen;
  const setOpen = onOpenChange ?? setOwnOpen;
  const create = useAction(createRoleAction);
  const update = useAction(updateRoleAction);
  const action = role ? update : create;
  const readOnly = role?.builtin ?? false;

  function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const body = { name: String(f.get("name") ?? ""), description: String(f.get("description") ?? ""), permissions: f.getAll("permissions").map(String) };
    if (role) void update.run({ role: String(role.id), ...body }, { success: "Role saved.", onSuccess: () => setOpen(false) });
    else void create.run(body, { success: "Role created.", onSuccess: () => setOpen(false) });
  }

  return (
    <Dialog open={open} onOpenChange={(o) => (setOpen(o), action.reset())}>
      {!role && (
        <DialogTrigger asChild>
          <Button data-testid="new-role">
            <Plus className="size-4" /> New role
          </Button>
        </DialogTrigger>
      )}
      <DialogContent className="max-h-[90vh] overflow-y-auto sm:max-w-2xl">
        <DialogHeader>
          <DialogTitle>{role ? (readOnly ? `Role ${role.name} (built in)` : `Edit ${role.name}`) : "New role"}</DialogTitle>
          <DialogDescription>{readOnly ? "Built-in roles cannot change; create a role to adjust permissions." : "Pick what holders of this role may do in a team."}</DialogDescription>
        </DialogHeader>
        <form onSubmit={onSubmit} className="space-y-4">
          {action.formError && <FormError message={action.formError} />}
          <FormField label="Name" htmlFor="role-name" error={action.fieldError("name")}>
            <Input id="role-name" name="name" defaultValue={role?.name} required maxLength={64} disabled={readOnly} />
          </FormField>
          <FormField label="Description" htmlFor="role-description" error={action.fieldError("description")}>
            <Textarea id="role-description" name="description" defaultValue={role?.description} maxLength={500} rows={2} disabled={readOnly} />
          </FormField>
          <fieldset className="grid gap-4 sm:grid-cols-2" disabled={readOnly}>
            <legend className="sr-only">Permissions</legend>
            {permissionGroups.map((g) => (
              <div key={g.group} className="space-y-1.5">
                <div className="text-sm font-medium">{g.group}</div>
                {g.permissions.map(([p, text]) => (
                  <div key={p} className="flex items-start gap-2">
                    <Checkbox id={`perm-${p}`} name="permissions" value={p} defaultChecked={role?.permissions.includes(p)} className="mt-0.5" />
                    <Label htmlFor={`perm-${p}`} className="font-normal leading-snug">
                      {text} <code className="text-xs text-muted-foreground">{p}</code>
                    </Label>
                  </div>
                ))}
              </div>
            ))}
          </fieldset>
          {!readOnly && (
            <DialogFooter>
              <Button type="submit" pending={action.pending}>{role ? "Save role" : "Create role"}</Button>
            </DialogFooter>
          )}
        </form>
      </DialogContent>
    </Dialog>
  );
}
