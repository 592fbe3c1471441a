import { Users } from "lucide-react";
import { redirect } from "next/navigation";
import { teamHref } from "@/components/console/team-href";
import { EmptyState } from "@/components/ui/empty-state";
import { pagePrincipal } from "@/lib/auth/page";
import { getUserSessionState } from "@/db/queries/users";
import { listVisibleTeams } from "@/lib/iam/teams";

/** Home: the team the user last opened, else their first team. */
export default async function Home() {
  const p = await pagePrincipal();
  const teams = await listVisibleTeams(p);
  const last = (await getUserSessionState(p.user.id))?.lastTeamId;
  const team = teams.find((t) => t.id === last) ?? teams[0];
  if (team) redirect(teamHref(team.name));
  return (
    <EmptyState
      icon={Users}
      title="You are not in any team yet"
      description="An administrator or a team admin can add you to a team. Until then there is nothing to show here."
    />
  );
}
