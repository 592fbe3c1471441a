"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { useAction } from "@/components/console/use-action";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import type { ChannelField, ChannelFormSpec } from "@/lib/alerts/channels";
import { createChannelAction, updateChannelAction } from "../actions";
import type { ChannelRow } from "./channels-table";

const lines = (s: string) => s.split("\n").map((l) => l.trim()).filter(Boolean);

/** What a field shows at first: the stored value (config), nothing (secrets: write-only), or the platform's default. */
function initial(f: ChannelField, stored: unknown): string | boolean {
  const v = stored ?? f.default;
  if (f.control === "boolean") return Boolean(v);
  if (f.control === "list") return Array.isArray(v) ? v.join("\n") : "";
  if (f.control === "map") return v && typeof v === "object" ? Object.entries(v).map(([k, x]) => `${k}: ${String(x)}`).join("\n") : "";
  return v === undefined || v === null ? "" : String(v);
}

/** A field's form value as the platform takes it; undefined: not given. */
function toValue(f: ChannelField, raw: string | boolean): unknown {
  if (f.control === "boolean") return Boolean(raw);
  const s = String(raw);
  if (f.control === "list") return lines(s);
  if (f.control === "map") {
    const out: Record<string, string> = {};
    for (const l of lines(s)) {
      const i = l.indexOf(":");
      out[(i > 0 ? l.slice(0, i) : l).trim()] = i > 0 ? l.slice(i + 1).trim() : "";
    }
    return out;
  }
  if (f.control === "number") return s.trim() === "" ? undefined : Number(s);
  if (f.control === "multiline") return s === "" ? undefined : s;
  return s.trim() === "" ? undefined : s.trim();
}

function Control({ id, f, value, onChange, secret, keep }: { id: string; f: ChannelField; value: string | boolean; onChange: (v: string | boolean) => void; secret: boolean; keep: boolean }) {
  const common = { id, name: f.name, "data-testid": `channel-${secret ? "secret" : "config"}-${f.name}` };
  if (f.control === "boolean") return <Checkbox {...common} checked={Boolean(value)} onChange={(e) => onChange(e.currentTarget.checked)} />;
  if (f.control === "select")
    return (
      <Select {...common} value={String(value)} onChange={(e) => onChange(e.target.value)}>
        {!f.required && f.default === undefined && <option value="">—</option>}
        {f.options?.map((o) => (
          <option key={o} value={o}>{o}</option>
        ))}
      </Select>
    );
  if (f.control === "list" || f.control === "map" || f.control === "multiline")
    return (
      <Textarea
        {...common}
        value={String(value)}
        onChange={(e) => onChange(e.target.value)}
        rows={f.control === "multiline" ? 6 : 3}
        spellCheck={false}
        autoComplete="off"
        placeholder={keep ? "Set (leave empty to keep)" : undefined}
        className="font-mono text-xs"
      />
    );
  return (
    <Input
      {...common}
      type={secret ? "password" : f.control === "number" ? "number" : "text"}
      value={String(value)}
      onChange={(e) => onChange(e.target.value)}
      autoComplete={secret ? "new-password" : "off"}
      spellCheck={false}
      placeholder={keep ? "Set (leave empty to keep)" : undefined}
    />
  );
}

/**
 * Create or edit a channel. The fields follow the chosen platform. Secret fields are password
 * inputs that start empty: the page never has a secret, and an empty field keeps the stored one.
 */
