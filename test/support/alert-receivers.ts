/**
 * Local stand-ins for the alert platforms, for tests (platform tests, alert storms, the channel
 * "send a test" button). Each is a real HTTP (or SMTP) server on 127.0.0.1 that checks a request the
 * way the platform does and answers with the platform's own JSON, so the code under test sees what
 * it would see in production.
 *
 * ```ts
 * const r = await startReceiver("dingtalk", { secret: "SECabc", ratePerMinute: 20 });
 * // configure a channel with secrets { webhookUrl: r.url, signSecret: "SECabc" }
 * // … send …
 * expect(r.received).toHaveLength(1);       // accepted messages: { at, body, title, text, link, … }
 * expect(r.throttled).toBe(0);              // requests answered with the throttling answer
 * r.setDown(true);                          // next requests: HTTP 503 (or setDown(true, "reset"): connection reset)
 * await r.close();
 * ```
 *
 * Checks, in this order (a failed check answers at once and counts in `rejected`, or `throttled`):
 *
 * | kind | url | token / key | signature (`secret`) | rate (`ratePerSecond`, `ratePerMinute`) | payload | keyword |
 * |---|---|---|---|---|---|---|
 * | dingtalk | /robot/send?access_token=… | `{errcode:300005,"token is not exist"}` | query timestamp (ms) + sign = base64(HMAC-SHA256(secret, ts+"\n"+secret)), ±1 h: `{errcode:310000,"sign not match"/"invalid timestamp"}` | `{errcode:130101,"send too fast, exceed 20 times per minute"}` | msgtype text/markdown/link/actionCard/feedCard with its required fields: `{errcode:40035,"缺少参数 …"}` | title+text must contain it: `{errcode:310000,"keywords not in content"}` |
 * | wecom | /cgi-bin/webhook/send?key=… | `{errcode:93000,"invalid webhook url…"}` | (WeCom has none; `secret` is ignored) | `{errcode:45009,"api freq out of limit…"}` | text ≤ 2048 bytes, markdown ≤ 4096 bytes: 40008 invalid message type, 44004 empty content, 40058 too long | (none) |
 * | lark | /open-apis/bot/v2/hook/… | `{code:19001,"param invalid: incoming webhook access token invalid"}` | body timestamp (s) + sign = base64(HMAC-SHA256(key = ts+"\n"+secret, "")), ±1 h: `{code:19021,"sign match fail or timestamp is not within one hour from current time"}` | `{code:11232,"frequency limited psm[…]"}` | msg_type text/post/interactive/image/share_chat with content or card; body ≤ 20 KB: HTTP 400 `{code:9499,"Bad Request"}` | `{code:19024,"Key Words Not Found"}` |
 * | webhook | /hook/… | 404 | header `Authorization: Bearer <secret>`: 401 | 429 with Retry-After | JSON content types must parse: 400 | body must contain it: 400 |
 *
 * The chat platforms answer all of these with HTTP 200 (Lark's malformed body with 400), as the
 * real ones do; success is `{errcode:0,errmsg:"ok"}` (DingTalk, WeCom) or
 * `{StatusCode:0,StatusMessage:"success",code:0,data:{},msg:"success"}` (Lark).
 *
 * Rates are sliding windows over accepted messages (the last second, the last minute). Real
 * DingTalk then blocks the robot for 10 minutes; this one lets the window slide. None of the chat
 * platforms sends Retry-After; `retryAfterSeconds` adds one to throttling answers so storm tests
 * can keep waits short (the webhook receiver always sends one: 1 s unless set).
 */
