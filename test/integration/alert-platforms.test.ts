/**
 * Each platform against its local stand-in (test/support/alert-receivers.ts): what arrives, signing,
 * throttling, a receiver that is down, and that no answer or error ever carries a secret.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { dingtalk, signedDingTalkUrl } from "@/lib/alerts/platforms/dingtalk";
import { email } from "@/lib/alerts/platforms/email";
import { lark, signedLarkBody } from "@/lib/alerts/platforms/lark";
import type { OutgoingMessage, SendResult } from "@/lib/alerts/platforms/types";
import { webhook } from "@/lib/alerts/platforms/webhook";
import { wecom } from "@/lib/alerts/platforms/wecom";
import { startReceiver, startSmtpReceiver, type Receiver, type SmtpReceiver } from "@/test/support/alert-receivers";

const message: OutgoingMessage = {
  title: "❌ orders-etl failed",
  text: "Job **orders-etl** (payments) is FAILED since 2026-11-24 10:02:11 UTC.\nCause: disk full",
  link: "https://eddy.example.com/teams/payments/jobs/7",
  facts: { job: "orders-etl", state: "FAILED", kind: "job_failed", team: "payments" },
};

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((r) => r.close()));
});

async function receiver(...args: Parameters<typeof startReceiver>): Promise<Receiver> {
  const r = await startReceiver(...args);
  open.push(r);
  return r;
}

async function smtp(...args: Parameters<typeof startSmtpReceiver>): Promise<SmtpReceiver> {
  const s = await startSmtpReceiver(...args);
  open.push(s);
  return s;
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const s = http.createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const { port } = s.address() as AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}

/** A server that accepts the request and never answers. */
async function silentServer(): Promise<string> {
  const s = http.createServer(() => {});
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  open.push({ close: () => new Promise<void>((r) => (s.closeAllConnections(), s.close(() => r()))) });
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}/robot/send?access_token=${"a".repeat(32)}`;
}

function expectNoSecret(result: SendResult, ...secrets: string[]) {
  for (const s of secrets) expect(result.answer).not.toContain(s);
}

describe("DingTalk", () => {
  const secret = "SEC0123456789abcdef0123456789abcdef";

  it("delivers a signed markdown message with the link and the @mentions", async () => {
    const r = await receiver("dingtalk", { secret });
    const result = await dingtalk.send(dingtalk.config.parse({ atMobiles: ["13800000000"] }), dingtalk.secrets.parse({ webhookUrl: r.url, signSecret: secret }), message);
    expect(result).toMatchObject({ outcome: "sent", status: 200 });
    expect(result.answer).toContain('"errcode":0');
    expect(r.received).toHaveLength(1);
    const got = r.received[0]!;
    expect(got.title).toBe(message.title);
    expect(got.text).toContain("Cause: disk full");
    expect(got.link).toBe(message.link);
    expect(got.body).toMatchObject({ msgtype: "markdown", at: { atMobiles: ["13800000000"], isAtAll: false } });
    expect(got.text).toContain("@13800000000");
  });

  it("a wrong signing secret is rejected with DingTalk's answer, which names neither secret nor token", async () => {
    const r = await receiver("dingtalk", { secret });
    const result = await dingtalk.send(dingtalk.config.parse({}), dingtalk.secrets.parse({ webhookUrl: r.url, signSecret: "SECwrong-wrong-wrong" }), message);
    expect(result).toMatchObject({ outcome: "rejected", status: 200 });
    expect(result.answer).toContain("sign not match");
    expectNoSecret(result, secret, "SECwrong-wrong-wrong", r.token);
    expect(r.received).toHaveLength(0);
    expect(r.rejected).toBe(1);
  });

  it("an unsigned request to a signing robot, and an unknown token, are rejected", async () => {
    const r = await receiver("dingtalk", { secret });
    expect((await dingtalk.send(dingtalk.config.parse({}), dingtalk.secrets.parse({ webhookUrl: r.url }), message)).outcome).toBe("rejected");
    const unknown = r.url.replace(r.token, "f".repeat(64));
    const result = await dingtalk.send(dingtalk.config.parse({}), dingtalk.secrets.parse({ webhookUrl: unknown, signSecret: secret }), message);
    expect(result.outcome).toBe("rejected");
    expect(result.answer).toContain("token is not exist");
    expectNoSecret(result, "f".repeat(64));
  });

  it("the receiver refuses a signature older than an hour, as DingTalk does", async () => {
    const r = await receiver("dingtalk", { secret });
    const body = JSON.stringify({ msgtype: "markdown", markdown: { title: "t", text: "x" } });
    const post = (url: string) => fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body }).then((res) => res.json());
    expect(await post(signedDingTalkUrl(r.url, secret, Date.now() - 3_700_000))).toEqual({ errcode: 310000, errmsg: "invalid timestamp" });
    expect(await post(signedDingTalkUrl(r.url, secret, Date.now() - 3_500_000))).toEqual({ errcode: 0, errmsg: "ok" });
  });

  it("keywords: missing from the wording → rejected; the channel's keyword fills it in", async () => {
    const r = await receiver("dingtalk", { keyword: "告警" });
    const bare = await dingtalk.send(dingtalk.config.parse({}), dingtalk.secrets.parse({ webhookUrl: r.url }), message);
    expect(bare.outcome).toBe("rejected");
    expect(bare.answer).toContain("keywords not in content");
    const kw = await dingtalk.send(dingtalk.config.parse({ keyword: "告警" }), dingtalk.secrets.parse({ webhookUrl: r.url }), message);
    expect(kw.outcome).toBe("sent");
    expect(r.received[0]!.title).toBe(`[告警] ${message.title}`);
  });

  it("over the rate: errcode 130101 is throttled, with DingTalk's 10-minute penalty unless told otherwise", async () => {
    const r = await receiver("dingtalk", { ratePerMinute: 2 });
    const send = () => dingtalk.send(dingtalk.config.parse({}), dingtalk.secrets.parse({ webhookUrl: r.url }), message);
    expect((await send()).outcome).toBe("sent");
    expect((await send()).outcome).toBe("sent");
    const third = await send();
    expect(third).toMatchObject({ outcome: "throttled", status: 200, retryAfterMs: 600_000 });
    expect(third.answer).toContain("130101");
    expect(r.throttled).toBe(1);

    const quick = await receiver("dingtalk", { ratePerSecond: 1, retryAfterSeconds: 2 });
    await dingtalk.send(dingtalk.config.parse({}), dingtalk.secrets.parse({ webhookUrl: quick.url }), message);
    expect(await dingtalk.send(dingtalk.config.parse({}), dingtalk.secrets.parse({ webhookUrl: quick.url }), message)).toMatchObject({ outcome: "throttled", retryAfterMs: 2000 });
  });

  it("a receiver that is down, resets, is gone or never answers → retry", async () => {
    const r = await receiver("dingtalk");
    const send = (url: string, timeoutMs?: number) => dingtalk.send(dingtalk.config.parse({}), dingtalk.secrets.parse({ webhookUrl: url }), message, { timeoutMs });
    r.setDown(true);
    expect(await send(r.url)).toMatchObject({ outcome: "retry", status: 503 });
    r.setDown(true, "reset");
    const reset = await send(r.url);
    expect(reset).toMatchObject({ outcome: "retry", status: null });
    expectNoSecret(reset, r.token);
    r.setDown(false);
    expect((await send(r.url)).outcome).toBe("sent");

    const gone = await send(`http://127.0.0.1:${await closedPort()}/robot/send?access_token=${r.token}`);
    expect(gone.outcome).toBe("retry");
    expect(gone.answer).toContain("ECONNREFUSED");
    expectNoSecret(gone, r.token);

    const silent = await send(await silentServer(), 300);
    expect(silent).toEqual({ outcome: "retry", status: null, answer: "No answer within 300 ms" });
  });
});

