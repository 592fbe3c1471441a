"use client";

import { Plus } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { teamHref } from "@/components/console/team-href";
import { useAction } from "@/components/console/use-action";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { createTeamAction } from "./actions";

export function CreateTeamDialog() {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const action = useAction(createTeamAction);
  function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    void action.run(
      { name: String(f.get("name") ?? ""), description: String(f.get("description") ?? "") },
      { success: "Team created.", onSuccess: (t) => (setOpen(false), router.push(teamHref(t.name, "members"))) },
    );
  }
  return (
    <Dialog open={open} onOpenChange={(o) => (setOpen(o), action.reset())}>
      <DialogTrigger asChild>
        <Button data-testid="new-team">
          <Plus className="size-4" /> New team
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>New team</DialogTitle>
          <DialogDescription>You can add members right after.</DialogDescription>
        </DialogHeader>
        <form onSubmit={onSubmit} className="space-y-4">
          {action.formError && <FormError message={action.formError} />}
          <FormField label="Name" htmlFor="team-name" error={action.fieldError("name")} hint="Used in links, e.g. /teams/analytics.">
            <Input id="team-name" name="name" required maxLength={64} autoComplete="off" />
          </FormField>
          <FormField label="Description" htmlFor="team-description" error={action.fieldError("description")}>
            <Textarea id="team-description" name="description" maxLength={500} rows={3} />
          </FormField>
          <DialogFooter>
            <Button type="submit" pending={action.pending}>Create team</Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
