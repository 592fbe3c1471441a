"use client";

import { Button } from "@/components/ui/button";

/** A failure while rendering: a short sentence and a retry, never a stack trace. */
export default function ErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main className="flex min-h-[60vh] flex-col items-center justify-center gap-3 text-center">
      <h1 className="text-xl font-semibold">Something went wrong</h1>
      <p className="max-w-md text-sm text-muted-foreground">The server could not show this page. It has been logged; try again in a moment.</p>
      <Button variant="outline" onClick={reset}>Try again</Button>
    </main>
  );
}
