import type { LucideIcon } from "lucide-react";
import { EmptyState } from "@/components/ui/empty-state";

/** A tab whose records come from the job lifecycle (builds, deployments, watching); empty until the job has any. */
export function PendingTab({ icon, title, description }: { icon: LucideIcon; title: string; description: string }) {
  return <EmptyState icon={icon} title={title} description={description} />;
}
