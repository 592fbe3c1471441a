import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { safeReturnPath } from "@/lib/auth/return-path";
import { sessionPrincipal } from "@/lib/auth/session";
import { LoginForm } from "./login-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const sp = await searchParams;
  // Only same-site paths may be returned to after signing in (lib/auth/return-path.ts).
  const next = safeReturnPath(sp.callbackUrl ?? sp.next);
  if (await sessionPrincipal()) redirect(next);
  return (
    <main className="flex min-h-screen items-center justify-center bg-muted/40 px-4">
      <div className="w-full max-w-sm">
        <div className="mb-6 text-center">
          <div className="text-3xl font-semibold tracking-tight">Eddy</div>
          <p className="mt-1 text-sm text-muted-foreground">Flink jobs, from SQL to savepoint, in one place.</p>
        </div>
        <LoginForm next={next} />
      </div>
    </main>
  );
}
