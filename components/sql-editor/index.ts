export { SqlEditor, useSqlEditor, remoteUpdate, type SqlEditorHandle, type SqlEditorProps } from "./sql-editor";
export { EditorToolbar, DiagnosticsSummary, type EditorToolbarProps } from "./editor-toolbar";
export { SqlDiff, type SqlDiffProps } from "./sql-diff";
export { diffLineStats } from "./diff-stats";
export { useUnsavedGuard } from "./use-unsaved-guard";
export type { RemoteComplete, RemoteCompleteResult } from "./extensions";
