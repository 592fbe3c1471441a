import { HighlightStyle, syntaxHighlighting } from "@codemirror/language";
import type { Extension } from "@codemirror/state";
import { EditorView } from "@codemirror/view";
import { tags as t } from "@lezer/highlight";

// Every colour is a token from app/globals.css, read at paint time, so the editor follows the
// console's light/dark switch (a `.dark` class on <html>) without being reconfigured.
const mono = 'var(--font-mono, ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace)';
const tint = (token: string, pct: number) => `color-mix(in oklab, var(${token}) ${pct}%, transparent)`;

const editorTheme = EditorView.theme({
  "&": {
    height: "100%",
    backgroundColor: "var(--background)",
    color: "var(--foreground)",
    fontSize: "13px",
  },
  // The focus ring is drawn by the surrounding frame (focus-within), not by CodeMirror.
  "&.cm-focused": { outline: "none" },
  ".cm-scroller": { fontFamily: mono, lineHeight: "1.6", overflow: "auto" },
  ".cm-content": { caretColor: "var(--foreground)", padding: "6px 0" },
  ".cm-cursor, .cm-dropCursor": { borderLeftColor: "var(--foreground)", borderLeftWidth: "2px" },
  "&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground, .cm-content ::selection":
    { backgroundColor: tint("--primary", 22) },
  ".cm-activeLine": { backgroundColor: tint("--muted-foreground", 7) },
  ".cm-selectionMatch": { backgroundColor: tint("--primary", 12) },
  "&.cm-focused .cm-matchingBracket": { backgroundColor: tint("--primary", 18), outline: `1px solid ${tint("--primary", 45)}` },
  "&.cm-focused .cm-nonmatchingBracket": { backgroundColor: tint("--destructive", 20) },
  ".cm-searchMatch": { backgroundColor: tint("--warning", 25), outline: `1px solid ${tint("--warning", 50)}` },
  ".cm-searchMatch.cm-searchMatch-selected": { backgroundColor: tint("--warning", 45) },

  ".cm-gutters": {
    backgroundColor: "var(--muted)",
    color: "var(--muted-foreground)",
    borderRight: "1px solid var(--border)",
    fontFamily: mono,
  },
  ".cm-activeLineGutter": { backgroundColor: tint("--muted-foreground", 12), color: "var(--foreground)" },
  ".cm-lineNumbers .cm-gutterElement": { padding: "0 6px 0 10px", fontVariantNumeric: "tabular-nums" },
  ".cm-foldGutter .cm-gutterElement": { padding: "0 4px", cursor: "pointer" },
  ".cm-foldPlaceholder": {
    backgroundColor: "var(--muted)",
    border: "1px solid var(--border)",
    color: "var(--muted-foreground)",
    borderRadius: "calc(var(--radius) - 4px)",
    padding: "0 4px",
  },

  // Lint: underlines and markers in the console's status colours (CodeMirror's own are SVG data
  // URIs with fixed colours, which cannot follow a CSS variable).
  ".cm-lintRange": { backgroundImage: "none", paddingBottom: "0", textDecorationLine: "underline", textDecorationStyle: "wavy", textDecorationSkipInk: "none", textUnderlineOffset: "3px" },
  // A faint fill too, so a one-character range (a lone "(") is still easy to spot.
  ".cm-lintRange-error": { textDecorationColor: "var(--destructive)", backgroundColor: tint("--destructive", 10) },
  ".cm-lintRange-warning": { textDecorationColor: "var(--warning)", backgroundColor: tint("--warning", 10) },
  ".cm-lintRange-info, .cm-lintRange-hint": { textDecorationColor: "var(--primary)" },
  ".cm-lintRange-active": { backgroundColor: tint("--warning", 15) },
  ".cm-lintPoint:after": { borderBottomColor: "var(--destructive)" },
  ".cm-lintPoint-warning:after": { borderBottomColor: "var(--warning)" },
  ".cm-lintPoint-info:after": { borderBottomColor: "var(--primary)" },
  ".cm-gutter-lint": { width: "1.1em" },
  ".cm-gutter-lint .cm-gutterElement": { padding: "0", display: "flex", alignItems: "center", justifyContent: "center" },
  ".cm-lint-marker": { content: "normal", width: "0.55em", height: "0.55em", borderRadius: "9999px" },
  ".cm-lint-marker-error": { content: "normal", backgroundColor: "var(--destructive)" },
  ".cm-lint-marker-warning": { content: "normal", backgroundColor: "var(--warning)" },
  ".cm-lint-marker-info": { content: "normal", backgroundColor: "var(--primary)" },
  ".cm-diagnostic": { fontFamily: "var(--font-sans, ui-sans-serif, system-ui, sans-serif)", fontSize: "12px", padding: "4px 8px 4px 10px" },
  ".cm-diagnostic-error": { borderLeft: "3px solid var(--destructive)" },
  ".cm-diagnostic-warning": { borderLeft: "3px solid var(--warning)" },
  ".cm-diagnostic-info, .cm-diagnostic-hint": { borderLeft: "3px solid var(--primary)" },
  ".cm-diagnosticSource": { fontFamily: mono, color: "var(--muted-foreground)", opacity: "1" },

  // `${variable}` references: known ones tinted, unknown ones underlined like a lint warning.
  ".cm-sql-variable": { color: "var(--primary)", backgroundColor: tint("--primary", 10), borderRadius: "3px" },
  ".cm-sql-variable-unknown": {
    color: "var(--warning)",
    textDecoration: "underline wavy var(--warning)",
    textDecorationSkipInk: "none",
    textUnderlineOffset: "3px",
  },

  // Tooltips (autocomplete, lint hover) look like the console's popovers.
  ".cm-tooltip": {
    backgroundColor: "var(--popover)",
    color: "var(--popover-foreground)",
    border: "1px solid var(--border)",
    borderRadius: "calc(var(--radius) - 2px)",
    boxShadow: "0 4px 12px -2px rgb(0 0 0 / 0.12), 0 2px 4px -2px rgb(0 0 0 / 0.08)",
    overflow: "hidden",
  },
  ".cm-tooltip.cm-tooltip-autocomplete > ul": { fontFamily: mono, fontSize: "12.5px", maxHeight: "16em", padding: "4px" },
  ".cm-tooltip.cm-tooltip-autocomplete > ul > li": { padding: "3px 8px", borderRadius: "calc(var(--radius) - 4px)", lineHeight: "1.4" },
  ".cm-tooltip-autocomplete ul li[aria-selected]": { backgroundColor: "var(--accent)", color: "var(--accent-foreground)" },
  ".cm-tooltip-autocomplete-disabled ul li[aria-selected]": { backgroundColor: "var(--muted)" },
  ".cm-completionMatchedText": { textDecoration: "none", fontWeight: "600", color: "var(--primary)" },
  ".cm-completionDetail": { color: "var(--muted-foreground)", fontStyle: "normal", marginLeft: "0.75em" },
  ".cm-completionIcon": { opacity: "0.7", color: "var(--muted-foreground)" },
  // Plain glyphs for every type lib/sql emits: CodeMirror's keyword icon is an emoji, which
  // renders as an empty box where no emoji font is installed.
  ".cm-completionIcon-keyword:after": { content: "'K'", fontWeight: "600" },
  ".cm-completionIcon-function:after": { content: "'ƒ'" },
  ".cm-completionIcon-type:after": { content: "'T'" },
  ".cm-completionIcon-table:after": { content: "'▦'" },
  ".cm-completionIcon-column:after": { content: "'c'" },
  ".cm-completionIcon-variable:after": { content: "'$'" },
  ".cm-completionIcon-snippet:after": { content: "'§'" },
  ".cm-tooltip.cm-completionInfo": { padding: "6px 10px", fontSize: "12px" },
  ".cm-tooltip-arrow:before, .cm-tooltip-arrow:after": { borderTopColor: "var(--border)", borderBottomColor: "var(--border)" },

  // Search / goto-line panel.
  ".cm-panels": { backgroundColor: "var(--muted)", color: "var(--foreground)" },
  ".cm-panels.cm-panels-top": { borderBottom: "1px solid var(--border)" },
  ".cm-panels.cm-panels-bottom": { borderTop: "1px solid var(--border)" },
  ".cm-panel": { fontFamily: "var(--font-sans, ui-sans-serif, system-ui, sans-serif)", fontSize: "12px" },
  ".cm-panel input, .cm-panel button, .cm-textfield, .cm-button": {
    fontSize: "12px",
    borderRadius: "calc(var(--radius) - 4px)",
    border: "1px solid var(--input)",
    backgroundColor: "var(--background)",
    backgroundImage: "none",
    color: "var(--foreground)",
  },
  ".cm-panel input:focus-visible, .cm-panel button:focus-visible, .cm-textfield:focus": {
    outline: `2px solid var(--ring)`,
    outlineOffset: "0",
  },
});

