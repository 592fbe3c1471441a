/**
 * Email through an SMTP server (nodemailer), as plain text with a simple HTML alternative that
 * keeps the link. The password is the only secret; host, port, user and recipients may be shown.
 *
 * SMTP answers: 2xx accepted. 4xx is temporary (RFC 5321 §4.2.1): 421 "too many connections",
 * 450/451 greylisting or a local error, 452 "too many recipients/messages" — throttled when the
 * server says it is a rate ("rate", "too many", "limit"…), else retry. 5xx is permanent (535 bad
 * credentials, 550 no such mailbox, 554 refused): rejected. No connection: retry.
 */
import nodemailer from "nodemailer";
import type SMTPTransport from "nodemailer/lib/smtp-transport";
import { z } from "zod";
import { absoluteLink, DEFAULT_TIMEOUT_MS, redactor, trimAnswer } from "./common";
import type { OutgoingMessage, Platform, SendResult } from "./types";

const address = z
  .string()
  .trim()
  .min(3)
  .max(320)
  .regex(/^[^\r\n]*@[^\r\n]*$/, "An email address");

const config = z.object({
  host: z.string().trim().min(1).max(255),
  port: z.number().int().min(1).max(65_535).default(587),
  /** starttls: plain connection upgraded with STARTTLS (required); tls: TLS from the start (465); none: no TLS. */
  security: z.enum(["starttls", "tls", "none"]).default("starttls"),
  /** Off only for an internal relay with a self-signed certificate. */
  verifyCertificate: z.boolean().default(true),
  user: z.string().trim().max(320).optional(),
  /** "Eddy <eddy@example.com>" or a bare address. */
  from: address,
  to: z.array(address).min(1).max(50),
  cc: z.array(address).max(50).default([]),
});

const secrets = z.object({ password: z.string().optional() });

export type EmailConfig = z.output<typeof config>;
export type EmailSecrets = z.output<typeof secrets>;

const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");

/** Templates write **bold** for chat platforms; in HTML it becomes <strong>. */
const inlineHtml = (s: string) => escapeHtml(s).replace(/\*\*(.+?)\*\*/g, "<strong>$1</strong>");

export function emailContent(message: OutgoingMessage): { subject: string; text: string; html: string } {
  const subject = message.title.replace(/[\r\n]+/g, " ").trim() || "Eddy alert";
  const textParts = [message.text.trim()];
  if (message.lines?.length) textParts.push(message.lines.map((l) => `- ${l}`).join("\n"));
  if (message.link) textParts.push(`Open in Eddy: ${message.link}`);

  const link = absoluteLink(message.link);
  const paragraphs = message.text
    .trim()
    .split(/\n{2,}/)
    .map((p) => `<p>${p.split("\n").map(inlineHtml).join("<br>")}</p>`);
  const list = message.lines?.length ? `<ul>${message.lines.map((l) => `<li>${inlineHtml(l)}</li>`).join("")}</ul>` : "";
  const linkHtml = link ? `<p><a href="${escapeHtml(link)}">Open in Eddy</a></p>` : message.link ? `<p>${escapeHtml(message.link)}</p>` : "";
  const html = `<!doctype html><html><body style="font-family:sans-serif"><h2>${escapeHtml(subject)}</h2>${paragraphs.join("")}${list}${linkHtml}</body></html>`;
  return { subject, text: textParts.filter(Boolean).join("\n\n"), html };
}

type SmtpError = Error & { code?: string; responseCode?: number; response?: string };

const RATE_WORDS = /\b(rate|too many|limit|throttl|slow down|try again later)/i;

export function smtpErrorOutcome(err: SmtpError, scrub: (t: string) => string): SendResult {
  const answer = trimAnswer(scrub(err.response || err.message || String(err)));
  const code = typeof err.responseCode === "number" ? err.responseCode : null;
  if (code !== null && code >= 400 && code < 500) {
    return RATE_WORDS.test(answer) || code === 421 ? { outcome: "throttled", status: code, answer, retryAfterMs: 60_000 } : { outcome: "retry", status: code, answer };
  }
  if (code !== null && code >= 500) return { outcome: "rejected", status: code, answer };
  // No SMTP code: credentials missing, a bad envelope or message, or a certificate we refuse: none heals by itself.
  if (err.code === "EAUTH" || err.code === "EENVELOPE" || err.code === "EMESSAGE" || /certificate/i.test(answer)) return { outcome: "rejected", status: null, answer };
  return { outcome: "retry", status: null, answer };
}

export const email: Platform<EmailConfig, EmailSecrets> = {
  kind: "email",
  label: "Email (SMTP)",
  config,
  secrets,
  defaultRate: { perMinute: 60, perSecond: null },
  async send(cfg, sec, message, opts) {
    const timeoutMs = opts?.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const scrub = redactor([sec.password]);
    const options: SMTPTransport.Options = {
      host: cfg.host,
      port: cfg.port,
      secure: cfg.security === "tls",
      requireTLS: cfg.security === "starttls",
      ignoreTLS: cfg.security === "none",
      tls: { rejectUnauthorized: cfg.verifyCertificate },
      auth: cfg.user ? { user: cfg.user, pass: sec.password ?? "" } : undefined,
      connectionTimeout: timeoutMs,
      greetingTimeout: timeoutMs,
      socketTimeout: timeoutMs,
      logger: false,
      debug: false,
    };
    const transport = nodemailer.createTransport(options);
    try {
      const { subject, text, html } = emailContent(message);
      const info = await transport.sendMail({ from: cfg.from, to: cfg.to, cc: cfg.cc.length ? cfg.cc : undefined, subject, text, html });
      const status = Number(/^\d{3}/.exec(info.response ?? "")?.[0]) || null;
      const refused = (info.rejected ?? []).map((r) => (typeof r === "string" ? r : r.address));
      const answer = refused.length ? `${info.response} (refused for ${refused.join(", ")})` : (info.response ?? "accepted");
      return { outcome: "sent", status, answer: trimAnswer(scrub(answer)) };
    } catch (e) {
      return smtpErrorOutcome(e as SmtpError, scrub);
    } finally {
      transport.close();
    }
  },
};
