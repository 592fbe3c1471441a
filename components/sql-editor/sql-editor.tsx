"use client";

import { autocompletion, closeBrackets, closeBracketsKeymap, completionKeymap } from "@codemirror/autocomplete";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { bracketMatching, foldGutter, foldKeymap, indentOnInput } from "@codemirror/language";
import { lintGutter, lintKeymap } from "@codemirror/lint";
import { highlightSelectionMatches, search, searchKeymap } from "@codemirror/search";
import { Annotation, Compartment, EditorSelection, EditorState, Transaction, type Extension } from "@codemirror/state";
import {
  drawSelection,
  dropCursor,
  EditorView,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
  keymap,
  lineNumbers,
} from "@codemirror/view";
import { Minimize2 } from "lucide-react";
import { createContext, use, useCallback, useEffect, useImperativeHandle, useLayoutEffect, useMemo, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/utils";
import { formatScript, type Diagnostic } from "@/lib/sql";
import {
  flinkSql,
  knownVariables,
  localCompletionSource,
  remoteCompletionSource,
  sqlLinter,
  variableHighlighter,
  type RemoteComplete,
} from "./extensions";
import { eddyEditorTheme } from "./theme";

/**
 * Marks a transaction that replays an outside change (the `value` prop) into the editor, so the
 * update listener does not echo it back through `onChange` as if the user had typed it.
 */
export const remoteUpdate = Annotation.define<boolean>();

export type SqlEditorHandle = {
  /** Reformats the whole script with `formatScript` (one undo step); no-op when read-only or unparseable. */
  format(): void;
  focus(): void;
  /** The live CodeMirror view; null before mount and after unmount. */
  readonly view: EditorView | null;
  /** Moves the cursor to the start of a 1-based line, scrolls it to the middle and focuses the editor. */
  revealLine(line: number): void;
};

export type SqlEditorProps = {
  value: string;
  onChange?: (value: string) => void;
  readOnly?: boolean;
  /** Known `${name}` variables: they are highlighted, completed and not reported by lint. */
  variables?: readonly string[];
  /** SQL Gateway `complete-statement`; debounced, time-limited and merged with local completions. */
  remoteComplete?: RemoteComplete;
  onDiagnostics?: (diagnostics: Diagnostic[]) => void;
  /** Height outside full screen: a CSS length, a number of pixels, or "auto" to grow with the text. */
  height?: number | string;
  className?: string;
  ariaLabel: string;
  autoFocus?: boolean;
  /** Mod-s. Without it Mod-s is left to the browser. */
  onSave?: () => void;
  /** Rendered above the editor and used as the header in full screen; usually `<EditorToolbar />`. */
  toolbar?: React.ReactNode;
  /** Controlled full screen; leave undefined to let the editor keep its own state. */
  fullscreen?: boolean;
  onFullscreenChange?: (fullscreen: boolean) => void;
  ref?: React.Ref<SqlEditorHandle>;
};

type SqlEditorContextValue = {
  handle: SqlEditorHandle;
  diagnostics: Diagnostic[];
  readOnly: boolean;
  fullscreen: boolean;
  setFullscreen: (fullscreen: boolean) => void;
  /** Puts the cursor on a diagnostic and focuses the editor. */
  revealDiagnostic: (diagnostic: Diagnostic) => void;
  ariaLabel: string;
};

const SqlEditorContext = createContext<SqlEditorContextValue | null>(null);

/** For toolbars rendered in `<SqlEditor toolbar={…}>`: the editor's handle, diagnostics and full-screen state. */
export function useSqlEditor(): SqlEditorContextValue {
  const ctx = use(SqlEditorContext);
  if (!ctx) throw new Error("useSqlEditor must be used inside <SqlEditor toolbar={…}>");
  return ctx;
}

/** Smallest single change turning `a` into `b`, so an outside update keeps the cursor and scroll where they were. */
function minimalChange(a: string, b: string) {
  const max = Math.min(a.length, b.length);
  let start = 0;
  while (start < max && a.charCodeAt(start) === b.charCodeAt(start)) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a.charCodeAt(endA - 1) === b.charCodeAt(endB - 1)) {
    endA--;
    endB--;
  }
  return { from: start, to: endA, insert: b.slice(start, endB) };
}

