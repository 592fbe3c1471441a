import type { Metadata } from "next";
import { Forbidden } from "@/components/console/forbidden";
import { PageHeader } from "@/components/console/page-header";
import { can } from "@/lib/auth/access";
import { pageTeam } from "@/lib/auth/page";
import { listTeamVariables } from "@/lib/variables/variables";
import { PreviewPanel } from "./preview-panel";
import { NewVariableButton, VariablesTable, type VariableRow } from "./variables-table";

export const metadata: Metadata = { title: "Variables" };

export default async function VariablesPage({ params }: { params: Promise<{ team: string }> }) {
  const { principal, access } = await pageTeam((await params).team);
  if (!can(access, "variable:view")) return <Forbidden role={access.role} what="this team's variables" />;
  // Masked: a secret's value reaches the browser only through the explicit reveal action.
  const variables = await listTeamVariables(principal, access.team.id);
  const rows: VariableRow[] = variables.map((v) => ({
    id: v.id,
    name: v.name,
    value: v.value,
    secret: v.secret,
    masked: v.masked,
    description: v.description,
    usedBy: v.usedBy,
    updatedAt: v.updatedAt,
  }));
  const secrets = variables.filter((v) => v.secret).length;
  const canViewSecret = can(access, "variable:view_secret");
  return (
    <>
      <PageHeader
        title="Variables"
        description={`${variables.length} variable${variables.length === 1 ? "" : "s"}${secrets ? `, ${secrets} secret` : ""}. Jobs use them as \${name} in SQL, program arguments and dynamic properties.`}
        actions={can(access, "variable:manage") && <NewVariableButton team={access.team.name} canViewSecret={canViewSecret} />}
      />
      <VariablesTable team={access.team.name} variables={rows} canManage={can(access, "variable:manage")} canViewSecret={canViewSecret} />
      <PreviewPanel team={access.team.name} canViewSecret={canViewSecret} />
    </>
  );
}