describe("WeCom", () => {
  it("delivers markdown with the link", async () => {
    const r = await receiver("wecom");
    const result = await wecom.send(wecom.config.parse({}), wecom.secrets.parse({ webhookUrl: r.url }), message);
    expect(result).toMatchObject({ outcome: "sent", status: 200 });
    expect(r.received[0]!.body).toMatchObject({ msgtype: "markdown" });
    expect(r.received[0]!.title).toBe(message.title);
    expect(r.received[0]!.link).toBe(message.link);
  });

  it("a digest over 4096 bytes is cut with a note and still accepted, link kept", async () => {
    const r = await receiver("wecom");
    const lines = Array.from({ length: 200 }, (_, i) => `job-${i} — FAILED at 10:02:11 (磁盘已满)`);
    const result = await wecom.send(wecom.config.parse({}), wecom.secrets.parse({ webhookUrl: r.url }), { ...message, lines });
    expect(result.outcome).toBe("sent");
    expect(r.received[0]!.text).toContain("cut to fit");
    expect(r.received[0]!.link).toBe(message.link);
  });

  it("mentions go as text with mentioned_mobile_list", async () => {
    const r = await receiver("wecom");
    await wecom.send(wecom.config.parse({ mentionMobiles: ["13800000000"] }), wecom.secrets.parse({ webhookUrl: r.url }), message);
    expect(r.received[0]!.body).toMatchObject({ msgtype: "text", text: { mentioned_mobile_list: ["13800000000"] } });
  });

  it("45009 is throttled; an unknown key is rejected (93000) without the key in the answer; down → retry", async () => {
    const r = await receiver("wecom", { ratePerMinute: 1 });
    const send = (url: string) => wecom.send(wecom.config.parse({}), wecom.secrets.parse({ webhookUrl: url }), message);
    expect((await send(r.url)).outcome).toBe("sent");
    const throttled = await send(r.url);
    expect(throttled).toMatchObject({ outcome: "throttled", retryAfterMs: 60_000 });
    expect(throttled.answer).toContain("api freq out of limit");

    const badKey = "0a1b2c3d-0000-4000-8000-123456789abc";
    const rejected = await send(r.url.replace(r.token, badKey));
    expect(rejected.outcome).toBe("rejected");
    expect(rejected.answer).toContain("93000");
    expectNoSecret(rejected, badKey);

    r.setDown(true);
    expect((await send(r.url)).outcome).toBe("retry");
  });
});

