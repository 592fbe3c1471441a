"use client";

import { FlaskConical, Save } from "lucide-react";
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useRef, useState } from "react";
import { toast } from "sonner";
import { teamHref } from "@/components/console/team-href";
import { useAction } from "@/components/console/use-action";
import { EditorToolbar, SqlEditor, useUnsavedGuard, type SqlEditorHandle } from "@/components/sql-editor";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Checkbox } from "@/components/ui/checkbox";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import { cn } from "@/components/ui/utils";
import { checkFlinkProperties } from "@/lib/flink/config-options";
import type { JobSettingsInput } from "@/lib/jobs/settings";
import { clusterKindForMode, DEFAULT_ALERT_RULES, executionModes, modeLabel, reservedJobProperties, sessionModes } from "@/lib/jobs/settings";
import type { Diagnostic } from "@/lib/sql";
import { completeSqlAction, createJobAction, saveJobVersionAction, verifyWithFlinkAction } from "./actions";
import { jarClassesAction } from "./class-actions";

export type EditorOptions = {
  clusters: { name: string; kind: string; hasGateway: boolean }[];
  versions: { name: string; version: string; major: number; isDefault: boolean }[];
  resources: { name: string; kind: string; mainClass: string | null }[];
  variables: string[];
  /** The team's alert channels (absent: the editor offers none). */
  alertChannels?: { name: string; kind: string; label: string; enabled: boolean }[];
};

type Props = {
  team: string;
  options: EditorOptions;
  /** Editing an existing job; absent when creating one. */
  job?: { name: string; type: "sql" | "jar"; sql: string; settings: JobSettingsInput; headVersion: number };
};

const lines = (s: string) => s.split("\n").map((l) => l.trim()).filter(Boolean);

/** key=value lines (a leading -D is tolerated, as people paste CLI options) → a map. */
function parseProperties(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const l of lines(text)) {
    if (l.startsWith("#")) continue;
    const i = l.indexOf("=");
    out[(i > 0 ? l.slice(0, i) : l).trim().replace(/^-D/, "")] = i > 0 ? l.slice(i + 1).trim() : "";
  }
  return out;
}

const STARTER_SQL = `-- A FlinkSQL job: declare sources and sinks, then INSERT.
CREATE TABLE orders (
  order_id BIGINT,
  amount   DECIMAL(10, 2),
  ts       TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (
  'connector' = 'datagen'
);

CREATE TABLE order_totals (
  window_start TIMESTAMP(3),
  window_end   TIMESTAMP(3),
  total        DECIMAL(10, 2)
) WITH (
  'connector' = 'print'
);

INSERT INTO order_totals
SELECT window_start, window_end, SUM(amount)
FROM TABLE(TUMBLE(TABLE orders, DESCRIPTOR(ts), INTERVAL '1' MINUTE))
GROUP BY window_start, window_end;
`;

/**
 * Creating a job, or editing its SQL and settings (each save a new version). The SQL is checked
 * while typing by the same lib/sql the server runs on save; "Verify with Flink" asks the cluster's
 * SQL Gateway, which has the final word.
 */
