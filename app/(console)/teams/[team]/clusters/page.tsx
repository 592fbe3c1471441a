import { Plus } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { AutoRefresh } from "@/components/console/auto-refresh";
import { Forbidden } from "@/components/console/forbidden";
import { PageHeader } from "@/components/console/page-header";
import { teamHref } from "@/components/console/team-href";
import { Button } from "@/components/ui/button";
import { can } from "@/lib/auth/access";
import { pageTeam } from "@/lib/auth/page";
import { listTeamClusters } from "@/lib/environments/clusters";
import { ClustersTable } from "./clusters-table";

export const metadata: Metadata = { title: "Clusters" };

export default async function ClustersPage({ params }: { params: Promise<{ team: string }> }) {
  const { principal, access } = await pageTeam((await params).team);
  if (!can(access, "cluster:view")) return <Forbidden role={access.role} what="this team's clusters" />;
  const clusters = await listTeamClusters(principal, access.team.id);
  const totals = clusters.reduce((t, c) => ({ all: t.all + (c.jobsTotal ?? 0), running: t.running + (c.jobsRunning ?? 0) }), { all: 0, running: 0 });
  return (
    <>
      <AutoRefresh seconds={10} />
      <PageHeader
        title="Clusters"
        description={`${clusters.length} cluster${clusters.length === 1 ? "" : "s"} · ${totals.running} running of ${totals.all} jobs on them. Health and counts refresh on their own.`}
        actions={
          can(access, "cluster:manage") && (
            <Button asChild data-testid="register-cluster">
              <Link href={teamHref(access.team.name, "clusters/new")}>
                <Plus className="size-4" /> Register cluster
              </Link>
            </Button>
          )
        }
      />
      <ClustersTable team={access.team.name} clusters={clusters} />
    </>
  );
}
