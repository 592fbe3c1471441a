import type { Metadata } from "next";
import { Forbidden } from "@/components/console/forbidden";
import { PageHeader } from "@/components/console/page-header";
import { listChannels } from "@/db/queries/alert-channels";
import { listFlinkVersions } from "@/db/queries/flink-versions";
import { can } from "@/lib/auth/access";
import { pageTeam } from "@/lib/auth/page";
import { ClusterForm } from "./cluster-form";

export const metadata: Metadata = { title: "Register a cluster" };

export default async function NewClusterPage({ params }: { params: Promise<{ team: string }> }) {
  const { access } = await pageTeam((await params).team);
  if (!can(access, "cluster:manage")) return <Forbidden role={access.role} what="how to register clusters" />;
  const versions = (await listFlinkVersions()).map((v) => ({ name: v.name, version: v.version, isDefault: v.isDefault }));
  const alertChannels = can(access, "alert_channel:view") ? (await listChannels(access.team.id)).map((c) => c.name) : [];
  return (
    <>
      <PageHeader title="Register a cluster" description={`A cluster of ${access.team.name}: Eddy watches its health and jobs, and deploys to it.`} />
      <ClusterForm team={access.team.name} versions={versions} alertChannels={alertChannels} />
    </>
  );
}
