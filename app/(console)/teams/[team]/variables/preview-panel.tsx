"use client";

import { useState } from "react";
import { useAction } from "@/components/console/use-action";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Checkbox } from "@/components/ui/checkbox";
import { FormError } from "@/components/ui/form-field";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import { previewVariablesAction } from "./actions";

/** Paste a statement or argument list and see it as a deployment would get it (secrets masked). */
export function PreviewPanel({ team, canViewSecret }: { team: string; canViewSecret: boolean }) {
  const action = useAction(previewVariablesAction);
  const [result, setResult] = useState<{ text: string; missing: string[] } | null>(null);
  const [reveal, setReveal] = useState(false);
  function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const text = String(new FormData(e.currentTarget).get("text") ?? "");
    void action.run({ team, text, reveal }, { onSuccess: setResult });
  }
  return (
    <Card className="mt-6">
      <CardHeader>
        <CardTitle>Try a substitution</CardTitle>
        <CardDescription>Paste SQL or program arguments with {"${name}"} placeholders to see them filled in.</CardDescription>
      </CardHeader>
      <CardContent>
        <form onSubmit={onSubmit} className="space-y-3">
          {action.error && <FormError message={action.error.message} />}
          <Textarea name="text" rows={3} spellCheck={false} className="font-mono text-xs" placeholder="'properties.bootstrap.servers' = '${kafka.servers}'" aria-label="Text with placeholders" />
          <div className="flex flex-wrap items-center gap-4">
            <Button type="submit" variant="outline" pending={action.pending} data-testid="preview-variables">
              Preview
            </Button>
            {canViewSecret && (
              <div className="flex items-center gap-2">
                <Checkbox id="preview-reveal" checked={reveal} onChange={(e) => setReveal(e.currentTarget.checked)} />
                <Label htmlFor="preview-reveal">Show secret values (logged)</Label>
              </div>
            )}
          </div>
        </form>
        {result && (
          <div className="mt-4 space-y-2">
            <pre className="max-h-64 overflow-auto rounded-md border bg-muted/40 p-3 text-xs whitespace-pre-wrap break-all" data-testid="preview-result">
              {result.text}
            </pre>
            {result.missing.length > 0 && (
              <p className="text-xs text-destructive">
                No variable named {result.missing.map((m) => `“${m}”`).join(", ")}: {result.missing.length === 1 ? "it stays" : "they stay"} as written.
              </p>
            )}
          </div>
        )}
      </CardContent>
    </Card>
  );
}
