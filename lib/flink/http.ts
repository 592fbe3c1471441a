import { invalidInput } from "@/lib/errors";
import { FlinkError, FlinkTimeoutError, FlinkUnreachableError } from "@/lib/flink/errors";
import { sleep } from "@/lib/flink/poll";
import { unreachableError, upstreamError, type ErrorLinePicker } from "@/lib/flink/upstream-error";

/**
 * The one HTTP layer of the JobManager, SQL Gateway and YARN clients: base URLs that keep their
 * path prefix (`http://proxy/flink/prod/`), a timeout per request, retries with backoff for reads
 * only, and upstream errors mapped to FlinkError / FlinkUnreachableError. It logs nothing, so no
 * body (which may hold secrets) ever reaches a log from here.
 */

export type FetchFn = typeof fetch;

/** What every REST client accepts. */
export interface RestClientOptions {
  /** May carry a path prefix (a reverse proxy's); it is kept when paths are joined. */
  baseUrl: string;
  /** Per request, default 10 s. */
  timeoutMs?: number;
  /** Extra attempts for idempotent reads (GET) that failed to connect, timed out, or got 502/503/504; default 2. */
  retries?: number;
  /** First backoff between retries, doubled each time; default 250 ms. */
  retryDelayMs?: number;
  /** Sent with every request, e.g. `authorization`. */
  headers?: Record<string, string>;
  fetch?: FetchFn;
}

export type Query = Record<string, string | number | boolean | readonly string[] | undefined>;

export interface RequestOptions {
  query?: Query;
  /** Sent as `application/json`. */
  json?: unknown;
  /** A raw body (multipart uploads); `headers` must give its content type. */
  body?: BodyInit;
  headers?: Record<string, string>;
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface HttpAnswer {
  status: number;
  headers: Headers;
  text: string;
}

export interface TextAnswer {
  text: string;
  /** True when only the last `maxBytes` were kept. */
  truncated: boolean;
}

export const DEFAULT_TIMEOUT_MS = 10_000;
const RETRYABLE_STATUS = new Set([502, 503, 504]);
const WRITE_METHODS = new Set(["POST", "PATCH", "DELETE"]);
/** Error bodies are read for their message only; Flink's stack traces fit well within this. */
const MAX_ERROR_BODY = 256 * 1024;

export interface RetryOptions {
  /** Extra attempts after the first. */
  retries: number;
  /** First backoff between attempts, doubled each time. */
  retryDelayMs: number;
  /** A caller's abort ends the waiting at once and is thrown as is. */
  signal?: AbortSignal;
}

/**
 * Whether a failed request is worth another attempt: no answer (refused, reset, timed out) or a
 * 502/503/504 from a proxy or a server that is starting. Any other answer is the server's word.
 */
export function isRetryableFailure(e: unknown): boolean {
  if (e instanceof FlinkError) return RETRYABLE_STATUS.has(e.upstreamStatus);
  return e instanceof FlinkUnreachableError && !(e instanceof FlinkTimeoutError);
}

/**
 * Runs `attempt` up to `retries + 1` times with exponential backoff while it fails in a retryable
 * way (isRetryableFailure), then throws the last failure. Only for idempotent reads: a write that
 * got no answer may still have been applied, so callers never wrap writes in this.
 */
export async function retryRead<T>(attempt: () => Promise<T>, opts: RetryOptions): Promise<T> {
  let lastError: unknown;
  for (let i = 0; i <= Math.max(0, opts.retries); i++) {
    if (i > 0) await sleep(opts.retryDelayMs * 2 ** (i - 1), opts.signal);
    try {
      return await attempt();
    } catch (e) {
      if (opts.signal?.aborted) throw opts.signal.reason;
      if (!isRetryableFailure(e)) throw e;
      lastError = e;
    }
  }
  throw lastError;
}

function encodeQueryValue(v: string): string {
  // Commas stay literal: YARN's `states=RUNNING,ACCEPTED` and Flink's `programArg=a,b` are lists.
  return encodeURIComponent(v).replace(/%2C/gi, ",");
}

/**
 * `joinUrl("http://h/flink/prod/", "/jobs/overview")` → `http://h/flink/prod/jobs/overview`.
 * The base's path prefix is never dropped, slashes on either side are tolerated, a query in
 * `path` is kept and `query` is appended (arrays comma-joined, undefined values left out).
 */
export function joinUrl(base: string, path: string, query?: Query): string {
  const u = new URL(base);
  const q = path.indexOf("?");
  const pathPart = q >= 0 ? path.slice(0, q) : path;
  const pairs = q >= 0 && path.length > q + 1 ? [path.slice(q + 1)] : [];
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v === undefined) continue;
    const value = Array.isArray(v) ? v.join(",") : String(v);
    pairs.push(`${encodeURIComponent(k)}=${encodeQueryValue(value)}`);
  }
  const prefix = u.pathname.replace(/\/+$/, "");
  const rel = pathPart.replace(/^\/+/, "");
  return `${u.protocol}//${u.host}${prefix}/${rel}${pairs.length ? `?${pairs.join("&")}` : ""}`;
}

