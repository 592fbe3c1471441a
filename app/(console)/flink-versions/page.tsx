import type { Metadata } from "next";
import { Forbidden } from "@/components/console/forbidden";
import { PageHeader } from "@/components/console/page-header";
import { holdsAnywhere } from "@/lib/auth/access";
import { pagePrincipal } from "@/lib/auth/page";
import { listVersions } from "@/lib/environments/flink-versions";
import { FlinkVersionsTable } from "./flink-versions-table";
import { RegisterFlinkVersionDialog } from "./register-dialog";

export const metadata: Metadata = { title: "Flink versions" };

export default async function FlinkVersionsPage() {
  const p = await pagePrincipal();
  if (!(await holdsAnywhere(p, "flink_version:view"))) return <Forbidden role="in any of your teams" what="Flink versions" />;
  const [versions, manage] = await Promise.all([listVersions(p), holdsAnywhere(p, "flink_version:manage")]);
  return (
    <>
      <PageHeader
        title="Flink versions"
        description="FLINK_HOME directories on the Eddy server. Every team's clusters and jobs choose from these."
        actions={manage && <RegisterFlinkVersionDialog />}
      />
      <FlinkVersionsTable versions={versions} canManage={manage} />
    </>
  );
}
