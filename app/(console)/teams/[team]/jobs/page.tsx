import { Plus } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";
import { Forbidden } from "@/components/console/forbidden";
import { PageHeader } from "@/components/console/page-header";
import { teamHref } from "@/components/console/team-href";
import { Button } from "@/components/ui/button";
import { listClusters } from "@/db/queries/clusters";
import { can } from "@/lib/auth/access";
import { pageTeam } from "@/lib/auth/page";
import { jobFacets, listJobs } from "@/lib/jobs/jobs";
import { JobCenter } from "./job-center";
import { RecoverAll } from "./recover-all";
import { jobsInStates } from "@/db/queries/jobs";
import { RECOVERABLE_STATES } from "@/lib/lifecycle/operations";

export const metadata: Metadata = { title: "Jobs" };

export default async function JobsPage({ params, searchParams }: { params: Promise<{ team: string }>; searchParams: Promise<Record<string, string>> }) {
  const { principal, access } = await pageTeam((await params).team);
  if (!can(access, "job:view")) return <Forbidden role={access.role} what="this team's jobs" />;
  const [list, facets, clusters, recoverable] = await Promise.all([
    listJobs(principal, access.team.id, await searchParams),
    jobFacets(principal, access.team.id),
    listClusters(access.team.id),
    jobsInStates({ teamId: access.team.id, states: RECOVERABLE_STATES }),
  ]);
  return (
    <>
      <PageHeader
        title="Jobs"
        description={`Every job of ${access.team.name}: ${list.total} match${list.total === 1 ? "es" : ""} this view.`}
        actions={
          can(access, "job:create") && (
            <Button asChild data-testid="new-job">
              <Link href={teamHref(access.team.name, "jobs/new")}>
                <Plus className="size-4" /> New job
              </Link>
            </Button>
          )
        }
      />
      {recoverable.length > 0 && <RecoverAll team={access.team.name} jobs={recoverable} canDeploy={can(access, "job:deploy")} />}
      <Suspense>
        <JobCenter
          team={access.team.name}
          rows={list.rows}
          total={list.total}
          query={list.query}
          facets={{ ...facets, clusters: clusters.map((c) => c.name) }}
          can={{ edit: can(access, "job:edit"), delete: can(access, "job:delete"), deploy: can(access, "job:deploy"), stop: can(access, "job:stop") }}
        />
      </Suspense>
    </>
  );
}
