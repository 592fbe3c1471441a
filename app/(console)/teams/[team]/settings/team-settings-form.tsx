"use client";

import { useRouter } from "next/navigation";
import { useAction } from "@/components/console/use-action";
import { teamHref } from "@/components/console/team-href";
import { Button } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { updateTeamAction } from "./actions";

export function TeamSettingsForm({ team, canRename }: { team: { name: string; description: string }; canRename: boolean }) {
  const router = useRouter();
  const action = useAction(updateTeamAction);
  function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const name = canRename ? String(f.get("name") ?? "") : undefined;
    void action.run(
      { team: team.name, name, description: String(f.get("description") ?? "") },
      { success: "Saved.", onSuccess: (t) => t.name !== team.name && router.replace(teamHref(t.name, "settings")) },
    );
  }
  return (
    <Card className="max-w-xl">
      <CardContent className="pt-6">
        <form onSubmit={onSubmit} className="space-y-4">
          {action.formError && <FormError message={action.formError} />}
          <FormField label="Name" htmlFor="team-name" error={action.fieldError("name")}
            hint={canRename ? "Renaming changes every link to this team." : "Only administrators can rename a team."}>
            <Input id="team-name" name="name" defaultValue={team.name} disabled={!canRename} maxLength={64} />
          </FormField>
          <FormField label="Description" htmlFor="team-description" error={action.fieldError("description")}>
            <Textarea id="team-description" name="description" defaultValue={team.description} maxLength={500} rows={3} />
          </FormField>
          <Button type="submit" pending={action.pending}>Save</Button>
        </form>
      </CardContent>
    </Card>
  );
}