describe("Lark / Feishu", () => {
  const secret = "lark-signing-secret-0123";

  it("delivers a signed card with the title, the text and an Open in Eddy button", async () => {
    const r = await receiver("lark", { secret });
    const result = await lark.send(lark.config.parse({}), lark.secrets.parse({ webhookUrl: r.url, signSecret: secret }), { ...message, lines: ["a — FAILED", "b — LOST"] });
    expect(result).toMatchObject({ outcome: "sent", status: 200 });
    const got = r.received[0]!;
    expect(got.body).toMatchObject({ msg_type: "interactive", timestamp: expect.stringMatching(/^\d{10}$/) });
    expect(got.title).toBe(message.title);
    expect(got.text).toContain("- b — LOST");
    expect(got.link).toBe(message.link);
  });

  it("the receiver refuses a signature older than an hour, as Feishu does", async () => {
    const r = await receiver("lark", { secret });
    const post = (at: number) =>
      fetch(r.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(signedLarkBody({ msg_type: "text", content: { text: "hi" } }, secret, at)) }).then((res) => res.json());
    expect(await post(Date.now() - 3_700_000)).toMatchObject({ code: 19021 });
    expect(await post(Date.now() - 3_500_000)).toMatchObject({ code: 0 });
  });

  it("a post arrives with its link", async () => {
    const r = await receiver("lark");
    expect((await lark.send(lark.config.parse({ format: "post" }), lark.secrets.parse({ webhookUrl: r.url }), message)).outcome).toBe("sent");
    expect(r.received[0]!.body).toMatchObject({ msg_type: "post" });
    expect(r.received[0]!.link).toBe(message.link);
  });

  it("a wrong secret → 19021 rejected; a missing keyword → 19024 rejected; neither answer names a secret", async () => {
    const r = await receiver("lark", { secret });
    const wrong = await lark.send(lark.config.parse({}), lark.secrets.parse({ webhookUrl: r.url, signSecret: "not-the-secret-xyz" }), message);
    expect(wrong.outcome).toBe("rejected");
    expect(wrong.answer).toContain("19021");
    expectNoSecret(wrong, secret, "not-the-secret-xyz", r.token);

    const k = await receiver("lark", { keyword: "Flink" });
    const missing = await lark.send(lark.config.parse({}), lark.secrets.parse({ webhookUrl: k.url }), message);
    expect(missing.outcome).toBe("rejected");
    expect(missing.answer).toContain("Key Words Not Found");
    expect((await lark.send(lark.config.parse({ keyword: "Flink" }), lark.secrets.parse({ webhookUrl: k.url }), message)).outcome).toBe("sent");
  });

  it("over 5 a second: 11232 is throttled; an HTTP 429 honours Retry-After", async () => {
    const r = await receiver("lark", { ratePerSecond: 5 });
    const results = await Promise.all(Array.from({ length: 6 }, () => lark.send(lark.config.parse({}), lark.secrets.parse({ webhookUrl: r.url }), message)));
    expect(results.filter((x) => x.outcome === "sent")).toHaveLength(5);
    const throttled = results.find((x) => x.outcome === "throttled")!;
    expect(throttled.answer).toContain("11232");
    expect(r.throttled).toBe(1);

    r.override({ status: 429, body: '{"code":99991400,"msg":"request trigger frequency limit"}', headers: { "retry-after": "7" } });
    expect(await lark.send(lark.config.parse({}), lark.secrets.parse({ webhookUrl: r.url }), message)).toMatchObject({ outcome: "throttled", status: 429, retryAfterMs: 7000 });
  });

  it("down → retry", async () => {
    const r = await receiver("lark");
    r.setDown(true, "reset");
    expect((await lark.send(lark.config.parse({}), lark.secrets.parse({ webhookUrl: r.url }), message)).outcome).toBe("retry");
  });
});

