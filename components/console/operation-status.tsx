import { CheckCircle2, Clock, Loader2, XCircle } from "lucide-react";
import { Badge } from "@/components/ui/badge";

export type OperationStatus = "queued" | "running" | "succeeded" | "failed";

const look: Record<OperationStatus, { variant: "outline" | "warning" | "success" | "destructive"; icon: React.ReactNode }> = {
  queued: { variant: "outline", icon: <Clock aria-hidden="true" /> },
  running: { variant: "warning", icon: <Loader2 aria-hidden="true" className="animate-spin" /> },
  succeeded: { variant: "success", icon: <CheckCircle2 aria-hidden="true" /> },
  failed: { variant: "destructive", icon: <XCircle aria-hidden="true" /> },
};

export function OperationStatusBadge({ status }: { status: string }) {
  const l = look[status as OperationStatus] ?? look.queued;
  return (
    <Badge variant={l.variant} data-testid="operation-status">
      {l.icon}
      {status}
    </Badge>
  );
}

/** An operation's kind as a person says it. */
export const operationKindLabel: Record<string, string> = {
  build: "Build",
  start: "Start",
  stop: "Stop with savepoint",
  cancel: "Cancel",
  savepoint: "Savepoint",
  restart: "Restart",
};

export const isFinished = (status: string) => status === "succeeded" || status === "failed";