export function JobEditor({ team, options, job }: Props) {
  const router = useRouter();
  const editor = useRef<SqlEditorHandle>(null);
  const s0 = job?.settings;
  const defaultVersion = options.versions.find((v) => v.isDefault)?.name ?? "";
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [tags, setTags] = useState("");
  const [type, setType] = useState<"sql" | "jar">(job?.type ?? "sql");
  const [sql, setSql] = useState(job?.sql ?? STARTER_SQL);
  const [mode, setMode] = useState<JobSettingsInput["mode"]>(s0?.mode ?? "remote");
  const [cluster, setCluster] = useState(s0?.cluster ?? "");
  const [flinkVersion, setFlinkVersion] = useState(s0?.flinkVersion ?? defaultVersion);
  const [fields, setFields] = useState({
    yarnQueue: s0?.yarnQueue ?? "",
    k8sNamespace: s0?.k8sNamespace ?? "",
    k8sImage: s0?.k8sImage ?? "",
    parallelism: String(s0?.parallelism ?? 1),
    jobManagerMemory: s0?.jobManagerMemory ?? "",
    taskManagerMemory: s0?.taskManagerMemory ?? "",
    slots: s0?.slots ? String(s0.slots) : "",
    dynamicProperties: Object.entries(s0?.dynamicProperties ?? {}).map(([k, v]) => `${k}=${v}`).join("\n"),
    programArgs: (s0?.programArgs ?? []).join("\n"),
    jar: s0?.jar ?? "",
    mainClass: s0?.mainClass ?? "",
    checkpointDir: s0?.checkpointDir ?? "",
    savepointDir: s0?.savepointDir ?? "",
    restartMax: String(s0?.restart?.maxAttempts ?? 3),
    restartWindow: String(s0?.restart?.windowMinutes ?? 30),
    cpAction: s0?.checkpointFailure?.action ?? "alert",
    cpCount: String(s0?.checkpointFailure?.count ?? 3),
    cpWindow: String(s0?.checkpointFailure?.windowMinutes ?? 10),
  });
  const [dependencies, setDependencies] = useState<string[]>(s0?.dependencies ?? []);
  const [alertChannel, setAlertChannel] = useState(s0?.alertChannel ?? "");
  const [alertRules, setAlertRules] = useState({ ...DEFAULT_ALERT_RULES, ...s0?.alerts });
  const [quietMinutes, setQuietMinutes] = useState(String(s0?.alerts?.quietMinutes ?? DEFAULT_ALERT_RULES.quietMinutes));
  const [note, setNote] = useState("");
  const [dirty, setDirty] = useState(false);
  const [diagnostics, setDiagnostics] = useState<Diagnostic[]>([]);
  const [verify, setVerify] = useState<Awaited<ReturnType<typeof verifyWithFlinkAction>> | null>(null);
  const create = useAction(createJobAction);
  const save = useAction(saveJobVersionAction);
  const verifier = useAction(verifyWithFlinkAction);
  const action = job ? save : create;
  const allowLeave = useUnsavedGuard(dirty, "Your changes to this job are not saved. Leave anyway?");

  const set = (k: keyof typeof fields) => (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>) => {
    setFields((f) => ({ ...f, [k]: e.target.value }));
    setDirty(true);
  };
  const err = (f: string) => action.fieldError(f) ?? action.fieldError(`job.${f}`) ?? action.fieldError(`settings.${f}`) ?? action.fieldError(`job.settings.${f}`) ?? action.fieldError(`version.settings.${f}`) ?? action.fieldError(`version.${f}`);
  /** A field's message, or the first one for a part of it (a dynamic property's key: settings.dynamicProperties.<key>). */
  const errWithin = (f: string) => {
    const fields = action.error?.fields ?? {};
    const key = Object.keys(fields).find((k) => [f, `settings.${f}`, `job.settings.${f}`, `version.settings.${f}`].some((p) => k.startsWith(`${p}.`)));
    return err(f) ?? (key ? fields[key] : undefined);
  };

  // The same checks the server runs on save, while typing: values Flink would refuse, options Eddy
  // sets itself, and keys Eddy does not know (allowed: Flink and connectors have many more).
  const propertyCheck = useMemo(() => {
    const props = parseProperties(fields.dynamicProperties);
    const { errors, unknown } = checkFlinkProperties(props);
    const reserved = Object.keys(props).filter((k) => Object.prototype.hasOwnProperty.call(reservedJobProperties, k)).map((k) => reservedJobProperties[k]!);
    return { problem: reserved[0] ?? Object.values(errors)[0], unknown };
  }, [fields.dynamicProperties]);

  // The chosen jar's classes for the main class suggestions, asked for when the jar changes (a jar
  // may list thousands, so the editor's options do not carry them all).
  const [jarClasses, setJarClasses] = useState<{ jar: string; classes: string[] } | null>(null);
  useEffect(() => {
    if (type !== "jar" || !fields.jar) return;
    let current = true;
    void jarClassesAction({ team, jar: fields.jar }).then((r) => {
      if (current && r.ok) setJarClasses({ jar: fields.jar, classes: r.data.classes });
    });
    return () => {
      current = false;
    };
  }, [team, type, fields.jar]);
  const manifestMain = options.resources.find((r) => r.name === fields.jar)?.mainClass ?? null;
  const classSuggestions = jarClasses?.jar === fields.jar ? jarClasses.classes : manifestMain ? [manifestMain] : [];

  const session = sessionModes.includes(mode);
  const clustersForMode = options.clusters.filter((c) => c.kind === clusterKindForMode[mode]);
  const gatewayCluster = session ? options.clusters.find((c) => c.name === cluster && c.hasGateway) : undefined;
  const errors = diagnostics.filter((d) => d.severity === "error").length;

  const settings = useMemo<JobSettingsInput>(
    () => ({
      mode,
      flinkVersion: flinkVersion || undefined,
      cluster: session ? cluster || undefined : undefined,
      yarnQueue: mode.startsWith("yarn") && !session ? fields.yarnQueue || undefined : undefined,
      k8sNamespace: mode === "k8s-application" ? fields.k8sNamespace || undefined : undefined,
      k8sImage: mode === "k8s-application" ? fields.k8sImage || undefined : undefined,
      parallelism: Number(fields.parallelism) || 1,
      jobManagerMemory: fields.jobManagerMemory || undefined,
      taskManagerMemory: fields.taskManagerMemory || undefined,
      slots: fields.slots ? Number(fields.slots) : undefined,
      dynamicProperties: parseProperties(fields.dynamicProperties),
      programArgs: lines(fields.programArgs),
      jar: type === "jar" ? fields.jar || undefined : undefined,
      mainClass: type === "jar" ? fields.mainClass || undefined : undefined,
      dependencies,
      checkpointDir: fields.checkpointDir || undefined,
      savepointDir: fields.savepointDir || undefined,
      restart: { maxAttempts: Number(fields.restartMax), windowMinutes: Number(fields.restartWindow) },
      checkpointFailure: { action: fields.cpAction as "none" | "alert" | "restart", count: Number(fields.cpCount), windowMinutes: Number(fields.cpWindow) },
      alertChannel: alertChannel || null,
      alerts: { ...alertRules, quietMinutes: quietMinutes.trim() === "" ? DEFAULT_ALERT_RULES.quietMinutes : Number(quietMinutes) },
    }),
    [mode, flinkVersion, session, cluster, fields, type, dependencies, alertChannel, alertRules, quietMinutes],
  );

  function submit() {
    if (job) {
      void save.run(
        { team, job: job.name, version: { sql: type === "sql" ? sql : undefined, settings, note } },
        {
          onSuccess: (r) => {
            setDirty(false);
            setNote("");
            if (r.unchanged) toast.info("Nothing changed since the newest version; no version was made.");
            else if (r.valid) toast.success(`Saved as version ${r.number}.`);
            else {
              // The server's verdict is the one builds use; it can differ from the editor's (a variable removed since the page loaded).
              const first = (r.diagnostics as { severity: string; line: number; column: number; message: string }[]).find((d) => d.severity === "error");
              toast.warning(`Saved as version ${r.number}, not valid: fix the errors before building.`, first ? { description: `Line ${first.line}, column ${first.column}: ${first.message}`, action: { label: "Show", onClick: () => editor.current?.revealLine(first.line) } } : undefined);
            }
            router.refresh();
          },
        },
      );
    } else {
      void create.run(
        { team, job: { name, description, tags: tags.split(/[\s,]+/).filter(Boolean), type, sql: type === "sql" ? sql : "", settings, note } },
        {
          success: "Job created.",
          onSuccess: (r) => {
            setDirty(false);
            allowLeave();
            router.push(teamHref(team, `jobs/${encodeURIComponent(r.name)}`));
          },
        },
      );
    }
  }

  const toolbarActions = (
    <>
      {type === "sql" && (
        <Button
          type="button"
          size="sm"
          variant="outline"
          disabled={!gatewayCluster}
          title={gatewayCluster ? `EXPLAIN on ${gatewayCluster.name}'s SQL Gateway` : "Choose a session cluster with a SQL Gateway"}
          pending={verifier.pending}
          data-testid="verify-with-flink"
          onClick={() => void verifier.run({ team, sql, cluster: gatewayCluster?.name ?? null }).then((r) => setVerify(r))}
        >
          <FlaskConical className="size-4" /> Verify with Flink
        </Button>
      )}
      <Button type="button" size="sm" onClick={submit} pending={action.pending} data-testid="save-job">
        <Save className="size-4" /> {job ? "Save version" : "Create job"}
      </Button>
    </>
  );

  return (
    // The save bar sticks to the bottom; scroll margins keep a focused or scrolled-to field above it.
    <div className="space-y-6 [&_button]:scroll-mb-28 [&_input]:scroll-mb-28 [&_select]:scroll-mb-28 [&_textarea]:scroll-mb-28">
      {action.formError && <FormError message={action.formError} />}
      {!job && (
        <Card>
          <CardHeader>
            <CardTitle>Job</CardTitle>
          </CardHeader>
          <CardContent className="grid gap-4 sm:grid-cols-2">
            <FormField label="Name" htmlFor="j-name" error={err("name")} hint="Letters, digits, dots, dashes, underscores.">
              <Input id="j-name" value={name} onChange={(e) => (setName(e.target.value), setDirty(true))} maxLength={100} autoComplete="off" />
            </FormField>
            <fieldset className="space-y-1.5">
              <legend className="text-sm font-medium">Type</legend>
              <div className="flex gap-4 pt-1.5 text-sm">
                {(["sql", "jar"] as const).map((t) => (
                  <label key={t} className="flex items-center gap-2">
                    <input type="radio" name="type" value={t} checked={type === t} onChange={() => (setType(t), setDirty(true))} />
                    {t === "sql" ? "FlinkSQL" : "JAR"}
                  </label>
                ))}
              </div>
            </fieldset>
            <FormField label="Description" htmlFor="j-desc" error={err("description")}>
              <Input id="j-desc" value={description} onChange={(e) => (setDescription(e.target.value), setDirty(true))} maxLength={500} />
            </FormField>
            <FormField label="Tags" htmlFor="j-tags" error={err("tags")} hint="Separated by spaces or commas.">
              <Input id="j-tags" value={tags} onChange={(e) => (setTags(e.target.value), setDirty(true))} />
            </FormField>
          </CardContent>
        </Card>
      )}

      {type === "sql" && (
        <div>
          {err("sql") && <p role="alert" className="mb-2 text-sm text-destructive">{err("sql")}</p>}
          <SqlEditor
            ref={editor}
            value={sql}
            onChange={(v) => (setSql(v), setDirty(true))}
            variables={options.variables}
            onDiagnostics={setDiagnostics}
            onSave={submit}
            ariaLabel="Job SQL"
            height={460}
            remoteComplete={
              gatewayCluster
                ? async (script, pos) => {
                    const r = await completeSqlAction({ team, sql: script, pos, cluster: gatewayCluster.name });
                    if (!r.ok || r.data.length === 0) return null;
                    let from = pos;
                    while (from > 0 && /[\w$.]/.test(script[from - 1]!)) from--;
                    return { from, options: r.data.map((label) => ({ label })) };
                  }
                : undefined
            }
            toolbar={<EditorToolbar title="SQL" actions={toolbarActions} />}
          />
          <p className="mt-1 text-xs text-muted-foreground">
            {errors > 0 ? "Blocking errors: the job can be saved, but not built until they are fixed. " : ""}
            Variables: {options.variables.length ? options.variables.map((v) => `\${${v}}`).join(" ") : "none defined (Variables page)"}
          </p>
        </div>
      )}

      <Card>
        <CardHeader>
          <CardTitle>Where it runs</CardTitle>
          <CardDescription>Session modes use a registered cluster; application modes start a cluster for this job.</CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4 sm:grid-cols-3">
          <FormField label="Execution mode" htmlFor="j-mode" error={err("mode")}>
            <Select id="j-mode" value={mode} onChange={(e) => (setMode(e.target.value as typeof mode), setCluster(""), setDirty(true))}>
              {executionModes.map((m) => (
                <option key={m} value={m}>{modeLabel[m]}</option>
              ))}
            </Select>
          </FormField>
          {session ? (
            <FormField label="Cluster" htmlFor="j-cluster" error={err("cluster")} hint={clustersForMode.length ? undefined : `No ${clusterKindForMode[mode]} cluster registered in this team.`}>
              <Select id="j-cluster" value={cluster} onChange={(e) => (setCluster(e.target.value), setDirty(true))}>
                <option value="">Choose…</option>
                {clustersForMode.map((c) => (
                  <option key={c.name} value={c.name}>
                    {c.name}
                    {c.hasGateway ? " (SQL Gateway)" : ""}
                  </option>
                ))}
              </Select>
            </FormField>
          ) : mode === "k8s-application" ? (
            <FormField label="Namespace" htmlFor="j-ns" error={err("k8sNamespace")}>
              <Input id="j-ns" value={fields.k8sNamespace} onChange={set("k8sNamespace")} placeholder="flink" />
            </FormField>
          ) : (
            <FormField label="YARN queue" htmlFor="j-queue" error={err("yarnQueue")}>
              <Input id="j-queue" value={fields.yarnQueue} onChange={set("yarnQueue")} placeholder="default" />
            </FormField>
          )}
          <FormField label="Flink version" htmlFor="j-version" error={err("flinkVersion")} hint={session ? "Empty: the cluster's." : undefined}>
            <Select id="j-version" value={flinkVersion} onChange={(e) => (setFlinkVersion(e.target.value), setDirty(true))}>
              <option value="">{session ? "The cluster's" : "Choose…"}</option>
              {options.versions.map((v) => (
                <option key={v.name} value={v.name}>
                  {v.name} ({v.version})
                </option>
              ))}
            </Select>
          </FormField>
          {mode === "k8s-application" && (
            <FormField label="Image" htmlFor="j-image" error={err("k8sImage")} hint="Empty: flink:<version>.">
              <Input id="j-image" value={fields.k8sImage} onChange={set("k8sImage")} />
            </FormField>
          )}
        </CardContent>
      </Card>

      {type === "jar" && (
        <Card>
          <CardHeader>
            <CardTitle>Program</CardTitle>
          </CardHeader>
          <CardContent className="grid gap-4 sm:grid-cols-2">
            <FormField label="Jar" htmlFor="j-jar" error={err("jar")} hint="Upload it under Resources first.">
              <Select
                id="j-jar"
                value={fields.jar}
                onChange={(e) => {
                  const jar = e.target.value;
                  // Offer the manifest's Main-Class, without overwriting one the person typed.
                  setFields((f) => ({ ...f, jar, mainClass: f.mainClass || options.resources.find((r) => r.name === jar)?.mainClass || "" }));
                  setDirty(true);
                }}
              >
                <option value="">Choose…</option>
                {options.resources.map((r) => (
                  <option key={r.name} value={r.name}>{r.name}</option>
                ))}
              </Select>
            </FormField>
            <FormField
              label="Main class"
              htmlFor="j-main"
              error={err("mainClass")}
              hint={classSuggestions.length > 1 ? `Empty: the jar manifest's Main-Class. Suggests the ${classSuggestions.length.toLocaleString("en-US")} classes found in the jar.` : "Empty: the jar manifest's Main-Class."}
            >
              <Input id="j-main" list="j-main-classes" value={fields.mainClass} onChange={set("mainClass")} spellCheck={false} autoComplete="off" />
            </FormField>
            {/* Suggestions only: the field stays free text. The manifest's Main-Class comes first. */}
            <datalist id="j-main-classes" data-testid="main-class-options">
              {classSuggestions.map((c) => (
                <option key={c} value={c} />
              ))}
            </datalist>
          </CardContent>
        </Card>
      )}

      <Card>
        <CardHeader>
          <CardTitle>Resources and Flink settings</CardTitle>
        </CardHeader>
        <CardContent className="space-y-4">
          <div className="grid gap-4 sm:grid-cols-4">
            <FormField label="Parallelism" htmlFor="j-par" error={err("parallelism")}>
              <Input id="j-par" type="number" min={1} value={fields.parallelism} onChange={set("parallelism")} />
            </FormField>
            <FormField label="JobManager memory" htmlFor="j-jm" error={err("jobManagerMemory")}>
              <Input id="j-jm" value={fields.jobManagerMemory} onChange={set("jobManagerMemory")} placeholder="1600m" />
            </FormField>
            <FormField label="TaskManager memory" htmlFor="j-tm" error={err("taskManagerMemory")}>
              <Input id="j-tm" value={fields.taskManagerMemory} onChange={set("taskManagerMemory")} placeholder="1728m" />
            </FormField>
            <FormField label="Slots per TaskManager" htmlFor="j-slots" error={err("slots")}>
              <Input id="j-slots" type="number" min={1} value={fields.slots} onChange={set("slots")} />
            </FormField>
          </div>
          <div className="grid gap-4 sm:grid-cols-2">
            <FormField
              label="Dynamic properties"
              htmlFor="j-props"
              error={errWithin("dynamicProperties") ?? propertyCheck.problem}
              hint={
                propertyCheck.unknown.length
                  ? `Not among the Flink options Eddy knows, so not checked: ${propertyCheck.unknown.join(", ")}. Flink or a connector may still know ${propertyCheck.unknown.length > 1 ? "them" : "it"}; check the spelling.`
                  : "One key=value per line (as -D options)."
              }
            >
              <Textarea id="j-props" rows={4} value={fields.dynamicProperties} onChange={set("dynamicProperties")} spellCheck={false} className="font-mono text-xs" placeholder="state.backend.type=rocksdb" />
            </FormField>
            <FormField label="Program arguments" htmlFor="j-args" error={err("programArgs")} hint="One per line; ${variables} allowed.">
              <Textarea id="j-args" rows={4} value={fields.programArgs} onChange={set("programArgs")} spellCheck={false} className="font-mono text-xs" />
            </FormField>
          </div>
          <fieldset>
            <legend className="mb-1.5 text-sm font-medium">Dependencies (connector and UDF jars)</legend>
            {options.resources.length === 0 ? (
              <p className="text-sm text-muted-foreground">No jars uploaded in this team yet (Resources page).</p>
            ) : (
              <div className="grid gap-1.5 sm:grid-cols-2 lg:grid-cols-3">
                {options.resources.map((r) => (
                  <label key={r.name} className="flex items-center gap-2 text-sm">
                    <Checkbox
                      checked={dependencies.includes(r.name)}
                      onChange={(e) => {
                        // Read now: React clears currentTarget before a state updater runs.
                        const on = e.currentTarget.checked;
                        setDependencies((d) => (on ? [...d, r.name] : d.filter((x) => x !== r.name)));
                        setDirty(true);
                      }}
                      aria-label={`Depend on ${r.name}`}
                    />
                    <span className="truncate">{r.name}</span>
                    <span className="text-xs text-muted-foreground">{r.kind}</span>
                  </label>
                ))}
              </div>
            )}
            {err("dependencies") && <p role="alert" className="mt-1 text-sm text-destructive">{err("dependencies")}</p>}
          </fieldset>
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>State and recovery</CardTitle>
        </CardHeader>
        <CardContent className="space-y-4">
          <div className="grid gap-4 sm:grid-cols-2">
            <FormField label="Checkpoint directory" htmlFor="j-cp" error={err("checkpointDir")}>
              <Input id="j-cp" value={fields.checkpointDir} onChange={set("checkpointDir")} placeholder="hdfs:///flink/checkpoints" spellCheck={false} />
            </FormField>
            <FormField label="Savepoint directory" htmlFor="j-sp" error={err("savepointDir")}>
              <Input id="j-sp" value={fields.savepointDir} onChange={set("savepointDir")} placeholder="hdfs:///flink/savepoints" spellCheck={false} />
            </FormField>
          </div>
          <div className="grid gap-4 sm:grid-cols-5">
            <FormField label="Restarts at most" htmlFor="j-rmax" error={err("restart.maxAttempts")}>
              <Input id="j-rmax" type="number" min={0} value={fields.restartMax} onChange={set("restartMax")} />
            </FormField>
            <FormField label="within (minutes)" htmlFor="j-rwin" error={err("restart.windowMinutes")}>
              <Input id="j-rwin" type="number" min={1} value={fields.restartWindow} onChange={set("restartWindow")} />
            </FormField>
            <FormField label="On checkpoint failures" htmlFor="j-cpa" error={err("checkpointFailure.action")}>
              <Select id="j-cpa" value={fields.cpAction} onChange={set("cpAction")}>
                <option value="none">do nothing</option>
                <option value="alert">alert</option>
                <option value="restart">restart the job</option>
              </Select>
            </FormField>
            <FormField label="after failures" htmlFor="j-cpc" error={err("checkpointFailure.count")}>
              <Input id="j-cpc" type="number" min={1} value={fields.cpCount} onChange={set("cpCount")} disabled={fields.cpAction === "none"} />
            </FormField>
            <FormField label="in (minutes)" htmlFor="j-cpw" error={err("checkpointFailure.windowMinutes")}>
              <Input id="j-cpw" type="number" min={1} value={fields.cpWindow} onChange={set("cpWindow")} disabled={fields.cpAction === "none"} />
            </FormField>
          </div>
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Alerts</CardTitle>
          <CardDescription>Where this job's alerts go, and on what. A job without a channel sends none.</CardDescription>
        </CardHeader>
        <CardContent className="space-y-4">
          <div className="grid gap-4 sm:grid-cols-3">
            <FormField
              label="Alert channel"
              htmlFor="j-alert-channel"
              error={err("alertChannel")}
              hint={options.alertChannels?.length ? undefined : "No alert channel in this team yet (Alerts → Channels)."}
            >
              <Select id="j-alert-channel" value={alertChannel} onChange={(e) => (setAlertChannel(e.target.value), setDirty(true))} data-testid="job-alert-channel">
                <option value="">None: no alerts</option>
                {/* A channel the settings name that is gone stays visible, so saving shows why it is refused. */}
                {alertChannel && !options.alertChannels?.some((c) => c.name.toLowerCase() === alertChannel.toLowerCase()) && <option value={alertChannel}>{alertChannel}</option>}
                {options.alertChannels?.map((c) => (
                  <option key={c.name} value={c.name}>
                    {c.name} ({c.label}{c.enabled ? "" : ", disabled"})
                  </option>
                ))}
              </Select>
            </FormField>
            <FormField label="Quiet period (minutes)" htmlFor="j-quiet" error={err("alerts.quietMinutes")} hint="The same condition is not alerted again within it.">
              <Input id="j-quiet" type="number" min={0} max={1440} value={quietMinutes} onChange={(e) => (setQuietMinutes(e.target.value), setDirty(true))} disabled={!alertChannel} />
            </FormField>
          </div>
          <fieldset disabled={!alertChannel} className="disabled:opacity-60">
            <legend className="mb-1.5 text-sm font-medium">Alert when the job</legend>
            <div className="grid gap-1.5 sm:grid-cols-2 lg:grid-cols-3">
              {(
                [
                  ["failed", "fails"],
                  ["lost", "is lost (no longer where it ran)"],
                  ["restarted", "is restarted automatically"],
                  ["restartLimit", "reaches its restart limit"],
                  ["checkpointFailures", "fails checkpoints past the threshold"],
                  ["cancelledOutside", "is cancelled outside Eddy"],
                ] as const
              ).map(([k, label]) => (
                <label key={k} className="flex items-center gap-2 text-sm">
                  <Checkbox
                    checked={alertRules[k]}
                    onChange={(e) => {
                      const on = e.currentTarget.checked;
                      setAlertRules((r) => ({ ...r, [k]: on }));
                      setDirty(true);
                    }}
                    data-testid={`job-alert-rule-${k}`}
                  />
                  {label}
                </label>
              ))}
            </div>
            {fields.cpAction === "none" && alertRules.checkpointFailures && (
              <p className="mt-1.5 text-xs text-muted-foreground">Checkpoint failures alert only when “On checkpoint failures” above is not “do nothing”.</p>
            )}
          </fieldset>
        </CardContent>
      </Card>

      <div className={cn("sticky bottom-0 z-10 -mx-2 flex flex-wrap items-end gap-3 border-t bg-background/95 px-2 py-3 backdrop-blur")}>
        <FormField label={job ? "Note for this version" : "Note for version 1"} htmlFor="j-note" error={err("note")} className="min-w-64 flex-1">
          <Input id="j-note" value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} placeholder={job ? "What changed, and why" : "Created"} />
        </FormField>
        <Label className="sr-only" htmlFor="j-note">Note</Label>
        <Button onClick={submit} pending={action.pending} data-testid="save-job-bottom">
          <Save className="size-4" /> {job ? `Save as version ${job.headVersion + 1}` : "Create job"}
        </Button>
        {dirty && <span className="pb-2 text-xs text-muted-foreground">Unsaved changes</span>}
      </div>

      <Dialog open={verify !== null} onOpenChange={(o) => !o && setVerify(null)}>
        <DialogContent className="max-h-[85vh] overflow-y-auto sm:max-w-3xl">
          <DialogHeader>
            <DialogTitle>Flink's verdict{verify?.ok ? ` (${verify.data.cluster})` : ""}</DialogTitle>
            <DialogDescription>EXPLAIN through the cluster's SQL Gateway: Flink's own planner checks the script.</DialogDescription>
          </DialogHeader>
          {verify && !verify.ok && <FormError message={verify.error.message} />}
          {verify?.ok &&
            verify.data.statements.map((st, i) => (
              <Alert key={i} variant={st.ok ? (st.kind === "skipped" ? "warning" : "success") : "destructive"} data-testid="verify-result">
                <AlertTitle>
                  Line {st.line}: {st.ok ? (st.kind === "explained" ? "planned" : st.kind === "executed" ? "accepted" : "skipped") : "rejected"}
                </AlertTitle>
                <AlertDescription>
                  {st.error && (
                    <button type="button" className="text-left underline-offset-2 hover:underline" onClick={() => (setVerify(null), st.error?.line && editor.current?.revealLine(st.error.line))}>
                      {st.error.line ? `Line ${st.error.line}, column ${st.error.column}: ` : ""}
                      {st.error.message}
                    </button>
                  )}
                  {st.note}
                  {st.plan && <pre className="mt-2 max-h-64 overflow-auto rounded bg-muted p-2 text-xs">{st.plan}</pre>}
                </AlertDescription>
              </Alert>
            ))}
        </DialogContent>
      </Dialog>
    </div>
  );
}
