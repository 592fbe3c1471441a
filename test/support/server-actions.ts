import fs from "node:fs";
import path from "node:path";
import type { HttpSession } from "./http-session";

type ManifestEntry = { workers: Record<string, unknown>; filename?: string; exportedName?: string };

const manifestPath = path.resolve(import.meta.dirname, "..", "..", ".next", "server", "server-reference-manifest.json");

/**
 * A server action is a public HTTP endpoint: anyone can POST to a page with its id in the
 * `Next-Action` header. These helpers call actions that way, as an attacker would, so the
 * isolation suite tests what the network sees rather than the function in-process.
 */
export function actionId(file: string, exportedName: string): string {
  const manifest = JSON.parse(fs.readFileSync(manifestPath, "utf8")) as { node: Record<string, ManifestEntry> };
  for (const [id, entry] of Object.entries(manifest.node)) {
    if (entry.filename === file && entry.exportedName === exportedName) return id;
  }
  throw new Error(`No server action ${exportedName} in ${file}; was the console built?`);
}

export type ActionReply = { ok: boolean; data?: unknown; error?: { code: string; message: string } };

/** Posts `args` to the action and returns its result, decoded from the RSC reply. */
export async function callAction(session: HttpSession, file: string, exportedName: string, args: unknown[], pagePath = "/"): Promise<ActionReply> {
  const res = await session.fetch(pagePath, {
    method: "POST",
    headers: {
      "next-action": actionId(file, exportedName),
      "content-type": "text/plain;charset=UTF-8",
      accept: "text/x-component",
      origin: session.baseUrl,
    },
    body: JSON.stringify(args),
  });
  const text = await res.text();
  // The reply is React's flight format: row 0 points at row 1, which holds the returned value.
  const row = text.split("\n").find((l) => l.startsWith("1:"));
  if (!row) throw new Error(`Unexpected action reply (${res.status}): ${text.slice(0, 300)}`);
  return JSON.parse(row.slice(2)) as ActionReply;
}
