/** 1536 → "1.5 KB"; binary units, as file managers show jar sizes. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ["KB", "MB", "GB", "TB"];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i += 1;
  }
  return `${v >= 100 ? v.toFixed(0) : v.toFixed(1)} ${units[i]}`;
}

export const kindLabel: Record<string, string> = { app: "App", connector: "Connector", udf: "UDF", library: "Library" };

/** The REST path of a jar's file; a plain link downloads it with the session. */
export function downloadHref(team: string, id: number): string {
  return `/api/v1/teams/${encodeURIComponent(team)}/resources/${id}/file`;
}
