/**
 * What every platform shares: one HTTP attempt with a timeout, the answer trimmed and scrubbed of
 * secrets, Retry-After, and byte-safe truncation. No platform logs; whatever text leaves here
 * (an answer, a network error) has had every secret replaced first.
 */
import { createHmac } from "node:crypto";
import { z } from "zod";
import type { OutgoingMessage, SendResult } from "./types";

export const DEFAULT_TIMEOUT_MS = 10_000;
const ANSWER_MAX = 2_000;

/** An http(s) URL (webhook URLs are secrets: they embed the robot's token or key). */
export const httpUrl = z
  .string()
  .trim()
  .url()
  .refine((u) => /^https?:\/\//i.test(u), "Must be an http:// or https:// URL");

/** A phone number as the chat platforms take it for @mentions: digits, an optional leading +. */
export const mobile = z
  .string()
  .trim()
  .regex(/^\+?[0-9-]{5,20}$/, "A mobile number (digits)");

export function trimAnswer(text: string, max = ANSWER_MAX): string {
  const t = text.trim();
  return t.length <= max ? t : `${t.slice(0, max - 1)}…`;
}

/**
 * Replaces every secret in a text: the value itself, its URL-encoded form, and for a URL its query
 * values and long path segments (a webhook's token or key may be echoed alone).
 */
export function redactor(secrets: Array<string | null | undefined>): (text: string) => string {
  const needles = new Set<string>();
  for (const s of secrets) {
    if (!s || s.length < 4) continue;
    needles.add(s);
    needles.add(encodeURIComponent(s));
    // "Bearer <token>": the token alone may be echoed.
    for (const part of s.split(/\s+/)) if (part.length >= 8) needles.add(part);
    try {
      const u = new URL(s);
      for (const v of u.searchParams.values()) if (v.length >= 6) needles.add(v);
      for (const seg of u.pathname.split("/")) if (seg.length >= 16) needles.add(seg);
    } catch {
      // not a URL
    }
  }
  const sorted = [...needles].sort((a, b) => b.length - a.length);
  return (text) => sorted.reduce((t, n) => t.split(n).join("[secret]"), text);
}

/** Retry-After as milliseconds (seconds or an HTTP date); null when absent or unreadable. */
export function retryAfterMs(value: string | null | undefined, now = Date.now()): number | null {
  if (!value) return null;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const at = Date.parse(v);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** Cuts a string to at most `maxBytes` of UTF-8 without splitting a character. */
export function truncateBytes(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text, "utf8") <= maxBytes) return text;
  let out = "";
  let used = 0;
  for (const ch of text) {
    const n = Buffer.byteLength(ch, "utf8");
    if (used + n > maxBytes) break;
    out += ch;
    used += n;
  }
  return out;
}

export const TRUNCATION_NOTE = "… (cut to fit the platform's size limit; the full text is in Eddy)";

/**
 * Fits `head` + `tail` in `maxBytes`, cutting `head` and marking the cut. The tail (the link, the
 * mentions) is what must survive: a cut alert should still open in Eddy.
 */
export function fitBytes(head: string, tail: string, maxBytes: number, note = TRUNCATION_NOTE): string {
  const whole = head + tail;
  if (Buffer.byteLength(whole, "utf8") <= maxBytes) return whole;
  const room = maxBytes - Buffer.byteLength(tail, "utf8") - Buffer.byteLength(`\n${note}`, "utf8");
  if (room <= 0) return truncateBytes(whole, maxBytes);
  return `${truncateBytes(head, room).trimEnd()}\n${note}${tail}`;
}

/** The message body as plain lines: the text, then a digest's lines as a list. */
export function bodyLines(message: OutgoingMessage, bullet = "- "): string {
  const parts = [message.text.trim()];
  if (message.lines?.length) parts.push(message.lines.map((l) => `${bullet}${l}`).join("\n"));
  return parts.filter(Boolean).join("\n\n");
}

/** Only absolute http(s) links can be buttons or anchors on a chat platform. */
export function absoluteLink(link: string | null): string | null {
  return link && /^https?:\/\//i.test(link) ? link : null;
}

/** base64(HMAC-SHA256(key, data)): the signature both DingTalk and Lark use, with different keys. */
export function hmacBase64(key: string, data: string): string {
  return createHmac("sha256", key).update(data, "utf8").digest("base64");
}

export type HttpAnswer = { ok: true; status: number; body: string; headers: Headers } | { ok: false; error: string };

/** One HTTP attempt; a network failure or timeout comes back as `{ok:false}`, scrubbed. */
export async function httpAttempt(
  url: string,
  init: { method: string; headers: Record<string, string>; body: string },
  timeoutMs: number,
  scrub: (t: string) => string,
): Promise<HttpAnswer> {
  try {
    const res = await fetch(url, { ...init, redirect: "manual", signal: AbortSignal.timeout(timeoutMs) });
    const body = await res.text();
    return { ok: true, status: res.status, body: scrub(body), headers: res.headers };
  } catch (e) {
    return { ok: false, error: scrub(describeNetworkError(e, timeoutMs)) };
  }
}

function describeNetworkError(e: unknown, timeoutMs: number): string {
  const err = e as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (err?.name === "TimeoutError" || err?.name === "AbortError") return `No answer within ${timeoutMs} ms`;
  const cause = err?.cause?.message ?? err?.cause?.code;
  return cause ? `Could not reach the platform: ${cause}` : `Could not reach the platform: ${err?.message ?? String(e)}`;
}

/** A network failure as the sender acts on it: try again with backoff. */
export function networkRetry(error: string): SendResult {
  return { outcome: "retry", status: null, answer: trimAnswer(error) };
}

/**
 * What an HTTP status alone says, before the platform's own code is read: 429 → throttled
 * (Retry-After honoured), 408/5xx → retry. Null: read the body.
 */
export function byHttpStatus(status: number, body: string, headers: Headers): SendResult | null {
  const answer = trimAnswer(body || `HTTP ${status}`);
  if (status === 429) return { outcome: "throttled", status, answer, retryAfterMs: retryAfterMs(headers.get("retry-after")) };
  if (status === 408 || status >= 500) return { outcome: "retry", status, answer };
  return null;
}

export function parseJsonObject(body: string): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(body);
    return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
