"use client";

import { RotateCcw, Save } from "lucide-react";
import { usePathname, useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { useAction } from "@/components/console/use-action";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { cn } from "@/components/ui/utils";
import type { TeamTemplate } from "@/lib/alerts/template-store";
// The same pure functions the server renders with (lib/alerts/template-store.ts previewTemplate), so the preview is what will be sent.
import { renderTemplate, sampleFacts, unknownPlaceholders } from "@/lib/alerts/templates";
import { resetTemplateAction, saveTemplateAction } from "../actions";

/**
 * Per kind: the title and body, the placeholders they may use (a click inserts one), and a live
 * preview with example facts. Unknown placeholders are flagged as one types, and refused on save.
 */
export function TemplateEditor({
  team,
  templates,
  placeholders,
  initialKind,
  canManage,
}: {
  team: string;
  templates: TeamTemplate[];
  placeholders: { name: string; description: string }[];
  initialKind: string;
  canManage: boolean;
}) {
  const router = useRouter();
  const pathname = usePathname();
  const [kind, setKind] = useState(initialKind);
  const current = templates.find((t) => t.kind === kind)!;
  const [drafts, setDrafts] = useState<Record<string, { title: string; body: string }>>({});
  const draft = drafts[kind] ?? { title: current.title, body: current.body };
  const dirty = draft.title !== current.title || draft.body !== current.body;
  const save = useAction(saveTemplateAction);
  const reset = useAction(resetTemplateAction);
  const body = useRef<HTMLTextAreaElement>(null);

  const preview = renderTemplate(draft, sampleFacts);
  const unknown = unknownPlaceholders(draft);
  const set = (patch: Partial<typeof draft>) => setDrafts((d) => ({ ...d, [kind]: { ...draft, ...patch } }));

  function choose(k: string) {
    setKind(k);
    save.reset();
    reset.reset();
    router.replace(`${pathname}?kind=${k}`, { scroll: false });
  }

  function insert(name: string) {
    const el = body.current;
    const token = `{{${name}}}`;
    if (!el) return set({ body: draft.body + token });
    const [a, b] = [el.selectionStart ?? draft.body.length, el.selectionEnd ?? draft.body.length];
    set({ body: draft.body.slice(0, a) + token + draft.body.slice(b) });
    requestAnimationFrame(() => {
      el.focus();
      el.setSelectionRange(a + token.length, a + token.length);
    });
  }

  const unknownNote = (text: string) => {
    const u = unknownPlaceholders({ title: text, body: "" });
    return u.length ? `Unknown placeholder${u.length === 1 ? "" : "s"}: ${u.map((n) => `{{${n}}}`).join(", ")}` : undefined;
  };

  return (
    <div className="grid gap-4 lg:grid-cols-[14rem_1fr]">
      <nav aria-label="Alert kinds" className="space-y-0.5">
        {templates.map((t) => (
          <button
            key={t.kind}
            type="button"
            onClick={() => choose(t.kind)}
            aria-current={t.kind === kind ? "true" : undefined}
            data-testid="template-kind"
            className={cn(
              "flex w-full items-center justify-between gap-2 rounded-md px-2 py-1.5 text-left text-sm outline-none transition-colors hover:bg-accent focus-visible:ring-2 focus-visible:ring-ring",
              t.kind === kind ? "bg-accent font-medium" : "text-muted-foreground",
            )}
          >
            <span className="truncate">{t.label}</span>
            {t.custom && <Badge variant="outline">custom</Badge>}
          </button>
        ))}
      </nav>
      <div className="grid gap-4 xl:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle className="text-base">{current.label}</CardTitle>
            <CardDescription>{current.custom ? "The team's own wording." : "The default wording; saving makes it the team's own."}</CardDescription>
          </CardHeader>
          <CardContent className="space-y-4">
            {(save.formError || reset.formError) && <FormError message={save.formError ?? reset.formError} />}
            <FormField label="Title" htmlFor="t-title" error={save.fieldError("title") ?? unknownNote(draft.title)}>
              <Input id="t-title" value={draft.title} onChange={(e) => set({ title: e.target.value })} maxLength={200} readOnly={!canManage} data-testid="template-title" />
            </FormField>
            <FormField label="Body" htmlFor="t-body" error={save.fieldError("body") ?? unknownNote(draft.body)} hint="Plain text; **bold** shows as bold where the platform renders markdown.">
              <Textarea id="t-body" ref={body} value={draft.body} onChange={(e) => set({ body: e.target.value })} rows={8} maxLength={4000} readOnly={!canManage} className="font-mono text-xs" data-testid="template-body" />
            </FormField>
            {canManage && (
              <div className="flex flex-wrap gap-2">
                <Button
                  pending={save.pending}
                  disabled={!dirty}
                  data-testid="save-template"
                  onClick={() =>
                    void save.run(
                      { team, kind, title: draft.title, body: draft.body },
                      { success: "Template saved.", onSuccess: () => (setDrafts((d) => Object.fromEntries(Object.entries(d).filter(([k]) => k !== kind))), router.refresh()) },
                    )
                  }
                >
                  <Save className="size-4" /> Save
                </Button>
                <Button
                  variant="outline"
                  pending={reset.pending}
                  disabled={!current.custom && !dirty}
                  data-testid="reset-template"
                  onClick={() =>
                    void reset.run({ team, kind }, { success: "Back to the default wording.", onSuccess: () => (setDrafts((d) => Object.fromEntries(Object.entries(d).filter(([k]) => k !== kind))), router.refresh()) })
                  }
                >
                  <RotateCcw className="size-4" /> Reset to default
                </Button>
                {dirty && <span className="self-center text-xs text-muted-foreground">Unsaved changes</span>}
              </div>
            )}
            <div>
              <div className="mb-1.5 text-sm font-medium">Placeholders</div>
              <ul className="grid gap-1 text-xs sm:grid-cols-2" data-testid="template-placeholders">
                {placeholders.map((p) => (
                  <li key={p.name}>
                    <button type="button" disabled={!canManage} onClick={() => insert(p.name)} className="rounded font-mono text-primary hover:underline disabled:text-foreground disabled:no-underline" title={canManage ? "Insert into the body" : undefined}>
                      {`{{${p.name}}}`}
                    </button>{" "}
                    <span className="text-muted-foreground">{p.description}</span>
                  </li>
                ))}
              </ul>
            </div>
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle className="text-base">Preview</CardTitle>
            <CardDescription>With example facts; {unknown.length ? "unknown placeholders stay visible." : "what a channel receives."}</CardDescription>
          </CardHeader>
          <CardContent className="space-y-2" data-testid="template-preview">
            <div className="font-medium" data-testid="template-preview-title">{preview.title}</div>
            <pre className="whitespace-pre-wrap break-words rounded bg-muted p-3 text-sm" data-testid="template-preview-body">{preview.body}</pre>
          </CardContent>
        </Card>
      </div>
    </div>
  );
}
