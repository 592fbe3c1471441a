import type { Metadata } from "next";
import { Suspense } from "react";
import { AuditTable } from "@/components/console/audit-table";
import { Forbidden } from "@/components/console/forbidden";
import { PageHeader } from "@/components/console/page-header";
import { can } from "@/lib/auth/access";
import { pageTeam } from "@/lib/auth/page";
import { auditQuery, readTeamAuditLog } from "@/lib/iam/audit-log";

export const metadata: Metadata = { title: "Audit log" };

export default async function TeamAuditPage({ params, searchParams }: { params: Promise<{ team: string }>; searchParams: Promise<Record<string, string>> }) {
  const { principal, access } = await pageTeam((await params).team);
  if (!can(access, "audit:view")) return <Forbidden role={access.role} what="this team's audit log" />;
  const query = auditQuery.parse(await searchParams);
  const { rows, total } = await readTeamAuditLog(principal, access.team.id, query);
  return (
    <>
      <PageHeader title="Audit log" description={`Every change in ${access.team.name}: who, what, when, and how it ended.`} />
      <Suspense>
        <AuditTable rows={rows} total={total} query={query} showTeam={false} />
      </Suspense>
    </>
  );
}
