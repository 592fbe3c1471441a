import { Camera } from "lucide-react";
import type { Metadata } from "next";
import { Forbidden } from "@/components/console/forbidden";
import { teamHref } from "@/components/console/team-href";
import { can } from "@/lib/auth/access";
import { pageJob } from "@/lib/jobs/page-job";
import { jobHistory } from "@/lib/lifecycle/history";
import { availability } from "../availability";
import { PendingTab } from "../pending-tab";
import { SavepointsTable } from "./savepoints-table";

export const metadata: Metadata = { title: "Savepoints" };

/** Recorded savepoints and retained checkpoints, newest first; `?kind=` narrows the list. */
export default async function JobSavepointsPage({ params, searchParams }: { params: Promise<{ team: string; job: string }>; searchParams: Promise<Record<string, string | undefined>> }) {
  const { principal, access, job } = await pageJob(params);
  if (!can(access, "savepoint:view")) return <Forbidden role={access.role} what="this job's savepoints and checkpoints" />;
  const sp = await searchParams;
  const kind = sp.kind === "savepoint" || sp.kind === "checkpoint" ? sp.kind : undefined;
  const { snapshots, runs } = await jobHistory(principal, access.team.id, job.id, { snapshots: true, runs: true, limit: 200 });
  if (snapshots.length === 0) {
    return <PendingTab icon={Camera} title="No savepoints or checkpoints yet" description="Savepoints Eddy takes (on request, on stop, before a restart) and checkpoints Flink retains appear here; a start can restore from any of them." />;
  }
  const start = availability(access, job).start;
  const runVersion = new Map(runs.map((r) => [r.id, r.version]));
  return (
    <SavepointsTable
      team={access.team.name}
      job={job.name}
      base={teamHref(access.team.name, `jobs/${encodeURIComponent(job.name)}`)}
      kind={kind}
      rows={snapshots
        .filter((s) => !kind || s.kind === kind)
        .map((s) => ({ id: s.id, kind: s.kind, trigger: s.trigger, path: s.path, runId: s.runId, version: s.runId ? (runVersion.get(s.runId) ?? null) : null, flinkCheckpointId: s.flinkCheckpointId, createdAt: s.createdAt.toISOString() }))}
      start={{ visible: can(access, "job:deploy"), allowed: start.allowed, reason: start.reason }}
      canForget={can(access, "savepoint:delete")}
    />
  );
}
