import { Play } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { between, formatDuration, formatInstant } from "@/components/console/duration";
import { OperationStatusBadge, operationKindLabel } from "@/components/console/operation-status";
import { teamHref } from "@/components/console/team-href";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { pageJob } from "@/lib/jobs/page-job";
import { jobHistory } from "@/lib/lifecycle/history";
import { PendingTab } from "../pending-tab";
import { OperationFilters } from "./operation-filters";

export const metadata: Metadata = { title: "Operations" };

const KINDS = ["build", "start", "stop", "cancel", "savepoint", "restart"];
const STATUSES = ["queued", "running", "succeeded", "failed"];

export default async function JobOperationsPage({ params, searchParams }: { params: Promise<{ team: string; job: string }>; searchParams: Promise<Record<string, string | undefined>> }) {
  const { principal, access, job } = await pageJob(params);
  const sp = await searchParams;
  const kind = KINDS.includes(sp.kind ?? "") ? sp.kind : undefined;
  const status = STATUSES.includes(sp.status ?? "") ? sp.status : undefined;
  // A job keeps at most a few hundred operations in view; the filters narrow that page.
  const { operations: all } = await jobHistory(principal, access.team.id, job.id, { operations: true, limit: 200 });
  if (all.length === 0) {
    return <PendingTab icon={Play} title="No operations yet" description="Builds, starts, stops, cancels and savepoints of this job appear here with who asked, when, and Flink's answer." />;
  }
  const operations = all.filter((o) => (!kind || o.kind === kind) && (!status || o.status === status));
  const base = teamHref(access.team.name, `jobs/${encodeURIComponent(job.name)}`);
  return (
    <div className="space-y-3">
      <OperationFilters kinds={KINDS} statuses={STATUSES} kind={kind} status={status} />
      <div className="rounded-lg border bg-card">
        <Table data-testid="operations-table">
          <TableHeader>
            <TableRow>
              <TableHead>Operation</TableHead>
              <TableHead>Status</TableHead>
              <TableHead>Asked by</TableHead>
              <TableHead>When</TableHead>
              <TableHead>Took</TableHead>
              <TableHead>Outcome</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {operations.length === 0 ? (
              <TableRow>
                <TableCell colSpan={6} className="py-10 text-center text-muted-foreground">No operation matches these filters.</TableCell>
              </TableRow>
            ) : (
              operations.map((o) => (
                <TableRow key={o.id} className="relative" data-testid="operation-row">
                  <TableCell>
                    {/* The link covers the row, so the whole row opens the operation. */}
                    <Link href={`${base}/operations/${o.id}`} className="font-medium text-primary outline-none after:absolute after:inset-0 hover:underline focus-visible:underline">
                      {operationKindLabel[o.kind] ?? o.kind}
                    </Link>
                    <span className="ml-2 text-xs text-muted-foreground tabular-nums">#{o.id}</span>
                  </TableCell>
                  <TableCell><OperationStatusBadge status={o.status} /></TableCell>
                  <TableCell>{o.requestedByName}</TableCell>
                  <TableCell className="whitespace-nowrap tabular-nums">{formatInstant(o.createdAt)}</TableCell>
                  <TableCell className="whitespace-nowrap tabular-nums">{o.startedAt ? formatDuration(between(o.startedAt, o.finishedAt)) : "—"}</TableCell>
                  <TableCell className={o.status === "failed" ? "max-w-md truncate text-destructive" : "max-w-md truncate text-muted-foreground"} title={o.message ?? undefined}>
                    {o.message ?? (o.status === "queued" ? "Waiting for a worker…" : o.status === "running" ? (o.steps as { name: string }[]).at(-1)?.name ?? "Running…" : "—")}
                  </TableCell>
                </TableRow>
              ))
            )}
          </TableBody>
        </Table>
      </div>
    </div>
  );
}
