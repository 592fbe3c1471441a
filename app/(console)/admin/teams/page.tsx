import type { Metadata } from "next";
import { PageHeader } from "@/components/console/page-header";
import { listAllTeams } from "@/db/queries/teams";
import { pageAdmin } from "@/lib/auth/page";
import { CreateTeamDialog } from "./create-team-dialog";
import { TeamsTable } from "./teams-table";

export const metadata: Metadata = { title: "Teams" };

export default async function TeamsPage() {
  await pageAdmin();
  const teams = await listAllTeams();
  return (
    <>
      <PageHeader title="Teams" description="Every job, cluster and variable belongs to a team. Members see their teams and nothing else." actions={<CreateTeamDialog />} />
      <TeamsTable teams={teams} />
    </>
  );
}
