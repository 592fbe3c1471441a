"use client";

import { useState, useTransition } from "react";
import { toast } from "sonner";
import type { ActionResult } from "@/lib/actions";

type ActionFailure = Extract<ActionResult<unknown>, { ok: false }>["error"];

/**
 * Calls a server action and keeps what a form needs: pending (for the button's spinner), the error
 * sentence and per-field messages. Success can toast and run a callback.
 */
export function useAction<I, T>(action: (input: I) => Promise<ActionResult<T>>) {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<ActionFailure | null>(null);

  function run(input: I, opts: { success?: string; onSuccess?: (data: T) => void } = {}): Promise<ActionResult<T>> {
    return new Promise((resolve) => {
      startTransition(async () => {
        let r: ActionResult<T>;
        try {
          r = await action(input);
        } catch {
          r = { ok: false, error: { code: "network", message: "The server could not be reached. Try again." } };
        }
        if (r.ok) {
          setError(null);
          if (opts.success) toast.success(opts.success);
          opts.onSuccess?.(r.data);
        } else {
          setError(r.error);
        }
        resolve(r);
      });
    });
  }

  return {
    run,
    pending,
    error,
    /** The message for one field, when the server named it; otherwise undefined. */
    fieldError: (name: string) => error?.fields?.[name],
    /** The form-level message, unless it is already shown beside a field. */
    formError: error && !(error.fields && Object.keys(error.fields).length) ? error.message : error?.fields?._ ?? null,
    reset: () => setError(null),
  };
}
