import { FlinkTimeoutError } from "@/lib/flink/errors";
import { formatDuration } from "@/lib/flink/upstream-error";

/** Waits `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

export interface PollOptions {
  pollMs: number;
  timeoutMs: number;
  signal?: AbortSignal;
}

/**
 * Calls `check` every `pollMs` until it returns a value; after `timeoutMs` gives up with a
 * FlinkTimeoutError that says what was awaited ("The savepoint … did not finish within 60 s").
 */
export async function pollUntil<T>(
  check: () => Promise<T | undefined>,
  opts: PollOptions & { upstream: string; what: string },
): Promise<T> {
  const deadline = Date.now() + opts.timeoutMs;
  for (;;) {
    const result = await check();
    if (result !== undefined) return result;
    const left = deadline - Date.now();
    if (left <= 0) {
      throw new FlinkTimeoutError({
        upstream: opts.upstream,
        message: `${opts.what} did not finish within ${formatDuration(opts.timeoutMs)}; it may still finish later.`,
      });
    }
    await sleep(Math.min(opts.pollMs, left), opts.signal);
  }
}
