import type { Cluster } from "@/db/queries/clusters";
import type { JobManagerClient } from "@/lib/flink/jobmanager";
import type { ResolvedRelease } from "../release";

/** Where a run went, as a deploy adapter reports it. */
export type RunPlacement = {
  flinkJobId: string;
  yarnApplicationId?: string | null;
  k8sNamespace?: string | null;
  k8sName?: string | null;
  /** The JobManager's REST URL, when the run has its own cluster (application modes). */
  jobManagerUrl?: string | null;
};

export type RunRef = RunPlacement & {
  id: number;
  mode: string;
  clusterId: number | null;
};

export type DeployContext = {
  job: { id: number; name: string; teamId: number; type: "sql" | "jar" };
  release: ResolvedRelease;
  /** The run being deployed: its Flink job id is fixed before submission, so a retry can find it. */
  run: RunRef;
  /** The target cluster, for session modes. */
  cluster: Cluster | null;
  restore: { path: string; allowNonRestoredState: boolean } | null;
  /** A line for the operation's log. */
  log: (line: string) => void;
  signal?: AbortSignal;
};

/**
 * What Flink says about a run's job right now; null when it is not where it should be. `failure`
 * is why it FAILED when the platform says so outside the JobManager (YARN's diagnostics, the
 * Kubernetes operator's error, e.g. a JobManager that could not start), for the person to read.
 */
export type Observed = { state: string; startTime?: number; endTime?: number; failure?: string } | null;

/**
 * How Eddy deploys and operates a job in one execution mode. Every method is safe to call again
 * after a crash: deploy adopts the run's job if Flink already has it (the fixed job id, the YARN
 * application's name, the Kubernetes resource's name), instead of submitting a second one.
 */
export interface ModeAdapter {
  deploy(ctx: DeployContext): Promise<RunPlacement>;
  /** Where the run's job is now, asked of Flink (or YARN, or Kubernetes) directly. */
  observe(ctx: OperateContext): Promise<Observed>;
  /** Stop with a savepoint (drain optional); resolves with the savepoint's path. */
  stopWithSavepoint(ctx: OperateContext, opts: { targetDirectory: string | null; drain: boolean }): Promise<{ savepointPath: string }>;
  cancel(ctx: OperateContext): Promise<void>;
  triggerSavepoint(ctx: OperateContext, opts: { targetDirectory: string | null }): Promise<{ savepointPath: string }>;
  /** A JobManager client for the run (logs, exceptions, checkpoints); null when none is up. */
  jobManager(ctx: OperateContext): Promise<JobManagerClient | null>;
}

export type OperateContext = {
  job: { id: number; name: string; teamId: number; type: "sql" | "jar" };
  run: RunRef;
  cluster: Cluster | null;
  /** The release the run deployed (some modes need its Flink home or ResourceManager). */
  release: ResolvedRelease;
  log: (line: string) => void;
  signal?: AbortSignal;
  /**
   * Called as soon as a stop's savepoint completes, before waiting for the job to end: the caller
   * records it then, so a crash or a vanished JobManager during the wait cannot lose it.
   */
  onSavepoint?: (path: string) => Promise<void>;
};
