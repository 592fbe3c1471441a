import type { Metadata } from "next";
import { PageHeader } from "@/components/console/page-header";
import { TokensTable } from "@/components/console/tokens-table";
import { pagePrincipal } from "@/lib/auth/page";
import { listVisibleTeams } from "@/lib/iam/teams";
import { listMyTokens } from "@/lib/iam/tokens";
import { revokeTokenAction } from "./actions";
import { CreateTokenDialog } from "./create-token-dialog";

export const metadata: Metadata = { title: "My API tokens" };

export default async function MyTokensPage() {
  const p = await pagePrincipal();
  const [tokens, teams] = await Promise.all([listMyTokens(p), listVisibleTeams(p)]);
  const teamsAllowed = teams.filter((t) => t.permissions.includes("token:create")).map((t) => t.name);
  return (
    <>
      <PageHeader
        title="My API tokens"
        description="A token acts as you, inside one team, with your role there. Send it as “Authorization: Bearer <token>”."
        actions={<CreateTokenDialog teams={teamsAllowed} />}
      />
      <TokensTable tokens={tokens} revoke={revokeTokenAction} showTeam />
    </>
  );
}
