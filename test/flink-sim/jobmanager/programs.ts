import { isBoundedProgram, jobNameFor } from "../examples";
import type { JobSpec } from "./jobs";

/**
 * How a submitted program becomes a job, whether it came through POST /jars/:id/run, the
 * simulated `flink` CLI or an operator: the simulator cannot run user code, so the job's name
 * and boundedness come from the configuration and the known examples.
 */
export type ProgramSubmission = {
  entryClass?: string;
  config: Record<string, string>;
  jobId?: string;
  parallelism?: number;
  savepointPath?: string;
  /** Overrides for the control API: a name, batch-ness and duration chosen by a test. */
  name?: string;
  batch?: boolean;
  durationMs?: number;
  vertexNames?: string[];
};

export function programJobSpec(clusterConfig: Record<string, string>, p: ProgramSubmission): JobSpec {
  const config = { ...p.config };
  return {
    id: p.jobId ?? config["$internal.pipeline.job-id"]?.toLowerCase(),
    name: p.name ?? jobNameFor(p.entryClass, config),
    parallelism: p.parallelism ?? Number(config["parallelism.default"] ?? clusterConfig["parallelism.default"] ?? 1),
    batch: p.batch ?? isBoundedProgram(p.entryClass, config),
    durationMs: p.durationMs,
    vertexNames: p.vertexNames,
    config,
    savepointPath: p.savepointPath ?? config["execution.savepoint.path"],
  };
}
