import { Mail, MessageSquare, MessagesSquare, Send, Webhook } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { cn } from "@/components/ui/utils";

const stateVariant: Record<string, "secondary" | "success" | "destructive" | "outline" | "warning"> = {
  queued: "secondary",
  sent: "success",
  grouped: "success",
  failed: "destructive",
  suppressed: "warning",
};

const stateHint: Record<string, string> = {
  queued: "Waiting to be sent (the channel's rate limit, or a retry later).",
  sent: "Sent on its own.",
  grouped: "Sent inside a digest with other alerts.",
  failed: "The platform refused it, or every attempt failed: retry it once the cause is fixed.",
  suppressed: "Not sent: the job or the channel was silenced, or the channel is disabled.",
};

/** An alert's delivery state: queued, sent, grouped (in a digest), failed, suppressed. */
export function AlertStateBadge({ state }: { state: string }) {
  return (
    <Badge variant={stateVariant[state] ?? "outline"} title={stateHint[state]} data-testid="alert-state">
      {state}
    </Badge>
  );
}

const kindIcon: Record<string, React.ComponentType<{ className?: string; "aria-hidden"?: boolean }>> = {
  dingtalk: MessageSquare,
  wecom: MessagesSquare,
  lark: Send,
  webhook: Webhook,
  email: Mail,
};

/** A channel kind's icon (DingTalk, WeCom, Lark, webhook, email). */
export function ChannelKindIcon({ kind, className }: { kind: string; className?: string }) {
  const Icon = kindIcon[kind] ?? Webhook;
  return <Icon aria-hidden className={cn("size-4 text-muted-foreground", className)} />;
}
