import { History } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { formatInstant } from "@/components/console/duration";
import { JobStateBadge } from "@/components/console/job-state-badge";
import { teamHref } from "@/components/console/team-href";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { pageJob } from "@/lib/jobs/page-job";
import { jobHistory } from "@/lib/lifecycle/history";
import { PendingTab } from "../pending-tab";
import { EventFilters } from "./event-filters";
import { StateTimeline } from "./state-timeline";
import { timeline } from "./timeline";

export const metadata: Metadata = { title: "Events" };

const RANGES: Record<string, number | null> = { "1h": 3600_000, "24h": 86400_000, "7d": 7 * 86400_000, all: null };
const kindVariant: Record<string, "secondary" | "outline" | "destructive" | "warning" | "success"> = {
  state: "secondary",
  operation: "outline",
  restart: "warning",
  lost: "destructive",
  alert: "destructive",
  checkpoint: "warning",
  external: "warning",
};

/** The job's life as a picture (a band per run, coloured by state over time), then every event. */
export default async function JobEventsPage({ params, searchParams }: { params: Promise<{ team: string; job: string }>; searchParams: Promise<Record<string, string | undefined>> }) {
  const { principal, access, job } = await pageJob(params);
  const sp = await searchParams;
  const range = sp.range && sp.range in RANGES ? sp.range : "all";
  const { events, runs } = await jobHistory(principal, access.team.id, job.id, { events: true, runs: true, limit: 500 });
  if (events.length === 0) {
    return <PendingTab icon={History} title="No events yet" description="Every state change of this job appears here as a timeline once it has run." />;
  }
  const now = Date.now();
  const window = RANGES[range]!;
  const t = timeline(events, now, window === null ? null : now - window);
  const kinds = [...new Set(events.map((e) => e.kind))].sort();
  const kind = sp.kind && kinds.includes(sp.kind) ? sp.kind : undefined;
  const listed = events.filter((e) => (!kind || e.kind === kind) && (window === null || e.at.getTime() >= now - window));
  const base = teamHref(access.team.name, `jobs/${encodeURIComponent(job.name)}`);
  const runInfo = Object.fromEntries(runs.map((r) => [r.id, { version: r.version, restoredFrom: r.restoredFrom }]));
  return (
    <div className="space-y-4">
      <EventFilters ranges={Object.keys(RANGES)} range={range} kinds={kinds} kind={kind} />
      <Card>
        <CardHeader>
          <CardTitle className="text-base">State over time</CardTitle>
          <CardDescription>One band per run; hover or focus a stretch for its state and how long it lasted. Times in UTC.</CardDescription>
        </CardHeader>
        <CardContent>
          <StateTimeline
            start={t.start}
            end={t.end}
            bands={t.bands.map((b) => ({
              key: b.key,
              label: b.runId === null ? "Outside a run" : `Run ${b.runId}${runInfo[b.runId]?.version ? ` · v${runInfo[b.runId]!.version}` : ""}`,
              href: b.runId === null ? null : `${base}/logs?run=${b.runId}`,
              segments: b.segments,
            }))}
          />
        </CardContent>
      </Card>
      <div className="rounded-lg border bg-card">
        <Table data-testid="events-table">
          <TableHeader>
            <TableRow>
              <TableHead>When</TableHead>
              <TableHead>Kind</TableHead>
              <TableHead>State</TableHead>
              <TableHead>What happened</TableHead>
              <TableHead>Run</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {listed.length === 0 ? (
              <TableRow>
                <TableCell colSpan={5} className="py-10 text-center text-muted-foreground">No event matches these filters.</TableCell>
              </TableRow>
            ) : (
              listed.map((e) => (
                <TableRow key={e.id} data-testid="event-row">
                  <TableCell className="whitespace-nowrap tabular-nums">{formatInstant(e.at)}</TableCell>
                  <TableCell><Badge variant={kindVariant[e.kind] ?? "outline"}>{e.kind}</Badge></TableCell>
                  <TableCell className="whitespace-nowrap">
                    {e.toState ? (
                      <span className="inline-flex items-center gap-1">
                        {e.fromState && <JobStateBadge state={e.fromState} />}
                        {e.fromState && <span aria-label="to">→</span>}
                        <JobStateBadge state={e.toState} />
                      </span>
                    ) : <span className="text-muted-foreground">—</span>}
                  </TableCell>
                  <TableCell className="max-w-xl min-w-72 whitespace-normal break-words">
                    {e.message}
                    {e.operationId && <Link href={`${base}/operations/${e.operationId}`} className="ml-2 text-xs text-primary hover:underline">operation #{e.operationId}</Link>}
                  </TableCell>
                  <TableCell className="whitespace-nowrap">{e.runId ? <Link href={`${base}/logs?run=${e.runId}`} className="text-primary hover:underline">run {e.runId}</Link> : "—"}</TableCell>
                </TableRow>
              ))
            )}
          </TableBody>
        </Table>
      </div>
    </div>
  );
}
