/** The state timeline's geometry, from a job's state events: pure, so it is easy to reason about. */

export type StateEvent = { at: Date; fromState: string | null; toState: string | null; runId: number | null };
export type Segment = { state: string; from: number; to: number; runId: number | null; open: boolean };
export type Band = { key: string; runId: number | null; segments: Segment[] };

/**
 * A job is in one state at a time: each state event starts a segment that lasts until the next
 * one (the newest lasts until now). Segments go in one band per run (events outside any run, such
 * as a build, in their own band), so restarts read as separate rows.
 */
export function timeline(events: StateEvent[], now: number, since: number | null): { bands: Band[]; start: number; end: number } {
  const states = events.filter((e) => e.toState).sort((a, b) => a.at.getTime() - b.at.getTime());
  const segments: Segment[] = states.map((e, i) => ({
    state: e.toState!,
    from: e.at.getTime(),
    to: i + 1 < states.length ? states[i + 1]!.at.getTime() : now,
    runId: e.runId,
    open: i + 1 === states.length,
  }));
  // The first event says where the job came from: draw that state from the window's start, if known.
  const visible = segments.filter((s) => since === null || s.to > since).map((s) => (since !== null && s.from < since ? { ...s, from: since } : s));
  const start = since ?? visible[0]?.from ?? now;
  const bands = new Map<string, Band>();
  for (const s of visible) {
    const key = s.runId === null ? "none" : `run:${s.runId}`;
    if (!bands.has(key)) bands.set(key, { key, runId: s.runId, segments: [] });
    bands.get(key)!.segments.push(s);
  }
  return { bands: [...bands.values()], start, end: Math.max(now, start + 1000) };
}

/** Evenly spaced axis ticks at round-ish times. */
export function ticks(start: number, end: number, count = 5): number[] {
  const span = end - start;
  const steps = [1, 5, 15, 30, 60, 300, 900, 1800, 3600, 3 * 3600, 6 * 3600, 12 * 3600, 86400, 7 * 86400].map((s) => s * 1000);
  const step = steps.find((s) => span / s <= count) ?? steps[steps.length - 1]!;
  const out: number[] = [];
  for (let t = Math.ceil(start / step) * step; t <= end; t += step) out.push(t);
  return out;
}