import { createHmac, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { simpleParser } from "mailparser";
import { SMTPServer, type SMTPServerOptions } from "smtp-server";

export type ReceiverKind = "dingtalk" | "wecom" | "lark" | "webhook";

export interface ReceiverOptions {
  /** dingtalk / lark: the signing secret (requests must be signed with it); webhook: a bearer token required in Authorization; wecom: ignored. */
  secret?: string;
  /** Accepted messages allowed in any one second / minute; more get the platform's throttling answer. */
  ratePerSecond?: number;
  ratePerMinute?: number;
  /** dingtalk / lark: the robot's custom keyword; webhook: a string the body must contain. */
  keyword?: string;
  /** Adds Retry-After (seconds) to throttling answers (see above). */
  retryAfterSeconds?: number;
}

export interface ReceivedMessage {
  at: Date;
  /** The parsed JSON body (webhook: parsed JSON or form, else the raw string). */
  body: unknown;
  /** What a person would see as the title and the text (markdown title/text, card header/markdown, …). */
  title: string;
  text: string;
  /** The "Open in Eddy" target, when the message carries one as a link, button or field. */
  link: string | null;
  method: string;
  headers: IncomingMessage["headers"];
  raw: string;
}

export interface ReceiverAnswer {
  status: number;
  body: string;
  headers?: Record<string, string>;
}

export interface ReceiverLogEntry {
  at: Date;
  outcome: "accepted" | "rejected" | "throttled" | "down" | "forced";
  status: number;
  answer: string;
}

export interface Receiver {
  kind: ReceiverKind;
  /** The webhook URL to configure, token or key included. */
  url: string;
  /** The random token/key inside `url` (a different one is refused as the platform would). */
  token: string;
  /** Accepted messages, in arrival order. */
  received: ReceivedMessage[];
  /** Every request with how it was answered. */
  log: ReceiverLogEntry[];
  readonly rejected: number;
  readonly throttled: number;
  /** down: answer HTTP 503 ("503", the default) or reset the connection ("reset") until setDown(false). */
  setDown(down: boolean, how?: "503" | "reset"): void;
  /** Answers every following request with this (after recording it in `log`), until set back to null. */
  override(answer: ReceiverAnswer | null): void;
  close(): Promise<void>;
}

type Verdict = { outcome: "accepted"; message: Omit<ReceivedMessage, "at" | "method" | "headers" | "raw"> } | { outcome: "rejected" | "throttled"; answer: ReceiverAnswer };

const json = (body: unknown, status = 200, headers: Record<string, string> = {}): ReceiverAnswer => ({ status, body: JSON.stringify(body), headers: { "content-type": "application/json; charset=utf-8", ...headers } });

const HOUR_MS = 3_600_000;

function sameString(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function parseJson(raw: string): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(raw);
    return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

const str = (v: unknown): string | null => (typeof v === "string" ? v : null);
const obj = (v: unknown): Record<string, unknown> | null => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : null);
const bytes = (s: string) => Buffer.byteLength(s, "utf8");
const firstUrl = (s: string): string | null => /\((https?:\/\/[^)\s]+)\)/.exec(s)?.[1] ?? /(https?:\/\/\S+)/.exec(s)?.[1] ?? null;

class RateWindow {
  private accepted: number[] = [];
  constructor(
    private perSecond?: number,
    private perMinute?: number,
  ) {}
  full(now: number): boolean {
    this.accepted = this.accepted.filter((t) => now - t < 60_000);
    if (this.perMinute !== undefined && this.accepted.length >= this.perMinute) return true;
    if (this.perSecond !== undefined && this.accepted.filter((t) => now - t < 1000).length >= this.perSecond) return true;
    return false;
  }
  take(now: number) {
    this.accepted.push(now);
  }
}

// ---------------------------------------------------------------- DingTalk

