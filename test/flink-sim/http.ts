import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";

/** A request as a component sees it: the path is relative to the component's base URL. */
export type SimRequest = {
  method: string;
  /** Component-relative path, still percent-encoded (as Flink reports it in "Not found: …"). */
  path: string;
  query: URLSearchParams;
  /** The raw query string including "?", or "". */
  search: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
};

export type SimResponse = {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
};

/** Answer with no HTTP response at all: the socket is destroyed (an unreachable server). */
export const DROP_CONNECTION = Symbol("drop-connection");
export type Reply = SimResponse | typeof DROP_CONNECTION;

export function json(status: number, body: unknown, headers: Record<string, string> = {}): SimResponse {
  return {
    status,
    headers: { "content-type": "application/json; charset=UTF-8", ...headers },
    body: JSON.stringify(body),
  };
}

export function text(status: number, body: string, contentType = "text/plain; charset=UTF-8"): SimResponse {
  return { status, headers: { "content-type": contentType }, body };
}

export function redirect(location: string, status = 302): SimResponse {
  return { status, headers: { location, "content-type": "text/html; charset=UTF-8" }, body: "" };
}

/** The body parsed as JSON; an empty body is `undefined`; throws SyntaxError on bad JSON. */
export function jsonBody(req: SimRequest): unknown {
  const s = req.body.toString("utf8").trim();
  return s === "" ? undefined : (JSON.parse(s) as unknown);
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export type Params = Record<string, string>;
type Route<C> = { method: string; segments: string[]; handler: (req: SimRequest, params: Params, ctx: C) => Reply | Promise<Reply> };

/**
 * A tiny router: patterns like `/jobs/:jobid/savepoints/:triggerid`; `*rest` captures the rest of
 * the path. Routes are tried in registration order, so register literal paths (`/jobs/overview`)
 * before parameterised ones (`/jobs/:jobid`). Parameters are percent-decoded.
 */
export class Router<C = undefined> {
  private readonly routes: Route<C>[] = [];

  on(method: string, pattern: string, handler: Route<C>["handler"]): this {
    this.routes.push({ method, segments: split(pattern), handler });
    return this;
  }

  /** The matching route, or `pathMatched` when only the method was wrong. */
  match(method: string, path: string): { handler: Route<C>["handler"]; params: Params } | { pathMatched: boolean } {
    const parts = split(path);
    let pathMatched = false;
    for (const r of this.routes) {
      const params = matchSegments(r.segments, parts);
      if (!params) continue;
      if (r.method !== method && r.method !== "*") {
        pathMatched = true;
        continue;
      }
      return { handler: r.handler, params };
    }
    return { pathMatched };
  }
}

function split(path: string): string[] {
  return path.split("/").filter((s) => s !== "");
}

function matchSegments(pattern: string[], parts: string[]): Params | undefined {
  const params: Params = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i]!;
    if (p.startsWith("*")) {
      params[p.slice(1)] = parts.slice(i).map(decode).join("/");
      return params;
    }
    const part = parts[i];
    if (part === undefined) return undefined;
    if (p.startsWith(":")) params[p.slice(1)] = decode(part);
    else if (p !== part) return undefined;
  }
  return parts.length === pattern.length ? params : undefined;
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** Turns a node request into a SimRequest whose path is relative to `prefix` (already stripped). */
export function toSimRequest(req: IncomingMessage, body: Buffer, path: string, search: string): SimRequest {
  return { method: req.method ?? "GET", path: path === "" ? "/" : path, query: new URLSearchParams(search), search, headers: req.headers, body };
}

export function send(res: ServerResponse, reply: Reply): void {
  if (reply === DROP_CONNECTION) {
    res.socket?.destroy();
    return;
  }
  res.writeHead(reply.status, reply.headers ?? {});
  res.end(reply.body ?? "");
}
