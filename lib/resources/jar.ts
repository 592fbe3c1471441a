import { open } from "node:fs/promises";
import yauzl from "yauzl";
import { AppError } from "@/lib/errors";

/** How many class names a jar's record keeps (sorted); the count of all of them is reported beside. */
export const CLASS_LIST_CAP = 5000;
/** A manifest bigger than this is not one we read. */
const MAX_MANIFEST_BYTES = 1024 * 1024;

export type JarInfo = {
  /** Main-Class from META-INF/MANIFEST.MF, dotted; null when absent or not a class name. */
  mainClass: string | null;
  /** Top-level class names, dotted and sorted, at most CLASS_LIST_CAP. */
  classes: string[];
  /** How many top-level classes the jar holds. */
  classCount: number;
};

const javaClassName = /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/;

/**
 * The main section of a manifest. Lines are at most 72 bytes, so long values continue on lines
 * that start with a single space; the main section ends at the first empty line.
 */
export function parseManifest(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  let last: string | undefined;
  for (const line of text.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/)) {
    if (line === "") break;
    if (line.startsWith(" ")) {
      if (last !== undefined) out[last] += line.slice(1);
      continue;
    }
    const at = line.indexOf(":");
    if (at <= 0) {
      last = undefined;
      continue;
    }
    last = line.slice(0, at).trim();
    out[last] = line.slice(at + 1).replace(/^ /, "");
  }
  return out;
}

/** Main-Class of a manifest's text, dotted; null unless it names a class. */
export function mainClassOf(manifest: string): string | null {
  const attrs = parseManifest(manifest);
  const key = Object.keys(attrs).find((k) => k.toLowerCase() === "main-class");
  const value = key ? attrs[key]!.trim().replace(/\//g, ".").replace(/\.class$/, "") : "";
  return javaClassName.test(value) ? value : null;
}

/** `com/example/Job.class` → `com.example.Job`; null for inner classes, module/package descriptors and versioned copies. */
export function topLevelClassName(entry: string): string | null {
  if (!entry.endsWith(".class") || entry.includes("$") || entry.startsWith("META-INF/")) return null;
  const base = entry.slice(entry.lastIndexOf("/") + 1);
  if (base === "module-info.class" || base === "package-info.class") return null;
  const dotted = entry.slice(0, -".class".length).replace(/\//g, ".");
  return javaClassName.test(dotted) ? dotted : null;
}

function refused(label: string, message: string): AppError {
  return new AppError("invalid_input", message, { fields: { file: message } });
}

async function startsLikeZip(file: string): Promise<boolean> {
  const h = await open(file, "r");
  try {
    const head = Buffer.alloc(4);
    const { bytesRead } = await h.read(head, 0, 4, 0);
    return bytesRead === 4 && head.readUInt32LE(0) === 0x04034b50;
  } finally {
    await h.close();
  }
}

/**
 * Reads a jar's central directory (entry names, no data) and its manifest. What is not a jar is
 * refused with a sentence saying what it is instead: empty, not a zip, or a zip that was cut off.
 */
export async function inspectJar(file: string, label: string): Promise<JarInfo> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.openPromise(file, { lazyEntries: true, autoClose: false, strictFileNames: false, validateEntrySizes: true });
  } catch (e) {
    if (await startsLikeZip(file)) {
      throw refused(label, `“${label}” starts like a jar but is incomplete or damaged (${(e as Error).message}); was the download cut off? Upload the whole file.`);
    }
    throw refused(label, `“${label}” is not a jar: a jar is a zip archive, and this file is not one.`);
  }
  try {
    const names: string[] = [];
    let manifest: string | undefined;
    let entries = 0;
    for await (const entry of zip.eachEntry()) {
      entries += 1;
      const cls = topLevelClassName(entry.fileName);
      if (cls) names.push(cls);
      if (manifest === undefined && entry.fileName.toUpperCase() === "META-INF/MANIFEST.MF" && entry.uncompressedSize <= MAX_MANIFEST_BYTES) {
        const chunks: Buffer[] = [];
        for await (const chunk of await zip.openReadStreamPromise(entry)) chunks.push(chunk as Buffer);
        manifest = Buffer.concat(chunks).toString("utf8");
      }
    }
    if (entries === 0) throw refused(label, `“${label}” is an empty archive; a jar holds classes.`);
    names.sort();
    return { mainClass: manifest === undefined ? null : mainClassOf(manifest), classes: names.slice(0, CLASS_LIST_CAP), classCount: names.length };
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw refused(label, `“${label}” is a damaged jar (${(e as Error).message}); upload it again.`);
  } finally {
    zip.close();
  }
}