describe("generic webhook", () => {
  it("renders the body template, JSON-escaped, with the secret headers", async () => {
    const r = await receiver("webhook", { secret: "tok-0123456789" });
    const cfg = webhook.config.parse({
      method: "PUT",
      bodyTemplate: '{"title":"{{title}}","text":"{{text}}","link":"{{link}}","job":"{{job}}","state":"{{state}}","lines":"{{lines}}"}',
    });
    const tricky = { ...message, title: 'Job "a\\b" failed', facts: { ...message.facts, job: 'a"b\n' }, lines: ["x", "y"] };
    const result = await webhook.send(cfg, webhook.secrets.parse({ url: r.url, headers: { Authorization: "Bearer tok-0123456789" } }), tricky);
    expect(result).toMatchObject({ outcome: "sent", status: 200 });
    const got = r.received[0]!;
    expect(got.method).toBe("PUT");
    expect(got.body).toEqual({ title: 'Job "a\\b" failed', text: message.text, link: message.link, job: 'a"b\n', state: "FAILED", lines: "x\ny" });
    expect(got.link).toBe(message.link);
  });

  it("a form body for an SMS gateway", async () => {
    const r = await receiver("webhook");
    const cfg = webhook.config.parse({ contentType: "application/x-www-form-urlencoded", bodyTemplate: "to=13800000000&msg={{title}} {{link}}" });
    expect((await webhook.send(cfg, webhook.secrets.parse({ url: r.url }), message)).outcome).toBe("sent");
    expect(r.received[0]!.body).toEqual({ to: "13800000000", msg: `${message.title} ${message.link}` });
  });

  it("401 rejected without the token in the answer; 429 throttled; 5xx and down retried; 404 rejected", async () => {
    const r = await receiver("webhook", { secret: "tok-0123456789", ratePerMinute: 1, retryAfterSeconds: 4 });
    const cfg = webhook.config.parse({});
    const send = (url: string, headers: Record<string, string> = { Authorization: "Bearer tok-0123456789" }) => webhook.send(cfg, webhook.secrets.parse({ url, headers }), message);

    const unauthorized = await send(r.url, { Authorization: "Bearer wrong-0123456789" });
    expect(unauthorized).toMatchObject({ outcome: "rejected", status: 401 });
    expectNoSecret(unauthorized, "wrong-0123456789", r.token);

    expect((await send(r.url)).outcome).toBe("sent");
    expect(await send(r.url)).toMatchObject({ outcome: "throttled", status: 429, retryAfterMs: 4000 });

    r.override({ status: 500, body: "upstream exploded" });
    expect(await send(r.url)).toEqual({ outcome: "retry", status: 500, answer: "upstream exploded" });
    r.override(null);
    r.setDown(true, "reset");
    expect((await send(r.url)).outcome).toBe("retry");
    r.setDown(false);
    expect(await send(r.url.replace(r.token, "nope"))).toMatchObject({ outcome: "rejected", status: 404 });
  });
});

