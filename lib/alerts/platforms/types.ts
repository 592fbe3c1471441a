import type { z } from "zod";

export type ChannelKind = "email" | "dingtalk" | "wecom" | "lark" | "webhook";

/**
 * One message to deliver: a single alert, or a digest that lists many (`lines`). Platforms render
 * it in their own format (DingTalk/WeCom markdown, a Lark card or post, an email, a webhook body
 * template), keeping the link so a receiver can open the job in Eddy.
 */
export type OutgoingMessage = {
  title: string;
  /** Plain text with line breaks; platforms may render it as markdown. */
  text: string;
  /** A link into Eddy (the job, the cluster, or the team's alert history for a digest). */
  link: string | null;
  /** For a digest: one line per alert it carries. */
  lines?: string[];
  /** What the webhook body template may use ({{kind}}, {{job}}, {{state}}, …): the alert's facts. */
  facts?: Record<string, string>;
};

/**
 * How one attempt went, as the sender acts on it:
 * - sent: the platform accepted it;
 * - throttled: the platform said "too many" (HTTP 429, DingTalk 130101, WeCom 45009, Lark 11232…): wait, then retry without counting an attempt against the limit;
 * - retry: a network error, a timeout or a 5xx: retry with backoff, counting the attempt;
 * - rejected: the platform refused it for good (bad token or signature, bad payload): retrying will not help.
 * `answer` is the platform's own words (body, trimmed), shown in the alert history.
 */
export type SendResult =
  | { outcome: "sent"; status: number | null; answer: string }
  | { outcome: "throttled"; status: number | null; answer: string; retryAfterMs: number | null }
  | { outcome: "retry"; status: number | null; answer: string }
  | { outcome: "rejected"; status: number | null; answer: string };

export interface Platform<C extends Record<string, unknown> = Record<string, unknown>, S extends Record<string, unknown> = Record<string, unknown>> {
  kind: ChannelKind;
  label: string;
  /** The fields that may be shown again (URLs without tokens, recipients, host…). */
  config: z.ZodType<C>;
  /** The fields sealed at rest and never shown again (tokens, signing secrets, passwords, webhook URLs that embed a key). */
  secrets: z.ZodType<S>;
  /** The platform's documented limit, the channel's default. */
  defaultRate: { perMinute: number; perSecond: number | null };
  send(config: C, secrets: S, message: OutgoingMessage, opts?: { timeoutMs?: number }): Promise<SendResult>;
}
