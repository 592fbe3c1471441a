import fs from "node:fs/promises";
import yauzl from "yauzl";
import { uuid } from "../ids";

/**
 * Jars uploaded to a JobManager (POST /jars/upload). Flink stores each as
 * `<web.upload.dir>/flink-web-upload/<uuid>_<name>.jar` and the basename is the jar id.
 * The entry class comes from the manifest's `Main-Class` (or `program-class`), as Flink's
 * JarListHandler reads it; a file that is not a zip simply lists no entries.
 */
export type Jar = { id: string; name: string; uploaded: number; entryClass?: string };

export class JarStore {
  private readonly jars = new Map<string, Jar>();
  readonly uploadDir = `/tmp/flink-web-${uuid()}/flink-web-upload`;

  async add(fileName: string, content: Buffer): Promise<Jar> {
    const name = fileName.split(/[\\/]/).pop() ?? fileName;
    const jar: Jar = { id: `${uuid()}_${name}`, name, uploaded: Date.now(), entryClass: await mainClassOf(content) };
    this.jars.set(jar.id, jar);
    return jar;
  }

  get(id: string): Jar | undefined {
    return this.jars.get(id);
  }

  delete(id: string): boolean {
    return this.jars.delete(id);
  }

  list(): Jar[] {
    return [...this.jars.values()];
  }
}

/** The entry class of a jar's bytes (a jar the operator fetched over http). */
export function readJarEntryClassFrom(content: Buffer): Promise<string | undefined> {
  return mainClassOf(content);
}

/** The entry class of a jar on disk (the simulated CLI submits local jars by path). */
export async function readJarEntryClass(path: string): Promise<string | undefined> {
  return mainClassOf(await fs.readFile(path).catch(() => Buffer.alloc(0)));
}

async function mainClassOf(content: Buffer): Promise<string | undefined> {
  const manifest = await readZipEntry(content, "META-INF/MANIFEST.MF").catch(() => undefined);
  if (!manifest) return undefined;
  // Manifest lines wrap at 72 bytes with a leading space on continuation lines.
  const text = manifest.toString("utf8").replace(/\r?\n /g, "");
  const m = /^(?:program-class|Main-Class):\s*(\S+)\s*$/im.exec(text);
  return m?.[1];
}

export function readZipEntry(zip: Buffer, entryName: string): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(zip, { lazyEntries: true }, (err, file) => {
      if (err || !file) return reject(err ?? new Error("not a zip"));
      file.on("error", reject);
      file.on("end", () => resolve(undefined));
      file.on("entry", (entry: yauzl.Entry) => {
        if (entry.fileName !== entryName) return file.readEntry();
        file.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e ?? new Error("unreadable entry"));
          const chunks: Buffer[] = [];
          stream.on("data", (c: Buffer) => chunks.push(c));
          stream.on("end", () => {
            file.close();
            resolve(Buffer.concat(chunks));
          });
        });
      });
      file.readEntry();
    });
  });
}

export type MultipartPart = { name?: string; fileName?: string; contentType?: string; data: Buffer };

/** A minimal multipart/form-data parser: enough for Flink's upload handler (files + attributes). */
export function parseMultipart(contentType: string | undefined, body: Buffer): MultipartPart[] | undefined {
  const m = /multipart\/form-data;.*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? "");
  const boundary = m?.[1] ?? m?.[2];
  if (!boundary) return undefined;
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: MultipartPart[] = [];
  let pos = body.indexOf(delimiter);
  while (pos >= 0) {
    const start = pos + delimiter.length;
    if (body.subarray(start, start + 2).toString() === "--") break;
    const next = body.indexOf(delimiter, start);
    if (next < 0) break;
    const part = body.subarray(start + 2, next - 2); // skip CRLF after the delimiter and before the next
    const headerEnd = part.indexOf("\r\n\r\n");
    if (headerEnd >= 0) {
      const headers = part.subarray(0, headerEnd).toString("utf8");
      const disposition = /content-disposition:([^\r\n]*)/i.exec(headers)?.[1] ?? "";
      parts.push({
        name: /\bname="([^"]*)"/i.exec(disposition)?.[1],
        fileName: /\bfilename="([^"]*)"/i.exec(disposition)?.[1],
        contentType: /content-type:\s*([^\r\n]*)/i.exec(headers)?.[1],
        data: part.subarray(headerEnd + 4),
      });
    }
    pos = next;
  }
  return parts;
}
