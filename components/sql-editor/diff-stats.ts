import { Chunk } from "@codemirror/merge";
import { Text } from "@codemirror/state";

// Not in sql-diff.tsx: a "use client" module's non-component exports cannot be called from a
// server component, and a page may want the counts (e.g. in a version list) without the diff.

const docOf = (text: string) => Text.of(text.split(/\r\n?|\n/));

/** Lines added and removed, counted the way the merge view draws them (whole changed lines). */
export function diffLineStats(original: string, modified: string): { added: number; removed: number } {
  const a = docOf(original);
  const b = docOf(modified);
  let added = 0;
  let removed = 0;
  for (const chunk of Chunk.build(a, b)) {
    if (chunk.toA > chunk.fromA) removed += a.lineAt(chunk.endA).number - a.lineAt(chunk.fromA).number + 1;
    if (chunk.toB > chunk.fromB) added += b.lineAt(chunk.endB).number - b.lineAt(chunk.fromB).number + 1;
  }
  return { added, removed };
}
