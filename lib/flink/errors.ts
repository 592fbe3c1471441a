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

/**
 * Waiting for an upstream operation (a savepoint, a YARN kill, query results) took longer than the
 * caller allowed. The upstream answered all along, so the operation may still finish; a subclass of
 * FlinkUnreachableError because, to a person, it is the same "did not finish in time".
 */
export class FlinkTimeoutError extends FlinkUnreachableError {
  constructor(opts: { upstream: string; message: string }) {
    super(opts);
    this.name = "FlinkTimeoutError";
  }
}

/** A Flink command-line tool (bin/flink, bin/yarn-session.sh, …) exited with an error. */
export class FlinkCliError extends AppError {
  readonly tool: string;
  readonly exitCode: number | null;
  /** What the tool printed (stdout, then stderr), for logs; never shown as is. */
  readonly output: string;

  constructor(opts: { tool: string; exitCode: number | null; message: string; output: string }) {
    super("flink_error", opts.message);
    this.name = "FlinkCliError";
    this.tool = opts.tool;
    this.exitCode = opts.exitCode;
    this.output = opts.output;
  }
}