const highlightStyle = HighlightStyle.define([
  { tag: [t.keyword, t.operatorKeyword, t.modifier], color: "var(--primary)", fontWeight: "600" },
  { tag: [t.typeName, t.standard(t.name)], color: "color-mix(in oklab, var(--primary) 55%, var(--success))" },
  { tag: [t.function(t.variableName), t.standard(t.variableName)], color: "color-mix(in oklab, var(--primary) 45%, var(--foreground))" },
  { tag: [t.string, t.special(t.string)], color: "var(--success)" },
  { tag: [t.number, t.bool, t.null], color: "var(--warning)" },
  { tag: [t.lineComment, t.blockComment, t.comment], color: "var(--muted-foreground)", fontStyle: "italic" },
  { tag: [t.special(t.name), t.labelName], color: "var(--warning)" },
  { tag: [t.operator, t.punctuation, t.bracket], color: "var(--muted-foreground)" },
  { tag: t.invalid, color: "var(--destructive)" },
]);

/** The console's look for any CodeMirror view: the SQL editor and both sides of the diff. */
export const eddyEditorTheme: Extension = [editorTheme, syntaxHighlighting(highlightStyle)];

/** Extra rules used only by the diff view. */
export const eddyDiffTheme: Extension = EditorView.theme({
  "&.cm-merge-a .cm-changedLine, .cm-deletedChunk": { backgroundColor: tint("--destructive", 9) },
  "&.cm-merge-b .cm-changedLine, .cm-inlineChangedLine": { backgroundColor: tint("--success", 10) },
  "&.cm-merge-a .cm-changedText, .cm-deletedChunk .cm-deletedText": { background: tint("--destructive", 22) },
  "&.cm-merge-b .cm-changedText": { background: tint("--success", 25) },
  "&.cm-merge-a .cm-changedLineGutter, .cm-deletedLineGutter": { background: "var(--destructive)" },
  "&.cm-merge-b .cm-changedLineGutter": { background: "var(--success)" },
  ".cm-collapsedLines": {
    color: "var(--muted-foreground)",
    background: "var(--muted)",
    borderTop: "1px solid var(--border)",
    borderBottom: "1px solid var(--border)",
    fontFamily: "var(--font-sans, ui-sans-serif, system-ui, sans-serif)",
    fontSize: "12px",
    // CodeMirror draws "⦚" on both sides, missing from many fonts.
    "&:before": { content: '"↕"', marginInlineEnd: "7px" },
    "&:after": { content: "none" },
  },
});
