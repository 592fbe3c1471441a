import type { Metadata } from "next";
import { PageHeader } from "@/components/console/page-header";
import { pageAdmin } from "@/lib/auth/page";
import { listAllRoles } from "@/lib/iam/roles";
import { RoleDialog } from "./role-dialog";
import { RolesTable } from "./roles-table";

export const metadata: Metadata = { title: "Roles" };

export default async function RolesPage() {
  const p = await pageAdmin();
  const roles = await listAllRoles(p);
  return (
    <>
      <PageHeader
        title="Roles"
        description="A role is a named set of permissions. A member holds one role per team. Built-in roles are fixed; make your own for anything else."
        actions={<RoleDialog />}
      />
      <RolesTable roles={roles} />
    </>
  );
}
