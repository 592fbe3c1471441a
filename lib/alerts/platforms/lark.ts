/**
 * Lark / Feishu custom bot (自定义机器人): POST JSON to https://open.feishu.cn/open-apis/bot/v2/hook/<token>
 * (or open.larksuite.com). The URL is a secret.
 *
 * Signing ("签名校验"), when enabled: timestamp = now in seconds; sign = base64(HmacSHA256(key =
 * timestamp + "\n" + secret, data = empty)) — key and data the other way round from DingTalk —
 * both as strings at the top of the JSON body; the timestamp must be within one hour.
 *
 * Limits: 100 requests a minute and 5 a second per bot, a body of at most 20 KB. Answers:
 * {code:0} (older deployments: {StatusCode:0}) ok; 11232 frequency limited; 19021 sign match fail
 * or timestamp out of the hour; 19022 IP not allowed; 19024 Key Words Not Found; 19001 bad token;
 * 9499 Bad Request (malformed body). They come with HTTP 200, except 9499 which may be a 400.
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
  networkRetry,
  parseJsonObject,
  redactor,
  retryAfterMs,
  trimAnswer,
} from "./common";
import type { OutgoingMessage, Platform, SendResult } from "./types";

const config = z.object({
  /** card: an interactive card with an "Open in Eddy" button; post: rich text with a link. */
  format: z.enum(["card", "post"]).default("card"),
  mentionAll: z.boolean().default(false),
  /** The bot's custom keyword, when its security setting is keywords: added to the title when missing. */
  keyword: z.string().trim().max(40).optional(),
});

const secrets = z.object({
  webhookUrl: httpUrl,
  signSecret: z.string().trim().min(1).optional(),
});

export type LarkConfig = z.output<typeof config>;
export type LarkSecrets = z.output<typeof secrets>;

/** The body limit is 20 KB; the text is kept well under it so the card's JSON fits. */
const MAX_TEXT_BYTES = 16_000;

export function larkSign(secret: string, timestampSeconds: number): string {
  return hmacBase64(`${timestampSeconds}\n${secret}`, "");
}

export function larkPayload(cfg: LarkConfig, message: OutgoingMessage): Record<string, unknown> {
  let title = message.title.trim() || "Eddy alert";
  const body = bodyLines(message);
  const keyword = cfg.keyword?.trim();
  if (keyword && !title.includes(keyword) && !body.includes(keyword)) title = `[${keyword}] ${title}`;
  const link = absoluteLink(message.link);
  const plainLink = !link && message.link ? `\n${message.link}` : "";

  if (cfg.format === "post") {
    const text = fitBytes(body, plainLink, MAX_TEXT_BYTES);
    const rows: unknown[][] = [[{ tag: "text", text }]];
    if (link) rows.push([{ tag: "a", text: "Open in Eddy", href: link }]);
    if (cfg.mentionAll) rows.push([{ tag: "at", user_id: "all", user_name: "all" }]);
    return { msg_type: "post", content: { post: { zh_cn: { title, content: rows } } } };
  }

  const mention = cfg.mentionAll ? "\n<at id=all></at>" : "";
  const elements: unknown[] = [{ tag: "div", text: { tag: "lark_md", content: fitBytes(body, plainLink + mention, MAX_TEXT_BYTES) } }];
  if (link) elements.push({ tag: "action", actions: [{ tag: "button", text: { tag: "plain_text", content: "Open in Eddy" }, type: "primary", url: link }] });
  return {
    msg_type: "interactive",
    card: {
      config: { wide_screen_mode: true },
      header: { title: { tag: "plain_text", content: title }, template: "red" },
      elements,
    },
  };
}

export function signedLarkBody(payload: Record<string, unknown>, secret: string | undefined, nowMs = Date.now()): Record<string, unknown> {
  if (!secret) return payload;
  const timestamp = Math.floor(nowMs / 1000);
  return { timestamp: String(timestamp), sign: larkSign(secret, timestamp), ...payload };
}

export function larkOutcome(status: number, body: string, headers: Headers): SendResult {
  const byStatus = byHttpStatus(status, body, headers);
  if (byStatus) return byStatus;
  const answer = trimAnswer(body || `HTTP ${status}`);
  const json = parseJsonObject(body);
  const code = json ? Number(json.code ?? json.StatusCode) : NaN;
  if (status >= 200 && status < 300 && code === 0) return { outcome: "sent", status, answer };
  if (code === 11232) return { outcome: "throttled", status, answer, retryAfterMs: retryAfterMs(headers.get("retry-after")) };
  return { outcome: "rejected", status, answer };
}

export const lark: Platform<LarkConfig, LarkSecrets> = {
  kind: "lark",
  label: "Lark / Feishu",
  config,
  secrets,
  defaultRate: { perMinute: 100, perSecond: 5 },
  async send(cfg, sec, message, opts) {
    const timeoutMs = opts?.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const res = await httpAttempt(
      sec.webhookUrl,
      { method: "POST", headers: { "content-type": "application/json; charset=utf-8" }, body: JSON.stringify(signedLarkBody(larkPayload(cfg, message), sec.signSecret)) },
      timeoutMs,
      redactor([sec.webhookUrl, sec.signSecret]),
    );
    if (!res.ok) return networkRetry(res.error);
    return larkOutcome(res.status, res.body, res.headers);
  },
};
