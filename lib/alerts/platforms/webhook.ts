/**
 * A generic HTTP webhook, for SMS gateways, on-call tools and home-grown receivers: the body is a
 * template with {{title}}, {{text}}, {{link}}, {{lines}} and the alert's facts ({{job}}, {{state}},
 * {{kind}}, …). Values are escaped for the content type (JSON string escapes for JSON, percent
 * encoding for a form), so a job name with a quote cannot break the body.
 *
 * The URL and every header (tokens, Authorization) are secrets. Answers: 2xx sent; 429 throttled
 * (Retry-After honoured); 408 and 5xx retry; any other status rejected.
 */
import { z } from "zod";
import { byHttpStatus, DEFAULT_TIMEOUT_MS, httpAttempt, httpUrl, networkRetry, redactor, trimAnswer } from "./common";
import type { OutgoingMessage, Platform, SendResult } from "./types";

export const DEFAULT_BODY_TEMPLATE = '{"title":"{{title}}","text":"{{text}}","link":"{{link}}"}';

type Encoding = "json" | "form" | "raw";

export function encodingOf(contentType: string): Encoding {
  const ct = contentType.toLowerCase();
  if (/[/+]json\b/.test(ct)) return "json";
  if (ct.includes("application/x-www-form-urlencoded")) return "form";
  return "raw";
}

function escapeFor(encoding: Encoding, value: string): string {
  if (encoding === "json") return JSON.stringify(value).slice(1, -1);
  if (encoding === "form") return encodeURIComponent(value);
  return value;
}

/** The values a body template may use: the message's own fields win over facts of the same name. */
export function templateValues(message: OutgoingMessage): Record<string, string> {
  return {
    ...(message.facts ?? {}),
    title: message.title,
    text: message.text,
    link: message.link ?? "",
    lines: (message.lines ?? []).join("\n"),
  };
}

/** Fills {{name}}; an unknown placeholder stays as written, so a typo is visible where it lands. */
export function renderBody(template: string, values: Record<string, string>, contentType: string): string {
  const enc = encodingOf(contentType);
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) => (name in values ? escapeFor(enc, values[name]!) : whole));
}

const headerName = z.string().regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, "Not a valid header name");
const forbiddenHeaders = new Set(["host", "content-length", "transfer-encoding", "connection"]);

const config = z
  .object({
    method: z.enum(["POST", "PUT"]).default("POST"),
    contentType: z
      .string()
      .trim()
      .min(1)
      .regex(/^[^\r\n]+$/)
      .default("application/json; charset=utf-8"),
    bodyTemplate: z.string().min(1).max(20_000).default(DEFAULT_BODY_TEMPLATE),
  })
  .superRefine((c, ctx) => {
    if (encodingOf(c.contentType) !== "json") return;
    // Rendered with awkward sample values, a JSON template must still be JSON.
    const sample = 'q"uote\\ and\nnewline';
    const values = new Proxy({} as Record<string, string>, { has: () => true, get: () => sample });
    try {
      JSON.parse(renderBody(c.bodyTemplate, values, c.contentType));
    } catch (e) {
      ctx.addIssue({ code: "custom", path: ["bodyTemplate"], message: `The body template is not valid JSON once filled in: ${(e as Error).message}` });
    }
  });

const secrets = z.object({
  url: httpUrl,
  headers: z
    .record(headerName, z.string().regex(/^[^\r\n]*$/, "A header value cannot contain a line break"))
    .refine((h) => Object.keys(h).every((k) => !forbiddenHeaders.has(k.toLowerCase())), "Host, Content-Length, Transfer-Encoding and Connection are set by Eddy")
    .default({}),
});

export type WebhookConfig = z.output<typeof config>;
export type WebhookSecrets = z.output<typeof secrets>;

export function webhookOutcome(status: number, body: string, headers: Headers): SendResult {
  const byStatus = byHttpStatus(status, body, headers);
  if (byStatus) return byStatus;
  const answer = trimAnswer(body || `HTTP ${status}`);
  if (status >= 200 && status < 300) return { outcome: "sent", status, answer };
  return { outcome: "rejected", status, answer };
}

export const webhook: Platform<WebhookConfig, WebhookSecrets> = {
  kind: "webhook",
  label: "Webhook",
  config,
  secrets,
  defaultRate: { perMinute: 60, perSecond: null },
  async send(cfg, sec, message, opts) {
    const timeoutMs = opts?.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const headers: Record<string, string> = { "content-type": cfg.contentType };
    for (const [k, v] of Object.entries(sec.headers)) headers[k.toLowerCase()] = v;
    const res = await httpAttempt(
      sec.url,
      { method: cfg.method, headers, body: renderBody(cfg.bodyTemplate, templateValues(message), cfg.contentType) },
      timeoutMs,
      redactor([sec.url, ...Object.values(sec.headers)]),
    );
    if (!res.ok) return networkRetry(res.error);
    return webhookOutcome(res.status, res.body, res.headers);
  },
};
