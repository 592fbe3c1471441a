"use client";

import { RotateCw } from "lucide-react";
import { useRouter } from "next/navigation";
import { useAction } from "@/components/console/use-action";
import { Button } from "@/components/ui/button";
import { toast } from "sonner";
import { ALERTS_CHANGED } from "@/components/console/shell";
import { retryFailedAlertsAction } from "./actions";

/** "Retry all failed": every failed delivery back in its channel's queue, in one click. */
export function RetryFailedButton({ team, failed }: { team: string; failed: number }) {
  const router = useRouter();
  const retry = useAction(retryFailedAlertsAction);
  return (
    <Button
      variant="outline"
      pending={retry.pending}
      data-testid="retry-failed-alerts"
      onClick={() =>
        void retry.run(
          { team },
          {
            onSuccess: (r) => {
              toast.success(`${r.queued} alert${r.queued === 1 ? "" : "s"} queued again.`);
              router.refresh();
              window.dispatchEvent(new Event(ALERTS_CHANGED));
            },
          },
        ).then((r) => !r.ok && toast.error(r.error.message))
      }
    >
      <RotateCw className="size-4" /> Retry {failed} failed
    </Button>
  );
}
