import type { Metadata } from "next";
import { PageHeader } from "@/components/console/page-header";
import { pageAdmin } from "@/lib/auth/page";
import { listAllUsers } from "@/lib/iam/users";
import { CreateUserDialog } from "./user-dialogs";
import { UsersTable } from "./users-table";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage() {
  const p = await pageAdmin();
  const users = await listAllUsers(p);
  return (
    <>
      <PageHeader title="Users" description="Everyone who can sign in. Disable an account to end its sessions and tokens at once." actions={<CreateUserDialog />} />
      <UsersTable users={users} self={p.user.username} />
    </>
  );
}
