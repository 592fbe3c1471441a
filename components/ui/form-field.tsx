import * as React from "react";
import { CircleAlert } from "lucide-react";

import { Alert, AlertDescription, AlertTitle } from "./alert";
import { Label } from "./label";
import { cn } from "./utils";

type FormFieldProps = {
  label: React.ReactNode;
  /** id of the control; also used to derive `${htmlFor}-error` / `${htmlFor}-hint` ids. */
  htmlFor: string;
  error?: string | null;
  hint?: React.ReactNode;
  className?: string;
  children: React.ReactNode;
};

function FormField({ label, htmlFor, error, hint, className, children }: FormFieldProps) {
  const errorId = `${htmlFor}-error`;
  const hintId = `${htmlFor}-hint`;
  const messageId = error ? errorId : hint ? hintId : undefined;

  // A single control child gets aria-invalid/aria-describedby wired up so screen readers read the message.
  let control = children;
  if (React.isValidElement<Record<string, unknown>>(children) && children.type !== React.Fragment) {
    const own = children.props;
    const describedBy = [own["aria-describedby"], messageId].filter(Boolean).join(" ") || undefined;
    control = React.cloneElement(children, {
      "aria-describedby": describedBy,
      "aria-invalid": error ? true : own["aria-invalid"],
    });
  }

  return (
    <div data-slot="form-field" data-invalid={error ? true : undefined} className={cn("grid gap-1.5", className)}>
      <Label htmlFor={htmlFor}>{label}</Label>
      {control}
      {error ? (
        <p id={errorId} role="alert" className="text-xs text-destructive">
          {error}
        </p>
      ) : hint ? (
        <p id={hintId} className="text-xs text-muted-foreground">
          {hint}
        </p>
      ) : null}
    </div>
  );
}

type FormErrorProps = Omit<React.ComponentProps<"div">, "title"> & {
  /** The message; `children` works too. Renders nothing when both are empty. */
  message?: string | null;
  title?: React.ReactNode;
};

function FormError({ message, title, children, className, ...props }: FormErrorProps) {
  const body = children ?? message;
  if (body == null || body === "" || body === false) return null;
  return (
    <Alert variant="destructive" data-slot="form-error" className={className} {...props}>
      <CircleAlert aria-hidden="true" />
      {title ? <AlertTitle>{title}</AlertTitle> : null}
      <AlertDescription>{body}</AlertDescription>
    </Alert>
  );
}

export { FormField, FormError, type FormFieldProps, type FormErrorProps };
