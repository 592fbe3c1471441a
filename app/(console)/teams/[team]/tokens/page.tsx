import type { Metadata } from "next";
import { Forbidden } from "@/components/console/forbidden";
import { PageHeader } from "@/components/console/page-header";
import { TokensTable } from "@/components/console/tokens-table";
import { can } from "@/lib/auth/access";
import { pageTeam } from "@/lib/auth/page";
import { listTeamTokens } from "@/lib/iam/tokens";
import { revokeTokenAction } from "@/app/(console)/account/tokens/actions";

export const metadata: Metadata = { title: "Team API tokens" };

export default async function TeamTokensPage({ params }: { params: Promise<{ team: string }> }) {
  const { principal, access } = await pageTeam((await params).team);
  if (!can(access, "token:manage")) return <Forbidden role={access.role} what="this team's API tokens" />;
  const tokens = await listTeamTokens(principal, access.team.id);
  return (
    <>
      <PageHeader title="API tokens" description={`Every member's tokens for ${access.team.name}. Members create their own under My API tokens.`} />
      <TokensTable tokens={tokens} revoke={revokeTokenAction} showUser />
    </>
  );
}
