"use client";

import { UserPlus } from "lucide-react";
import { useState } from "react";
import { useAction } from "@/components/console/use-action";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { FormError, FormField } from "@/components/ui/form-field";
import { Select } from "@/components/ui/select";
import { addMemberAction } from "./actions";

type Option = { id: number; name: string };
type Candidate = { id: number; username: string; displayName: string };

export function AddMemberDialog({ team, users, roles }: { team: string; users: Candidate[]; roles: Option[] }) {
  const [open, setOpen] = useState(false);
  const action = useAction(addMemberAction);
  const defaultRole = roles.find((r) => r.name === "developer")?.name ?? roles[0]?.name ?? "";

  function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const user = String(f.get("user") ?? "");
    void action.run(
      { team, user, role: String(f.get("role") ?? "") },
      { success: `Added ${user} to ${team}.`, onSuccess: () => setOpen(false) },
    );
  }

  return (
    <Dialog open={open} onOpenChange={(o) => (setOpen(o), action.reset())}>
      <DialogTrigger asChild>
        <Button data-testid="add-member">
          <UserPlus className="size-4" /> Add member
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Add a member to {team}</DialogTitle>
          <DialogDescription>The role decides what they can do in this team.</DialogDescription>
        </DialogHeader>
        <form onSubmit={onSubmit} className="space-y-4">
          {action.formError && <FormError message={action.formError} />}
          <FormField label="User" htmlFor="member-user" error={action.fieldError("user")}
            hint={users.length === 0 ? "Every enabled user is already a member." : undefined}>
            <Select id="member-user" name="user" required defaultValue="">
              <option value="" disabled>Choose a user…</option>
              {users.map((u) => (
                <option key={u.id} value={u.username}>
                  {u.displayName ? `${u.username} (${u.displayName})` : u.username}
                </option>
              ))}
            </Select>
          </FormField>
          <FormField label="Role" htmlFor="member-role" error={action.fieldError("role")}>
            <Select id="member-role" name="role" defaultValue={defaultRole}>
              {roles.map((r) => (
                <option key={r.id} value={r.name}>{r.name}</option>
              ))}
            </Select>
          </FormField>
          <DialogFooter>
            <Button type="submit" pending={action.pending} disabled={users.length === 0}>Add member</Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