export function ChannelDialog({ team, specs, channel, open, onOpenChange }: { team: string; specs: ChannelFormSpec[]; channel?: ChannelRow; open: boolean; onOpenChange: (o: boolean) => void }) {
  const router = useRouter();
  const create = useAction(createChannelAction);
  const update = useAction(updateChannelAction);
  const action = channel ? update : create;
  const [kind, setKind] = useState(channel?.kind ?? specs[0]!.kind);
  const spec = specs.find((s) => s.kind === kind)!;
  const [name, setName] = useState(channel?.name ?? "");
  const [description, setDescription] = useState(channel?.description ?? "");
  const [enabled, setEnabled] = useState(channel?.enabled ?? true);
  const [perMinute, setPerMinute] = useState(channel ? String(channel.rate.perMinute) : "");
  const [perSecond, setPerSecond] = useState(channel?.rate.perSecond ? String(channel.rate.perSecond) : "");
  const fresh = (s: ChannelFormSpec) => ({
    config: Object.fromEntries(s.config.map((f) => [f.name, initial(f, channel?.kind === s.kind ? channel.config[f.name] : undefined)])),
    secrets: Object.fromEntries(s.secrets.map((f) => [f.name, f.control === "boolean" ? false : ""])) as Record<string, string | boolean>,
  });
  const [values, setValues] = useState(() => fresh(spec));

  const err = (k: string) => action.fieldError(k) ?? action.fieldError(`channel.${k}`) ?? action.fieldError(`changes.${k}`);

  function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const config: Record<string, unknown> = {};
    for (const f of spec.config) {
      const v = toValue(f, values.config[f.name]!);
      // Editing: an emptied optional field is cleared (null); creating: simply not given.
      if (v !== undefined) config[f.name] = v;
      else if (channel && !f.required) config[f.name] = null;
    }
    const secrets: Record<string, unknown> = {};
    for (const f of spec.secrets) {
      const v = toValue(f, values.secrets[f.name]!);
      const empty = v === undefined || (Array.isArray(v) && v.length === 0) || (typeof v === "object" && v !== null && Object.keys(v).length === 0);
      if (!empty) secrets[f.name] = v;
    }
    const rate = perMinute.trim() ? { perMinute: Number(perMinute), perSecond: perSecond.trim() ? Number(perSecond) : null } : undefined;
    const done = { onSuccess: () => (onOpenChange(false), router.refresh()) };
    if (!channel) {
      void create.run({ team, channel: { kind, name: name.trim(), description: description.trim(), enabled, config, secrets, rate } }, { success: `Added ${name.trim()}.`, ...done });
    } else {
      void update.run({ team, channel: String(channel.id), changes: { name: name.trim(), description: description.trim(), enabled, config, secrets, rate } }, { success: `Saved ${name.trim()}.`, ...done });
    }
  }

  const field = (f: ChannelField, secret: boolean) => {
    const id = `ch-${secret ? "s" : "c"}-${f.name}`;
    const set = channel?.secretsSet.includes(f.name) ?? false;
    const keep = secret && set;
    const hint = [f.hint, secret && channel ? (set ? "Stored; leave empty to keep it." : "Not set.") : null].filter(Boolean).join(" ");
    const v = (secret ? values.secrets : values.config)[f.name]!;
    const onChange = (x: string | boolean) => setValues((cur) => ({ ...cur, [secret ? "secrets" : "config"]: { ...(secret ? cur.secrets : cur.config), [f.name]: x } }));
    if (f.control === "boolean") {
      return (
        <div key={id} className="space-y-1">
          <div className="flex items-center gap-2">
            <Control id={id} f={f} value={v} onChange={onChange} secret={secret} keep={keep} />
            <Label htmlFor={id}>{f.label}</Label>
          </div>
          {err(`${secret ? "secrets" : "config"}.${f.name}`) ? <p className="text-xs text-destructive" role="alert">{err(`${secret ? "secrets" : "config"}.${f.name}`)}</p> : f.hint && <p className="text-xs text-muted-foreground">{f.hint}</p>}
        </div>
      );
    }
    return (
      <FormField key={id} label={`${f.label}${f.required && !keep ? "" : " (optional)"}`} htmlFor={id} error={err(`${secret ? "secrets" : "config"}.${f.name}`) ?? fieldErrorUnder(action.error?.fields, `${secret ? "secrets" : "config"}.${f.name}.`)} hint={hint || undefined}>
        <Control id={id} f={f} value={v} onChange={onChange} secret={secret} keep={keep} />
      </FormField>
    );
  };

  return (
    <Dialog
      open={open}
      onOpenChange={(o) => {
        onOpenChange(o);
        create.reset();
        update.reset();
      }}
    >
      <DialogContent className="max-h-[90vh] overflow-y-auto sm:max-w-2xl">
        <DialogHeader>
          <DialogTitle>{channel ? `Edit ${channel.name}` : "New alert channel"}</DialogTitle>
          <DialogDescription>Where a job's alerts go. Secret fields are stored encrypted and never shown again{channel ? "; leave them empty to keep what is stored" : ""}.</DialogDescription>
        </DialogHeader>
        <form onSubmit={onSubmit} className="space-y-4" data-testid="channel-form">
          {action.formError && <FormError message={action.formError} />}
          <div className="grid gap-4 sm:grid-cols-2">
            <FormField label="Kind" htmlFor="ch-kind" error={err("kind")} hint={channel ? "The kind cannot change." : undefined}>
              <Select
                id="ch-kind"
                value={kind}
                disabled={Boolean(channel)}
                data-testid="channel-kind"
                onChange={(e) => {
                  const k = e.target.value as typeof kind;
                  setKind(k);
                  setValues(fresh(specs.find((s) => s.kind === k)!));
                  action.reset();
                }}
              >
                {specs.map((s) => (
                  <option key={s.kind} value={s.kind}>{s.label}</option>
                ))}
              </Select>
            </FormField>
            <FormField label="Name" htmlFor="ch-name" error={err("name")} hint="Letters, digits, dots, dashes and underscores.">
              <Input id="ch-name" value={name} onChange={(e) => setName(e.target.value)} required maxLength={64} autoComplete="off" spellCheck={false} data-testid="channel-name" />
            </FormField>
          </div>
          <FormField label="Description (optional)" htmlFor="ch-desc" error={err("description")}>
            <Input id="ch-desc" value={description} onChange={(e) => setDescription(e.target.value)} maxLength={500} />
          </FormField>

          <fieldset className="space-y-3 rounded-md border p-3">
            <legend className="px-1 text-sm font-medium">Secrets (encrypted, never shown again)</legend>
            {spec.secrets.map((f) => field(f, true))}
          </fieldset>
          {spec.config.length > 0 && (
            <fieldset className="space-y-3 rounded-md border p-3">
              <legend className="px-1 text-sm font-medium">Settings</legend>
              {spec.config.map((f) => field(f, false))}
            </fieldset>
          )}

          <div className="grid gap-4 sm:grid-cols-2">
            <FormField label="Messages per minute" htmlFor="ch-rpm" error={err("rate.perMinute") ?? err("rate")} hint={`Empty: the platform's limit (${spec.defaultRate.perMinute}/min).`}>
              <Input id="ch-rpm" type="number" min={1} value={perMinute} onChange={(e) => setPerMinute(e.target.value)} placeholder={String(spec.defaultRate.perMinute)} />
            </FormField>
            <FormField label="Messages per second (optional)" htmlFor="ch-rps" error={err("rate.perSecond")} hint={spec.defaultRate.perSecond ? `The platform's limit: ${spec.defaultRate.perSecond}/s.` : "Empty: no per-second limit."}>
              <Input id="ch-rps" type="number" min={1} value={perSecond} onChange={(e) => setPerSecond(e.target.value)} placeholder={spec.defaultRate.perSecond ? String(spec.defaultRate.perSecond) : undefined} />
            </FormField>
          </div>
          <div className="flex items-center gap-2">
            <Checkbox id="ch-enabled" checked={enabled} onChange={(e) => setEnabled(e.currentTarget.checked)} />
            <Label htmlFor="ch-enabled">Enabled: alerts are sent (a disabled channel records them as suppressed)</Label>
          </div>
          <DialogFooter>
            <Button type="submit" pending={action.pending} data-testid="save-channel">
              {channel ? "Save" : "Add channel"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

/** A list field's message is reported per item ("config.to.1"): show the first under the field. */
function fieldErrorUnder(fields: Record<string, string> | undefined, prefix: string): string | undefined {
  if (!fields) return undefined;
  const hit = Object.entries(fields).find(([k]) => k.startsWith(prefix) || k.startsWith(`channel.${prefix}`) || k.startsWith(`changes.${prefix}`));
  return hit?.[1];
}
