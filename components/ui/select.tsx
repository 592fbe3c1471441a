import * as React from "react";

import { cn } from "./utils";

// Native <select> (not Radix): submits with forms, type-ahead and keyboard work for free.
// The arrow is a themed background image (--select-chevron in globals.css), so there is no wrapper
// and className sizes the control exactly like <Input>.
function Select({ className, multiple, ...props }: React.ComponentProps<"select">) {
  return (
    <select
      data-slot="select"
      multiple={multiple}
      className={cn(
        "h-9 w-full min-w-0 cursor-pointer appearance-none rounded-md border border-input bg-background py-1 text-sm shadow-xs transition-[color,box-shadow] outline-none dark:bg-input/30",
        multiple
          ? "h-auto px-3 py-2"
          : "bg-[image:var(--select-chevron)] bg-size-[1rem] bg-position-[right_0.625rem_center] bg-no-repeat pr-8 pl-3",
        "focus-visible:border-ring focus-visible:ring-[3px] focus-visible:ring-ring/50",
        "disabled:cursor-not-allowed disabled:opacity-50 aria-invalid:border-destructive aria-invalid:ring-destructive/20",
        "[&_option]:bg-popover [&_option]:text-popover-foreground",
        className,
      )}
      {...props}
    />
  );
}

export { Select };
