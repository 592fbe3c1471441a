import { toast } from "sonner";
import { operationKindLabel } from "@/components/console/operation-status";

export const operationHref = (base: string, id: number) => `${base}/operations/${id}`;

/** The toast after an accepted action; the caller then opens the operation. */
export function queued(op: { id: number; kind: string }) {
  toast.success(`${operationKindLabel[op.kind] ?? op.kind} queued (operation ${op.id}).`);
}
