/**
 * How long things take at speed 1 (the default test speed), in simulated milliseconds. Real Flink
 * takes seconds to minutes; these keep the same order of events while letting a test see a job go
 * INITIALIZING → CREATED → RUNNING in about 200 ms (and 20× faster at speed 20).
 */
export const TIMING = {
  jobInitializingMs: 80,
  jobCreatedMs: 100,
  taskDeployingMs: 60,
  cancellingMs: 100,
  failingMs: 80,
  checkpointDurationMs: 80,
  savepointDurationMs: 200,
  batchDurationMs: 2_000,
  /** sql-gateway: from submission to a finished (non-job) operation. */
  sqlOperationMs: 60,
  /** sql-gateway: from submission of an INSERT to its job id being known. */
  sqlJobSubmitMs: 150,
  yarnAcceptedMs: 150,
  yarnRunningMs: 250,
  yarnKillMs: 120,
  k8sStepMs: 120,
  operatorIntervalMs: 50,
} as const;

/** Cluster defaults written to every simulated JobManager's configuration (speed-1 values). */
export const CLUSTER_DEFAULTS: Record<string, string> = {
  "execution.checkpointing.interval": "1 s",
  "restart-strategy.type": "fixed-delay",
  "restart-strategy.fixed-delay.attempts": "3",
  "restart-strategy.fixed-delay.delay": "200 ms",
  "resourcemanager.taskmanager-timeout": "30 s",
};
