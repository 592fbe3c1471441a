import { AppError } from "@/lib/errors";

/**
 * An answer from Flink, YARN or Kubernetes that is an error. The message is the upstream's own
 * first line (Flink's `{"errors": [...]}` carries a whole stack trace in one string), so a person
 * reads what Flink said; `upstreamStatus` lets callers tell "job not found" (404) from the rest.
 */
export class FlinkError extends AppError {
  readonly upstreamStatus: number;
  readonly upstream: string;
  /** The full upstream error text (stack traces included), for logs; never shown as is. */
  readonly detail?: string;

  constructor(opts: { upstream: string; status: number; message: string; detail?: string }) {
    super("flink_error", opts.message);
    this.name = "FlinkError";
    this.upstream = opts.upstream;
    this.upstreamStatus = opts.status;
    this.detail = opts.detail;
  }
}

/** The upstream could not be reached, or did not answer in time. */
export class FlinkUnreachableError extends AppError {
  readonly upstream: string;
  constructor(opts: { upstream: string; message: string }) {
    super("flink_unreachable", opts.message);
    this.name = "FlinkUnreachableError";
    this.upstream = opts.upstream;
  }
}
