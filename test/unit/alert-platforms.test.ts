import { describe, expect, it } from "vitest";
import { fitBytes, redactor, retryAfterMs, truncateBytes, TRUNCATION_NOTE } from "@/lib/alerts/platforms/common";
import { dingtalk, dingTalkOutcome, dingTalkPayload, dingTalkSign, signedDingTalkUrl } from "@/lib/alerts/platforms/dingtalk";
import { email, emailContent, smtpErrorOutcome } from "@/lib/alerts/platforms/email";
import { platformFor, platforms } from "@/lib/alerts/platforms/index";
import { lark, larkOutcome, larkPayload, larkSign, signedLarkBody } from "@/lib/alerts/platforms/lark";
import type { OutgoingMessage } from "@/lib/alerts/platforms/types";
import { renderBody, templateValues, webhook, webhookOutcome } from "@/lib/alerts/platforms/webhook";
import { wecom, WECOM_MARKDOWN_MAX_BYTES, weComOutcome, weComPayload } from "@/lib/alerts/platforms/wecom";

const h = (init: Record<string, string> = {}) => new Headers(init);

const message: OutgoingMessage = {
  title: "❌ orders-etl failed",
  text: "Job **orders-etl** (payments) is FAILED since 2026-11-24 10:02:11 UTC.\nCause: disk full",
  link: "https://eddy.example.com/teams/payments/jobs/7",
  facts: { job: "orders-etl", state: "FAILED", kind: "job_failed" },
};

describe("signatures, as the platforms' documented samples compute them", () => {
  it("DingTalk: base64(HmacSHA256(key = secret, timestamp + \\n + secret)), URL-encoded in the query", () => {
    // Value from DingTalk's Python sample (hmac.new(secret, f"{ts}\n{secret}", sha256), quote_plus).
    expect(dingTalkSign("this is secret", 1577262236757)).toBe("hmPWwU+7lVdm3ZZz0r9tSfx0L4Q26jWOZr9+Gs6EZQM=");
    const url = signedDingTalkUrl("https://oapi.dingtalk.com/robot/send?access_token=abc", "this is secret", 1577262236757);
    expect(url).toBe("https://oapi.dingtalk.com/robot/send?access_token=abc&timestamp=1577262236757&sign=hmPWwU%2B7lVdm3ZZz0r9tSfx0L4Q26jWOZr9%2BGs6EZQM%3D");
    expect(signedDingTalkUrl("https://oapi.dingtalk.com/robot/send?access_token=abc", undefined)).toBe("https://oapi.dingtalk.com/robot/send?access_token=abc");
  });

  it("Lark: base64(HmacSHA256(key = timestamp + \\n + secret, empty message)), timestamp in seconds, in the body", () => {
    // Value from Feishu's Python sample (hmac.new(f"{ts}\n{secret}", b"", sha256)).
    expect(larkSign("demo", 1599360473)).toBe("l1N0gAcBjdwBvGm1xMjOF0XSyaLRpR7tuO5dHfhAYc8=");
    const body = signedLarkBody({ msg_type: "text" }, "demo", 1599360473_999);
    expect(body).toEqual({ timestamp: "1599360473", sign: "l1N0gAcBjdwBvGm1xMjOF0XSyaLRpR7tuO5dHfhAYc8=", msg_type: "text" });
    expect(signedLarkBody({ msg_type: "text" }, undefined)).toEqual({ msg_type: "text" });
  });
});

