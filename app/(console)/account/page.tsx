import type { Metadata } from "next";
import { PageHeader } from "@/components/console/page-header";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { pagePrincipal } from "@/lib/auth/page";
import { listVisibleTeams } from "@/lib/iam/teams";
import { ChangePasswordForm } from "./change-password-form";

export const metadata: Metadata = { title: "Account" };

export default async function AccountPage() {
  const p = await pagePrincipal();
  const teams = await listVisibleTeams(p);
  return (
    <>
      <PageHeader title="Account" description={p.user.displayName || p.user.username} />
      <div className="grid gap-6 lg:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle>You</CardTitle>
            <CardDescription>Your username and your teams.</CardDescription>
          </CardHeader>
          <CardContent className="space-y-3 text-sm">
            <div>
              <span className="text-muted-foreground">Username: </span>
              <span className="font-medium">{p.user.username}</span> {p.user.isAdmin && <Badge>administrator</Badge>}
            </div>
            <ul className="space-y-1">
              {teams.map((t) => (
                <li key={t.id} className="flex items-center justify-between border-b py-1 last:border-0">
                  <span>{t.name}</span>
                  <Badge variant="secondary">{t.role}</Badge>
                </li>
              ))}
              {teams.length === 0 && <li className="text-muted-foreground">No teams yet.</li>}
            </ul>
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Change password</CardTitle>
            <CardDescription>Every session, this one included, signs out afterwards.</CardDescription>
          </CardHeader>
          <CardContent>
            <ChangePasswordForm />
          </CardContent>
        </Card>
      </div>
    </>
  );
}
