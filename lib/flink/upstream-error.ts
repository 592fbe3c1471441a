import { FlinkError, FlinkUnreachableError } from "@/lib/flink/errors";

/**
 * Turning what Flink, YARN and Kubernetes answer on failure into errors a person can read.
 * Flink packs a whole Java stack trace into one string (flink-apis.md §1 "Errors"), so the work
 * here is finding the one line that says what went wrong.
 */

const MAX_MESSAGE = 500;

/** `java.util.concurrent.CompletionException: org.x.NotFoundException: Job 7f… not found` → `Job 7f… not found`. */
export function stripExceptionClass(line: string): string {
  let rest = line.trim();
  for (;;) {
    const m = /^(?:[a-z_$][\w$]*\.)+[A-Z][\w$]*(?::\s*([\s\S]*))?$/.exec(rest);
    if (!m) return rest;
    const message = m[1]?.trim();
    // An exception without a message: its class is the best we have, without the package.
    if (!message) return rest.slice(rest.lastIndexOf(".") + 1);
    rest = message;
  }
}

const isFrame = (t: string): boolean =>
  /^at\s/.test(t) || /^\.\.\.\s*\d+\s+(more|common frames omitted)/.test(t) || /^-{3,}$/.test(t);

/** The first line of a stack-trace text that is not a frame, without exception class names. */
export function firstMeaningfulLine(text: string): string {
  for (const line of text.split(/\r?\n/)) {
    const t = line.trim();
    if (!t || isFrame(t)) continue;
    return stripExceptionClass(t.replace(/^Caused by:\s*/, ""));
  }
  return "";
}

/** Every exception headline of a stack trace: its first line, then each `Caused by:` line. */
export function causeLines(text: string): string[] {
  const lines = text.split(/\r?\n/).map((l) => l.trim());
  const first = lines.find((t) => t && !isFrame(t));
  const causes = lines.filter((t) => t.startsWith("Caused by:")).map((t) => t.replace(/^Caused by:\s*/, ""));
  return [first, ...causes].filter((t): t is string => !!t).map(stripExceptionClass);
}

const SERVER_SIDE = "<Exception on server side:";

/**
 * The stack-trace text inside Flink's `errors` array. An unexpected error is answered as
 * `["Internal server error.", "<Exception on server side:\n…\nEnd of exception on server side>"]`;
 * the second entry holds the cause, the first says nothing.
 */
function flinkErrorText(errors: readonly string[]): string {
  const texts = errors.filter((e) => e.trim());
  const serverSide = texts.find((e) => e.trimStart().startsWith(SERVER_SIDE));
  if (serverSide) {
    return serverSide.trim().slice(SERVER_SIDE.length).replace(/End of exception on server side>$/, "").trim();
  }
  return texts.join("\n");
}

/** Flink's own first meaningful line of an `{"errors":[…]}` answer. */
export function flinkErrorMessage(errors: readonly string[]): string {
  return firstMeaningfulLine(flinkErrorText(errors)) || firstMeaningfulLine(errors.join("\n"));
}

const clip = (s: string): string => (s.length > MAX_MESSAGE ? `${s.slice(0, MAX_MESSAGE - 1)}…` : s);

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Picks the line to show from Flink's error text (the stack trace of `errors`). */
export type ErrorLinePicker = (errorText: string) => string;

/**
 * The error answer of an upstream as a FlinkError: Flink `errors`, YARN `RemoteException`,
 * Kubernetes `Status`, or text. `pick` chooses the line of a Flink stack trace to show (the first
 * meaningful one by default; the SQL Gateway prefers the SQL error deeper down).
 */
