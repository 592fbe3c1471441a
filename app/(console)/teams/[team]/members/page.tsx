import type { Metadata } from "next";
import { Forbidden } from "@/components/console/forbidden";
import { PageHeader } from "@/components/console/page-header";
import { listMembers } from "@/db/queries/members";
import { listRoles } from "@/db/queries/roles";
import { can } from "@/lib/auth/access";
import { pageTeam } from "@/lib/auth/page";
import { listCandidateUsers } from "@/lib/iam/members";
import { AddMemberDialog } from "./add-member-dialog";
import { MembersTable } from "./members-table";

export const metadata: Metadata = { title: "Members" };

export default async function MembersPage({ params }: { params: Promise<{ team: string }> }) {
  const { principal, access } = await pageTeam((await params).team);
  if (!can(access, "member:view")) return <Forbidden role={access.role} what="this team's members" />;
  const manage = can(access, "member:manage");
  const [members, roles, candidates] = await Promise.all([
    listMembers(access.team.id),
    manage ? listRoles() : Promise.resolve([]),
    manage ? listCandidateUsers(principal, access.team.id) : Promise.resolve([]),
  ]);
  const roleOptions = roles.map((r) => ({ id: r.id, name: r.name }));
  return (
    <>
      <PageHeader
        title="Members"
        description={`People in ${access.team.name} and their roles.`}
        actions={manage && <AddMemberDialog team={access.team.name} users={candidates} roles={roleOptions} />}
      />
      <MembersTable team={access.team.name} members={members} roles={roleOptions} canManage={manage} self={principal.user.username} />
    </>
  );
}