describe("email", () => {
  const user = "eddy";
  const password = "smtp-pass-0123";
  const cfgFor = (s: SmtpReceiver, extra: Record<string, unknown> = {}) =>
    email.config.parse({ host: s.host, port: s.port, security: "starttls", verifyCertificate: false, user, from: "Eddy <eddy@example.com>", to: ["oncall@example.com", "lead@example.com"], ...extra });

  it("arrives through a real SMTP server over STARTTLS with auth: subject, text, HTML link", async () => {
    const s = await smtp({ user, password });
    const result = await email.send(cfgFor(s), email.secrets.parse({ password }), { ...message, lines: ["a — FAILED"] });
    expect(result).toMatchObject({ outcome: "sent", status: 250 });
    const mail = s.messages[0]!;
    expect(mail).toMatchObject({ user, secure: true, subject: message.title, envelopeFrom: "eddy@example.com", envelopeTo: ["oncall@example.com", "lead@example.com"] });
    expect(mail.text).toContain(`Open in Eddy: ${message.link}`);
    expect(mail.text).toContain("- a — FAILED");
    expect(mail.html).toContain(`<a href="${message.link}">Open in Eddy</a>`);
  });

  it("plain SMTP with auth when the channel says none", async () => {
    const s = await smtp({ user, password, tls: "none" });
    expect((await email.send(cfgFor(s, { security: "none" }), email.secrets.parse({ password }), message)).outcome).toBe("sent");
    expect(s.messages[0]!.secure).toBe(false);
  });

  it("a wrong password is rejected (535) and the answer does not carry it", async () => {
    const s = await smtp({ user, password });
    const result = await email.send(cfgFor(s), email.secrets.parse({ password: "wrong-pass-0123" }), message);
    expect(result).toMatchObject({ outcome: "rejected", status: 535 });
    expectNoSecret(result, "wrong-pass-0123", password);
    expect(s.authFailures).toBe(1);
  });

  it("SMTP answers: 452 rate → throttled, 451 → retry, 550 → rejected; a self-signed certificate verified → rejected; no server → retry", async () => {
    const s = await smtp({ user, password });
    const send = (cfg = cfgFor(s)) => email.send(cfg, email.secrets.parse({ password }), message);
    s.failNext(452, "4.5.3 Too many messages, slow down");
    expect(await send()).toMatchObject({ outcome: "throttled", status: 452 });
    s.failNext(451, "4.3.0 Local error in processing");
    expect(await send()).toMatchObject({ outcome: "retry", status: 451 });
    s.failNext(550, "5.7.1 Message refused");
    expect(await send()).toMatchObject({ outcome: "rejected", status: 550 });
    expect(s.messages).toHaveLength(0);

    const strict = await send(cfgFor(s, { verifyCertificate: true }));
    expect(strict.outcome).toBe("rejected");
    expect(strict.answer).toMatch(/certificate/i);

    const gone = await send(cfgFor(s, { port: await closedPort() }));
    expect(gone).toMatchObject({ outcome: "retry", status: null });
  });
});
