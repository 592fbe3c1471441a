"use client";

import { BellOff, X } from "lucide-react";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { formatDate } from "@/components/console/format";
import { useAction } from "@/components/console/use-action";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuLabel, DropdownMenuSeparator, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";
import { silenceJobAction } from "../../../alerts/actions";

const SILENCES: [string, number][] = [
  ["1 hour", 60],
  ["8 hours", 8 * 60],
  ["24 hours", 24 * 60],
];

/** No alerts for this job for a while (they are recorded as suppressed); lifting ends it now. */
export function SilenceJob({ team, job, silencedUntil }: { team: string; job: string; silencedUntil: Date | null }) {
  const router = useRouter();
  const action = useAction(silenceJobAction);
  const run = (minutes: number) =>
    void action.run({ team, job, minutes }, { success: minutes ? "Alerts silenced." : "Alerts are on again.", onSuccess: () => router.refresh() }).then((r) => !r.ok && toast.error(r.error.message));
  return (
    <div className="flex items-center gap-2">
      {silencedUntil && (
        <Badge variant="warning" data-testid="job-silenced">
          silenced until {formatDate(silencedUntil)}
        </Badge>
      )}
      <DropdownMenu>
        <DropdownMenuTrigger asChild>
          <Button variant="outline" size="sm" pending={action.pending} data-testid="silence-job">
            <BellOff className="size-4" /> Silence alerts
          </Button>
        </DropdownMenuTrigger>
        <DropdownMenuContent align="end">
          <DropdownMenuLabel>No alerts for</DropdownMenuLabel>
          {SILENCES.map(([label, minutes]) => (
            <DropdownMenuItem key={minutes} onSelect={() => run(minutes)} data-testid={`silence-job-${minutes}`}>
              {label}
            </DropdownMenuItem>
          ))}
          {silencedUntil && (
            <>
              <DropdownMenuSeparator />
              <DropdownMenuItem onSelect={() => run(0)} data-testid="silence-job-lift">
                <X className="size-4" /> Lift the silence
              </DropdownMenuItem>
            </>
          )}
        </DropdownMenuContent>
      </DropdownMenu>
    </div>
  );
}
