import { randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { invalidInput } from "@/lib/errors";

/** A jar to upload: its bytes, a stream of them, or the path of a file on this machine. */
export interface JarUpload {
  /** The name Flink sees; must end in `.jar` or Flink answers 400 (flink-apis.md §1, POST /jars/upload). */
  filename: string;
  data: Buffer | Uint8Array | Readable | string;
}

export interface MultipartBody {
  body: BodyInit;
  contentType: string;
  /** Known unless the data is a stream. */
  contentLength?: number;
}

/**
 * The multipart/form-data body of POST /jars/upload: one file part named `jarfile` with
 * Content-Type application/x-java-archive, as Flink's web UI sends it. Files and streams are piped,
 * never held in memory (a fat jar can be hundreds of MB).
 */
export async function jarMultipart(upload: JarUpload): Promise<MultipartBody> {
  const name = path.basename(upload.filename.replace(/\\/g, "/"));
  if (/[\r\n\0]/.test(name)) throw invalidInput("A jar file name cannot contain line breaks.");
  if (!name.toLowerCase().endsWith(".jar")) throw invalidInput(`Flink accepts only .jar files; "${name}" is not one.`);

  const boundary = `----EddyJarUpload${randomBytes(12).toString("hex")}`;
  const head = Buffer.from(
    `--${boundary}\r\n` +
      `Content-Disposition: form-data; name="jarfile"; filename="${name.replace(/"/g, "%22")}"\r\n` +
      "Content-Type: application/x-java-archive\r\n\r\n",
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const contentType = `multipart/form-data; boundary=${boundary}`;

  const { data } = upload;
  if (Buffer.isBuffer(data) || data instanceof Uint8Array) {
    const body = Buffer.concat([head, data, tail]);
    return { body, contentType, contentLength: body.byteLength };
  }
  let source: Readable;
  let size: number | undefined;
  if (typeof data === "string") {
    if (data.includes("\0")) throw invalidInput("A file path cannot contain NUL characters.");
    const info = await stat(data).catch(() => null);
    if (!info?.isFile()) throw invalidInput(`The jar file ${data} does not exist.`);
    size = info.size;
    source = createReadStream(data);
  } else {
    source = data;
  }
  async function* parts(): AsyncGenerator<Buffer> {
    yield head;
    for await (const chunk of source) yield Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    yield tail;
  }
  const body = Readable.toWeb(Readable.from(parts())) as unknown as ReadableStream<Uint8Array>;
  return { body, contentType, contentLength: size === undefined ? undefined : head.byteLength + size + tail.byteLength };
}