export function upstreamError(
  upstream: string,
  status: number,
  statusText: string,
  body: string,
  pick: ErrorLinePicker = firstMeaningfulLine,
): FlinkError {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    parsed = undefined;
  }
  const make = (message: string, detail: string | undefined): FlinkError =>
    new FlinkError({ upstream, status, message: clip(message || fallbackMessage(upstream, status, statusText)), detail });

  if (isRecord(parsed)) {
    const errors = parsed.errors;
    if (Array.isArray(errors) && errors.every((e) => typeof e === "string")) {
      return make(pick(flinkErrorText(errors)) || flinkErrorMessage(errors), errors.join("\n"));
    }
    // YARN: {"RemoteException":{"exception":"NotFoundException","message":"java.lang.Exception: app … not found","javaClassName":"…"}}
    const remote = parsed.RemoteException;
    if (isRecord(remote)) {
      const message = typeof remote.message === "string" ? firstMeaningfulLine(remote.message) : "";
      return make(message || String(remote.exception ?? ""), body);
    }
    // Kubernetes: {"kind":"Status","status":"Failure","message":"…","reason":"NotFound","code":404}
    if (parsed.kind === "Status") {
      const message = typeof parsed.message === "string" ? parsed.message : String(parsed.reason ?? "");
      return make(message, body);
    }
  }
  const text = body.trim();
  // Proxies answer with HTML pages; their first line is markup, not a message.
  const line = text && !text.startsWith("<") ? firstMeaningfulLine(text) : "";
  return make(line, text || undefined);
}

function fallbackMessage(upstream: string, status: number, statusText: string): string {
  return `The ${upstream} answered HTTP ${status}${statusText ? ` ${statusText}` : ""}.`;
}

/** A URL fit for a message: no credentials, no query (it may carry `user.name` or tokens). */
function displayUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return url;
  }
}

/** Node's system error code behind a failed fetch (undici wraps it in `cause`, sometimes in an AggregateError). */
function networkErrorCode(error: unknown): string | undefined {
  const seen = new Set<unknown>();
  let e: unknown = error;
  while (isRecordLike(e) && !seen.has(e)) {
    seen.add(e);
    if (typeof e.code === "string" && e.code !== "ERR_INVALID_ARG_TYPE") return e.code;
    const nested = Array.isArray(e.errors) ? e.errors[0] : undefined;
    e = e.cause ?? nested;
  }
  return undefined;
}

function isRecordLike(v: unknown): v is { code?: unknown; cause?: unknown; errors?: unknown } {
  return (typeof v === "object" || typeof v === "function") && v !== null;
}

/** A duration for a sentence: "200 ms", "10 s", "1.5 s", "5 min". */
export function formatDuration(ms: number): string {
  const short = (n: number): string => String(Number.isInteger(n) ? n : Number(n.toFixed(1)));
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 120_000) return `${short(ms / 1000)} s`;
  return `${short(ms / 60_000)} min`;
}

/** A connection failure or timeout as a sentence: "The JobManager at http://… did not answer within 10 s." */
export function unreachableError(upstream: string, url: string, error: unknown, timeoutMs: number): FlinkUnreachableError {
  const at = `The ${upstream} at ${displayUrl(url)}`;
  const name = isRecordLike(error) && "name" in error ? (error as { name?: unknown }).name : undefined;
  const code = networkErrorCode(error);
  let message: string;
  if (name === "TimeoutError" || code === "ETIMEDOUT" || code === "UND_ERR_CONNECT_TIMEOUT" || code === "UND_ERR_HEADERS_TIMEOUT") {
    message = `${at} did not answer within ${formatDuration(timeoutMs)}.`;
  } else if (code === "ECONNREFUSED") {
    message = `${at} refused the connection; is it running?`;
  } else if (code === "ENOTFOUND" || code === "EAI_AGAIN") {
    message = `${at} could not be reached: its host name is not known.`;
  } else if (code === "ECONNRESET" || code === "UND_ERR_SOCKET" || code === "EPIPE") {
    message = `${at} closed the connection before answering.`;
  } else if (code === "EHOSTUNREACH" || code === "ENETUNREACH") {
    message = `${at} could not be reached: no route to its host.`;
  } else {
    message = `${at} could not be reached${code ? ` (${code})` : ""}.`;
  }
  return new FlinkUnreachableError({ upstream, message });
}
