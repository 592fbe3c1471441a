import type { Metadata } from "next";
import { Forbidden } from "@/components/console/forbidden";
import { PageHeader } from "@/components/console/page-header";
import { can } from "@/lib/auth/access";
import { pageTeam } from "@/lib/auth/page";
import { loadConfig } from "@/lib/config";
import { listTeamResources } from "@/lib/resources/resources";
import { formatBytes } from "./format";
import { ResourcesTable, type ResourceRow } from "./resources-table";
import { UploadDialog } from "./upload-dialog";

export const metadata: Metadata = { title: "Resources" };

export default async function ResourcesPage({ params }: { params: Promise<{ team: string }> }) {
  const { principal, access } = await pageTeam((await params).team);
  if (!can(access, "resource:view")) return <Forbidden role={access.role} what="this team's jars" />;
  const resources = await listTeamResources(principal, access.team.id);
  // Only what the table shows travels to the browser (not where files live on the server).
  const rows: ResourceRow[] = resources.map((r) => ({
    id: r.id,
    name: r.name,
    kind: r.kind,
    description: r.description,
    size: r.size,
    sha256: r.sha256,
    mainClass: r.mainClass,
    uploadedBy: r.uploadedBy,
    createdAt: r.createdAt,
    usedBy: r.usedBy,
  }));
  const total = resources.reduce((n, r) => n + r.size, 0);
  return (
    <>
      <PageHeader
        title="Resources"
        description={`${resources.length} jar${resources.length === 1 ? "" : "s"} (${formatBytes(total)}): programs of JAR jobs, connectors, UDFs and libraries that jobs depend on.`}
        actions={can(access, "resource:manage") && <UploadDialog team={access.team.name} maxMb={loadConfig().maxUploadMb} existing={rows.map((r) => r.name)} />}
      />
      <ResourcesTable team={access.team.name} resources={rows} canManage={can(access, "resource:manage")} />
    </>
  );
}
