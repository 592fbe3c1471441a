import { EXECUTION_STATES, type ExecutionState, type SimJob } from "./jobs";
import type { VersionFacts } from "./versions";

/** The ExecutionState every subtask of the job is in (one failed subtask when the job failed). */
function subtaskStates(job: SimJob): { main: ExecutionState; failedOne: boolean } {
  switch (job.tasks) {
    case "created": return { main: "CREATED", failedOne: false };
    case "scheduled": return { main: "SCHEDULED", failedOne: false };
    case "deploying": return { main: "DEPLOYING", failedOne: false };
    case "running": return { main: "RUNNING", failedOne: false };
    case "finished": return { main: "FINISHED", failedOne: false };
    case "canceling": return { main: "CANCELING", failedOne: false };
    case "canceled": return { main: "CANCELED", failedOne: false };
    case "failed": return { main: "CANCELED", failedOne: true };
  }
}

function emptyCounts(): Record<ExecutionState, number> {
  return Object.fromEntries(EXECUTION_STATES.map((s) => [s, 0])) as Record<ExecutionState, number>;
}

/** Per-vertex subtask counts; the first vertex holds the failed subtask of a failed job. */
function vertexTasks(job: SimJob, index: number): Record<ExecutionState, number> {
  const counts = emptyCounts();
  const { main, failedOne } = subtaskStates(job);
  const p = job.vertices[index]!.parallelism;
  if (failedOne && index === 0) {
    counts.FAILED = 1;
    counts[main] += p - 1;
  } else counts[main] += p;
  return counts;
}

function vertexStatus(counts: Record<ExecutionState, number>): ExecutionState {
  if (counts.FAILED > 0) return "FAILED";
  return EXECUTION_STATES.find((s) => counts[s] > 0) ?? "CREATED";
}

/** One entry of `/jobs/overview` (JobDetails): `tasks` counts subtasks, keys in lower case. */
export function jobOverviewJson(job: SimJob, v: VersionFacts): Record<string, unknown> {
  const total = emptyCounts();
  job.vertices.forEach((_, i) => {
    const c = vertexTasks(job, i);
    for (const s of EXECUTION_STATES) total[s] += c[s];
  });
  const tasks: Record<string, number> = { total: job.vertices.reduce((n, x) => n + x.parallelism, 0) };
  for (const s of EXECUTION_STATES) tasks[s.toLowerCase()] = total[s];
  const now = Date.now();
  const body: Record<string, unknown> = {
    jid: job.id,
    name: job.name,
    state: job.state,
    "start-time": job.startTime,
    "end-time": job.endTime,
    duration: (job.endTime > 0 ? job.endTime : now) - job.startTime,
    "last-modification": job.lastModification,
    tasks,
  };
  if (v.major >= 2) Object.assign(body, { jobType: job.type, schedulerType: schedulerType(job), "pending-operators": 0 });
  return body;
}

function schedulerType(job: SimJob): string {
  return job.type === "BATCH" ? "AdaptiveBatch" : "Default";
}