describe("message shapes", () => {
  it("DingTalk: markdown with the link, the @mobiles written in the text, and the keyword added when missing", () => {
    const cfg = dingtalk.config.parse({ atMobiles: ["13800000000"], keyword: "Eddy" });
    const p = dingTalkPayload(cfg, message);
    expect(p.msgtype).toBe("markdown");
    expect(p.markdown.title).toBe("[Eddy] ❌ orders-etl failed");
    expect(p.markdown.text).toContain("[Open in Eddy](https://eddy.example.com/teams/payments/jobs/7)");
    expect(p.markdown.text).toContain("@13800000000");
    expect(p.at).toEqual({ atMobiles: ["13800000000"], isAtAll: false });
    // A relative link (no EDDY_PUBLIC_URL) is shown as text, not as a broken markdown link.
    expect(dingTalkPayload(dingtalk.config.parse({}), { ...message, link: "/teams/payments/jobs/7" }).markdown.text).toMatch(/\n\/teams\/payments\/jobs\/7$/);
  });

  it("WeCom: markdown cut to 4096 bytes with a note, the link kept; text with mentioned_mobile_list when mentions are configured", () => {
    const long = { ...message, text: "宽".repeat(3000) };
    const p = weComPayload(wecom.config.parse({}), long);
    expect(p.msgtype).toBe("markdown");
    const content = (p as { markdown: { content: string } }).markdown.content;
    expect(Buffer.byteLength(content, "utf8")).toBeLessThanOrEqual(WECOM_MARKDOWN_MAX_BYTES);
    expect(content).toContain(TRUNCATION_NOTE);
    expect(content.endsWith("[Open in Eddy](https://eddy.example.com/teams/payments/jobs/7)")).toBe(true);

    const t = weComPayload(wecom.config.parse({ mentionMobiles: ["13800000000"], mentionAll: true }), message) as { msgtype: string; text: { content: string; mentioned_mobile_list: string[] } };
    expect(t.msgtype).toBe("text");
    expect(t.text.mentioned_mobile_list).toEqual(["13800000000", "@all"]);
    expect(t.text.content).toContain(message.link);
  });

  it("Lark: a card with a header, markdown and an Open in Eddy button; or a post with a link", () => {
    const card = larkPayload(lark.config.parse({}), { ...message, lines: ["a — FAILED", "b — LOST"] }) as { msg_type: string; card: { header: { title: { content: string } }; elements: Array<Record<string, unknown>> } };
    expect(card.msg_type).toBe("interactive");
    expect(card.card.header.title.content).toBe(message.title);
    expect(JSON.stringify(card.card.elements[0])).toContain("- a — FAILED\\n- b — LOST");
    expect(card.card.elements[1]).toEqual({ tag: "action", actions: [{ tag: "button", text: { tag: "plain_text", content: "Open in Eddy" }, type: "primary", url: message.link }] });
    const post = larkPayload(lark.config.parse({ format: "post" }), message) as { content: { post: { zh_cn: { title: string; content: unknown[][] } } } };
    expect(post.content.post.zh_cn.title).toBe(message.title);
    expect(post.content.post.zh_cn.content[1]).toEqual([{ tag: "a", text: "Open in Eddy", href: message.link }]);
  });

  it("email: the subject is one line; the HTML escapes the text and links to Eddy", () => {
    const c = emailContent({ ...message, title: "a\r\nBcc: x@evil", text: "<script>alert(1)</script> **bold**" });
    expect(c.subject).toBe("a Bcc: x@evil");
    expect(c.html).toContain("&lt;script&gt;alert(1)&lt;/script&gt; <strong>bold</strong>");
    expect(c.html).toContain(`<a href="${message.link}">Open in Eddy</a>`);
    expect(c.text).toContain(`Open in Eddy: ${message.link}`);
  });
});

