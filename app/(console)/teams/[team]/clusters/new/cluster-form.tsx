"use client";

import { Boxes, Cloud, Server } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { teamHref } from "@/components/console/team-href";
import { useAction } from "@/components/console/use-action";
import { Button } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";
import { Checkbox } from "@/components/ui/checkbox";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import { cn } from "@/components/ui/utils";
import { createClusterAction } from "../actions";

type Kind = "remote" | "yarn-session" | "k8s-session";
type Version = { name: string; version: string; isDefault: boolean };

const kinds: { kind: Kind; title: string; text: string; icon: typeof Server }[] = [
  { kind: "remote", title: "Remote", text: "A standalone Flink cluster, by its REST URL.", icon: Server },
  { kind: "yarn-session", title: "YARN session", text: "A running yarn-session, or one Eddy starts.", icon: Boxes },
  { kind: "k8s-session", title: "Kubernetes session", text: "A session FlinkDeployment, or one Eddy creates.", icon: Cloud },
];

/** "key=value" lines → a map; blank lines and # comments are skipped. */
function parseProperties(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split("\n")) {
    const t = line.trim();
    if (!t || t.startsWith("#")) continue;
    const i = t.indexOf("=");
    if (i > 0) out[t.slice(0, i).trim().replace(/^-D/, "")] = t.slice(i + 1).trim();
    else out[t] = "";
  }
  return out;
}

