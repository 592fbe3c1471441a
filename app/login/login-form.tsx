"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { safeReturnPath } from "@/lib/auth/return-path";

const GENERIC = "Wrong username or password.";

export function LoginForm({ next }: { next: string }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setPending(true);
    setError(null);
    try {
      const res = await signIn("credentials", {
        username: String(form.get("username") ?? ""),
        password: String(form.get("password") ?? ""),
        redirect: false,
      });
      if (res?.ok && !res.error) {
        // Checked again here: this is where the browser navigates, whatever the page was given.
        router.replace(safeReturnPath(next));
        router.refresh();
        return;
      }
      // The server's sentence (paused, disabled) comes through as `error`; next-auth's own codes do not read well.
      const msg = res?.error && !/^[A-Za-z]+$/.test(res.error) ? res.error : GENERIC;
      setError(msg);
    } catch {
      setError("The server could not be reached. Try again.");
    }
    setPending(false);
  }

  return (
    <Card>
      <CardHeader>
        <CardTitle>Sign in</CardTitle>
      </CardHeader>
      <CardContent>
        <form onSubmit={onSubmit} className="space-y-4" noValidate>
          {error && <FormError message={error} />}
          <FormField label="Username" htmlFor="username">
            <Input id="username" name="username" autoComplete="username" autoFocus required />
          </FormField>
          <FormField label="Password" htmlFor="password">
            <Input id="password" name="password" type="password" autoComplete="current-password" required />
          </FormField>
          <Button type="submit" className="w-full" pending={pending}>
            Sign in
          </Button>
        </form>
      </CardContent>
    </Card>
  );
}
