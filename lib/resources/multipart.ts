import { createHash } from "node:crypto";
import { open, rm, type FileHandle } from "node:fs/promises";
import { AppError } from "@/lib/errors";

/**
 * A streaming multipart/form-data reader for uploads: the one file part goes straight to a file on
 * disk (hashed and counted on the way), text fields are kept in memory up to small limits. Nothing
 * holds the whole body, so a 500 MB jar costs a few buffers of memory.
 */

export type MultipartLimits = {
  /** The file part's size limit; going over throws `tooLarge()`. */
  maxFileBytes: number;
  tooLarge: () => AppError;
  maxFieldBytes?: number;
  maxFields?: number;
};

export type ReceivedFile = { field: string; filename: string; path: string; size: number; sha256: string };
export type ReceivedForm = { fields: Record<string, string>; file: ReceivedFile | null };

const MAX_HEADER_BYTES = 16 * 1024;
const MAX_PREAMBLE_BYTES = 64 * 1024;
const CRLF = Buffer.from("\r\n");
const HEADER_END = Buffer.from("\r\n\r\n");

const bad = (message: string) => new AppError("bad_request", message);

/** The boundary of a multipart/form-data Content-Type, or null when it is not one. */
export function multipartBoundary(contentType: string | null): string | null {
  if (!contentType || !/^multipart\/form-data\s*(;|$)/i.test(contentType.trim())) return null;
  const m = /;\s*boundary=(?:"([^"]{1,70})"|([^;\s]{1,70}))/i.exec(contentType);
  return m ? (m[1] ?? m[2] ?? null) : null;
}

