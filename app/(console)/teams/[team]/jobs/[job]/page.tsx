import type { Metadata } from "next";
import { FactList } from "@/components/console/fact-list";
import Link from "next/link";
import { formatDate } from "@/components/console/format";
import { teamHref } from "@/components/console/team-href";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { listJobVersions } from "@/db/queries/jobs";
import { can } from "@/lib/auth/access";
import { decodeParam } from "@/lib/auth/page";
import { pageJob } from "@/lib/jobs/page-job";
import { modeLabel, type JobSettings } from "@/lib/jobs/settings";
import { JobOverviewActions } from "./overview-actions";

type Props = { params: Promise<{ team: string; job: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: decodeParam((await params).job) };
}

export default async function JobOverview({ params }: Props) {
  const { access, job } = await pageJob(params);
  const s = job.settings as unknown as JobSettings;
  const versions = (await listJobVersions(job.id)).slice(0, 5);
  const base = teamHref(access.team.name, `jobs/${encodeURIComponent(job.name)}`);
  const facts: [string, React.ReactNode][] = [
    ["Type", job.type === "sql" ? "FlinkSQL" : "JAR"],
    ["Execution mode", modeLabel[job.mode]],
    ["Cluster", job.clusterName ?? "—"],
    ["Flink version", s.flinkVersionName ?? "—"],
    ["Parallelism", s.parallelism],
    ["Memory", `JM ${s.jobManagerMemory ?? "default"} · TM ${s.taskManagerMemory ?? "default"}${s.slots ? ` · ${s.slots} slots` : ""}`],
    ...(job.type === "jar" ? ([["Program", <code key="p">{s.jar?.name} · {s.mainClass}</code>]] as [string, React.ReactNode][]) : []),
    ["Dependencies", s.dependencies.length ? s.dependencies.map((d) => d.name).join(", ") : "none"],
    ["Checkpoints", s.checkpointDir ?? "cluster default"],
    ["Savepoints", s.savepointDir ?? "cluster default"],
    ["Restart policy", s.restart.maxAttempts ? `at most ${s.restart.maxAttempts} restarts in ${s.restart.windowMinutes} min` : "never restart"],
    ["Checkpoint failures", s.checkpointFailure.action === "none" ? "ignored" : `${s.checkpointFailure.action} after ${s.checkpointFailure.count} in ${s.checkpointFailure.windowMinutes} min`],
  ];
  return (
    <div className="grid gap-6 xl:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
      <div className="space-y-6">
        <Card>
          <CardHeader className="flex-row items-start justify-between gap-4">
            <div>
              <CardTitle>About</CardTitle>
              <CardDescription>{job.description || "No description."}</CardDescription>
              {job.tags.length > 0 && (
                <div className="mt-2 flex flex-wrap gap-1">
                  {job.tags.map((t) => (
                    <Badge key={t} variant="outline">{t}</Badge>
                  ))}
                </div>
              )}
            </div>
            <JobOverviewActions
              team={access.team.name}
              job={{ name: job.name, description: job.description, tags: job.tags, owner: job.ownerName }}
              can={{ edit: can(access, "job:edit"), create: can(access, "job:create"), delete: can(access, "job:delete") }}
            />
          </CardHeader>
          <CardContent>
            <FactList facts={facts} />
          </CardContent>
        </Card>
      </div>
      <Card>
        <CardHeader>
          <CardTitle>Latest versions</CardTitle>
          <CardDescription>
            <Link href={`${base}/versions`} className="text-primary hover:underline">All versions and comparisons</Link>
          </CardDescription>
        </CardHeader>
        <CardContent>
          <ol className="space-y-2 text-sm">
            {versions.map((v) => (
              <li key={v.number} className="flex items-baseline justify-between gap-2 border-b pb-2 last:border-0">
                <Link href={`${base}/versions/${v.number}`} className="font-medium text-primary hover:underline">v{v.number}</Link>
                <span className="min-w-0 flex-1 truncate text-muted-foreground">{v.note || "—"}</span>
                <span className="whitespace-nowrap text-xs text-muted-foreground">
                  {v.createdByName ?? "—"} · {formatDate(v.createdAt)}
                </span>
              </li>
            ))}
          </ol>
        </CardContent>
      </Card>
    </div>
  );
}
