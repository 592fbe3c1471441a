import type { Metadata } from "next";
import { Suspense } from "react";
import { AuditTable } from "@/components/console/audit-table";
import { PageHeader } from "@/components/console/page-header";
import { pageAdmin } from "@/lib/auth/page";
import { auditQuery, readFullAuditLog } from "@/lib/iam/audit-log";

export const metadata: Metadata = { title: "Audit log" };

export default async function FullAuditPage({ searchParams }: { searchParams: Promise<Record<string, string>> }) {
  const p = await pageAdmin();
  const query = auditQuery.parse(await searchParams);
  const { rows, total } = await readFullAuditLog(p, query);
  return (
    <>
      <PageHeader title="Audit log" description="Every change in every team, sign-ins included." />
      <Suspense>
        <AuditTable rows={rows} total={total} query={query} showTeam />
      </Suspense>
    </>
  );
}
