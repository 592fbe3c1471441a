import { Lock } from "lucide-react";
import { EmptyState } from "@/components/ui/empty-state";

/** Shown inside a team the caller can see, for a page their role does not open. */
export function Forbidden({ role, what }: { role: string; what: string }) {
  return (
    <EmptyState
      icon={Lock}
      title="Not allowed"
      description={`Your role “${role}” does not allow you to see ${what}. Ask a team admin if you need it.`}
    />
  );
}
