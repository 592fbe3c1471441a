"use client";

import { UserPlus } from "lucide-react";
import { useState } from "react";
import { useAction } from "@/components/console/use-action";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { createUserAction, resetPasswordAction, updateUserAction } from "./actions";

export type UserRow = { id: number; username: string; displayName: string; email: string; isAdmin: boolean; enabled: boolean; lastLoginAt: Date | null; createdAt: Date };

function GeneratedPassword({ username, password, onDone }: { username: string; password: string; onDone: () => void }) {
  return (
    <div className="space-y-4">
      <Alert variant="success">
        <AlertTitle>Password for {username}</AlertTitle>
        <AlertDescription>
          Shown only once. Give it to them; they can change it under Account.
          <code data-testid="generated-password" className="mt-2 block break-all rounded bg-muted p-2 text-sm">{password}</code>
        </AlertDescription>
      </Alert>
      <DialogFooter>
        <Button onClick={onDone}>Done</Button>
      </DialogFooter>
    </div>
  );
}

export function CreateUserDialog() {
  const [open, setOpen] = useState(false);
  const [created, setCreated] = useState<{ username: string; password: string } | null>(null);
  const action = useAction(createUserAction);

  function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const username = String(f.get("username") ?? "");
    void action.run(
      {
        username,
        displayName: String(f.get("displayName") ?? ""),
        email: String(f.get("email") ?? ""),
        password: String(f.get("password") ?? ""),
        isAdmin: f.get("isAdmin") === "on",
      },
      {
        success: `Created ${username}.`,
        onSuccess: (r) => (r.generatedPassword ? setCreated({ username: r.user.username, password: r.generatedPassword }) : setOpen(false)),
      },
    );
  }

  return (
    <Dialog open={open} onOpenChange={(o) => (setOpen(o), o || setCreated(null), action.reset())}>
      <DialogTrigger asChild>
        <Button data-testid="new-user">
          <UserPlus className="size-4" /> New user
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>New user</DialogTitle>
          <DialogDescription>Add them to teams afterwards, from each team's Members page.</DialogDescription>
        </DialogHeader>
        {created ? (
          <GeneratedPassword username={created.username} password={created.password} onDone={() => setOpen(false)} />
        ) : (
          <form onSubmit={onSubmit} className="space-y-4">
            {action.formError && <FormError message={action.formError} />}
            <FormField label="Username" htmlFor="user-username" error={action.fieldError("username")}>
              <Input id="user-username" name="username" required maxLength={64} autoComplete="off" />
            </FormField>
            <FormField label="Display name" htmlFor="user-displayName" error={action.fieldError("displayName")}>
              <Input id="user-displayName" name="displayName" maxLength={100} />
            </FormField>
            <FormField label="Email" htmlFor="user-email" error={action.fieldError("email")}>
              <Input id="user-email" name="email" type="email" maxLength={254} />
            </FormField>
            <FormField label="Password" htmlFor="user-password" error={action.fieldError("password")} hint="Leave empty to generate one.">
              <Input id="user-password" name="password" type="password" autoComplete="new-password" />
            </FormField>
            <div className="flex items-center gap-2">
              <Checkbox id="user-isAdmin" name="isAdmin" />
              <Label htmlFor="user-isAdmin">Administrator (manages users, teams and roles; sees every team)</Label>
            </div>
            <DialogFooter>
              <Button type="submit" pending={action.pending}>Create user</Button>
            </DialogFooter>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}

export function EditUserDialog({ user, self, open, onOpenChange }: { user: UserRow; self: boolean; open: boolean; onOpenChange: (o: boolean) => void }) {
  const action = useAction(updateUserAction);
  function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    void action.run(
      {
        user: user.username,
        displayName: String(f.get("displayName") ?? ""),
        email: String(f.get("email") ?? ""),
        isAdmin: f.get("isAdmin") === "on",
        enabled: f.get("enabled") === "on",
      },
      { success: `Saved ${user.username}.`, onSuccess: () => onOpenChange(false) },
    );
  }
  return (
    <Dialog open={open} onOpenChange={(o) => (onOpenChange(o), action.reset())}>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Edit {user.username}</DialogTitle>
          <DialogDescription>Disabling ends their sessions and stops their API tokens.</DialogDescription>
        </DialogHeader>
        <form onSubmit={onSubmit} className="space-y-4">
          {action.formError && <FormError message={action.formError} />}
          <FormField label="Display name" htmlFor="edit-displayName" error={action.fieldError("displayName")}>
            <Input id="edit-displayName" name="displayName" defaultValue={user.displayName} maxLength={100} />
          </FormField>
          <FormField label="Email" htmlFor="edit-email" error={action.fieldError("email")}>
            <Input id="edit-email" name="email" type="email" defaultValue={user.email} maxLength={254} />
          </FormField>
          <div className="flex items-center gap-2">
            <Checkbox id="edit-isAdmin" name="isAdmin" defaultChecked={user.isAdmin} disabled={self} />
            <Label htmlFor="edit-isAdmin">Administrator</Label>
          </div>
          <div className="flex items-center gap-2">
            <Checkbox id="edit-enabled" name="enabled" defaultChecked={user.enabled} disabled={self} />
            <Label htmlFor="edit-enabled">Enabled (can sign in)</Label>
          </div>
          {/* Disabled checkboxes are not submitted; keep the current values for one's own account. */}
          {self && <input type="hidden" name="isAdmin" value={user.isAdmin ? "on" : ""} />}
          {self && <input type="hidden" name="enabled" value={user.enabled ? "on" : ""} />}
          <DialogFooter>
            <Button type="submit" pending={action.pending}>Save</Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

export function ResetPasswordDialog({ user, open, onOpenChange }: { user: UserRow; open: boolean; onOpenChange: (o: boolean) => void }) {
  const [generated, setGenerated] = useState<string | null>(null);
  const action = useAction(resetPasswordAction);
  function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    void action.run(
      { user: user.username, password: String(f.get("password") ?? "") },
      { success: `Reset the password of ${user.username}.`, onSuccess: (r) => (r.generatedPassword ? setGenerated(r.generatedPassword) : onOpenChange(false)) },
    );
  }
  return (
    <Dialog open={open} onOpenChange={(o) => (onOpenChange(o), o || setGenerated(null), action.reset())}>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Reset the password of {user.username}</DialogTitle>
          <DialogDescription>Their current sessions end.</DialogDescription>
        </DialogHeader>
        {generated ? (
          <GeneratedPassword username={user.username} password={generated} onDone={() => onOpenChange(false)} />
        ) : (
          <form onSubmit={onSubmit} className="space-y-4">
            {action.formError && <FormError message={action.formError} />}
            <FormField label="New password" htmlFor="reset-password" error={action.fieldError("password")} hint="Leave empty to generate one.">
              <Input id="reset-password" name="password" type="password" autoComplete="new-password" />
            </FormField>
            <DialogFooter>
              <Button type="submit" variant="destructive" pending={action.pending}>Reset password</Button>
            </DialogFooter>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}