describe("webhook body templates", () => {
  const tricky: OutgoingMessage = { title: 'He said "hi"', text: "line 1\nline 2 \\ end", link: null, lines: ["x", "y"], facts: { job: 'a"b', title: "not this" } };

  it("JSON-escapes every value so the body stays JSON", () => {
    const body = renderBody('{"t":"{{title}}","x":"{{text}}","j":"{{job}}","l":"{{link}}","ls":"{{lines}}","u":"{{unknown}}"}', templateValues(tricky), "application/json");
    expect(JSON.parse(body)).toEqual({ t: 'He said "hi"', x: "line 1\nline 2 \\ end", j: 'a"b', l: "", ls: "x\ny", u: "{{unknown}}" });
  });

  it("percent-encodes for a form, and leaves text/plain as written", () => {
    expect(renderBody("msg={{title}}&to=1", templateValues(tricky), "application/x-www-form-urlencoded")).toBe("msg=He%20said%20%22hi%22&to=1");
    expect(renderBody("{{title}}", templateValues(tricky), "text/plain")).toBe('He said "hi"');
  });

  it("refuses a JSON template that does not give JSON, and header tricks", () => {
    expect(webhook.config.safeParse({ bodyTemplate: '{"a": {{title}}}' }).success).toBe(false);
    expect(webhook.config.safeParse({ bodyTemplate: '{"a": "{{title}}"}' }).success).toBe(true);
    expect(webhook.config.safeParse({ contentType: "text/plain", bodyTemplate: "{{title}}" }).success).toBe(true);
    expect(webhook.secrets.safeParse({ url: "https://sms.example.com/send", headers: { "X-Token": "a\r\nX-Evil: 1" } }).success).toBe(false);
    expect(webhook.secrets.safeParse({ url: "https://sms.example.com/send", headers: { Host: "evil" } }).success).toBe(false);
    expect(webhook.secrets.safeParse({ url: "ftp://sms.example.com/send" }).success).toBe(false);
  });
});

describe("answers", () => {
  it("DingTalk", () => {
    expect(dingTalkOutcome(200, '{"errcode":0,"errmsg":"ok"}', h()).outcome).toBe("sent");
    expect(dingTalkOutcome(200, '{"errcode":130101,"errmsg":"send too fast, exceed 20 times per minute"}', h())).toMatchObject({ outcome: "throttled", retryAfterMs: 600_000 });
    expect(dingTalkOutcome(200, '{"errcode":310000,"errmsg":"sign not match"}', h()).outcome).toBe("rejected");
    expect(dingTalkOutcome(200, '{"errcode":300005,"errmsg":"token is not exist"}', h()).outcome).toBe("rejected");
    expect(dingTalkOutcome(429, "", h({ "retry-after": "12" }))).toMatchObject({ outcome: "throttled", retryAfterMs: 12_000 });
    expect(dingTalkOutcome(502, "<html>bad gateway</html>", h()).outcome).toBe("retry");
    expect(dingTalkOutcome(200, "<html>captive portal</html>", h()).outcome).toBe("rejected");
  });

  it("WeCom", () => {
    expect(weComOutcome(200, '{"errcode":0,"errmsg":"ok"}', h()).outcome).toBe("sent");
    expect(weComOutcome(200, '{"errcode":45009,"errmsg":"api freq out of limit"}', h())).toMatchObject({ outcome: "throttled", retryAfterMs: 60_000 });
    expect(weComOutcome(200, '{"errcode":93000,"errmsg":"invalid webhook url"}', h()).outcome).toBe("rejected");
    expect(weComOutcome(503, "", h()).outcome).toBe("retry");
  });

  it("Lark", () => {
    expect(larkOutcome(200, '{"StatusCode":0,"StatusMessage":"success"}', h()).outcome).toBe("sent");
    expect(larkOutcome(200, '{"code":0,"data":{},"msg":"success"}', h()).outcome).toBe("sent");
    expect(larkOutcome(200, '{"code":11232,"data":{},"msg":"frequency limited"}', h())).toMatchObject({ outcome: "throttled", retryAfterMs: null });
    expect(larkOutcome(200, '{"code":19021,"msg":"sign match fail"}', h()).outcome).toBe("rejected");
    expect(larkOutcome(200, '{"code":19024,"msg":"Key Words Not Found"}', h()).outcome).toBe("rejected");
    expect(larkOutcome(400, '{"code":9499,"msg":"Bad Request"}', h()).outcome).toBe("rejected");
  });

  it("webhook", () => {
    expect(webhookOutcome(204, "", h()).outcome).toBe("sent");
    expect(webhookOutcome(429, "", h({ "retry-after": "3" }))).toMatchObject({ outcome: "throttled", retryAfterMs: 3000 });
    expect(webhookOutcome(500, "", h()).outcome).toBe("retry");
    expect(webhookOutcome(408, "", h()).outcome).toBe("retry");
    expect(webhookOutcome(403, "forbidden", h())).toEqual({ outcome: "rejected", status: 403, answer: "forbidden" });
  });

  it("SMTP: 4xx that names a rate is throttled, other 4xx retried, 5xx rejected", () => {
    const id = (t: string) => t;
    const e = (responseCode: number | undefined, response: string, code?: string) => Object.assign(new Error(response), { responseCode, response, code });
    expect(smtpErrorOutcome(e(452, "452 4.5.3 Too many recipients"), id).outcome).toBe("throttled");
    expect(smtpErrorOutcome(e(421, "421 4.7.0 Try again later, closing connection"), id).outcome).toBe("throttled");
    expect(smtpErrorOutcome(e(451, "451 4.3.0 Local error in processing"), id).outcome).toBe("retry");
    expect(smtpErrorOutcome(e(450, "450 4.2.1 Mailbox busy"), id).outcome).toBe("retry");
    expect(smtpErrorOutcome(e(535, "535 5.7.8 Authentication credentials invalid", "EAUTH"), id)).toMatchObject({ outcome: "rejected", status: 535 });
    expect(smtpErrorOutcome(e(550, "550 5.1.1 No such user"), id).outcome).toBe("rejected");
    expect(smtpErrorOutcome(e(undefined, "connect ECONNREFUSED 127.0.0.1:25", "ESOCKET"), id).outcome).toBe("retry");
    expect(smtpErrorOutcome(e(undefined, "Missing credentials for \"PLAIN\"", "EAUTH"), id).outcome).toBe("rejected");
  });
});

