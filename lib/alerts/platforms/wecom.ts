/**
 * WeCom group robot (企业微信群机器人): POST JSON to https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…
 * (the key is the only credential, so the whole URL is a secret). No signing exists.
 *
 * markdown: {msgtype:"markdown", markdown:{content}}, content at most 4096 bytes of UTF-8; it
 * cannot @mention by mobile. text: {msgtype:"text", text:{content, mentioned_mobile_list}},
 * content at most 2048 bytes; "@all" in the list mentions everyone. So a channel with mentions
 * sends text, one without sends markdown.
 *
 * Answers come with HTTP 200 and {errcode, errmsg}: 0 ok; 45009 "api freq out of limit" (each robot:
 * at most 20 messages a minute); 93000 "invalid webhook url" (unknown or deleted key).
 */
import { z } from "zod";
import {
  absoluteLink,
  bodyLines,
  byHttpStatus,
  DEFAULT_TIMEOUT_MS,
  fitBytes,
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
  /** Mobile numbers to @mention; with any mention the message goes as text (markdown cannot mention by mobile). */
  mentionMobiles: z.array(mobile).max(50).default([]),
  mentionAll: z.boolean().default(false),
});

const secrets = z.object({ webhookUrl: httpUrl });

export type WeComConfig = z.output<typeof config>;
export type WeComSecrets = z.output<typeof secrets>;

export const WECOM_MARKDOWN_MAX_BYTES = 4096;
export const WECOM_TEXT_MAX_BYTES = 2048;

export function weComPayload(cfg: WeComConfig, message: OutgoingMessage) {
  const title = message.title.trim() || "Eddy alert";
  const body = bodyLines(message);
  const mentions = [...cfg.mentionMobiles, ...(cfg.mentionAll ? ["@all"] : [])];
  if (mentions.length) {
    const tail = message.link ? `\n\n${message.link}` : "";
    return {
      msgtype: "text",
      text: { content: fitBytes(`${title}\n\n${body}`, tail, WECOM_TEXT_MAX_BYTES), mentioned_mobile_list: mentions },
    };
  }
  const link = absoluteLink(message.link);
  const tail = link ? `\n\n[Open in Eddy](${link})` : message.link ? `\n\n${message.link}` : "";
  return { msgtype: "markdown", markdown: { content: fitBytes(`### ${title}\n${body}`, tail, WECOM_MARKDOWN_MAX_BYTES) } };
}

export function weComOutcome(status: number, body: string, headers: Headers): SendResult {
  const byStatus = byHttpStatus(status, body, headers);
  if (byStatus) return byStatus;
  const answer = trimAnswer(body || `HTTP ${status}`);
  const json = parseJsonObject(body);
  const errcode = json ? Number(json.errcode) : NaN;
  if (status >= 200 && status < 300 && errcode === 0) return { outcome: "sent", status, answer };
  // The limit is per minute: a minute's wait always clears it.
  if (errcode === 45009) return { outcome: "throttled", status, answer, retryAfterMs: retryAfterMs(headers.get("retry-after")) ?? 60_000 };
  // -1: "system busy".
  if (errcode === -1) return { outcome: "retry", status, answer };
  return { outcome: "rejected", status, answer };
}

export const wecom: Platform<WeComConfig, WeComSecrets> = {
  kind: "wecom",
  label: "WeCom (企业微信)",
  config,
  secrets,
  defaultRate: { perMinute: 20, perSecond: null },
  async send(cfg, sec, message, opts) {
    const timeoutMs = opts?.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const res = await httpAttempt(
      sec.webhookUrl,
      { method: "POST", headers: { "content-type": "application/json; charset=utf-8" }, body: JSON.stringify(weComPayload(cfg, message)) },
      timeoutMs,
      redactor([sec.webhookUrl]),
    );
    if (!res.ok) return networkRetry(res.error);
    return weComOutcome(res.status, res.body, res.headers);
  },
};
