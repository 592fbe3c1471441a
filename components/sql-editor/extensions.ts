import type { Completion as CmCompletion, CompletionContext, CompletionResult, CompletionSource } from "@codemirror/autocomplete";
import { sql, SQLDialect } from "@codemirror/lang-sql";
import type { Diagnostic as CmDiagnostic } from "@codemirror/lint";
import { linter } from "@codemirror/lint";
import { Facet, RangeSetBuilder, type EditorState, type Extension } from "@codemirror/state";
import { Decoration, ViewPlugin, type DecorationSet, type EditorView, type ViewUpdate } from "@codemirror/view";
import { completionsAt, findVariables, FLINK_SQL_DIALECT, validateScript, type Diagnostic } from "@/lib/sql";

// ---------------------------------------------------------------------------------------------
// Language

let dialect: SQLDialect | null = null;

/** FlinkSQL highlighting/folding/indentation, from the same dialect spec the server parses with. */
export function flinkSql(): Extension {
  dialect ??= SQLDialect.define(FLINK_SQL_DIALECT);
  return sql({ dialect, upperCaseKeywords: true });
}

// ---------------------------------------------------------------------------------------------
// Known `${variable}` names, shared by lint, completion and decorations. Lives in a Compartment
// in the editor so a new list reconfigures the view instead of recreating it.

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((v, i) => v === b[i]);

export const knownVariables = Facet.define<readonly string[], readonly string[]>({
  combine: (values) => values[0] ?? [],
  compare: sameList,
});

const variablesOf = (state: EditorState) => state.facet(knownVariables);

const knownMark = Decoration.mark({ class: "cm-sql-variable" });
const unknownMark = (name: string) =>
  Decoration.mark({
    class: "cm-sql-variable-unknown",
    attributes: { title: `Unknown variable “${name}”: define it for this job or environment` },
  });

// Whole-document scan up to this size (so a block comment that starts above the viewport is
// still seen as a comment); beyond it, only the visible lines are scanned.
const FULL_SCAN_LIMIT = 200_000;

function variableDecorations(view: EditorView): DecorationSet {
  const known = new Set(variablesOf(view.state));
  const { doc } = view.state;
  const ranges = doc.length <= FULL_SCAN_LIMIT ? [{ from: 0, to: doc.length }] : view.visibleRanges;
  const builder = new RangeSetBuilder<Decoration>();
  for (const { from, to } of ranges) {
    const found = findVariables(doc.sliceString(from, to))
      .map((v) => ({ name: v.name, from: v.from + from, to: v.to + from }))
      .sort((a, b) => a.from - b.from);
    for (const v of found) {
      if (v.to <= v.from) continue;
      builder.add(v.from, v.to, known.has(v.name) ? knownMark : unknownMark(v.name));
    }
  }
  return builder.finish();
}

export const variableHighlighter = ViewPlugin.fromClass(
  class {
    decorations: DecorationSet;
    constructor(view: EditorView) {
      this.decorations = variableDecorations(view);
    }
    update(update: ViewUpdate) {
      if (update.docChanged || (update.viewportChanged && update.state.doc.length > FULL_SCAN_LIMIT) || variablesOf(update.startState) !== variablesOf(update.state)) {
        this.decorations = variableDecorations(update.view);
      }
    }
  },
  { decorations: (plugin) => plugin.decorations },
);

// ---------------------------------------------------------------------------------------------
// Lint

/**
 * Lints with `validateScript`, the function the server validates with, so the squiggles and a
 * rejected save never disagree. `onDiagnostics` receives the raw diagnostics (with line numbers)
 * after every run.
 */
