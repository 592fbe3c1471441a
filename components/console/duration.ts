/** How long something took, in the unit a person would say: "850 ms", "12 s", "3 min 4 s", "2 h 5 min". */
export function formatDuration(ms: number | null | undefined): string {
  if (ms == null || !Number.isFinite(ms) || ms < 0) return "—";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 ? `${m} min ${s % 60} s` : `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 48) return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d} d ${h % 24} h` : `${d} d`;
}

/** The time between two instants (the second defaults to now), or null without a start. */
export function between(from: Date | string | null | undefined, to?: Date | string | null): number | null {
  if (!from) return null;
  const a = new Date(from).getTime();
  const b = to ? new Date(to).getTime() : Date.now();
  return b - a;
}

/** An instant to the second, in UTC like formatDate: for lists where several things happen in a minute. */
export function formatInstant(d: Date | string | number | null | undefined): string {
  if (d === null || d === undefined) return "—";
  const date = new Date(d);
  return `${date.toISOString().slice(0, 19).replace("T", " ")} UTC`;
}