/** `/jobs/:jobid` (JobDetailsInfo): `status-counts` counts vertices, vertex `tasks` count subtasks. */
export function jobDetailsJson(job: SimJob, v: VersionFacts): Record<string, unknown> {
  const now = Date.now();
  const statusCounts = emptyCounts();
  const records = job.recordsProcessed();
  const vertices = job.vertices.map((vx, i) => {
    const tasks = vertexTasks(job, i);
    const status = vertexStatus(tasks);
    statusCounts[status] += 1;
    const started = job.timestamps.RUNNING > 0;
    const isSource = i === 0;
    const isSink = i === job.vertices.length - 1;
    return {
      id: vx.id,
      slotSharingGroupId: vx.slotSharingGroupId,
      name: vx.name,
      maxParallelism: vx.maxParallelism,
      parallelism: vx.parallelism,
      status,
      "start-time": started ? job.timestamps.RUNNING : -1,
      "end-time": job.endTime,
      duration: started ? (job.endTime > 0 ? job.endTime : now) - job.timestamps.RUNNING : -1,
      tasks,
      metrics: {
        "read-bytes": isSource ? 0 : records * 48,
        "read-bytes-complete": true,
        "write-bytes": isSink ? 0 : records * 48,
        "write-bytes-complete": true,
        "read-records": isSource ? 0 : records,
        "read-records-complete": true,
        "write-records": isSink ? 0 : records,
        "write-records-complete": true,
        "accumulated-backpressured-time": 0,
        "accumulated-idle-time": 0,
        "accumulated-busy-time": 0.0,
      },
    };
  });
  const body: Record<string, unknown> = {
    jid: job.id,
    name: job.name,
    isStoppable: false,
    state: job.state,
    "job-type": job.type,
    "start-time": job.startTime,
    "end-time": job.endTime,
    duration: (job.endTime > 0 ? job.endTime : now) - job.startTime,
    maxParallelism: -1,
    now,
    timestamps: { ...job.timestamps },
    vertices,
    "status-counts": statusCounts,
    plan: planJson(job),
  };
  if (v.major >= 2) {
    Object.assign(body, { schedulerType: schedulerType(job), "pending-operators": 0, "stream-graph": { nodes: planJson(job).nodes } });
  }
  return body;
}

export function planJson(job: SimJob): { jid: string; name: string; type: string; nodes: Record<string, unknown>[] } {
  return {
    jid: job.id,
    name: job.name,
    type: job.type,
    nodes: job.vertices.map((vx, i) => {
      const node: Record<string, unknown> = {
        id: vx.id,
        parallelism: vx.parallelism,
        operator: "",
        operator_strategy: "",
        description: vx.name,
        optimizer_properties: {},
      };
      const prev = job.vertices[i - 1];
      if (prev) node.inputs = [{ num: 0, id: prev.id, ship_strategy: "FORWARD", exchange: "pipelined_bounded" }];
      return node;
    }),
  };
}

/**
 * `/jobs/:jobid/exceptions`. 2.x has only `exceptionHistory`; 1.x also sends the deprecated
 * top-level `root-exception`, `timestamp`, `all-exceptions` and `truncated` (flink-apis.md §1).
 */
export function exceptionsJson(job: SimJob, v: VersionFacts, maxExceptions: number | undefined, labelFilter: string[]): Record<string, unknown> {
  const filters = labelFilter.map((f) => f.split(":", 2) as [string, string | undefined]);
  const matching = job.exceptions.filter((e) => filters.every(([k, val]) => e.failureLabels[k] === val));
  const limit = maxExceptions ?? 10;
  const entries = matching.slice(0, limit);
  const body: Record<string, unknown> = { exceptionHistory: { entries, truncated: matching.length > entries.length } };
  if (v.major === 1) {
    const latest = job.exceptions[0];
    const failedNow = job.state === "FAILED" || job.state === "FAILING";
    if (job.rootFailure) Object.assign(body, { "root-exception": job.rootFailure.stacktrace, timestamp: job.rootFailure.timestamp });
    body["all-exceptions"] =
      failedNow && latest
        ? [{ exception: latest.stacktrace, task: latest.taskName, location: latest.endpoint, endpoint: latest.endpoint, timestamp: latest.timestamp, taskManagerId: latest.taskManagerId }]
        : [];
    body.truncated = false;
  }
  return body;
}

/**
 * GET /jobs/:id/config. JobConfigInfo has a custom serializer, so the wire is `{jid, name,
 * execution-config}`, not the spec's getter names (jobId, jobName, executionConfigInfo); Flink 1.x
 * also writes `execution-mode`, which 2.0 removed with ExecutionMode (the spec is 2.4's).
 */
export function jobConfigJson(job: SimJob, v: VersionFacts): Record<string, unknown> {
  return {
    jid: job.id,
    name: job.name,
    "execution-config": {
      ...(v.major === 1 ? { "execution-mode": "PIPELINED" } : {}),
      // A job that sets no restart strategy of its own reports the cluster's.
      "restart-strategy": "Cluster level default restart strategy",
      "job-parallelism": job.parallelism,
      "object-reuse-mode": false,
      "user-config": {},
    },
  };
}