/**
 * Checks a base URL and moves `user:password@` into an `authorization` header: fetch refuses
 * URLs that carry credentials.
 */
export function parseBaseUrl(url: string, what: string): { url: string; headers: Record<string, string> } {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw invalidInput(`The ${what} URL "${url}" is not a valid URL.`);
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") {
    throw invalidInput(`The ${what} URL must start with http:// or https://.`);
  }
  const headers: Record<string, string> = {};
  if (u.username || u.password) {
    const user = decodeURIComponent(u.username);
    const pass = decodeURIComponent(u.password);
    headers.authorization = `Basic ${Buffer.from(`${user}:${pass}`).toString("base64")}`;
    u.username = "";
    u.password = "";
  }
  u.search = "";
  u.hash = "";
  return { url: u.toString(), headers };
}

/** A base URL given now, or found on first use (the direct JobManager address behind a YARN proxy). */
export type BaseUrlSource = string | (() => Promise<string>);

export class HttpClient {
  readonly upstream: string;
  readonly baseUrl: string;
  private readonly headers: Record<string, string>;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly retryDelayMs: number;
  private readonly fetchFn: FetchFn;
  private readonly writeBase?: BaseUrlSource;
  private writeBaseResolved?: Promise<string>;
  private readonly errorLine?: ErrorLinePicker;

  /**
   * `upstream` names the server in messages ("JobManager", "SQL Gateway"). `writeBaseUrl`, when
   * given, receives POST, PATCH and DELETE (the YARN proxy forwards only GET and PUT, flink-apis.md §3).
   */
  constructor(upstream: string, opts: RestClientOptions & { writeBaseUrl?: BaseUrlSource; errorLine?: ErrorLinePicker }) {
    const base = parseBaseUrl(opts.baseUrl, upstream);
    this.upstream = upstream;
    this.baseUrl = base.url;
    this.headers = { ...base.headers, ...opts.headers };
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.retries = opts.retries ?? 2;
    this.retryDelayMs = opts.retryDelayMs ?? 250;
    this.fetchFn = opts.fetch ?? fetch;
    this.writeBase = typeof opts.writeBaseUrl === "string" ? parseBaseUrl(opts.writeBaseUrl, upstream).url : opts.writeBaseUrl;
    this.errorLine = opts.errorLine;
  }

  url(path: string, query?: Query): string {
    return joinUrl(this.baseUrl, path, query);
  }

  /** Headers sent with every request (for callers that must use another transport). */
  get defaultHeaders(): Readonly<Record<string, string>> {
    return this.headers;
  }

  get defaultTimeoutMs(): number {
    return this.timeoutMs;
  }

  /** This client's retry policy for reads (for callers that must use another transport). */
  get readRetries(): Omit<RetryOptions, "signal"> {
    return { retries: this.retries, retryDelayMs: this.retryDelayMs };
  }

  async getJson<T>(path: string, opts: RequestOptions = {}): Promise<T> {
    return this.json<T>("GET", path, opts);
  }