export function sqlLinter(onDiagnostics: (diagnostics: Diagnostic[]) => void): Extension {
  return linter(
    (view) => {
      const { doc } = view.state;
      let found: Diagnostic[];
      try {
        found = validateScript(doc.toString(), { variables: variablesOf(view.state) });
      } catch (error) {
        // A validator bug must not take the editor down; the server still validates on save.
        console.error("validateScript failed", error);
        found = [];
      }
      onDiagnostics(found);
      const clamp = (n: number) => Math.max(0, Math.min(doc.length, n));
      return found.map(
        (d): CmDiagnostic => ({
          from: clamp(d.from),
          to: clamp(Math.max(d.from, d.to)),
          severity: d.severity,
          message: d.message,
          source: d.code,
        }),
      );
    },
    {
      delay: 300,
      needsRefresh: (update) => variablesOf(update.startState) !== variablesOf(update.state),
    },
  );
}

// ---------------------------------------------------------------------------------------------
// Completion

export type RemoteCompleteResult = { from: number; options: { label: string; type?: string; detail?: string }[] } | null;
export type RemoteComplete = (script: string, pos: number) => Promise<RemoteCompleteResult>;

/**
 * Completions from lib/sql: keywords, functions, types, the script's own tables and columns,
 * known variables and statement snippets. lib/sql decides when to answer unprompted (it only
 * offers everything on Ctrl-Space, `explicit`).
 */
export const localCompletionSource: CompletionSource = (context) => {
  const result = completionsAt(context.state.doc.toString(), context.pos, {
    variables: variablesOf(context.state),
    explicit: context.explicit,
  });
  if (!result || result.options.length === 0) return null;
  return {
    from: result.from,
    to: result.to,
    // Apply strings are inserted as plain text, never as CodeMirror snippet templates: a Flink
    // `${var}` in them would otherwise be read as a snippet field.
    options: result.options.map(
      (o): CmCompletion => ({ label: o.label, type: o.type, detail: o.detail, apply: o.apply, info: o.info, boost: o.boost }),
    ),
    validFor: /^[\w$]*$/,
  };
};

const REMOTE_DEBOUNCE_MS = 250;
const REMOTE_TIMEOUT_MS = 4000;

function sleep(ms: number, context: CompletionContext): Promise<boolean> {
  return new Promise((resolve) => {
    if (context.aborted) return resolve(false);
    const timer = setTimeout(() => resolve(!context.aborted), ms);
    // onDocChange: a keystroke during the wait aborts this query, which is what debounces it.
    context.addEventListener(
      "abort",
      () => {
        clearTimeout(timer);
        resolve(false);
      },
      { onDocChange: true },
    );
  });
}

/**
 * Completions from the SQL Gateway (`complete-statement`), which knows the session's catalogs,
 * tables and columns. Debounced (a keystroke within 250 ms aborts the pending request), bounded by
 * a timeout, and silent on failure: the local completions are still shown.
 */
export function remoteCompletionSource(getRemote: () => RemoteComplete | undefined): CompletionSource {
  return async (context) => {
    const remote = getRemote();
    if (!remote) return null;
    const word = context.matchBefore(/[\w$.`]+/);
    if (!context.explicit && !word) return null;
    if (!(await sleep(REMOTE_DEBOUNCE_MS, context))) return null;

    const script = context.state.doc.toString();
    let result: RemoteCompleteResult;
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      result = await Promise.race([
        remote(script, context.pos),
        new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), REMOTE_TIMEOUT_MS))),
      ]);
    } catch {
      return null; // gateway down, session expired…: local completions are enough
    } finally {
      clearTimeout(timer);
    }
    if (context.aborted || !result || result.options.length === 0) return null;

    // Local labels win: drop what the local source already offers so the list has no duplicates.
    const mine = completionsAt(script, context.pos, { variables: variablesOf(context.state), explicit: context.explicit });
    const local = new Set(mine?.options.map((o) => o.label.toLowerCase()));
    const from = Math.max(0, Math.min(context.pos, result.from));
    const options = result.options
      .filter((o) => o.label && !local.has(o.label.toLowerCase()))
      .map((o): CmCompletion => ({ label: o.label, type: o.type, detail: o.detail ?? "gateway" }));
    return options.length ? ({ from, options, validFor: /^[\w$`]*$/ } satisfies CompletionResult) : null;
  };
}
