"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { useAction } from "@/components/console/use-action";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import { createVariableAction, updateVariableAction } from "./actions";
import type { VariableRow } from "./variables-table";

/**
 * Create or edit. Editing a secret starts with an empty value meaning “unchanged”: the page never
 * has the secret, and sending nothing keeps it.
 */
export function VariableDialog({
  team,
  variable,
  canViewSecret,
  open,
  onOpenChange,
}: {
  team: string;
  variable?: VariableRow;
  canViewSecret: boolean;
  open: boolean;
  onOpenChange: (o: boolean) => void;
}) {
  const router = useRouter();
  const create = useAction(createVariableAction);
  const update = useAction(updateVariableAction);
  const action = variable ? update : create;
  const [secret, setSecret] = useState(variable?.secret ?? false);
  const wasSecret = variable?.secret ?? false;

  function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const name = String(f.get("name") ?? "").trim();
    const value = String(f.get("value") ?? "");
    const description = String(f.get("description") ?? "").trim();
    const done = { onSuccess: () => (onOpenChange(false), router.refresh()) };
    if (!variable) {
      void create.run({ team, variable: { name, value, secret, description } }, { success: `Added ${name}.`, ...done });
      return;
    }
    const changes: Record<string, unknown> = { name, description, secret };
    // A secret's empty field means “unchanged”; a plain value is sent only when edited.
    if (wasSecret ? value !== "" : value !== variable.value) changes.value = value;
    void update.run({ team, variable: String(variable.id), changes }, { success: `Saved ${name}.`, ...done });
  }

  const err = (k: string) => action.fieldError(k) ?? action.fieldError(`variable.${k}`) ?? action.fieldError(`changes.${k}`);
  return (
    <Dialog
      open={open}
      onOpenChange={(o) => {
        onOpenChange(o);
        create.reset();
        update.reset();
        setSecret(variable?.secret ?? false);
      }}
    >
      <DialogContent>
        <DialogHeader>
          <DialogTitle>{variable ? `Edit ${variable.name}` : "New variable"}</DialogTitle>
          <DialogDescription>
            Jobs use it as <code>{"${name}"}</code> in SQL, program arguments and dynamic properties; it is substituted when they are checked and deployed.
          </DialogDescription>
        </DialogHeader>
        <form onSubmit={onSubmit} className="space-y-4">
          {action.formError && <FormError message={action.formError} />}
          <FormField label="Name" htmlFor="v-name" error={err("name")} hint="Starts with a letter; letters, digits, dots, dashes, underscores. Case matters.">
            <Input id="v-name" name="name" defaultValue={variable?.name} required maxLength={64} autoComplete="off" spellCheck={false} className="font-mono" />
          </FormField>
          <FormField
            label="Value"
            htmlFor="v-value"
            error={err("value")}
            hint={wasSecret ? "Leave empty to keep the current secret value." : "Any text, line breaks included."}
          >
            <Textarea
              id="v-value"
              name="value"
              defaultValue={wasSecret ? "" : variable?.value}
              placeholder={wasSecret ? "Unchanged (type to replace)" : undefined}
              required={!variable}
              rows={4}
              maxLength={10_000}
              spellCheck={false}
              autoComplete="off"
              className="font-mono text-xs"
            />
          </FormField>
          <div className="space-y-1">
            <div className="flex items-center gap-2">
              <Checkbox
                id="v-secret"
                checked={secret}
                disabled={wasSecret && !canViewSecret}
                onChange={(e) => setSecret(e.currentTarget.checked)}
                data-testid="variable-secret"
              />
              <Label htmlFor="v-secret">Secret: stored encrypted, shown masked</Label>
            </div>
            {wasSecret && !canViewSecret && <p className="text-xs text-muted-foreground">Making it plain would show its value; your role does not allow viewing secrets.</p>}
          </div>
          <FormField label="Description" htmlFor="v-desc" error={err("description")}>
            <Textarea id="v-desc" name="description" defaultValue={variable?.description} rows={2} maxLength={500} />
          </FormField>
          <DialogFooter>
            <Button type="submit" pending={action.pending} data-testid="save-variable">
              {variable ? "Save" : "Add variable"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
