"use client";

import { CircleCheck, CircleX, Info, Maximize2, Minimize2, TriangleAlert, WandSparkles } from "lucide-react";
import { useSyncExternalStore } from "react";
import { Button } from "@/components/ui/button";
import { Kbd } from "@/components/ui/kbd";
import { Separator } from "@/components/ui/separator";
import { cn } from "@/components/ui/utils";
import type { Diagnostic } from "@/lib/sql";
import { useSqlEditor } from "./sql-editor";

const noSubscribe = () => () => {};
/** Mac shows ⌘, everything else Ctrl. The server renders the Mac hint; the client corrects it after hydration. */
function useIsMac() {
  return useSyncExternalStore(
    noSubscribe,
    () => /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent),
    () => true,
  );
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** The problem a click on the summary goes to: the first error, else the first warning, else the first note. */
function firstProblem(diagnostics: readonly Diagnostic[]): Diagnostic | undefined {
  for (const severity of ["error", "warning", "info"] as const) {
    const first = diagnostics.filter((d) => d.severity === severity).sort((a, b) => a.from - b.from)[0];
    if (first) return first;
  }
  return undefined;
}

/** "2 errors · 1 warning", a button that jumps to the first problem; "No problems" when clean. */
export function DiagnosticsSummary({
  diagnostics,
  onReveal,
  className,
}: {
  diagnostics: readonly Diagnostic[];
  onReveal?: (diagnostic: Diagnostic) => void;
  className?: string;
}) {
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  const warnings = diagnostics.filter((d) => d.severity === "warning").length;
  const infos = diagnostics.length - errors - warnings;
  const target = firstProblem(diagnostics);

  if (!target) {
    return (
      <span data-testid="sql-diagnostics" className={cn("inline-flex items-center gap-1.5 px-2 text-xs text-muted-foreground", className)}>
        <CircleCheck aria-hidden="true" className="size-3.5 text-success" />
        No problems
      </span>
    );
  }

  const parts = [errors && plural(errors, "error"), warnings && plural(warnings, "warning"), infos && plural(infos, "note")].filter(Boolean);
  const text = parts.join(" · ");
  const Icon = errors ? CircleX : warnings ? TriangleAlert : Info;
  return (
    <Button
      type="button"
      variant="ghost"
      size="sm"
      data-testid="sql-diagnostics"
      className={cn("h-7 px-2 text-xs font-medium", errors ? "text-destructive hover:text-destructive" : warnings ? "text-warning hover:text-warning" : "text-muted-foreground", className)}
      onClick={() => onReveal?.(target)}
      disabled={!onReveal}
      title={`Line ${target.line}: ${target.message}`}
    >
      <Icon aria-hidden="true" className="size-3.5" />
      {text}
      <span className="sr-only">: go to the first, line {target.line}</span>
    </Button>
  );
}

export type EditorToolbarProps = {
  /** Left-hand label, e.g. the job name or file name; also the full-screen header's title. */
  title?: React.ReactNode;
  /** Page-provided actions (Save, Verify with Flink…), rendered at the right end. */
  actions?: React.ReactNode;
  className?: string;
};

/**
 * Toolbar for `<SqlEditor toolbar={<EditorToolbar … />}>`: Format, full-screen toggle, the
 * diagnostics summary and the page's own actions. It reads the editor through context, so it
 * needs no wiring; in full screen it becomes the header of the full-screen frame.
 */
export function EditorToolbar({ title, actions, className }: EditorToolbarProps) {
  const { handle, diagnostics, readOnly, fullscreen, setFullscreen, revealDiagnostic } = useSqlEditor();
  const isMac = useIsMac();

  return (
    <div data-slot="sql-editor-toolbar" className={cn("flex min-h-10 flex-wrap items-center gap-1.5 border-b bg-muted/40 px-2 py-1", className)}>
      {title ? <div className="min-w-0 truncate px-1 text-sm font-medium">{title}</div> : null}
      <DiagnosticsSummary diagnostics={diagnostics} onReveal={revealDiagnostic} />
      <div className="ml-auto flex flex-wrap items-center gap-1.5">
        {readOnly ? null : (
          <Button
            type="button"
            variant="ghost"
            size="sm"
            className="h-7"
            onClick={() => handle.format()}
            aria-keyshortcuts={isMac ? "Meta+Shift+F" : "Control+Shift+F"}
          >
            <WandSparkles aria-hidden="true" />
            Format
            <Kbd aria-hidden="true">{isMac ? "⇧⌘F" : "Ctrl⇧F"}</Kbd>
          </Button>
        )}
        <Button
          type="button"
          variant="ghost"
          size="sm"
          className="h-7"
          aria-pressed={fullscreen}
          aria-keyshortcuts={fullscreen ? "Escape" : undefined}
          onClick={() => setFullscreen(!fullscreen)}
        >
          {fullscreen ? <Minimize2 aria-hidden="true" /> : <Maximize2 aria-hidden="true" />}
          {fullscreen ? "Exit full screen" : "Full screen"}
          {fullscreen ? <Kbd aria-hidden="true">Esc</Kbd> : null}
        </Button>
        {actions ? (
          <>
            <Separator orientation="vertical" className="mx-1 h-5 min-h-0 self-center" />
            {actions}
          </>
        ) : null}
      </div>
    </div>
  );
}
