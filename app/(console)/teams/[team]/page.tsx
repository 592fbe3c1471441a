import { KeyRound, ScrollText, Users } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/console/page-header";
import { teamHref } from "@/components/console/team-href";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { listMembers } from "@/db/queries/members";
import { can } from "@/lib/auth/access";
import { decodeParam, pageTeam } from "@/lib/auth/page";

type Props = { params: Promise<{ team: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: decodeParam((await params).team) };
}

export default async function TeamOverview({ params }: Props) {
  const { access } = await pageTeam((await params).team);
  const { team } = access;
  const members = can(access, "member:view") ? await listMembers(team.id) : null;
  const links = [
    members && { href: teamHref(team.name, "members"), title: "Members", text: `${members.length} member${members.length === 1 ? "" : "s"}`, icon: Users },
    can(access, "token:create") && { href: "/account/tokens", title: "API tokens", text: "Automate this team through the REST API.", icon: KeyRound },
    can(access, "audit:view") && { href: teamHref(team.name, "audit"), title: "Audit log", text: "Who changed what, and when.", icon: ScrollText },
  ].filter(Boolean) as { href: string; title: string; text: string; icon: typeof Users }[];

  return (
    <>
      <PageHeader
        title={<span data-testid="team-name">{team.name}</span>}
        description={team.description || "No description."}
        actions={<Badge variant="secondary">Your role: {access.role}</Badge>}
      />
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        {links.map((l) => (
          <Link key={l.href} href={l.href} className="rounded-xl outline-none focus-visible:ring-2 focus-visible:ring-ring">
            <Card className="h-full transition-colors hover:bg-accent/50">
              <CardHeader>
                <CardTitle className="flex items-center gap-2 text-base">
                  <l.icon className="size-4 text-primary" /> {l.title}
                </CardTitle>
                <CardDescription>{l.text}</CardDescription>
              </CardHeader>
              <CardContent />
            </Card>
          </Link>
        ))}
      </div>
    </>
  );
}
