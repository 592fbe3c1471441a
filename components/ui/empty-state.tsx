import * as React from "react";
import { Inbox } from "lucide-react";

import { cn } from "./utils";

type EmptyStateProps = Omit<React.ComponentProps<"div">, "title"> & {
  /** A component (`icon={Database}`) or an element (`icon={<Database />}`); null hides it. Defaults to Inbox. */
  icon?: React.ComponentType<{ className?: string; "aria-hidden"?: boolean | "true" }> | React.ReactElement | null;
  title: React.ReactNode;
  description?: React.ReactNode;
  action?: React.ReactNode;
};

function EmptyState({ icon = Inbox, title, description, action, className, ...props }: EmptyStateProps) {
  let iconNode: React.ReactNode = null;
  if (React.isValidElement(icon)) {
    iconNode = icon;
  } else if (icon) {
    const Icon = icon;
    iconNode = <Icon aria-hidden="true" className="size-6" />;
  }

  return (
    <div
      data-slot="empty-state"
      className={cn(
        "flex flex-col items-center justify-center gap-3 rounded-lg border border-dashed px-6 py-12 text-center",
        className,
      )}
      {...props}
    >
      {iconNode ? (
        <div className="flex size-12 items-center justify-center rounded-full bg-muted text-muted-foreground [&_svg:not([class*='size-'])]:size-6">
          {iconNode}
        </div>
      ) : null}
      <div className="grid max-w-md gap-1">
        <p className="text-sm font-medium text-foreground">{title}</p>
        {description ? <div className="text-sm text-muted-foreground">{description}</div> : null}
      </div>
      {action ? <div className="mt-1 flex flex-wrap items-center justify-center gap-2">{action}</div> : null}
    </div>
  );
}

export { EmptyState, type EmptyStateProps };
