"use client";

import { MergeView } from "@codemirror/merge";
import { EditorState, type Extension } from "@codemirror/state";
import { EditorView, lineNumbers } from "@codemirror/view";
import { useEffect, useMemo, useRef } from "react";
import { cn } from "@/components/ui/utils";
import { diffLineStats } from "./diff-stats";
import { flinkSql } from "./extensions";
import { eddyDiffTheme, eddyEditorTheme } from "./theme";

export type SqlDiffProps = {
  original: string;
  modified: string;
  originalLabel: React.ReactNode;
  modifiedLabel: React.ReactNode;
  /** Maximum height of the scrolling diff (CSS length or pixels); it grows with the text up to this. */
  maxHeight?: number | string;
  className?: string;
};

const side = (label: string): Extension => [
  lineNumbers(),
  // Each side is half as wide as an editor; wrap rather than hide the end of long lines (the
  // merge view keeps both sides aligned with spacers).
  EditorView.lineWrapping,
  EditorState.readOnly.of(true),
  // Focusable and selectable so a keyboard user can read and copy either side.
  EditorView.contentAttributes.of({ "aria-label": label, "aria-readonly": "true" }),
  flinkSql(),
  eddyEditorTheme,
  eddyDiffTheme,
];

const plainText = (node: React.ReactNode) => (typeof node === "string" || typeof node === "number" ? String(node) : "");

/**
 * Side-by-side, read-only diff of two SQL scripts (e.g. two job versions), with changed text
 * highlighted and unchanged stretches collapsed to 3 lines of context.
 */
export function SqlDiff({ original, modified, originalLabel, modifiedLabel, maxHeight = 560, className }: SqlDiffProps) {
  const hostRef = useRef<HTMLDivElement>(null);
  const labels = `${plainText(originalLabel) || "Original"}\u0000${plainText(modifiedLabel) || "Modified"}`;

  // A diff has no user state worth keeping, so new inputs simply rebuild the merge view.
  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const [labelA, labelB] = labels.split("\u0000") as [string, string];
    const view = new MergeView({
      parent: host,
      a: { doc: original, extensions: side(`${labelA} (read-only)`) },
      b: { doc: modified, extensions: side(`${labelB} (read-only)`) },
      highlightChanges: true,
      gutter: true,
      collapseUnchanged: { margin: 3, minSize: 4 },
    });
    return () => view.destroy();
  }, [original, modified, labels]);

  const { added, removed } = useMemo(() => diffLineStats(original, modified), [original, modified]);
  const max = typeof maxHeight === "number" ? `${maxHeight}px` : maxHeight;

  return (
    <div data-slot="sql-diff" className={cn("flex min-w-0 flex-col overflow-hidden rounded-md border bg-background shadow-xs", className)}>
      <div className="flex items-center justify-between gap-3 border-b bg-muted/40 px-3 py-1.5 text-xs">
        <span data-testid="sql-diff-summary" className="font-medium tabular-nums">
          {added === 0 && removed === 0 ? (
            <span className="text-muted-foreground">No changes</span>
          ) : (
            <>
              <span className="text-success">+{added}</span> <span className="text-destructive">−{removed}</span>{" "}
              <span className="text-muted-foreground">lines</span>
            </>
          )}
        </span>
      </div>
      <div className="grid grid-cols-2 border-b text-xs font-medium text-muted-foreground">
        <div className="truncate border-r px-3 py-1.5">{originalLabel}</div>
        <div className="truncate px-3 py-1.5">{modifiedLabel}</div>
      </div>
      <div ref={hostRef} className="min-h-0 [&_.cm-mergeView]:max-h-[var(--sql-diff-max)] [&_.cm-mergeViewEditor+.cm-mergeViewEditor]:border-l" style={{ "--sql-diff-max": max } as React.CSSProperties} />
    </div>
  );
}