export function ClusterForm({ team, versions, alertChannels = [] }: { team: string; versions: Version[]; alertChannels?: string[] }) {
  const router = useRouter();
  const [kind, setKind] = useState<Kind>("remote");
  const [start, setStart] = useState(false);
  const action = useAction(createClusterAction);
  const err = (f: string) => action.fieldError(f) ?? action.fieldError(`cluster.${f}`);

  function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const s = (k: string) => String(f.get(k) ?? "").trim();
    const labels = s("labels").split(/[\s,]+/).filter(Boolean);
    const common = { name: s("name"), description: s("description"), labels, flinkVersion: s("flinkVersion") || undefined, sqlGatewayUrl: s("sqlGatewayUrl"), properties: parseProperties(s("properties")), alertChannel: s("alertChannel") || undefined };
    const cluster =
      kind === "remote"
        ? { ...common, kind, restUrl: s("restUrl") }
        : kind === "yarn-session"
          ? { ...common, kind, yarnRmUrl: s("yarnRmUrl"), yarnApplicationId: start ? undefined : s("yarnApplicationId") || undefined, yarnQueue: s("yarnQueue") || undefined, start }
          : { ...common, kind, k8sNamespace: s("k8sNamespace"), k8sClusterId: s("k8sClusterId"), k8sContext: s("k8sContext") || undefined, k8sImage: s("k8sImage") || undefined, restUrl: s("restUrl"), start };
    void action.run({ team, cluster }, { success: start ? "Starting the session cluster…" : "Cluster registered.", onSuccess: (c) => router.push(teamHref(team, `clusters/${encodeURIComponent(c.name)}`)) });
  }

  const defaultVersion = versions.find((v) => v.isDefault)?.name ?? "";
  return (
    <form onSubmit={onSubmit} className="max-w-3xl space-y-6">
      <fieldset className="grid gap-3 sm:grid-cols-3">
        <legend className="mb-2 text-sm font-medium">Kind</legend>
        {kinds.map((k) => (
          <label
            key={k.kind}
            className={cn(
              "flex cursor-pointer flex-col gap-1 rounded-lg border p-3 text-sm transition-colors has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-ring",
              kind === k.kind ? "border-primary bg-accent" : "hover:bg-accent/50",
            )}
          >
            <input type="radio" name="kind" value={k.kind} checked={kind === k.kind} onChange={() => (setKind(k.kind), setStart(false))} className="sr-only" />
            <span className="flex items-center gap-2 font-medium">
              <k.icon className="size-4 text-primary" /> {k.title}
            </span>
            <span className="text-muted-foreground">{k.text}</span>
          </label>
        ))}
      </fieldset>

      <Card>
        <CardContent className="space-y-4 pt-6">
          {action.formError && <FormError message={action.formError} />}
          <div className="grid gap-4 sm:grid-cols-2">
            <FormField label="Name" htmlFor="c-name" error={err("name")} hint="Used in links and by jobs, e.g. prod-session-1.">
              <Input id="c-name" name="name" required maxLength={64} autoComplete="off" />
            </FormField>
            <FormField label="Flink version" htmlFor="c-version" error={err("flinkVersion")} hint={start ? "Eddy starts the session with this FLINK_HOME." : "Optional for a cluster Eddy only watches."}>
              <Select id="c-version" name="flinkVersion" defaultValue={defaultVersion}>
                <option value="">—</option>
                {versions.map((v) => (
                  <option key={v.name} value={v.name}>
                    {v.name} ({v.version})
                  </option>
                ))}
              </Select>
            </FormField>
          </div>

          {kind === "remote" && (
            <FormField label="JobManager REST URL" htmlFor="c-rest" error={err("restUrl")} hint="As Eddy reaches it; a proxy path prefix is fine.">
              <Input id="c-rest" name="restUrl" required placeholder="http://flink-jobmanager:8081" spellCheck={false} />
            </FormField>
          )}

          {kind === "yarn-session" && (
            <>
              <FormField label="YARN ResourceManager URL" htmlFor="c-rm" error={err("yarnRmUrl")}>
                <Input id="c-rm" name="yarnRmUrl" required placeholder="http://resourcemanager:8088" spellCheck={false} />
              </FormField>
              <div className="flex items-center gap-2">
                <Checkbox id="c-start" checked={start} onChange={(e) => setStart(e.currentTarget.checked)} />
                <Label htmlFor="c-start">Eddy starts a new session (yarn-session.sh -d) and can stop it</Label>
              </div>
              {start ? (
                <FormField label="YARN queue" htmlFor="c-queue" error={err("yarnQueue")}>
                  <Input id="c-queue" name="yarnQueue" placeholder="default" />
                </FormField>
              ) : (
                <FormField label="Application id" htmlFor="c-app" error={err("yarnApplicationId")} hint="Of the running session.">
                  <Input id="c-app" name="yarnApplicationId" placeholder="application_1700000000000_0001" spellCheck={false} />
                </FormField>
              )}
            </>
          )}

          {kind === "k8s-session" && (
            <>
              <div className="grid gap-4 sm:grid-cols-2">
                <FormField label="Namespace" htmlFor="c-ns" error={err("k8sNamespace")}>
                  <Input id="c-ns" name="k8sNamespace" required placeholder="flink" spellCheck={false} />
                </FormField>
                <FormField label="Cluster id" htmlFor="c-cid" error={err("k8sClusterId")} hint="The FlinkDeployment's name.">
                  <Input id="c-cid" name="k8sClusterId" required placeholder="session-1" spellCheck={false} />
                </FormField>
              </div>
              <FormField label="JobManager REST URL" htmlFor="c-krest" error={err("restUrl")} hint="The ingress or service URL Eddy reaches it by; empty uses the server's template.">
                <Input id="c-krest" name="restUrl" spellCheck={false} />
              </FormField>
              <div className="grid gap-4 sm:grid-cols-2">
                <FormField label="kubeconfig context" htmlFor="c-ctx" error={err("k8sContext")} hint="Empty: the current context.">
                  <Input id="c-ctx" name="k8sContext" spellCheck={false} />
                </FormField>
                {start && (
                  <FormField label="Image" htmlFor="c-img" error={err("k8sImage")} hint="Empty: flink:<version>.">
                    <Input id="c-img" name="k8sImage" spellCheck={false} />
                  </FormField>
                )}
              </div>
              <div className="flex items-center gap-2">
                <Checkbox id="c-kstart" checked={start} onChange={(e) => setStart(e.currentTarget.checked)} />
                <Label htmlFor="c-kstart">Eddy creates the session (a FlinkDeployment) and can stop it</Label>
              </div>
            </>
          )}

          <FormField label="SQL Gateway URL" htmlFor="c-gw" error={err("sqlGatewayUrl")} hint="Optional: the gateway serving this cluster, for SQL checks and the workbench.">
            <Input id="c-gw" name="sqlGatewayUrl" placeholder="http://sql-gateway:8083" spellCheck={false} />
          </FormField>
          {alertChannels.length > 0 && (
            <FormField label="Alert when unreachable" htmlFor="c-alerts" error={err("alertChannel")} hint="A channel told once when the cluster stops answering, with the jobs that run there.">
              <Select id="c-alerts" name="alertChannel" defaultValue="">
                <option value="">No alert</option>
                {alertChannels.map((n) => (
                  <option key={n} value={n}>
                    {n}
                  </option>
                ))}
              </Select>
            </FormField>
          )}
          {start && (
            <FormField label="Flink configuration" htmlFor="c-props" error={err("properties")} hint="One key=value per line, as -D options.">
              <Textarea id="c-props" name="properties" rows={4} spellCheck={false} placeholder={"taskmanager.numberOfTaskSlots=4\njobmanager.memory.process.size=1600m"} className="font-mono text-xs" />
            </FormField>
          )}
          <div className="grid gap-4 sm:grid-cols-2">
            <FormField label="Labels" htmlFor="c-labels" error={err("labels")} hint="Separated by spaces or commas.">
              <Input id="c-labels" name="labels" placeholder="prod payments" />
            </FormField>
            <FormField label="Description" htmlFor="c-desc" error={err("description")}>
              <Textarea id="c-desc" name="description" rows={1} maxLength={500} />
            </FormField>
          </div>
          <Button type="submit" pending={action.pending} data-testid="save-cluster">
            {start ? "Register and start" : "Register cluster"}
          </Button>
        </CardContent>
      </Card>
    </form>
  );
}