// Formatting only moves whitespace and changes keyword case, so "after the n-th non-blank
// character" survives it and keeps the cursor on the same token.
const isBlank = (code: number) => code === 32 || code === 9 || code === 10 || code === 13;
function nonBlankBefore(text: string, pos: number) {
  let n = 0;
  for (let i = 0; i < pos; i++) if (!isBlank(text.charCodeAt(i))) n++;
  return n;
}
function afterNonBlank(text: string, n: number) {
  if (n === 0) return 0;
  for (let i = 0, seen = 0; i < text.length; i++) {
    if (!isBlank(text.charCodeAt(i)) && ++seen === n) return i + 1;
  }
  return text.length;
}

const sameDiagnostics = (a: Diagnostic[], b: Diagnostic[]) =>
  a.length === b.length &&
  a.every((d, i) => {
    const e = b[i]!;
    return d.from === e.from && d.to === e.to && d.code === e.code && d.severity === e.severity && d.message === e.message && d.line === e.line;
  });

// Read-only keeps the content focusable (not `editable: false`) so it can still be selected,
// searched and copied with the keyboard.
const readOnlyExtension = (readOnly: boolean, label: string): Extension => [
  EditorState.readOnly.of(readOnly),
  EditorView.contentAttributes.of({ "aria-label": label, ...(readOnly ? { "aria-readonly": "true" } : {}) }),
];

const FOCUSABLE = 'button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"]), [contenteditable="true"]';

/**
 * The FlinkSQL editor: CodeMirror 6 with the console's theme, lint and completion from lib/sql
 * (plus the SQL Gateway when `remoteComplete` is given), `${variable}` highlighting, Mod-s to
 * save, Mod-Shift-f to format, Mod-f to search.
 *
 * Keyboard: Tab indents. To leave the editor with the keyboard press Escape, then Tab (or
 * Shift-Tab) — CodeMirror's standard escape hatch from its Tab binding. In full screen, Escape
 * first closes any open completion/search, then leaves full screen.
 */
