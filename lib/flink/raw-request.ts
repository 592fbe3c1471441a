import http from "node:http";
import https from "node:https";

export interface RawAnswer {
  status: number;
  statusText: string;
  text: string;
}

/**
 * One HTTP request through node:http(s), for what fetch refuses: a GET with a body (the SQL
 * Gateway's complete-statement, flink-apis.md §2). Rejects with Node's own socket errors
 * (ECONNREFUSED, …) or a `TimeoutError`, which callers map like fetch failures.
 */
export function requestWithBody(opts: {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  signal?: AbortSignal;
}): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const url = new URL(opts.url);
    const payload = Buffer.from(opts.body);
    const transport = url.protocol === "https:" ? https : http;
    const req = transport.request(url, {
      method: opts.method,
      headers: { ...opts.headers, "content-length": String(payload.byteLength) },
      signal: opts.signal,
    });
    const timer = setTimeout(() => {
      const e = new Error(`No answer within ${opts.timeoutMs} ms`);
      e.name = "TimeoutError";
      req.destroy(e);
    }, opts.timeoutMs);
    req.on("response", (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, statusText: res.statusMessage ?? "", text: Buffer.concat(chunks).toString("utf8") });
      });
      res.on("error", (e) => {
        clearTimeout(timer);
        reject(e);
      });
    });
    req.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    req.end(payload);
  });
}
