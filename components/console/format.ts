/**
 * One date format across the console. UTC, so that the server's render and the browser's agree
 * (no hydration mismatch) and teammates in different zones quote the same time.
 */
export function formatDate(d: Date | string | null | undefined): string {
  if (!d) return "—";
  const date = typeof d === "string" ? new Date(d) : d;
  return `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}
