import type { Cluster } from "@/db/queries/clusters";
import { loadConfig } from "@/lib/config";
import { AppError, isAppError } from "@/lib/errors";
import { FlinkUnreachableError } from "@/lib/flink/errors";
import { JobManagerClient } from "@/lib/flink/jobmanager";
import { FINAL_YARN_STATES, YarnClient } from "@/lib/flink/yarn";

/** What a probe learned about a cluster: health, and the counts the clusters page shows. */
export type ProbeResult = {
  health: "healthy" | "unreachable" | "error" | "unknown";
  message: string | null;
  reportedVersion?: string | null;
  jobsTotal?: number;
  jobsRunning?: number;
  taskManagers?: number;
  slotsTotal?: number;
  slotsAvailable?: number;
  /** For YARN sessions: the application ended (killed, finished or failed) outside Eddy. */
  yarnEnded?: { state: string; finalStatus: string };
  /** Every job the cluster runs or remembers, from the same /jobs/overview read (the watcher reconciles runs with it). */
  jobs?: { id: string; state: string }[];
};

const PROBE_TIMEOUT_MS = 5_000;

/** The JobManager REST URL of a Kubernetes session: the one registered, else the server-wide template. */
export function k8sRestUrl(c: Pick<Cluster, "restUrl" | "k8sClusterId" | "k8sNamespace">): string {
  if (c.restUrl) return c.restUrl;
  return loadConfig()
    .k8sRestUrlTemplate.replaceAll("{{name}}", c.k8sClusterId ?? "")
    .replaceAll("{{namespace}}", c.k8sNamespace ?? "default");
}

type Reach = { client: JobManagerClient } | { unavailable: ProbeResult };

/** How to talk to the cluster's JobManager, or why there is nothing to talk to yet. */
export async function reachJobManager(c: Cluster, timeoutMs = PROBE_TIMEOUT_MS): Promise<Reach> {
  const common = { timeoutMs, retries: 0, flinkVersion: c.reportedVersion ?? c.flinkVersion ?? undefined };
  switch (c.kind) {
    case "remote":
      return { client: new JobManagerClient({ ...common, baseUrl: c.restUrl! }) };
    case "k8s-session":
      return { client: new JobManagerClient({ ...common, baseUrl: k8sRestUrl(c) }) };
    case "yarn-session": {
      if (!c.yarnApplicationId) return { unavailable: { health: "unknown", message: c.state === "starting" ? "The YARN session is being started." : "No YARN application yet." } };
      const yarn = new YarnClient({ rmUrl: c.yarnRmUrl!, user: loadConfig().yarnUser, timeoutMs, retries: 0 });
      const app = await yarn.getApp(c.yarnApplicationId);
      if (FINAL_YARN_STATES.includes(app.state)) {
        return {
          unavailable: {
            health: "unreachable",
            message: `YARN application ${c.yarnApplicationId} is ${app.state} (final status ${app.finalStatus}).`,
            yarnEnded: { state: app.state, finalStatus: app.finalStatus ?? "UNDEFINED" },
          },
        };
      }
      return { client: yarn.jobManagerFor(c.yarnApplicationId, common) };
    }
  }
}

function describe(e: unknown): ProbeResult {
  if (e instanceof FlinkUnreachableError) return { health: "unreachable", message: e.message };
  if (isAppError(e)) return { health: "error", message: e.message };
  console.error("[probe] unexpected error", e);
  return { health: "error", message: "The probe failed unexpectedly; see the server log." };
}

/**
 * One health probe: two reads, /overview (TaskManagers, slots, version) and /jobs/overview (every
 * job's state in one call), never one call per job.
 */
export async function probeCluster(c: Cluster): Promise<ProbeResult> {
  try {
    const reach = await reachJobManager(c);
    if ("unavailable" in reach) return reach.unavailable;
    const [overview, jobs] = await Promise.all([reach.client.overview(), reach.client.jobsOverview()]);
    return {
      health: "healthy",
      message: null,
      reportedVersion: overview["flink-version"] ?? null,
      jobsTotal: jobs.length,
      jobsRunning: jobs.filter((j) => j.state === "RUNNING").length,
      taskManagers: overview.taskmanagers,
      slotsTotal: overview["slots-total"],
      slotsAvailable: overview["slots-available"],
      jobs: jobs.map((j) => ({ id: j.jid ?? "", state: j.state ?? "UNKNOWN" })),
    };
  } catch (e) {
    return describe(e);
  }
}

export type LiveJob = { id: string; name: string; state: string; startTime: number; endTime: number; duration: number; tasksTotal: number };

/** The jobs Flink reports right now (for refusing a delete, and for the cluster page). */
export async function liveJobsOf(c: Cluster, timeoutMs = 3_000): Promise<LiveJob[]> {
  const reach = await reachJobManager(c, timeoutMs);
  if ("unavailable" in reach) throw new AppError("flink_unreachable", reach.unavailable.message ?? "The cluster cannot be reached.");
  return (await reach.client.jobsOverview()).map((j) => ({
    id: j.jid ?? "",
    name: j.name ?? "",
    state: j.state ?? "UNKNOWN",
    startTime: j["start-time"] ?? 0,
    endTime: j["end-time"] ?? -1,
    duration: j.duration ?? 0,
    tasksTotal: j.tasks?.total ?? 0,
  }));
}

export type LiveTaskManager = { id: string; slots: number; freeSlots: number; cpuCores: number | null; heartbeatAgoMs: number | null };

/** What the cluster page shows beyond the stored probe: its jobs and TaskManagers, live. */
export async function liveSnapshot(c: Cluster): Promise<{ jobs: LiveJob[]; taskManagers: LiveTaskManager[] } | { error: string }> {
  try {
    const reach = await reachJobManager(c, 3_000);
    if ("unavailable" in reach) return { error: reach.unavailable.message ?? "The cluster cannot be reached." };
    const [jobs, tms] = await Promise.all([liveJobsOf(c), reach.client.taskManagers()]);
    return {
      jobs,
      taskManagers: tms.map((t) => ({
        id: String(t.id),
        slots: t.slotsNumber ?? 0,
        freeSlots: t.freeSlots ?? 0,
        cpuCores: t.hardware?.cpuCores ?? null,
        // Despite its name, Flink sends the last heartbeat's epoch-ms timestamp here.
        heartbeatAgoMs: t.timeSinceLastHeartbeat == null ? null : Math.max(0, Date.now() - t.timeSinceLastHeartbeat),
      })),
    };
  } catch (e) {
    return { error: describe(e).message ?? "The cluster cannot be reached." };
  }
}
