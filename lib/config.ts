import os from "node:os";
import path from "node:path";
import { z } from "zod";

/**
 * Process configuration, read from the environment once. Everything has a default so that
 * `npm start` on a fresh machine needs no settings at all.
 */
const envSchema = z.object({
  DATABASE_URL: z.string().min(1).optional(),
  EDDY_DATA_DIR: z.string().min(1).optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  EDDY_WORKER: z.enum(["on", "off"]).default("on"),
  EDDY_PUBLIC_URL: z.url().optional(),
  EDDY_TRUST_PROXY: z.enum(["true", "false"]).default("false"),
  EDDY_ADMIN_PASSWORD: z.string().min(8, "EDDY_ADMIN_PASSWORD must have at least 8 characters").optional(),
  EDDY_PG_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  EDDY_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(4),
  EDDY_CLUSTER_PROBE_SECONDS: z.coerce.number().min(1).max(3600).default(15),
  EDDY_YARN_RM_URL: z.url().optional(),
  EDDY_WATCH_SECONDS: z.coerce.number().min(1).max(3600).default(5),
  EDDY_LOST_GRACE_SECONDS: z.coerce.number().min(1).max(3600).default(60),
  EDDY_CHECKPOINT_WATCH_SECONDS: z.coerce.number().min(1).max(3600).default(30),
  EDDY_SNAPSHOTS_KEPT: z.coerce.number().int().min(1).max(1000).default(10),
  EDDY_START_WAIT_SECONDS: z.coerce.number().min(0).max(3600).default(120),
  EDDY_WORKER_STALE_SECONDS: z.coerce.number().min(2).max(3600).default(30),
  EDDY_YARN_USER: z.string().regex(/^[A-Za-z0-9._-]+$/, "EDDY_YARN_USER must be a plain user name").optional(),
  // The Flink Kubernetes operator's ingress-template placeholders: {{name}} (the cluster id) and {{namespace}}.
  EDDY_K8S_REST_URL_TEMPLATE: z.string().min(1).default("http://{{name}}-rest.{{namespace}}.svc:8081"),
  // Fractions are allowed (tests set a limit of a few kilobytes).
  EDDY_MAX_UPLOAD_MB: z.coerce.number().positive("EDDY_MAX_UPLOAD_MB must be positive").max(1024 * 1024).default(512),
});

export type Config = {
  databaseUrl?: string;
  dataDir: string;
  port: number;
  host: string;
  runWorker: boolean;
  publicUrl?: string;
  trustProxy: boolean;
  adminPassword?: string;
  embeddedPgPort?: number;
  workerConcurrency: number;
  /** How often every cluster's health is probed. */
  clusterProbeSeconds: number;
  /** How Eddy reaches a Kubernetes session's JobManager when the cluster names no REST URL. */
  k8sRestUrlTemplate: string;
  /** The ResourceManager that YARN application and per-job jobs run on (Eddy watches them there). */
  yarnRmUrl?: string;
  /** How often running jobs are watched (their clusters, ResourceManagers, namespaces). */
  watchSeconds: number;
  /** How long a run may be missing from where it should be before it counts as LOST. */
  lostGraceSeconds: number;
  /** How often running jobs' checkpoint statistics are read (one call per running job, so slower). */
  checkpointWatchSeconds: number;
  /** How many savepoints, and how many checkpoints, Eddy keeps on record per job. */
  snapshotsKept: number;
  /** How long a start waits for RUNNING before leaving the rest to the watcher. */
  startWaitSeconds: number;
  /** A worker process whose heartbeat is older than this is dead: the jobs it held are released. */
  workerStaleSeconds: number;
  /** The user YARN's REST API acts as on a cluster without Kerberos (`?user.name=`); the OS user by default. */
  yarnUser: string;
  /** The largest jar an upload may carry, in MB (EDDY_MAX_UPLOAD_MB). */
  maxUploadMb: number;
};

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable (`DATABASE_URL= npm start`) means "not set", as in most tools.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Eddy's settings are not valid:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  return {
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.EDDY_DATA_DIR ?? ".eddy"),
    port: e.PORT,
    host: e.HOST,
    runWorker: e.EDDY_WORKER === "on",
    publicUrl: e.EDDY_PUBLIC_URL?.replace(/\/+$/, ""),
    trustProxy: e.EDDY_TRUST_PROXY === "true",
    adminPassword: e.EDDY_ADMIN_PASSWORD,
    embeddedPgPort: e.EDDY_PG_PORT,
    workerConcurrency: e.EDDY_WORKER_CONCURRENCY,
    clusterProbeSeconds: e.EDDY_CLUSTER_PROBE_SECONDS,
    k8sRestUrlTemplate: e.EDDY_K8S_REST_URL_TEMPLATE,
    yarnUser: e.EDDY_YARN_USER ?? os.userInfo().username,
    yarnRmUrl: e.EDDY_YARN_RM_URL?.replace(/\/+$/, ""),
    watchSeconds: e.EDDY_WATCH_SECONDS,
    lostGraceSeconds: e.EDDY_LOST_GRACE_SECONDS,
    checkpointWatchSeconds: e.EDDY_CHECKPOINT_WATCH_SECONDS,
    snapshotsKept: e.EDDY_SNAPSHOTS_KEPT,
    startWaitSeconds: e.EDDY_START_WAIT_SECONDS,
    workerStaleSeconds: e.EDDY_WORKER_STALE_SECONDS,
    maxUploadMb: e.EDDY_MAX_UPLOAD_MB,
  };
}
