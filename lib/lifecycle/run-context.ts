import { findClusterById } from "@/db/queries/clusters";
import { findRelease, findRun, type Run } from "@/db/queries/lifecycle";
import { adapterFor } from "./deploy";
import type { ModeAdapter, OperateContext, RunRef } from "./deploy/types";
import { resolveRelease } from "./resolve-release";

export function runRef(run: Run): RunRef {
  return {
    id: run.id,
    mode: run.mode,
    clusterId: run.clusterId,
    flinkJobId: run.flinkJobId,
    yarnApplicationId: run.yarnApplicationId,
    k8sNamespace: run.k8sNamespace,
    k8sName: run.k8sName,
    jobManagerUrl: run.jobManagerUrl,
  };
}

type JobRef = { id: number; name: string; teamId: number; type: "sql" | "jar" };

/**
 * What operating on (or reading from) one run needs: the run, its release resolved, its cluster,
 * and the adapter of its mode. Null when the run or its release no longer exists.
 */
export async function runContext(job: JobRef, runId: number, log: (line: string) => void = () => {}): Promise<{ run: Run; ctx: OperateContext; adapter: ModeAdapter } | null> {
  const run = await findRun({ jobId: job.id, id: runId });
  if (!run) return null;
  const release = await findRelease({ jobId: job.id, id: run.releaseId });
  if (!release) return null;
  const cluster = run.clusterId ? await findClusterById(run.clusterId) : null;
  const ctx: OperateContext = { job: { id: job.id, name: job.name, teamId: job.teamId, type: job.type }, run: runRef(run), cluster: cluster ?? null, release: resolveRelease(release), log };
  return { run, ctx, adapter: adapterFor(run.mode as never) };
}
