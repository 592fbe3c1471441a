"use client";

import { Copy, Pencil, Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { teamHref } from "@/components/console/team-href";
import { useAction } from "@/components/console/use-action";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { copyJobAction, deleteJobAction, updateJobAction } from "../actions";

type JobMeta = { name: string; description: string; tags: string[]; owner: string | null };

export function JobOverviewActions({ team, job, can }: { team: string; job: JobMeta; can: { edit: boolean; create: boolean; delete: boolean } }) {
  const router = useRouter();
  const [dialog, setDialog] = useState<"edit" | "copy" | "delete" | null>(null);
  const update = useAction(updateJobAction);
  const copy = useAction(copyJobAction);
  const del = useAction(deleteJobAction);
  const go = (name: string) => router.push(teamHref(team, `jobs/${encodeURIComponent(name)}`));

  return (
    <div className="flex gap-2">
      {can.edit && (
        <Button variant="outline" size="sm" onClick={() => setDialog("edit")}>
          <Pencil className="size-4" /> Edit details
        </Button>
      )}
      {can.create && (
        <Button variant="outline" size="sm" onClick={() => setDialog("copy")}>
          <Copy className="size-4" /> Copy
        </Button>
      )}
      {can.delete && (
        <Button variant="outline" size="sm" onClick={() => setDialog("delete")}>
          <Trash2 className="size-4" /> Delete
        </Button>
      )}

      <Dialog open={dialog === "edit"} onOpenChange={(o) => (setDialog(o ? "edit" : null), update.reset())}>
        <DialogContent>
          <DialogHeader>
            <DialogTitle>Edit {job.name}</DialogTitle>
            <DialogDescription>Name, description, tags and owner are not versioned.</DialogDescription>
          </DialogHeader>
          <form
            className="space-y-4"
            onSubmit={(e) => {
              e.preventDefault();
              const f = new FormData(e.currentTarget);
              const s = (k: string) => String(f.get(k) ?? "").trim();
              void update.run(
                { team, job: job.name, changes: { name: s("name"), description: s("description"), tags: s("tags").split(/[\s,]+/).filter(Boolean), ...(s("owner") ? { owner: s("owner") } : {}) } },
                { success: "Saved.", onSuccess: (r) => (setDialog(null), r.name !== job.name ? go(r.name) : router.refresh()) },
              );
            }}
          >
            {update.formError && <FormError message={update.formError} />}
            <FormField label="Name" htmlFor="m-name" error={update.fieldError("changes.name") ?? update.fieldError("name")} hint="Renaming changes this job's links.">
              <Input id="m-name" name="name" defaultValue={job.name} maxLength={100} />
            </FormField>
            <FormField label="Description" htmlFor="m-desc" error={update.fieldError("changes.description") ?? update.fieldError("description")}>
              <Textarea id="m-desc" name="description" defaultValue={job.description} rows={2} maxLength={500} />
            </FormField>
            <FormField label="Tags" htmlFor="m-tags" error={update.fieldError("changes.tags") ?? update.fieldError("tags")}>
              <Input id="m-tags" name="tags" defaultValue={job.tags.join(" ")} />
            </FormField>
            <FormField label="Owner" htmlFor="m-owner" error={update.fieldError("owner")} hint="A username.">
              <Input id="m-owner" name="owner" defaultValue={job.owner ?? ""} />
            </FormField>
            <DialogFooter>
              <Button type="submit" pending={update.pending}>Save</Button>
            </DialogFooter>
          </form>
        </DialogContent>
      </Dialog>

      <Dialog open={dialog === "copy"} onOpenChange={(o) => (setDialog(o ? "copy" : null), copy.reset())}>
        <DialogContent>
          <DialogHeader>
            <DialogTitle>Copy {job.name}</DialogTitle>
            <DialogDescription>The copy starts at version 1 with this job's newest SQL and settings.</DialogDescription>
          </DialogHeader>
          <form
            className="space-y-4"
            onSubmit={(e) => {
              e.preventDefault();
              const name = String(new FormData(e.currentTarget).get("name") ?? "");
              void copy.run({ team, job: job.name, name }, { success: "Copied.", onSuccess: (r) => go(r.name) });
            }}
          >
            {copy.formError && <FormError message={copy.formError} />}
            <FormField label="Name of the copy" htmlFor="c-name" error={copy.fieldError("name")}>
              <Input id="c-name" name="name" defaultValue={`${job.name}-copy`} maxLength={100} />
            </FormField>
            <DialogFooter>
              <Button type="submit" pending={copy.pending}>Copy</Button>
            </DialogFooter>
          </form>
        </DialogContent>
      </Dialog>

      <Dialog open={dialog === "delete"} onOpenChange={(o) => (setDialog(o ? "delete" : null), del.reset())}>
        <DialogContent>
          <DialogHeader>
            <DialogTitle>Delete {job.name}?</DialogTitle>
            <DialogDescription>Its versions go with it. A running job cannot be deleted.</DialogDescription>
          </DialogHeader>
          {del.error && <FormError message={del.error.message} />}
          <DialogFooter>
            <Button variant="outline" onClick={() => setDialog(null)}>Cancel</Button>
            <Button variant="destructive" pending={del.pending} onClick={() => void del.run({ team, job: job.name }, { success: "Deleted.", onSuccess: () => router.push(teamHref(team, "jobs")) })}>
              Delete
            </Button>
          </DialogFooter>
        </DialogContent>
      </Dialog>
    </div>
  );
}
