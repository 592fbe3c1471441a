/**
 * DingTalk custom robot (自定义机器人): POST a JSON message to the robot's webhook
 * (https://oapi.dingtalk.com/robot/send?access_token=…). The whole URL is a secret.
 *
 * Security settings (the robot has at least one): custom keywords (the message must contain one),
 * an IP allow-list, or signing ("加签"): timestamp = now in ms; sign = urlEncode(base64(
 * HmacSHA256(key = secret, data = timestamp + "\n" + secret))), both added to the query; the
 * timestamp must be within one hour of DingTalk's clock.
 *
 * Answers always come with HTTP 200 and {errcode, errmsg}: 0 ok; 130101 "send too fast, exceed 20
 * times per minute" (each robot: at most 20 messages a minute, and over that it is throttled for 10
 * minutes); 310000 a security check failed ("keywords not in content", "sign not match",
 * "invalid timestamp", "ip … not in whitelist"); 300001/300005 the token is unknown.
 */
import { z } from "zod";
import {
  absoluteLink,
  bodyLines,
  byHttpStatus,
  DEFAULT_TIMEOUT_MS,
  fitBytes,
  hmacBase64,
  httpAttempt,
  httpUrl,
  mobile,
  networkRetry,
  parseJsonObject,
  redactor,
  retryAfterMs,
  trimAnswer,
} from "./common";
import type { OutgoingMessage, Platform, SendResult } from "./types";

const config = z.object({
  /** Mobile numbers to @mention (DingTalk also needs them written in the text, which we add). */
  atMobiles: z.array(mobile).max(50).default([]),
  atAll: z.boolean().default(false),
  /**
   * The robot's custom keyword, when its security setting is "keywords": added to the title when
   * the message lacks it, so a team's own wording cannot make every alert bounce.
   */
  keyword: z.string().trim().max(40).optional(),
});

const secrets = z.object({
  webhookUrl: httpUrl,
  /** The "SEC…" signing secret, when the robot's security setting is signing. */
  signSecret: z.string().trim().min(1).optional(),
});

export type DingTalkConfig = z.output<typeof config>;
export type DingTalkSecrets = z.output<typeof secrets>;

/** DingTalk's own penalty once a robot goes over 20 a minute. */
const THROTTLE_PENALTY_MS = 10 * 60_000;

/** Not a documented limit: a guard so a runaway digest stays a sensible message. */
const MAX_TEXT_BYTES = 18_000;

export function dingTalkSign(secret: string, timestampMs: number): string {
  return hmacBase64(secret, `${timestampMs}\n${secret}`);
}

/** The webhook URL with timestamp and sign added (URLSearchParams URL-encodes the base64). */
export function signedDingTalkUrl(webhookUrl: string, secret: string | undefined, now = Date.now()): string {
  if (!secret) return webhookUrl;
  const url = new URL(webhookUrl);
  url.searchParams.set("timestamp", String(now));
  url.searchParams.set("sign", dingTalkSign(secret, now));
  return url.toString();
}

export function dingTalkPayload(cfg: DingTalkConfig, message: OutgoingMessage) {
  let title = message.title.trim() || "Eddy alert";
  const keyword = cfg.keyword?.trim();
  const body = bodyLines(message);
  if (keyword && !title.includes(keyword) && !body.includes(keyword)) title = `[${keyword}] ${title}`;
  // Markdown needs two trailing spaces for a line break inside a paragraph.
  const head = `#### ${title}\n\n${body.replace(/\n/g, "  \n")}`;
  const link = absoluteLink(message.link);
  let tail = link ? `\n\n[Open in Eddy](${link})` : message.link ? `\n\n${message.link}` : "";
  // DingTalk highlights an @mention only when the mobile also appears in the text as @mobile.
  const mentions = cfg.atMobiles.filter((m) => !head.includes(`@${m}`)).map((m) => `@${m}`);
  if (cfg.atAll) mentions.push("@all");
  if (mentions.length) tail += `\n\n${mentions.join(" ")}`;
  return {
    msgtype: "markdown",
    markdown: { title, text: fitBytes(head, tail, MAX_TEXT_BYTES) },
    at: { atMobiles: cfg.atMobiles, isAtAll: cfg.atAll },
  };
}

/** Reads DingTalk's answer (HTTP status first, then errcode). */
export function dingTalkOutcome(status: number, body: string, headers: Headers): SendResult {
  const byStatus = byHttpStatus(status, body, headers);
  if (byStatus) return byStatus;
  const answer = trimAnswer(body || `HTTP ${status}`);
  const json = parseJsonObject(body);
  const errcode = json ? Number(json.errcode) : NaN;
  if (status >= 200 && status < 300 && errcode === 0) return { outcome: "sent", status, answer };
  if (errcode === 130101) return { outcome: "throttled", status, answer, retryAfterMs: retryAfterMs(headers.get("retry-after")) ?? THROTTLE_PENALTY_MS };
  // -1 is DingTalk's "system busy": worth another try.
  if (errcode === -1) return { outcome: "retry", status, answer };
  return { outcome: "rejected", status, answer };
}

export const dingtalk: Platform<DingTalkConfig, DingTalkSecrets> = {
  kind: "dingtalk",
  label: "DingTalk",
  config,
  secrets,
  defaultRate: { perMinute: 20, perSecond: null },
  async send(cfg, sec, message, opts) {
    const timeoutMs = opts?.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const scrub = redactor([sec.webhookUrl, sec.signSecret]);
    const res = await httpAttempt(
      signedDingTalkUrl(sec.webhookUrl, sec.signSecret),
      { method: "POST", headers: { "content-type": "application/json; charset=utf-8" }, body: JSON.stringify(dingTalkPayload(cfg, message)) },
      timeoutMs,
      scrub,
    );
    if (!res.ok) return networkRetry(res.error);
    return dingTalkOutcome(res.status, res.body, res.headers);
  },
};