describe("helpers", () => {
  it("cuts UTF-8 on character boundaries and keeps the tail", () => {
    expect(truncateBytes("aé€😀", 6)).toBe("aé€"); // 1 + 2 + 3 bytes; the emoji (4) does not fit
    expect(truncateBytes("aé€😀", 5)).toBe("aé");
    expect(Buffer.byteLength(truncateBytes("😀😀😀", 5))).toBe(4);
    const fitted = fitBytes("x".repeat(500), "\nTAIL", 100);
    expect(Buffer.byteLength(fitted)).toBeLessThanOrEqual(100);
    expect(fitted.endsWith("\nTAIL")).toBe(true);
    expect(fitBytes("short", "\nTAIL", 100)).toBe("short\nTAIL");
  });

  it("scrubs secrets: whole URLs, their tokens alone, encoded forms and bearer tokens", () => {
    const scrub = redactor(["https://oapi.dingtalk.com/robot/send?access_token=0123456789abcdef", "SECsigning", "Bearer tok-0123456789", undefined]);
    expect(scrub("bad url https://oapi.dingtalk.com/robot/send?access_token=0123456789abcdef")).toBe("bad url [secret]");
    expect(scrub("token 0123456789abcdef unknown, SECsigning, tok-0123456789")).toBe("token [secret] unknown, [secret], [secret]");
  });

  it("reads Retry-After in seconds or as a date", () => {
    expect(retryAfterMs("5")).toBe(5000);
    expect(retryAfterMs(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
    expect(retryAfterMs("soon")).toBeNull();
    expect(retryAfterMs(null)).toBeNull();
  });

  it("knows every channel kind, with the platforms' documented rates", () => {
    expect(Object.keys(platforms).sort()).toEqual(["dingtalk", "email", "lark", "webhook", "wecom"]);
    expect(platformFor("dingtalk").defaultRate).toEqual({ perMinute: 20, perSecond: null });
    expect(platformFor("wecom").defaultRate).toEqual({ perMinute: 20, perSecond: null });
    expect(platformFor("lark").defaultRate).toEqual({ perMinute: 100, perSecond: 5 });
    expect(platformFor("webhook").defaultRate).toEqual({ perMinute: 60, perSecond: null });
    expect(platformFor("email").defaultRate).toEqual({ perMinute: 60, perSecond: null });
    expect(email.config.safeParse({ host: "smtp.example.com", from: "eddy@example.com", to: [] }).success).toBe(false);
  });
});