/** Parameters of a Content-Disposition value. Quoted values keep backslashes except before a quote: browsers never escape them, and a Windows path must stay visible as one. */
function dispositionParams(value: string): { type: string; params: Map<string, string> } {
  const type = value.split(";", 1)[0]!.trim().toLowerCase();
  const params = new Map<string, string>();
  for (const m of value.matchAll(/;\s*([^\s=;]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]*))/g)) {
    const key = m[1]!.toLowerCase();
    let v = m[2] !== undefined ? m[2].replace(/\\"/g, '"') : m[3]!.trim();
    if (key.endsWith("*")) {
      // RFC 5987: charset'lang'percent-encoded
      const ext = /^([^']*)'[^']*'(.*)$/.exec(v);
      try {
        v = ext ? decodeURIComponent(ext[2]!) : v;
      } catch {
        continue;
      }
      params.set(key.slice(0, -1), v);
    } else if (!params.has(key)) params.set(key, v);
  }
  return { type, params };
}

type Sink = { write: (b: Buffer) => Promise<void>; end: () => Promise<void> };

/**
 * Reads `body` as multipart/form-data. The part named `fileField` with a filename is written to
 * `filePath` (created exclusively); a failure removes it again.
 */
export async function readMultipart(
  body: ReadableStream<Uint8Array> | null,
  boundary: string,
  opts: { fileField: string; filePath: string; limits: MultipartLimits },
): Promise<ReceivedForm> {
  const { limits } = opts;
  const maxFieldBytes = limits.maxFieldBytes ?? 16 * 1024;
  const maxFields = limits.maxFields ?? 20;
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  const fields: Record<string, string> = {};
  let file: ReceivedFile | null = null;
  let handle: FileHandle | null = null;

  // The body starts with "--boundary" (no CRLF before it); prepending one lets a single delimiter match every boundary.
  let buf: Buffer = Buffer.from(CRLF);
  // Written by drain(); `as` keeps TypeScript from pinning it to its first value.
  let state = "preamble" as "preamble" | "after-delimiter" | "headers" | "body" | "done";
  let skipped = 0;
  let sink: Sink | null = null;

  const fileSink = async (field: string, filename: string): Promise<Sink> => {
    if (file) throw new AppError("invalid_input", "Send one file per upload.", { fields: { file: "Send one file per upload." } });
    handle = await open(opts.filePath, "wx", 0o600);
    const h = handle;
    const hash = createHash("sha256");
    let size = 0;
    file = { field, filename, path: opts.filePath, size: 0, sha256: "" };
    const current = file;
    return {
      write: async (b) => {
        size += b.length;
        if (size > limits.maxFileBytes) throw limits.tooLarge();
        hash.update(b);
        let off = 0;
        while (off < b.length) off += (await h.write(b, off, b.length - off)).bytesWritten;
      },
      end: async () => {
        current.size = size;
        current.sha256 = hash.digest("hex");
        // On disk before anyone renames it into place (see lib/resources/storage.ts).
        await h.sync();
        await h.close();
        handle = null;
      },
    };
  };

  const fieldSink = (name: string): Sink => {
    if (Object.keys(fields).length >= maxFields) throw bad(`Too many form fields; at most ${maxFields}.`);
    const chunks: Buffer[] = [];
    let size = 0;
    return {
      write: async (b) => {
        size += b.length;
        if (size > maxFieldBytes) throw new AppError("invalid_input", `The form field “${name}” is too long.`, { fields: { [name]: "Too long." } });
        chunks.push(Buffer.from(b));
      },
      end: async () => {
        fields[name] ??= Buffer.concat(chunks).toString("utf8");
      },
    };
  };

  const startPart = async (headerText: string): Promise<Sink> => {
    let disposition: ReturnType<typeof dispositionParams> | null = null;
    for (const line of headerText.split("\r\n")) {
      const i = line.indexOf(":");
      if (i > 0 && line.slice(0, i).trim().toLowerCase() === "content-disposition") disposition = dispositionParams(line.slice(i + 1).trim());
    }
    const name = disposition?.params.get("name");
    if (!disposition || disposition.type !== "form-data" || name === undefined) throw bad("A part of the multipart body has no Content-Disposition: form-data name.");
    const filename = disposition.params.get("filename");
    if (filename !== undefined) {
      // A file input left empty sends a part with an empty filename and no bytes.
      if (filename === "" || name !== opts.fileField) return { write: async () => {}, end: async () => {} };
      return fileSink(name, filename);
    }
    return fieldSink(name);
  };

  /** Consumes what `buf` holds; returns when it needs more bytes. */
  const drain = async () => {
    for (;;) {
      if (state === "done") return;
      if (state === "preamble") {
        const i = buf.indexOf(delimiter);
        if (i < 0) {
          const keep = Math.min(buf.length, delimiter.length - 1);
          skipped += buf.length - keep;
          if (skipped > MAX_PREAMBLE_BYTES) throw bad("The body does not look like multipart/form-data with the boundary its Content-Type names.");
          buf = buf.subarray(buf.length - keep);
          return;
        }
        buf = buf.subarray(i + delimiter.length);
        state = "after-delimiter";
      } else if (state === "after-delimiter") {
        if (buf.length < 2) return;
        if (buf[0] === 0x2d && buf[1] === 0x2d) {
          state = "done";
          return;
        }
        const eol = buf.indexOf(CRLF);
        if (eol < 0) {
          if (buf.length > 256) throw bad("The multipart body is malformed after a boundary.");
          return;
        }
        // Transport padding (spaces, tabs) may follow a boundary.
        if (!/^[ \t]*$/.test(buf.subarray(0, eol).toString("latin1"))) throw bad("The multipart body is malformed after a boundary.");
        buf = buf.subarray(eol + 2);
        state = "headers";
      } else if (state === "headers") {
        let headerText: string;
        if (buf.length >= 2 && buf[0] === 0x0d && buf[1] === 0x0a) {
          headerText = "";
          buf = buf.subarray(2);
        } else {
          const end = buf.indexOf(HEADER_END);
          if (end < 0) {
            if (buf.length > MAX_HEADER_BYTES) throw bad("A part's headers are too long.");
            return;
          }
          headerText = buf.subarray(0, end).toString("utf8");
          buf = buf.subarray(end + HEADER_END.length);
        }
        sink = await startPart(headerText);
        state = "body";
      } else {
        const i = buf.indexOf(delimiter);
        if (i < 0) {
          // Everything but a possible start of the delimiter is part data.
          const safe = buf.length - (delimiter.length - 1);
          if (safe > 0) {
            await sink!.write(buf.subarray(0, safe));
            buf = buf.subarray(safe);
          }
          return;
        }
        await sink!.write(buf.subarray(0, i));
        await sink!.end();
        sink = null;
        buf = buf.subarray(i + delimiter.length);
        state = "after-delimiter";
      }
    }
  };

  try {
    if (!body) throw bad("The request has no body; send the jar as multipart/form-data.");
    for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
      buf = buf.length ? Buffer.concat([buf, chunk]) : Buffer.from(chunk);
      await drain();
      // The epilogue after the closing boundary is ignored.
      if (state === "done") break;
    }
    if (state !== "done") throw bad("The upload ended before the multipart body did; it was cut off. Try again.");
    return { fields, file };
  } catch (e) {
    const h = handle as FileHandle | null;
    if (h) await h.close().catch(() => {});
    if (file) await rm(opts.filePath, { force: true });
    throw e;
  }
}
