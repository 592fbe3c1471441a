/**
 * One error type for everything a person may see. The code decides the HTTP status; the message
 * is written for a person and is safe to show (never a stack trace or a SQL fragment).
 */
export const errorStatus = {
  bad_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  invalid_input: 422,
  /** An upload larger than the server accepts (EDDY_MAX_UPLOAD_MB). */
  payload_too_large: 413,
  rate_limited: 429,
  /** Flink, YARN or Kubernetes could not be reached in time. */
  flink_unreachable: 502,
  /** Flink, YARN or Kubernetes answered with an error; the message is theirs. */
  flink_error: 502,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export type FieldErrors = Record<string, string>;

export class AppError extends Error {
  readonly code: ErrorCode;
  /** Per-field messages for forms and API clients, keyed by field path ("name", "members.0.role"). */
  readonly fields?: FieldErrors;
  /** Seconds until a retry may succeed (rate limits). */
  readonly retryAfter?: number;

  constructor(code: ErrorCode, message: string, extra: { fields?: FieldErrors; retryAfter?: number } = {}) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.fields = extra.fields;
    this.retryAfter = extra.retryAfter;
  }

  get status(): number {
    return errorStatus[this.code];
  }
}

export const notFound = (what: string) => new AppError("not_found", `${what} was not found.`);
export const forbidden = (message = "You do not have permission to do that.") => new AppError("forbidden", message);
export const conflict = (message: string) => new AppError("conflict", message);
export const invalidInput = (message: string, fields?: FieldErrors) =>
  new AppError("invalid_input", message, { fields });

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

/** Postgres error codes we turn into person-readable conflicts (postgres.js exposes `code`). */
export function pgErrorCode(e: unknown): string | undefined {
  const err = e as { code?: unknown; cause?: { code?: unknown } } | null;
  const code = err?.code ?? err?.cause?.code;
  return typeof code === "string" ? code : undefined;
}

export const PG_UNIQUE_VIOLATION = "23505";
export const PG_FOREIGN_KEY_VIOLATION = "23503";

/** Runs `fn`; a unique violation becomes a conflict with `message`. */
export async function uniqueOr<T>(message: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (pgErrorCode(e) === PG_UNIQUE_VIOLATION) throw conflict(message);
    throw e;
  }
}
