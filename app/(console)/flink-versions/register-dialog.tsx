"use client";

import { FolderPlus } from "lucide-react";
import { useState } from "react";
import { useAction } from "@/components/console/use-action";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import { registerFlinkVersionAction } from "./actions";

export function RegisterFlinkVersionDialog() {
  const [open, setOpen] = useState(false);
  const action = useAction(registerFlinkVersionAction);
  function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    void action.run(
      {
        home: String(f.get("home") ?? ""),
        name: String(f.get("name") ?? "") || undefined,
        description: String(f.get("description") ?? ""),
        isDefault: f.get("isDefault") === "on",
      },
      { success: "Flink version registered.", onSuccess: () => setOpen(false) },
    );
  }
  return (
    <Dialog open={open} onOpenChange={(o) => (setOpen(o), action.reset())}>
      <DialogTrigger asChild>
        <Button data-testid="register-flink-version">
          <FolderPlus className="size-4" /> Register FLINK_HOME
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Register a Flink version</DialogTitle>
          <DialogDescription>Eddy checks lib/flink-dist*.jar, reads the version from it, and reads conf/config.yaml or conf/flink-conf.yaml.</DialogDescription>
        </DialogHeader>
        <form onSubmit={onSubmit} className="space-y-4">
          {action.formError && <FormError message={action.formError} />}
          <FormField label="FLINK_HOME" htmlFor="fv-home" error={action.fieldError("home")} hint="An absolute path on the Eddy server, e.g. /opt/flink-1.20.1.">
            <Input id="fv-home" name="home" required placeholder="/opt/flink-1.20.1" autoComplete="off" spellCheck={false} />
          </FormField>
          <FormField label="Name" htmlFor="fv-name" error={action.fieldError("name")} hint="Leave empty for flink-<version>.">
            <Input id="fv-name" name="name" maxLength={64} autoComplete="off" />
          </FormField>
          <FormField label="Description" htmlFor="fv-description" error={action.fieldError("description")}>
            <Textarea id="fv-description" name="description" rows={2} maxLength={500} />
          </FormField>
          <div className="flex items-center gap-2">
            <Checkbox id="fv-default" name="isDefault" />
            <Label htmlFor="fv-default">Make it the default for new clusters and jobs</Label>
          </div>
          <DialogFooter>
            <Button type="submit" pending={action.pending}>Register</Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
