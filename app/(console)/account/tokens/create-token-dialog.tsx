"use client";

import { Copy, KeyRound } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { useAction } from "@/components/console/use-action";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { createTokenAction } from "./actions";

export function CreateTokenDialog({ teams }: { teams: string[] }) {
  const [open, setOpen] = useState(false);
  const [token, setToken] = useState<string | null>(null);
  const action = useAction(createTokenAction);

  function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    void action.run(
      { team: String(f.get("team") ?? ""), name: String(f.get("name") ?? ""), expiresInDays: String(f.get("expiresInDays") ?? "") || undefined },
      { onSuccess: (r) => setToken(r.token) },
    );
  }

  return (
    <Dialog open={open} onOpenChange={(o) => (setOpen(o), o || setToken(null), action.reset())}>
      <DialogTrigger asChild>
        <Button disabled={teams.length === 0} data-testid="create-token">
          <KeyRound className="size-4" /> New token
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>{token ? "Copy your token now" : "New API token"}</DialogTitle>
          <DialogDescription>{token ? "It is shown only once; Eddy keeps only its hash." : "Choose the team it acts in and how long it lives."}</DialogDescription>
        </DialogHeader>
        {token ? (
          <div className="space-y-4">
            <Alert variant="success">
              <AlertTitle>Token created</AlertTitle>
              <AlertDescription>
                <code data-testid="new-token" className="block break-all rounded bg-muted p-2 text-xs">{token}</code>
              </AlertDescription>
            </Alert>
            <DialogFooter>
              <Button variant="outline" onClick={() => void navigator.clipboard.writeText(token).then(() => toast.success("Copied."))}>
                <Copy className="size-4" /> Copy
              </Button>
              <Button onClick={() => setOpen(false)}>Done</Button>
            </DialogFooter>
          </div>
        ) : (
          <form onSubmit={onSubmit} className="space-y-4">
            {action.formError && <FormError message={action.formError} />}
            <FormField label="Team" htmlFor="token-team" error={action.fieldError("team")}>
              <Select id="token-team" name="team" defaultValue={teams[0]}>
                {teams.map((t) => (
                  <option key={t} value={t}>{t}</option>
                ))}
              </Select>
            </FormField>
            <FormField label="Name" htmlFor="token-name" error={action.fieldError("name")} hint="What uses it, e.g. “CI deploy”.">
              <Input id="token-name" name="name" maxLength={64} required />
            </FormField>
            <FormField label="Expires after (days)" htmlFor="token-days" error={action.fieldError("expiresInDays")} hint="Leave empty for a token that never expires.">
              <Input id="token-days" name="expiresInDays" type="number" min={1} max={3650} defaultValue={90} />
            </FormField>
            <DialogFooter>
              <Button type="submit" pending={action.pending}>Create token</Button>
            </DialogFooter>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}