function dingtalk(token: string, opts: ReceiverOptions, rate: RateWindow) {
  const err = (errcode: number, errmsg: string, headers?: Record<string, string>) => json({ errcode, errmsg }, 200, headers);
  return (req: IncomingMessage, raw: string, url: URL): Verdict => {
    if (url.pathname !== "/robot/send") return { outcome: "rejected", answer: json({ errcode: 404, errmsg: "not found" }, 404) };
    if (req.method !== "POST") return { outcome: "rejected", answer: err(43002, "需要POST请求") };
    const accessToken = url.searchParams.get("access_token");
    if (!accessToken) return { outcome: "rejected", answer: err(40035, "缺少参数 access_token") };
    if (!sameString(accessToken, token)) return { outcome: "rejected", answer: err(300005, "token is not exist") };
    if (opts.secret) {
      const ts = url.searchParams.get("timestamp") ?? "";
      const sign = url.searchParams.get("sign") ?? "";
      if (!/^\d+$/.test(ts) || Math.abs(Date.now() - Number(ts)) > HOUR_MS) return { outcome: "rejected", answer: err(310000, "invalid timestamp") };
      const expected = createHmac("sha256", opts.secret).update(`${ts}\n${opts.secret}`, "utf8").digest("base64");
      if (!sameString(sign, expected)) return { outcome: "rejected", answer: err(310000, "sign not match") };
    }
    if (rate.full(Date.now())) {
      const headers = opts.retryAfterSeconds !== undefined ? { "retry-after": String(opts.retryAfterSeconds) } : undefined;
      return { outcome: "throttled", answer: err(130101, "send too fast, exceed 20 times per minute", headers) };
    }
    const body = parseJson(raw);
    if (!body) return { outcome: "rejected", answer: err(40035, "缺少参数 json") };
    const msgtype = str(body.msgtype);
    let title = "";
    let text = "";
    if (msgtype === "markdown") {
      const md = obj(body.markdown);
      title = str(md?.title) ?? "";
      text = str(md?.text) ?? "";
      if (!title) return { outcome: "rejected", answer: err(40035, "缺少参数 markdown.title") };
      if (!text) return { outcome: "rejected", answer: err(40035, "缺少参数 markdown.text") };
    } else if (msgtype === "text") {
      text = str(obj(body.text)?.content) ?? "";
      if (!text) return { outcome: "rejected", answer: err(40035, "缺少参数 text.content") };
      title = text.split("\n")[0] ?? "";
    } else if (msgtype === "link" || msgtype === "actionCard" || msgtype === "feedCard") {
      const part = obj(body[msgtype]) ?? {};
      title = str(part.title) ?? "";
      text = str(part.text) ?? "";
    } else {
      return { outcome: "rejected", answer: err(40035, `缺少参数 msgtype`) };
    }
    if (opts.keyword && !`${title}\n${text}`.includes(opts.keyword)) return { outcome: "rejected", answer: err(310000, "keywords not in content") };
    return { outcome: "accepted", message: { body, title, text, link: firstUrl(text) } };
  };
}

// ---------------------------------------------------------------- WeCom

