import type { Metadata } from "next";
import { Forbidden } from "@/components/console/forbidden";
import { PageHeader } from "@/components/console/page-header";
import { can } from "@/lib/auth/access";
import { pageTeam } from "@/lib/auth/page";
import { TeamSettingsForm } from "./team-settings-form";

export const metadata: Metadata = { title: "Team settings" };

export default async function TeamSettingsPage({ params }: { params: Promise<{ team: string }> }) {
  const { principal, access } = await pageTeam((await params).team);
  if (!can(access, "team:edit")) return <Forbidden role={access.role} what="this team's settings" />;
  return (
    <>
      <PageHeader title="Team settings" description={access.team.name} />
      <TeamSettingsForm team={access.team} canRename={principal.user.isAdmin} />
    </>
  );
}
