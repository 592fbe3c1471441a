/**
 * A signed-in HTTP client for e2e tests that do not need a browser: it signs in through
 * next-auth's own endpoints (CSRF token, then the credentials callback) and keeps the cookies.
 */
export class HttpSession {
  private cookies = new Map<string, string>();
  constructor(readonly baseUrl: string) {}

  /** The same signed-in browser, talking to another address (a restarted console on a new port). */
  at(baseUrl: string): HttpSession {
    const other = new HttpSession(baseUrl);
    other.cookies = new Map(this.cookies);
    return other;
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  private keep(res: Response): void {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const i = pair!.indexOf("=");
      this.cookies.set(pair!.slice(0, i).trim(), pair!.slice(i + 1));
    }
  }

  async fetch(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set("cookie", this.cookieHeader());
    const res = await fetch(new URL(path, this.baseUrl), { ...init, headers, redirect: "manual" });
    this.keep(res);
    return res;
  }

  /** Signs in; returns the error sentence next-auth passed back, or null on success. */
  async signIn(username: string, password: string): Promise<string | null> {
    const csrf = (await (await this.fetch("/api/auth/csrf")).json()) as { csrfToken: string };
    const res = await this.fetch("/api/auth/callback/credentials", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ csrfToken: csrf.csrfToken, username, password, json: "true" }),
    });
    const body = (await res.json().catch(() => ({}))) as { url?: string };
    const error = body.url ? new URL(body.url).searchParams.get("error") : null;
    return error;
  }

  json(path: string, method: string, body?: unknown): Promise<Response> {
    return this.fetch(path, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json", origin: this.baseUrl },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }
}
