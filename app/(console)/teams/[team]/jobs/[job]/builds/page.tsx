import { ChevronDown, ChevronRight, Hammer } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { Fragment } from "react";
import { between, formatDuration, formatInstant } from "@/components/console/duration";
import { LogViewer } from "@/components/console/log-viewer";
import { teamHref } from "@/components/console/team-href";
import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { pageJob } from "@/lib/jobs/page-job";
import { jobHistory } from "@/lib/lifecycle/history";
import { failedStepLines } from "../log-ranges";
import { PendingTab } from "../pending-tab";

export const metadata: Metadata = { title: "Builds" };

const statusBadge = { succeeded: "success", failed: "destructive", running: "warning" } as const;

/** Every build (release) of the job; `?build=<id>` opens one's log, so a failed build is a link. */
export default async function JobBuildsPage({ params, searchParams }: { params: Promise<{ team: string; job: string }>; searchParams: Promise<Record<string, string | undefined>> }) {
  const { principal, access, job } = await pageJob(params);
  const open = Number((await searchParams).build) || null;
  const { releases, operations } = await jobHistory(principal, access.team.id, job.id, { releases: true, operations: true, limit: 100 });
  // A build is one step of its operation: its time is the operation's.
  const opById = new Map(operations.map((o) => [o.id, o]));
  if (releases.length === 0) {
    return <PendingTab icon={Hammer} title="No builds yet" description="Build the job (the button above) to freeze its newest version into a release; each build appears here with its log." />;
  }
  const base = teamHref(access.team.name, `jobs/${encodeURIComponent(job.name)}`);
  const latestOk = releases.find((r) => r.status === "succeeded");
  return (
    <div className="rounded-lg border bg-card">
      <Table data-testid="builds-table">
        <TableHeader>
          <TableRow>
            <TableHead className="w-8"><span className="sr-only">Log</span></TableHead>
            <TableHead>Build</TableHead>
            <TableHead>Version</TableHead>
            <TableHead>Status</TableHead>
            <TableHead>When</TableHead>
            <TableHead>Took</TableHead>
            <TableHead>Outcome</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {releases.map((r) => {
            const expanded = open === r.id;
            const href = expanded ? `${base}/builds` : `${base}/builds?build=${r.id}`;
            return (
              <Fragment key={r.id}>
                <TableRow className="relative" data-state={expanded ? "selected" : undefined} data-testid="build-row">
                  <TableCell>
                    <Link href={href} scroll={false} aria-expanded={expanded} aria-label={`${expanded ? "Hide" : "Show"} the log of build ${r.id}`} className="text-muted-foreground outline-none after:absolute after:inset-0 hover:text-foreground focus-visible:text-foreground">
                      {expanded ? <ChevronDown className="size-4" /> : <ChevronRight className="size-4" />}
                    </Link>
                  </TableCell>
                  <TableCell className="font-medium tabular-nums">
                    #{r.id}
                    {r.id === latestOk?.id && <Badge variant="outline" className="ml-2 text-[10px]">latest release</Badge>}
                  </TableCell>
                  <TableCell className="tabular-nums">v{r.version}</TableCell>
                  <TableCell><Badge variant={statusBadge[r.status]}>{r.status}</Badge></TableCell>
                  <TableCell className="whitespace-nowrap tabular-nums">{formatInstant(r.createdAt)}</TableCell>
                  <TableCell className="whitespace-nowrap tabular-nums">{(() => {
                      const op = r.operationId ? opById.get(r.operationId) : undefined;
                      return op?.kind === "build" && op.startedAt && op.finishedAt ? formatDuration(between(op.startedAt, op.finishedAt)) : "—";
                    })()}</TableCell>
                  <TableCell className={r.status === "failed" ? "max-w-md min-w-64 whitespace-normal text-destructive" : "max-w-md min-w-64 whitespace-normal text-muted-foreground"}>
                    {r.status === "failed" ? `${r.failedStep ? `${r.failedStep}: ` : ""}${r.error ?? "failed"}` : r.status === "succeeded" ? "Release frozen." : "Building…"}
                    {r.operationId && (
                      <Link href={`${base}/operations/${r.operationId}`} className="relative z-10 ml-2 text-xs text-primary hover:underline">operation #{r.operationId}</Link>
                    )}
                  </TableCell>
                </TableRow>
                {expanded && (
                  <TableRow className="hover:bg-transparent">
                    <TableCell colSpan={7} className="bg-muted/30 p-3">
                      <LogViewer text={r.log} label={`Build ${r.id} log`} emphasize={r.status === "failed" ? failedStepLines(r.log, r.failedStep) : []} />
                    </TableCell>
                  </TableRow>
                )}
              </Fragment>
            );
          })}
        </TableBody>
      </Table>
    </div>
  );
}
