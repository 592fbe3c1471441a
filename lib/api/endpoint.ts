import "zod-openapi";
import { recordHiddenTeamAttempt, withAttempt } from "@/lib/audit";
import { z } from "zod";
import { authenticateRequest } from "@/lib/auth/request";
import type { Principal } from "@/lib/auth/principal";
import { AppError, isAppError } from "@/lib/errors";
import { describeIssues, onlyIdsTooLarge } from "@/lib/validation";

export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

type AnyObject = z.ZodObject<z.ZodRawShape>;

/**
 * One REST endpoint: its contract (the zod schemas, which both validate requests and generate
 * /api/v1/openapi.json, so the two cannot drift) and its handler.
 */
export type Endpoint<P extends AnyObject, Q extends AnyObject, B extends z.ZodType, R extends z.ZodType> = {
  method: Method;
  /** OpenAPI path under /api/v1, with {param} placeholders matching the route folder's [param]. */
  path: string;
  summary: string;
  description?: string;
  tag: string;
  params?: P;
  query?: Q;
  body?: B;
  /**
   * A multipart/form-data body, for the document only: a `z.file()` field is a binary part. Such an
   * endpoint's route streams the body itself (see lib/api/v1/resources.ts); handle() never reads it.
   */
  multipart?: AnyObject;
  /** The success response body; `null` for 204 No Content. */
  response: R | null;
  /** A binary success body of this media type (a download); the handler returns a Response. */
  file?: string;
  successStatus?: 200 | 201 | 202 | 204;
  /** Statuses this endpoint can answer besides 400/401/422, for the document. */
  errors?: (403 | 404 | 409 | 413 | 429)[];
  /** false only for endpoints that anyone may call. */
  auth?: boolean;
  handler: (ctx: {
    principal: Principal;
    params: z.infer<P>;
    query: z.infer<Q>;
    body: z.infer<B>;
    request: Request;
  }) => Promise<z.input<R> | void>;
};

/** Any endpoint, for lists and the document builder; the handler's context type is erased. */
export type AnyEndpoint = Omit<Endpoint<AnyObject, AnyObject, z.ZodType, z.ZodType>, "handler"> & {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  handler: (ctx: any) => Promise<unknown>;
};

export function endpoint<P extends AnyObject, Q extends AnyObject, B extends z.ZodType, R extends z.ZodType>(
  e: Endpoint<P, Q, B, R>,
): Endpoint<P, Q, B, R> {
  return e;
}

export const errorBody = z
  .object({
    error: z.object({
      code: z.string().meta({ example: "not_found" }),
      message: z.string().meta({ example: "Team “analytics” was not found." }),
      fields: z.record(z.string(), z.string()).optional().meta({ description: "Per-field messages, for invalid input." }),
    }),
  })
  .meta({ id: "Error" });

export function errorResponse(e: unknown): Response {
  if (isAppError(e)) {
    const headers: Record<string, string> = {};
    if (e.retryAfter) headers["retry-after"] = String(e.retryAfter);
    return Response.json(
      { error: { code: e.code, message: e.message, ...(e.fields ? { fields: e.fields } : {}) } },
      { status: e.status, headers },
    );
  }
  if (e instanceof z.ZodError) {
    const { message, fields } = describeIssues(e);
    return Response.json({ error: { code: "invalid_input", message, fields } }, { status: 422 });
  }
  // Logged in full here; the caller gets a short sentence and no internals.
  console.error("[api] unexpected error", e);
  return Response.json(
    { error: { code: "internal", message: "Something went wrong on the server. It has been logged." } },
    { status: 500 },
  );
}

async function readJson(req: Request): Promise<unknown> {
  const type = req.headers.get("content-type") ?? "";
  const text = await req.text();
  if (text.trim() === "") return undefined;
  // Requiring JSON also keeps cross-site HTML forms (which cannot send it) from riding a session.
  if (!/^application\/(.+\+)?json\b/i.test(type)) {
    throw new AppError("bad_request", "Send the request body as JSON with “Content-Type: application/json”.");
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("bad_request", "The request body is not valid JSON.");
  }
}

function parseWith<T extends z.ZodType>(schema: T | undefined, value: unknown, where: string): z.infer<T> {
  if (!schema) return undefined as z.infer<T>;
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  // An id in the URL beyond the database's range names nothing: "not found", as for any missing id.
  if (where !== "body" && onlyIdsTooLarge(r.error)) {
    const key = String(r.error.issues[0]!.path[0] ?? "id");
    const given = (value as Record<string, unknown> | null)?.[key];
    throw new AppError("not_found", `${key.charAt(0).toUpperCase()}${key.slice(1)} ${String(given)} was not found.`);
  }
  const { message, fields } = describeIssues(r.error);
  throw new AppError(where === "body" ? "invalid_input" : "bad_request", message, { fields });
}

/**
 * Sessions ride on cookies, so a state-changing request must come from our own pages. `required`:
 * the request must name its Origin (bodies a cross-site HTML form can send, such as multipart).
 */
export function checkSameOrigin(req: Request, p: Principal, opts: { required?: boolean } = {}): void {
  if (p.via !== "session" || req.method === "GET" || req.method === "HEAD") return;
  const origin = req.headers.get("origin");
  if (!origin && !opts.required) return;
  const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host");
  let originHost: string | null = null;
  try {
    originHost = origin ? new URL(origin).host : null;
  } catch {
    // "null" (sandboxed frames, some redirects) is no origin of ours.
  }
  if (!host || originHost !== host) {
    throw new AppError("forbidden", "Cross-site requests cannot use your session; use an API token.");
  }
}

/** Adapts an endpoint to a Next route handler export. */
export function handle(e: AnyEndpoint) {
  return async (request: Request, context: { params: Promise<Record<string, string | string[]>> }) =>
    e.method === "GET" ? respond(e, request, context) : withAttempt(`api:${e.method} ${e.path}`, () => respond(e, request, context));
}

async function respond(e: AnyEndpoint, request: Request, context: { params: Promise<Record<string, string | string[]>> }): Promise<Response> {
  let principal: Principal | null = null;
  try {
    principal = e.auth === false ? null : await authenticateRequest(request);
    if (principal) checkSameOrigin(request, principal);
    const rawParams = Object.fromEntries(
      Object.entries((await context.params) ?? {}).map(([k, v]) => [k, Array.isArray(v) ? v.join("/") : v]),
    );
    const params = parseWith(e.params, rawParams, "path");
    const query = parseWith(e.query, Object.fromEntries(new URL(request.url).searchParams), "query");
    const body = e.body ? parseWith(e.body, await readJson(request), "body") : undefined;
    const result = await e.handler({ principal: principal as Principal, params, query, body, request });
    if (e.file && result instanceof Response) return result;
    const status = e.successStatus ?? 200;
    if (status === 204 || e.response === null) return new Response(null, { status: 204 });
    const out = e.response.safeParse(result);
    if (!out.success) throw new Error(`${e.method} ${e.path} returned a body its schema rejects: ${out.error.message}`);
    return Response.json(out.data, { status });
  } catch (err) {
    await recordHiddenTeamAttempt(principal, err);
    return errorResponse(err);
  }
}