  /** Sends a request and parses the JSON answer (an empty body is `null`). */
  async json<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
    const answer = await this.request(method, path, opts);
    return parseJson<T>(this.upstream, answer);
  }

  /** A text answer; with `maxBytes`, only its last `maxBytes` are kept, read as a stream (logs can be huge). */
  async getText(path: string, opts: RequestOptions & { maxBytes?: number } = {}): Promise<TextAnswer> {
    const { maxBytes, ...rest } = opts;
    let truncated = false;
    const answer = await this.exchange("GET", path, rest, async (res) => {
      if (maxBytes === undefined || !res.body) return res.text();
      const tail = await readTail(res.body, maxBytes);
      truncated = tail.truncated;
      return tail.text;
    });
    return { text: answer.text, truncated };
  }

  /** Sends a request; a non-2xx answer is thrown as a FlinkError, a failed connection as FlinkUnreachableError. */
  async request(method: string, path: string, opts: RequestOptions = {}): Promise<HttpAnswer> {
    return this.exchange(method, path, opts, (res) => res.text());
  }

  private async baseFor(method: string): Promise<string> {
    if (!this.writeBase || !WRITE_METHODS.has(method)) return this.baseUrl;
    if (typeof this.writeBase === "string") return this.writeBase;
    const resolve = this.writeBase;
    this.writeBaseResolved ??= resolve().catch((e: unknown) => {
      this.writeBaseResolved = undefined; // try again next time
      throw e;
    });
    return this.writeBaseResolved;
  }

  private async exchange(
    method: string,
    path: string,
    opts: RequestOptions,
    readBody: (res: Response) => Promise<string>,
  ): Promise<HttpAnswer> {
    const url = joinUrl(await this.baseFor(method), path, opts.query);
    const timeoutMs = opts.timeoutMs ?? this.timeoutMs;
    // Only GET is retried: a write that got no answer may have been applied.
    return retryRead(() => this.attempt(method, url, opts, timeoutMs, readBody), {
      retries: method === "GET" ? this.retries : 0,
      retryDelayMs: this.retryDelayMs,
      signal: opts.signal,
    });
  }

  private async attempt(
    method: string,
    url: string,
    opts: RequestOptions,
    timeoutMs: number,
    readBody: (res: Response) => Promise<string>,
  ): Promise<HttpAnswer> {
    const headers: Record<string, string> = { accept: "application/json, text/plain;q=0.9, */*;q=0.5", ...this.headers, ...opts.headers };
    let body = opts.body;
    if (opts.json !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(opts.json);
    }
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = opts.signal ? AbortSignal.any([timeout, opts.signal]) : timeout;
    // A streamed body (multipart upload from a file) needs half-duplex, which the DOM typings lack.
    const init: RequestInit & { duplex?: "half" } = { method, headers, body, signal, duplex: body instanceof ReadableStream ? "half" : undefined };
    let res: Response;
    let text: string;
    try {
      res = await this.fetchFn(url, init);
      text = res.ok ? await readBody(res) : await readHead(res.body, MAX_ERROR_BODY);
    } catch (e) {
      if (opts.signal?.aborted) throw opts.signal.reason;
      throw unreachableError(this.upstream, url, e, timeoutMs);
    }
    if (!res.ok) throw upstreamError(this.upstream, res.status, res.statusText, text, this.errorLine);
    return { status: res.status, headers: res.headers, text };
  }
}

export function parseJson<T>(upstream: string, answer: HttpAnswer): T {
  if (!answer.text.trim()) return null as T;
  try {
    return JSON.parse(answer.text) as T;
  } catch {
    const type = answer.headers.get("content-type") ?? "no content type";
    throw new FlinkError({
      upstream,
      status: answer.status,
      message: `The ${upstream} answered with something that is not JSON (${type}).`,
      detail: answer.text.slice(0, 2000),
    });
  }
}

/** Reads the start of a body (an error page may be large; its message is at the top). */
async function readHead(body: ReadableStream<Uint8Array> | null, maxBytes: number): Promise<string> {
  if (!body) return "";
  const chunks: Buffer[] = [];
  let size = 0;
  const reader = body.getReader();
  while (size < maxBytes) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(Buffer.from(value));
    size += value.byteLength;
  }
  await reader.cancel().catch(() => undefined);
  return Buffer.concat(chunks).subarray(0, maxBytes).toString("utf8");
}

/** Reads a body stream keeping at most its last `maxBytes`, starting at a line boundary when cut. */
async function readTail(body: ReadableStream<Uint8Array> | null, maxBytes: number): Promise<{ text: string; truncated: boolean }> {
  if (!body) return { text: "", truncated: false };
  const chunks: Buffer[] = [];
  let kept = 0;
  let truncated = false;
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    chunks.push(Buffer.from(chunk));
    kept += chunk.byteLength;
    while (kept > maxBytes && chunks.length > 0) {
      const first = chunks[0] as Buffer;
      const excess = kept - maxBytes;
      truncated = true;
      if (first.byteLength <= excess) {
        chunks.shift();
        kept -= first.byteLength;
      } else {
        chunks[0] = first.subarray(excess);
        kept -= excess;
      }
    }
  }
  let buf = Buffer.concat(chunks);
  if (truncated) {
    // Drop the partial first line (and any split UTF-8 sequence with it).
    const nl = buf.indexOf(0x0a);
    if (nl >= 0 && nl < buf.byteLength - 1) buf = buf.subarray(nl + 1);
  }
  return { text: buf.toString("utf8"), truncated };
}
