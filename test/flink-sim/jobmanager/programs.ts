import { isBoundedProgram, jobNameFor } from "../examples";
import { compileScript, driverScript, isSqlDriver, SQL_DRIVER } from "../sql-gateway/sql-driver";
import type { JobSpec } from "./jobs";
import { javaStackTrace } from "./logs";

/**
 * How a submitted program becomes a job, whether it came through POST /jars/:id/run, the
 * simulated `flink` CLI or an operator: the simulator cannot run user code, so the job's name
 * and boundedness come from the configuration and the known examples. The one program it does
 * run is Flink's SQL Driver (sql-driver.ts): its script is compiled like the SQL Gateway would.
 */
export type ProgramSubmission = {
  entryClass?: string;
  config: Record<string, string>;
  jobId?: string;
  parallelism?: number;
  savepointPath?: string;
  /** Program arguments; only the SQL Driver reads them (`--scriptPath`, `--script`). */
  args?: string[];
  /** Overrides for the control API: a name, batch-ness and duration chosen by a test. */
  name?: string;
  batch?: boolean;
  durationMs?: number;
  vertexNames?: string[];
};

/** The Flink version of the cluster a program runs on, for classes that exist only in some versions. */
export type ProgramCluster = { config: Record<string, string>; flinkVersion: string };

export function programJobSpec(cluster: ProgramCluster, p: ProgramSubmission): JobSpec {
  const config = { ...p.config };
  const spec: JobSpec = {
    id: p.jobId ?? config["$internal.pipeline.job-id"]?.toLowerCase(),
    name: p.name ?? jobNameFor(p.entryClass, config),
    parallelism: p.parallelism ?? Number(config["parallelism.default"] ?? cluster.config["parallelism.default"] ?? 1),
    batch: p.batch ?? isBoundedProgram(p.entryClass, config),
    durationMs: p.durationMs,
    vertexNames: p.vertexNames,
    config,
    savepointPath: p.savepointPath ?? config["execution.savepoint.path"],
  };
  // The SQL Gateway's own v4 scripts come planned (no arguments); programs with arguments run them.
  if (!isSqlDriver(p.entryClass) || p.args === undefined) return spec;
  if (Number(cluster.flinkVersion.split(".")[0]) < 2) {
    return { ...spec, failure: javaStackTrace(`org.apache.flink.client.program.ProgramInvocationException: The program's entry point class '${SQL_DRIVER}' was not found in the jar file.`, ["org.apache.flink.client.program.PackagedProgram.loadMainClass(PackagedProgram.java:481)"], `java.lang.ClassNotFoundException: ${SQL_DRIVER}`) };
  }
  const workingFiles = (config["yarn.ship-files"] ?? "").split(";").filter(Boolean);
  const read = driverScript(p.args, workingFiles);
  if ("error" in read) return { ...spec, failure: read.error };
  const compiled = compileScript(read.script, { ...cluster.config, ...config });
  if ("error" in compiled) return { ...spec, failure: compiled.error };
  const plan = compiled.plan;
  // The script's own SETs configure its job (checkpointing, pipeline.name, a savepoint to restore).
  const jobConfig = { ...config, ...plan.config };
  return {
    ...spec,
    id: spec.id ?? jobConfig["$internal.pipeline.job-id"]?.toLowerCase(),
    config: jobConfig,
    savepointPath: spec.savepointPath ?? jobConfig["execution.savepoint.path"],
    name: p.name ?? plan.name,
    batch: p.batch ?? plan.config["execution.runtime-mode"]?.toUpperCase() === "BATCH",
    durationMs: p.durationMs ?? (plan.bounded ? plan.durationMs : undefined),
    vertexNames: p.vertexNames ?? plan.vertexNames,
  };
}
