import { Badge } from "@/components/ui/badge";

const variant: Record<string, "success" | "warning" | "destructive" | "outline" | "secondary"> = {
  RUNNING: "success",
  FINISHED: "secondary",
  FAILED: "destructive",
  LOST: "destructive",
  FAILING: "warning",
  RESTARTING: "warning",
  CANCELLING: "warning",
  STOPPING: "warning",
  BUILDING: "warning",
  DEPLOYING: "warning",
  INITIALIZING: "warning",
  CREATED: "warning",
  RECONCILING: "warning",
  UNKNOWN: "outline",
  CANCELED: "outline",
  SUSPENDED: "outline",
  NEVER_STARTED: "outline",
};

export function stateLabel(state: string): string {
  return state === "NEVER_STARTED" ? "never started" : state.toLowerCase();
}

export function JobStateBadge({ state }: { state: string }) {
  return (
    <Badge variant={variant[state] ?? "outline"} data-testid="job-state">
      {stateLabel(state)}
    </Badge>
  );
}