function wecom(token: string, opts: ReceiverOptions, rate: RateWindow) {
  const err = (errcode: number, errmsg: string, headers?: Record<string, string>) => json({ errcode, errmsg: `${errmsg}, hint: [${Date.now()}${randomBytes(4).toString("hex")}], from ip: 127.0.0.1, more info at https://open.work.weixin.qq.com/devtool/query?e=${errcode}` }, 200, headers);
  return (req: IncomingMessage, raw: string, url: URL): Verdict => {
    if (url.pathname !== "/cgi-bin/webhook/send") return { outcome: "rejected", answer: json({ errcode: 404, errmsg: "not found" }, 404) };
    const key = url.searchParams.get("key") ?? "";
    if (!sameString(key, token)) return { outcome: "rejected", answer: err(93000, "invalid webhook url") };
    if (rate.full(Date.now())) {
      const headers = opts.retryAfterSeconds !== undefined ? { "retry-after": String(opts.retryAfterSeconds) } : undefined;
      return { outcome: "throttled", answer: err(45009, "api freq out of limit", headers) };
    }
    const body = parseJson(raw);
    if (!body) return { outcome: "rejected", answer: err(40001, "invalid json") };
    const msgtype = str(body.msgtype);
    if (msgtype === "markdown") {
      const content = str(obj(body.markdown)?.content) ?? "";
      if (!content) return { outcome: "rejected", answer: err(44004, "empty content") };
      if (bytes(content) > 4096) return { outcome: "rejected", answer: err(40058, "markdown.content exceed max length 4096") };
      return { outcome: "accepted", message: { body, title: content.split("\n")[0]?.replace(/^#+\s*/, "") ?? "", text: content, link: firstUrl(content) } };
    }
    if (msgtype === "text") {
      const t = obj(body.text);
      const content = str(t?.content) ?? "";
      if (!content) return { outcome: "rejected", answer: err(44004, "empty content") };
      if (bytes(content) > 2048) return { outcome: "rejected", answer: err(40058, "text.content exceed max length 2048") };
      const mentions = t?.mentioned_mobile_list;
      if (mentions !== undefined && !(Array.isArray(mentions) && mentions.every((m) => typeof m === "string"))) return { outcome: "rejected", answer: err(40058, "invalid mentioned_mobile_list") };
      return { outcome: "accepted", message: { body, title: content.split("\n")[0] ?? "", text: content, link: firstUrl(content) } };
    }
    return { outcome: "rejected", answer: err(40008, "invalid message type") };
  };
}

// ---------------------------------------------------------------- Lark / Feishu

function larkTexts(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => larkTexts(n, out));
  else if (node && typeof node === "object") {
    const o = node as Record<string, unknown>;
    if (typeof o.content === "string" && (o.tag === "lark_md" || o.tag === "plain_text" || o.tag === "markdown")) out.push(o.content);
    if (typeof o.text === "string") out.push(o.text);
    for (const [k, v] of Object.entries(o)) if (k !== "text" || typeof v !== "string") larkTexts(v, out);
  }
  return out;
}

function larkLinks(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => larkLinks(n, out));
  else if (node && typeof node === "object") {
    const o = node as Record<string, unknown>;
    if (typeof o.url === "string") out.push(o.url);
    if (typeof o.href === "string") out.push(o.href);
    Object.values(o).forEach((v) => larkLinks(v, out));
  }
  return out;
}

function lark(token: string, opts: ReceiverOptions, rate: RateWindow) {
  const err = (code: number, msg: string, status = 200, headers?: Record<string, string>) => json({ code, data: {}, msg }, status, headers);
  return (req: IncomingMessage, raw: string, url: URL): Verdict => {
    const m = /^\/open-apis\/bot\/v2\/hook\/([^/]+)$/.exec(url.pathname);
    if (!m) return { outcome: "rejected", answer: err(404, "404 page not found", 404) };
    if (!sameString(m[1]!, token)) return { outcome: "rejected", answer: err(19001, "param invalid: incoming webhook access token invalid") };
    if (bytes(raw) > 20 * 1024) return { outcome: "rejected", answer: err(9499, "Bad Request: request body exceeds 20KB", 400) };
    const body = parseJson(raw);
    if (!body) return { outcome: "rejected", answer: err(9499, "Bad Request", 400) };
    if (opts.secret) {
      const ts = str(body.timestamp) ?? (typeof body.timestamp === "number" ? String(body.timestamp) : "");
      const sign = str(body.sign) ?? "";
      const expected = createHmac("sha256", `${ts}\n${opts.secret}`).update("").digest("base64");
      if (!/^\d+$/.test(ts) || Math.abs(Date.now() / 1000 - Number(ts)) > HOUR_MS / 1000 || !sameString(sign, expected)) {
        return { outcome: "rejected", answer: err(19021, "sign match fail or timestamp is not within one hour from current time") };
      }
    }
    if (rate.full(Date.now())) {
      const headers = opts.retryAfterSeconds !== undefined ? { "retry-after": String(opts.retryAfterSeconds) } : undefined;
      return { outcome: "throttled", answer: err(11232, "frequency limited psm[lark.oapi.app_platform_runtime]appID[1500]", 200, headers) };
    }
    const msgType = str(body.msg_type);
    let title = "";
    let texts: string[] = [];
    let links: string[] = [];
    if (msgType === "interactive") {
      const card = obj(body.card);
      if (!card) return { outcome: "rejected", answer: err(9499, "Bad Request", 400) };
      title = str(obj(obj(card.header)?.title)?.content) ?? "";
      texts = larkTexts(card.elements ?? card.body ?? []);
      links = larkLinks(card.elements ?? card.body ?? []);
    } else if (msgType === "post") {
      const post = obj(obj(body.content)?.post);
      const locale = post ? obj(Object.values(post)[0]) : null;
      if (!locale || !Array.isArray(locale.content)) return { outcome: "rejected", answer: err(9499, "Bad Request", 400) };
      title = str(locale.title) ?? "";
      texts = larkTexts(locale.content);
      links = larkLinks(locale.content);
    } else if (msgType === "text") {
      const t = str(obj(body.content)?.text);
      if (!t) return { outcome: "rejected", answer: err(9499, "Bad Request", 400) };
      texts = [t];
      title = t.split("\n")[0] ?? "";
    } else if (msgType === "image" || msgType === "share_chat") {
      if (!obj(body.content)) return { outcome: "rejected", answer: err(9499, "Bad Request", 400) };
    } else {
      return { outcome: "rejected", answer: err(19002, "params error, msg_type need") };
    }
    const text = texts.join("\n");
    if (opts.keyword && !`${title}\n${text}`.includes(opts.keyword)) return { outcome: "rejected", answer: err(19024, "Key Words Not Found") };
    return { outcome: "accepted", message: { body, title, text, link: links[0] ?? firstUrl(text) } };
  };
}

// ---------------------------------------------------------------- generic webhook

function genericWebhook(token: string, opts: ReceiverOptions, rate: RateWindow) {
  return (req: IncomingMessage, raw: string, url: URL): Verdict => {
    if (url.pathname !== `/hook/${token}`) return { outcome: "rejected", answer: json({ error: "not found" }, 404) };
    if (opts.secret && !sameString(req.headers.authorization ?? "", `Bearer ${opts.secret}`)) return { outcome: "rejected", answer: json({ error: "unauthorized" }, 401) };
    if (rate.full(Date.now())) return { outcome: "throttled", answer: json({ error: "too many requests" }, 429, { "retry-after": String(opts.retryAfterSeconds ?? 1) }) };
    const ct = String(req.headers["content-type"] ?? "").toLowerCase();
    let body: unknown = raw;
    let title = "";
    let text = raw;
    let link: string | null = null;
    if (/[/+]json\b/.test(ct)) {
      const parsed = parseJson(raw);
      if (!parsed) return { outcome: "rejected", answer: json({ error: "body is not a JSON object" }, 400) };
      body = parsed;
      title = str(parsed.title) ?? "";
      text = str(parsed.text) ?? raw;
      link = str(parsed.link) || null;
    } else if (ct.includes("application/x-www-form-urlencoded")) {
      const form = Object.fromEntries(new URLSearchParams(raw));
      body = form;
      title = form.title ?? "";
      text = form.text ?? raw;
      link = form.link || null;
    }
    if (opts.keyword && !raw.includes(opts.keyword)) return { outcome: "rejected", answer: json({ error: "keyword missing" }, 400) };
    return { outcome: "accepted", message: { body, title, text, link: link ?? firstUrl(raw) } };
  };
}

const successAnswer: Record<ReceiverKind, ReceiverAnswer> = {
  dingtalk: json({ errcode: 0, errmsg: "ok" }),
  wecom: json({ errcode: 0, errmsg: "ok" }),
  lark: json({ StatusCode: 0, StatusMessage: "success", code: 0, data: {}, msg: "success" }),
  webhook: json({ ok: true }),
};

/** Starts a stand-in for one platform on 127.0.0.1 (see the table at the top of this file). */
export async function startReceiver(kind: ReceiverKind, opts: ReceiverOptions = {}): Promise<Receiver> {
  const token = kind === "wecom" || kind === "lark" ? randomUUID() : randomBytes(32).toString("hex");
  const rate = new RateWindow(opts.ratePerSecond, opts.ratePerMinute);
  const check = { dingtalk, wecom, lark, webhook: genericWebhook }[kind](token, opts, rate);
  const received: ReceivedMessage[] = [];
  const log: ReceiverLogEntry[] = [];
  let rejected = 0;
  let throttled = 0;
  let down: false | "503" | "reset" = false;
  let forced: ReceiverAnswer | null = null;

  const reply = (res: ServerResponse, a: ReceiverAnswer) => {
    res.writeHead(a.status, a.headers ?? {});
    res.end(a.body);
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const at = new Date();
      if (down === "reset") {
        log.push({ at, outcome: "down", status: 0, answer: "connection reset" });
        req.socket.destroy();
        return;
      }
      if (down === "503") {
        log.push({ at, outcome: "down", status: 503, answer: "Service Unavailable" });
        reply(res, { status: 503, body: "<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>", headers: { "content-type": "text/html" } });
        return;
      }
      if (forced) {
        log.push({ at, outcome: "forced", status: forced.status, answer: forced.body });
        reply(res, forced);
        return;
      }
      const raw = Buffer.concat(chunks).toString("utf8");
      const verdict = check(req, raw, new URL(req.url ?? "/", "http://127.0.0.1"));
      if (verdict.outcome === "accepted") {
        rate.take(at.getTime());
        received.push({ at, method: req.method ?? "", headers: req.headers, raw, ...verdict.message });
        const ok = successAnswer[kind];
        log.push({ at, outcome: "accepted", status: ok.status, answer: ok.body });
        reply(res, ok);
        return;
      }
      if (verdict.outcome === "throttled") throttled++;
      else rejected++;
      log.push({ at, outcome: verdict.outcome, status: verdict.answer.status, answer: verdict.answer.body });
      reply(res, verdict.answer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  const url = {
    dingtalk: `${origin}/robot/send?access_token=${token}`,
    wecom: `${origin}/cgi-bin/webhook/send?key=${token}`,
    lark: `${origin}/open-apis/bot/v2/hook/${token}`,
    webhook: `${origin}/hook/${token}`,
  }[kind];

  return {
    kind,
    url,
    token,
    received,
    log,
    get rejected() {
      return rejected;
    },
    get throttled() {
      return throttled;
    },
    setDown(d, how = "503") {
      down = d ? how : false;
    },
    override(answer) {
      forced = answer;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// ---------------------------------------------------------------- SMTP

export interface ReceivedMail {
  at: Date;
  /** The authenticated user. */
  user: string;
  envelopeFrom: string;
  envelopeTo: string[];
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Whether the session was upgraded with STARTTLS. */
  secure: boolean;
}

export interface SmtpReceiver {
  host: string;
  port: number;
  messages: ReceivedMail[];
  /** Sessions refused at AUTH (wrong user or password). */
  readonly authFailures: number;
  /** The next `count` messages are refused at DATA with this SMTP answer (e.g. 452 "4.5.3 Too many messages", 550 …). */
  failNext(code: number, message: string, count?: number): void;
  close(): Promise<void>;
}

/**
 * A real SMTP server (smtp-server) that requires AUTH PLAIN/LOGIN with these credentials.
 * tls "starttls" (default) offers STARTTLS with smtp-server's built-in self-signed certificate
 * (so the client must not verify it); "none" offers no TLS and allows AUTH in the clear.
 */
export async function startSmtpReceiver(opts: { user: string; password: string; tls?: "starttls" | "none" }): Promise<SmtpReceiver> {
  const messages: ReceivedMail[] = [];
  let authFailures = 0;
  let failure: { code: number; message: string; count: number } | null = null;
  const plain = opts.tls === "none";

  const options: SMTPServerOptions = {
    authMethods: ["PLAIN", "LOGIN"],
    allowInsecureAuth: plain,
    disabledCommands: plain ? ["STARTTLS"] : [],
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === opts.user && auth.password === opts.password) return callback(null, { user: auth.username });
      authFailures++;
      const e = Object.assign(new Error("Invalid username or password"), { responseCode: 535 });
      return callback(e);
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          if (failure && failure.count > 0) {
            failure.count--;
            const e = Object.assign(new Error(failure.message), { responseCode: failure.code });
            if (failure.count === 0) failure = null;
            return callback(e);
          }
          messages.push({
            at: new Date(),
            user: String(session.user ?? ""),
            envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
            envelopeTo: session.envelope.rcptTo.map((r) => r.address),
            from: mail.from?.text ?? "",
            to: Array.isArray(mail.to) ? mail.to.map((t) => t.text).join(", ") : (mail.to?.text ?? ""),
            subject: mail.subject ?? "",
            text: mail.text ?? "",
            html: typeof mail.html === "string" ? mail.html : "",
            secure: session.secure,
          });
          callback();
        })
        .catch((e: Error) => callback(e));
    },
  };
  const server = new SMTPServer(options);
  server.on("error", () => {});
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    host: "127.0.0.1",
    port,
    messages,
    get authFailures() {
      return authFailures;
    },
    failNext(code, message, count = 1) {
      failure = { code, message, count };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
