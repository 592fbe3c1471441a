"use client";

import { Upload } from "lucide-react";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import { formatBytes, kindLabel } from "./format";

type Failure = { message: string; fields?: Record<string, string> };
type Phase = { kind: "idle" } | { kind: "sending"; loaded: number; total: number } | { kind: "checking" };

/**
 * Uploads through the REST API with XMLHttpRequest, the one browser API that reports upload
 * progress. The session cookie and the page's Origin go along, as for any same-origin request.
 */
export function UploadDialog({ team, maxMb, existing }: { team: string; maxMb: number; existing: string[] }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [phase, setPhase] = useState<Phase>({ kind: "idle" });
  const [error, setError] = useState<Failure | null>(null);
  const xhr = useRef<XMLHttpRequest | null>(null);
  const busy = phase.kind !== "idle";

  function reset() {
    xhr.current?.abort();
    xhr.current = null;
    setPhase({ kind: "idle" });
    setError(null);
  }

  function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const file = form.get("file");
    if (!(file instanceof File) || file.name === "") {
      setError({ message: "Choose a jar file to upload.", fields: { file: "Choose a jar file to upload." } });
      return;
    }
    // Said at once, rather than after sending hundreds of megabytes the server will refuse.
    if (file.size > maxMb * 1024 * 1024) {
      const message = `The file is larger than the ${maxMb.toLocaleString("en-US", { maximumFractionDigits: 3 })} MB limit.`;
      setError({ message, fields: { file: message } });
      return;
    }
    // The server decides; this only saves sending a large file to hear that the name is taken.
    const name = String(form.get("name") ?? "").trim() || file.name;
    if (existing.some((n) => n.toLowerCase() === name.toLowerCase())) {
      const message = `A jar named “${name}” already exists in ${team}.`;
      setError({ message, fields: { name: `${message} Give another name.` } });
      return;
    }
    const body = new FormData();
    for (const k of ["name", "kind", "description"]) body.set(k, String(form.get(k) ?? "").trim());
    body.set("file", file);

    const req = new XMLHttpRequest();
    xhr.current = req;
    req.open("POST", `/api/v1/teams/${encodeURIComponent(team)}/resources`);
    req.responseType = "json";
    req.upload.onprogress = (ev) => setPhase({ kind: "sending", loaded: ev.loaded, total: ev.lengthComputable ? ev.total : file.size });
    // Sent; the server now reads the jar's manifest and classes.
    req.upload.onload = () => setPhase({ kind: "checking" });
    req.onload = () => {
      xhr.current = null;
      setPhase({ kind: "idle" });
      const res = req.response as { name?: string; classesTotal?: number; mainClass?: string | null; error?: Failure } | null;
      if (req.status === 201 && res?.name) {
        const main = res.mainClass ? `, main class ${res.mainClass}` : "";
        toast.success(`Uploaded ${res.name}: ${res.classesTotal ?? 0} classes${main}.`);
        setOpen(false);
        setError(null);
        router.refresh();
        return;
      }
      setError(res?.error ?? { message: `The upload failed (HTTP ${req.status}).` });
    };
    req.onerror = () => {
      xhr.current = null;
      setPhase({ kind: "idle" });
      setError({ message: "The upload failed: the connection to the server was lost. Try again." });
    };
    setError(null);
    setPhase({ kind: "sending", loaded: 0, total: file.size });
    req.send(body);
  }

  const field = (k: string) => error?.fields?.[k];
  const formError = error && !(error.fields && Object.keys(error.fields).length) ? error.message : null;
  const percent = phase.kind === "sending" && phase.total > 0 ? Math.min(100, Math.round((phase.loaded / phase.total) * 100)) : phase.kind === "checking" ? 100 : 0;

  return (
    <Dialog open={open} onOpenChange={(o) => (setOpen(o), reset())}>
      <DialogTrigger asChild>
        <Button data-testid="upload-resource">
          <Upload className="size-4" /> Upload jar
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Upload a jar</DialogTitle>
          <DialogDescription>A JAR job's program, a connector, a UDF library or any dependency. At most {maxMb.toLocaleString("en-US")} MB.</DialogDescription>
        </DialogHeader>
        <form onSubmit={onSubmit} className="space-y-4">
          {formError && <FormError message={formError} />}
          <FormField label="Jar file" htmlFor="r-file" error={field("file")}>
            <Input id="r-file" name="file" type="file" accept=".jar,application/java-archive" disabled={busy} required />
          </FormField>
          <div className="grid items-start gap-4 sm:grid-cols-2">
            <FormField label="Kind" htmlFor="r-kind" error={field("kind")}>
              <Select id="r-kind" name="kind" defaultValue="library" disabled={busy}>
                {Object.entries(kindLabel).map(([k, label]) => (
                  <option key={k} value={k}>{label}</option>
                ))}
              </Select>
            </FormField>
            <FormField label="Name" htmlFor="r-name" error={field("name")} hint="Empty: the file's name.">
              <Input id="r-name" name="name" maxLength={64} autoComplete="off" disabled={busy} />
            </FormField>
          </div>
          <FormField label="Description" htmlFor="r-desc" error={field("description")}>
            <Textarea id="r-desc" name="description" rows={2} maxLength={500} disabled={busy} />
          </FormField>
          {busy && (
            <div className="space-y-1.5" aria-live="polite">
              <div
                className="h-2 overflow-hidden rounded-full bg-muted"
                role="progressbar"
                aria-label="Upload progress"
                aria-valuemin={0}
                aria-valuemax={100}
                aria-valuenow={percent}
                data-testid="upload-progress"
              >
                <div className="h-full bg-primary transition-[width] duration-200" style={{ width: `${percent}%` }} />
              </div>
              <p className="text-xs text-muted-foreground tabular-nums">
                {phase.kind === "sending"
                  ? `${percent}% · ${formatBytes(phase.loaded)} of ${formatBytes(phase.total)}`
                  : "Uploaded; checking the jar (manifest and classes)…"}
              </p>
            </div>
          )}
          <DialogFooter>
            {busy && (
              <Button type="button" variant="outline" onClick={reset}>
                Cancel upload
              </Button>
            )}
            <Button type="submit" pending={busy} data-testid="confirm-upload">
              Upload
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
