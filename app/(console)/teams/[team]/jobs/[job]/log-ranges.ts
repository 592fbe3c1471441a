import type { LineRange } from "@/components/console/log-viewer";

/**
 * The lines of a failed step in an operation's or build's log: from its "▶ <step>" line through
 * its "✗ <step>: …" line (or the end), so the viewer can tint them.
 */
export function failedStepLines(log: string, step: string | null | undefined): LineRange[] {
  if (!step) return [];
  const lines = log.split("\n");
  let from = -1;
  for (let i = lines.length - 1; i >= 0; i--) {
    if (lines[i]!.includes(`▶ ${step}`)) {
      from = i;
      break;
    }
  }
  const failLine = lines.findIndex((l, i) => i >= Math.max(from, 0) && l.includes(`✗ ${step}`));
  if (from < 0 && failLine < 0) return [];
  const start = from >= 0 ? from : failLine;
  const end = failLine >= 0 ? failLine : lines.length - 1;
  return [{ from: start + 1, to: end + 1 }];
}
