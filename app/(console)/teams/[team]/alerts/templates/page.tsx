import type { Metadata } from "next";
import { Forbidden } from "@/components/console/forbidden";
import { PageHeader } from "@/components/console/page-header";
import { getTemplates, placeholderList } from "@/lib/alerts/template-store";
import { can } from "@/lib/auth/access";
import { pageTeam } from "@/lib/auth/page";
import { AlertsNav } from "../alerts-nav";
import { TemplateEditor } from "./template-editor";

export const metadata: Metadata = { title: "Alert templates" };

export default async function AlertTemplatesPage({ params, searchParams }: { params: Promise<{ team: string }>; searchParams: Promise<{ kind?: string }> }) {
  const { principal, access } = await pageTeam((await params).team);
  if (!can(access, "alert_channel:view")) return <Forbidden role={access.role} what="this team's alert templates" />;
  const templates = await getTemplates(principal, access.team.id);
  const { kind } = await searchParams;
  return (
    <>
      <PageHeader title="Alerts" description="The wording of each kind of alert. {{placeholders}} are filled with the alert's facts when it is raised." />
      <AlertsNav team={access.team.name} />
      <TemplateEditor
        team={access.team.name}
        templates={templates}
        placeholders={placeholderList}
        initialKind={templates.some((t) => t.kind === kind) ? kind! : templates[0]!.kind}
        canManage={can(access, "alert_channel:manage")}
      />
    </>
  );
}
