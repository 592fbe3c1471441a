"use client";

import { signOut } from "next-auth/react";
import { useAction } from "@/components/console/use-action";
import { Button } from "@/components/ui/button";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { changePasswordAction } from "./actions";

export function ChangePasswordForm() {
  const action = useAction(changePasswordAction);
  function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    void action.run(
      {
        currentPassword: String(f.get("currentPassword") ?? ""),
        newPassword: String(f.get("newPassword") ?? ""),
        confirmPassword: String(f.get("confirmPassword") ?? ""),
      },
      { success: "Password changed. Sign in with the new one.", onSuccess: () => void signOut({ callbackUrl: "/login" }) },
    );
  }
  return (
    <form onSubmit={onSubmit} className="space-y-4">
      {action.formError && <FormError message={action.formError} />}
      <FormField label="Current password" htmlFor="currentPassword" error={action.fieldError("currentPassword")}>
        <Input id="currentPassword" name="currentPassword" type="password" autoComplete="current-password" required />
      </FormField>
      <FormField label="New password" htmlFor="newPassword" error={action.fieldError("newPassword")} hint="At least 8 characters.">
        <Input id="newPassword" name="newPassword" type="password" autoComplete="new-password" required />
      </FormField>
      <FormField label="New password again" htmlFor="confirmPassword" error={action.fieldError("confirmPassword")}>
        <Input id="confirmPassword" name="confirmPassword" type="password" autoComplete="new-password" required />
      </FormField>
      <Button type="submit" pending={action.pending}>Change password</Button>
    </form>
  );
}
