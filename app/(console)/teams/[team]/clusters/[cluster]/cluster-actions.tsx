"use client";

import { Pencil, Play, Square, Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { teamHref } from "@/components/console/team-href";
import { useAction } from "@/components/console/use-action";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import { clusterLifecycleAction, deleteClusterAction, updateClusterAction } from "../actions";

type ClusterSummary = {
  id: number;
  name: string;
  managed: boolean;
  state: string;
  kind: string;
  description: string;
  labels: string[];
  restUrl: string | null;
  sqlGatewayUrl: string | null;
  flinkVersion: string | null;
  alertChannel: string | null;
};

function EditDialog({ team, cluster, versions, alertChannels, open, onOpenChange }: { team: string; cluster: ClusterSummary; versions: string[]; alertChannels: string[] | null; open: boolean; onOpenChange: (o: boolean) => void }) {
  const router = useRouter();
  const action = useAction(updateClusterAction);
  function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const s = (k: string) => String(f.get(k) ?? "").trim();
    const changes = {
      name: s("name"),
      description: s("description"),
      labels: s("labels").split(/[\s,]+/).filter(Boolean),
      sqlGatewayUrl: s("sqlGatewayUrl"),
      flinkVersion: s("flinkVersion"),
      ...(cluster.kind !== "yarn-session" ? { restUrl: s("restUrl") } : {}),
      // Only someone shown the team's channels can change the choice; null clears it.
      ...(alertChannels ? { alertChannel: s("alertChannel") || null } : {}),
    };
    void action.run(
      { team, cluster: String(cluster.id), changes },
      {
        success: "Saved.",
        onSuccess: (c) => {
          onOpenChange(false);
          if (c.name !== cluster.name) router.replace(teamHref(team, `clusters/${encodeURIComponent(c.name)}`));
        },
      },
    );
  }
  const err = (k: string) => action.fieldError(k) ?? action.fieldError(`changes.${k}`);
  return (
    <Dialog open={open} onOpenChange={(o) => (onOpenChange(o), action.reset())}>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Edit {cluster.name}</DialogTitle>
          <DialogDescription>Changes apply to the next probe, which runs at once.</DialogDescription>
        </DialogHeader>
        <form onSubmit={onSubmit} className="space-y-4">
          {action.formError && <FormError message={action.formError} />}
          <FormField label="Name" htmlFor="e-name" error={err("name")}>
            <Input id="e-name" name="name" defaultValue={cluster.name} maxLength={64} />
          </FormField>
          {cluster.kind !== "yarn-session" && (
            <FormField label="JobManager REST URL" htmlFor="e-rest" error={err("restUrl")}>
              <Input id="e-rest" name="restUrl" defaultValue={cluster.restUrl ?? ""} spellCheck={false} />
            </FormField>
          )}
          <FormField label="Flink version" htmlFor="e-version" error={err("flinkVersion")}>
            <Select id="e-version" name="flinkVersion" defaultValue={cluster.flinkVersion ?? ""}>
              <option value="">—</option>
              {versions.map((v) => (
                <option key={v} value={v}>{v}</option>
              ))}
            </Select>
          </FormField>
          <FormField label="SQL Gateway URL" htmlFor="e-gw" error={err("sqlGatewayUrl")}>
            <Input id="e-gw" name="sqlGatewayUrl" defaultValue={cluster.sqlGatewayUrl ?? ""} spellCheck={false} />
          </FormField>
          {alertChannels && (
            <FormField label="Alert when unreachable" htmlFor="e-alerts" error={err("alertChannel")} hint="A channel told once when the cluster stops answering, with the jobs that run there.">
              <Select id="e-alerts" name="alertChannel" defaultValue={cluster.alertChannel ?? ""}>
                <option value="">No alert</option>
                {alertChannels.map((n) => (
                  <option key={n} value={n}>{n}</option>
                ))}
              </Select>
            </FormField>
          )}
          <FormField label="Labels" htmlFor="e-labels" error={err("labels")}>
            <Input id="e-labels" name="labels" defaultValue={cluster.labels.join(" ")} />
          </FormField>
          <FormField label="Description" htmlFor="e-desc" error={err("description")}>
            <Textarea id="e-desc" name="description" defaultValue={cluster.description} rows={2} maxLength={500} />
          </FormField>
          <DialogFooter>
            <Button type="submit" pending={action.pending}>Save</Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

function DeleteDialog({ team, cluster, open, onOpenChange }: { team: string; cluster: ClusterSummary; open: boolean; onOpenChange: (o: boolean) => void }) {
  const router = useRouter();
  const action = useAction(deleteClusterAction);
  return (
    <Dialog open={open} onOpenChange={(o) => (onOpenChange(o), action.reset())}>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Remove {cluster.name} from Eddy?</DialogTitle>
          <DialogDescription>Eddy stops watching it. The cluster itself keeps running; a cluster that still runs jobs cannot be removed.</DialogDescription>
        </DialogHeader>
        {action.error && <FormError message={action.error.message} />}
        <DialogFooter>
          <Button variant="outline" onClick={() => onOpenChange(false)}>Cancel</Button>
          <Button
            variant="destructive"
            pending={action.pending}
            data-testid="confirm-delete-cluster"
            onClick={() => void action.run({ team, cluster: String(cluster.id) }, { success: `Removed ${cluster.name}.`, onSuccess: () => router.push(teamHref(team, "clusters")) })}
          >
            Remove
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}

export function ClusterActions({ team, cluster, versions, alertChannels }: { team: string; cluster: ClusterSummary; versions: string[]; alertChannels: string[] | null }) {
  const [dialog, setDialog] = useState<"edit" | "delete" | null>(null);
  const lifecycle = useAction(clusterLifecycleAction);
  const run = (action: "start" | "stop") =>
    void lifecycle.run({ team, cluster: String(cluster.id), action }, { success: action === "start" ? "Starting…" : "Stopping…" }).then((r) => !r.ok && toast.error(r.error.message));
  return (
    <>
      {cluster.managed && ["stopped", "failed"].includes(cluster.state) && (
        <Button variant="outline" onClick={() => run("start")} pending={lifecycle.pending}>
          <Play className="size-4" /> Start
        </Button>
      )}
      {cluster.managed && ["starting", "running", "failed"].includes(cluster.state) && (
        <Button variant="outline" onClick={() => run("stop")} pending={lifecycle.pending} data-testid="stop-cluster">
          <Square className="size-4" /> Stop
        </Button>
      )}
      <Button variant="outline" onClick={() => setDialog("edit")}>
        <Pencil className="size-4" /> Edit
      </Button>
      <Button variant="outline" onClick={() => setDialog("delete")} data-testid="delete-cluster">
        <Trash2 className="size-4" /> Remove
      </Button>
      <EditDialog team={team} cluster={cluster} versions={versions} alertChannels={alertChannels} open={dialog === "edit"} onOpenChange={(o) => setDialog(o ? "edit" : null)} />
      <DeleteDialog team={team} cluster={cluster} open={dialog === "delete"} onOpenChange={(o) => setDialog(o ? "delete" : null)} />
    </>
  );
}