export function SqlEditor({
  value,
  onChange,
  readOnly = false,
  variables,
  remoteComplete,
  onDiagnostics,
  height = 360,
  className,
  ariaLabel,
  autoFocus = false,
  onSave,
  toolbar,
  fullscreen: fullscreenProp,
  onFullscreenChange,
  ref,
}: SqlEditorProps) {
  const hostRef = useRef<HTMLDivElement>(null);
  const viewRef = useRef<EditorView | null>(null);
  const [compartments] = useState(() => ({ readOnly: new Compartment(), variables: new Compartment() }));
  const [diagnostics, setDiagnostics] = useState<Diagnostic[]>([]);
  const [ownFullscreen, setOwnFullscreen] = useState(false);
  const fullscreen = fullscreenProp ?? ownFullscreen;

  const setFullscreen = useCallback(
    (next: boolean) => {
      if (fullscreenProp === undefined) setOwnFullscreen(next);
      onFullscreenChange?.(next);
    },
    [fullscreenProp, onFullscreenChange],
  );

  // Latest props for the extensions, which are built once with the view.
  const latest = useRef({ value, onChange, onSave, onDiagnostics, remoteComplete, fullscreen, setFullscreen, readOnly, variables, ariaLabel, autoFocus });
  useLayoutEffect(() => {
    latest.current = { value, onChange, onSave, onDiagnostics, remoteComplete, fullscreen, setFullscreen, readOnly, variables, ariaLabel, autoFocus };
  });

  const format = useCallback(() => {
    const view = viewRef.current;
    if (!view || view.state.readOnly) return;
    const doc = view.state.doc.toString();
    let formatted: string;
    try {
      formatted = formatScript(doc);
    } catch {
      return; // unparseable: lint already says why
    }
    if (formatted === doc) return;
    const head = afterNonBlank(formatted, nonBlankBefore(doc, view.state.selection.main.head));
    view.dispatch({
      changes: { from: 0, to: doc.length, insert: formatted },
      selection: EditorSelection.cursor(Math.min(head, formatted.length)),
      scrollIntoView: true,
      userEvent: "input.format",
    });
  }, []);

  const reveal = useCallback((pos: number) => {
    const view = viewRef.current;
    if (!view) return;
    const at = Math.max(0, Math.min(view.state.doc.length, pos));
    view.dispatch({ selection: EditorSelection.cursor(at), effects: EditorView.scrollIntoView(at, { y: "center" }) });
    view.focus();
  }, []);

  const handle = useMemo<SqlEditorHandle>(
    () => ({
      format,
      focus: () => viewRef.current?.focus(),
      get view() {
        return viewRef.current;
      },
      revealLine: (line: number) => {
        const view = viewRef.current;
        if (!view) return;
        const n = Math.max(1, Math.min(view.state.doc.lines, Math.floor(line) || 1));
        reveal(view.state.doc.line(n).from);
      },
    }),
    [format, reveal],
  );
  useImperativeHandle(ref, () => handle, [handle]);

  // The view: created once, destroyed on unmount. Everything that can change later goes through
  // a Compartment or the `latest` ref, never through recreating it.
  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const initial = latest.current;

    const view = new EditorView({
      parent: host,
      state: EditorState.create({
        doc: initial.value,
        extensions: [
          lineNumbers(),
          highlightActiveLineGutter(),
          foldGutter(),
          lintGutter(),
          highlightSpecialChars(),
          history(),
          drawSelection(),
          dropCursor(),
          indentOnInput(),
          bracketMatching(),
          closeBrackets(),
          highlightActiveLine(),
          highlightSelectionMatches(),
          search({ top: true }),
          EditorState.allowMultipleSelections.of(true),
          flinkSql(),
          variableHighlighter,
          compartments.variables.of(knownVariables.of(initial.variables ?? [])),
          compartments.readOnly.of(readOnlyExtension(initial.readOnly, initial.ariaLabel)),
          sqlLinter((found) => {
            setDiagnostics((prev) => (sameDiagnostics(prev, found) ? prev : found));
            latest.current.onDiagnostics?.(found);
          }),
          autocompletion({
            override: [localCompletionSource, remoteCompletionSource(() => latest.current.remoteComplete)],
            defaultKeymap: false, // bound below, first, so Enter/Escape reach it before anything else
            icons: true,
          }),
          keymap.of([
            ...completionKeymap,
            ...closeBracketsKeymap,
            { key: "Mod-s", run: () => (latest.current.onSave ? (latest.current.onSave(), true) : false) },
            { key: "Mod-Shift-f", run: () => (format(), true) },
            ...searchKeymap,
            ...lintKeymap,
            ...historyKeymap,
            ...foldKeymap,
            ...defaultKeymap,
            // After defaultKeymap's Escape (collapse a multi-selection) and searchKeymap's (close the panel).
            {
              key: "Escape",
              run: () => {
                if (!latest.current.fullscreen) return false; // falls through to CodeMirror's Escape-then-Tab
                latest.current.setFullscreen(false);
                return true;
              },
            },
            indentWithTab,
          ]),
          EditorView.updateListener.of((update) => {
            if (!update.docChanged) return;
            if (update.transactions.some((tr) => tr.annotation(remoteUpdate))) return;
            latest.current.onChange?.(update.state.doc.toString());
          }),
          eddyEditorTheme,
        ],
      }),
    });
    viewRef.current = view;
    if (initial.autoFocus) view.focus();
    return () => {
      view.destroy();
      viewRef.current = null;
    };
  }, [compartments, format]);

  // Outside value (another version loaded, a reset): replayed as a remote, non-undoable change.
  useEffect(() => {
    const view = viewRef.current;
    if (!view) return;
    const current = view.state.doc.toString();
    if (value === current) return;
    view.dispatch({
      changes: minimalChange(current, value),
      annotations: [remoteUpdate.of(true), Transaction.addToHistory.of(false)],
    });
  }, [value]);

  useEffect(() => {
    viewRef.current?.dispatch({
      effects: compartments.readOnly.reconfigure(readOnlyExtension(readOnly, ariaLabel)),
    });
  }, [compartments, readOnly, ariaLabel]);

  // Keyed on the names, not the array, so an inline `variables={[…]}` does not reconfigure on every render.
  const variablesKey = (variables ?? []).join("\u0000");
  useEffect(() => {
    viewRef.current?.dispatch({ effects: compartments.variables.reconfigure(knownVariables.of(variablesKey ? variablesKey.split("\u0000") : [])) });
  }, [compartments, variablesKey]);

  // Full screen: lock page scroll, focus the editor, and on leaving give focus back to whatever
  // opened it (the toolbar button, or the editor itself when toggled from the keyboard).
  useEffect(() => {
    if (!fullscreen) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const overflow = document.body.style.overflow;
    document.body.style.overflow = "hidden";
    viewRef.current?.focus();
    return () => {
      document.body.style.overflow = overflow;
      if (opener && opener !== document.body && opener.isConnected) opener.focus();
      else viewRef.current?.focus();
    };
  }, [fullscreen]);

  const onFrameKeyDown = (event: React.KeyboardEvent<HTMLDivElement>) => {
    if (!fullscreen || event.defaultPrevented) return;
    // React bubbles events out of portals; only keys pressed inside the frame itself count.
    if (!(event.target instanceof Node) || !event.currentTarget.contains(event.target)) return;
    if (event.key === "Escape") {
      event.preventDefault();
      setFullscreen(false);
    } else if (event.key === "Tab") {
      // Keep Tab inside the full-screen frame (the rest of the page is covered).
      const items = [...event.currentTarget.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => el.offsetParent !== null);
      const first = items[0];
      const last = items[items.length - 1];
      if (!first || !last) return;
      if (!event.shiftKey && document.activeElement === last) {
        event.preventDefault();
        first.focus();
      } else if (event.shiftKey && document.activeElement === first) {
        event.preventDefault();
        last.focus();
      }
    }
  };

  const ctx = useMemo<SqlEditorContextValue>(
    () => ({
      handle,
      diagnostics,
      readOnly,
      fullscreen,
      setFullscreen,
      revealDiagnostic: (d) => reveal(d.from),
      ariaLabel,
    }),
    [handle, diagnostics, readOnly, fullscreen, setFullscreen, reveal, ariaLabel],
  );

  const autoHeight = height === "auto";
  return (
    <SqlEditorContext value={ctx}>
      <div
        data-slot="sql-editor"
        data-fullscreen={fullscreen || undefined}
        role={fullscreen ? "dialog" : undefined}
        aria-modal={fullscreen || undefined}
        aria-label={fullscreen ? `${ariaLabel} (full screen)` : undefined}
        onKeyDown={onFrameKeyDown}
        className={cn(
          "flex min-w-0 flex-col overflow-hidden rounded-md border bg-background shadow-xs transition-[border-color,box-shadow]",
          "has-[.cm-editor.cm-focused]:border-ring has-[.cm-editor.cm-focused]:ring-[3px] has-[.cm-editor.cm-focused]:ring-ring/50",
          fullscreen && "fixed inset-0 z-50 m-0 rounded-none border-0 shadow-none has-[.cm-editor.cm-focused]:ring-0",
          className,
        )}
      >
        {toolbar ?? (fullscreen ? <FallbackHeader label={ariaLabel} onExit={() => setFullscreen(false)} /> : null)}
        <div
          ref={hostRef}
          data-slot="sql-editor-host"
          className={cn(
            "min-h-0 min-w-0",
            // In full screen there is no room for an outer ring: draw it inside, on an overlay,
            // because CodeMirror's positioned layers would paint over an outline or inset shadow.
            fullscreen &&
              "relative flex-1 after:pointer-events-none after:absolute after:inset-0 after:z-10 has-[.cm-editor.cm-focused]:after:ring-2 has-[.cm-editor.cm-focused]:after:ring-ring/60 has-[.cm-editor.cm-focused]:after:ring-inset",
            autoHeight && !fullscreen && "[&_.cm-editor]:h-auto",
          )}
          style={fullscreen || autoHeight ? undefined : { height: typeof height === "number" ? `${height}px` : height }}
        />
      </div>
    </SqlEditorContext>
  );
}

function FallbackHeader({ label, onExit }: { label: string; onExit: () => void }) {
  return (
    <div className="flex items-center justify-between gap-2 border-b bg-muted/40 px-3 py-1.5">
      <span className="truncate text-sm font-medium">{label}</span>
      <Button variant="ghost" size="sm" onClick={onExit}>
        <Minimize2 aria-hidden="true" />
        Exit full screen
      </Button>
    </div>
  );
}
