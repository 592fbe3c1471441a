import { randomUUID } from "node:crypto";
import { mkdir, open, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { loadConfig } from "@/lib/config";

/**
 * Where jars live: `<dataDir>/resources/<teamId>/<sha256>.jar`. The path is made of two numbers'
 * worth of trusted data (the team id and a hex digest we computed), never of anything a person typed.
 * Uploads land in `<dataDir>/resources/.incoming` first, on the same filesystem, so that moving one
 * into place is an atomic rename.
 */

function dataDir(): string {
  return loadConfig().dataDir;
}

/** The path stored in the row, relative to the data directory. */
export function storagePathFor(teamId: number, sha256: string): string {
  if (!Number.isInteger(teamId) || teamId <= 0 || !/^[0-9a-f]{64}$/.test(sha256)) throw new Error("storagePathFor: bad team id or digest");
  return path.posix.join("resources", String(teamId), `${sha256}.jar`);
}

/** The absolute path of a stored file; refuses anything that would leave the resources folder. */
export function absolutePath(storagePath: string): string {
  const root = path.join(dataDir(), "resources") + path.sep;
  const abs = path.resolve(dataDir(), storagePath);
  if (!abs.startsWith(root)) throw new Error(`A resource's storage path leaves the data directory: ${storagePath}`);
  return abs;
}

/** A fresh temporary file name for an upload in progress (the file is created by the writer). */
export async function incomingPath(): Promise<string> {
  const dir = path.join(dataDir(), "resources", ".incoming");
  await mkdir(dir, { recursive: true, mode: 0o700 });
  return path.join(dir, `${randomUUID()}.part`);
}

async function syncDir(dir: string): Promise<void> {
  const h = await open(dir, "r");
  try {
    await h.sync();
  } finally {
    await h.close();
  }
}

/**
 * Moves a received (already fsynced) upload to its content-addressed place. The same bytes are
 * already there when another jar of the team has them; renaming over it is harmless (same content)
 * and keeps the move atomic either way.
 */
export async function placeFile(tempPath: string, storagePath: string): Promise<void> {
  const target = absolutePath(storagePath);
  await mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
  await rename(tempPath, target);
  await syncDir(path.dirname(target));
}

export async function removeStoredFile(storagePath: string): Promise<void> {
  await rm(absolutePath(storagePath), { force: true });
}

/** Size of a stored file, or null when it is missing. */
export async function storedFileSize(storagePath: string): Promise<number | null> {
  try {
    return (await stat(absolutePath(storagePath))).size;
  } catch {
    return null;
  }
}
