import { z } from "zod";
import { flinkPropertiesSchema } from "@/lib/environments/cluster-input";
import { checkFlinkValue } from "@/lib/flink/config-options";
import { idSchema, refSchema } from "@/lib/validation";

export const executionModes = ["remote", "yarn-session", "k8s-session", "yarn-application", "yarn-per-job", "k8s-application"] as const;
export type ExecutionMode = (typeof executionModes)[number];

/** Session modes run on a registered cluster; application modes start a cluster per job. */
export const sessionModes: readonly ExecutionMode[] = ["remote", "yarn-session", "k8s-session"];
export const clusterKindForMode: Partial<Record<ExecutionMode, "remote" | "yarn-session" | "k8s-session">> = {
  remote: "remote",
  "yarn-session": "yarn-session",
  "k8s-session": "k8s-session",
};

export const modeLabel: Record<ExecutionMode, string> = {
  remote: "Remote",
  "yarn-session": "YARN session",
  "k8s-session": "K8s session",
  "yarn-application": "YARN application",
  "yarn-per-job": "YARN per-job",
  "k8s-application": "K8s application",
};

/** Flink's MemorySize syntax: a number with an optional unit (b, k/kb, m/mb, g/gb, t/tb). */
const memorySchema = z
  .string()
  .trim()
  .regex(/^\d+(\.\d+)?\s*(b|bytes|k|kb|kibibytes|m|mb|mebibytes|g|gb|gibibytes|t|tb|tebibytes)?$/i, "Use Flink's memory syntax, e.g. 1600m or 2g.")
  .meta({ example: "1600m" });

const dirSchema = z
  .string()
  .trim()
  .max(2048, "That path is too long.")
  .regex(/^[A-Za-z][A-Za-z0-9+.-]*:\/\/\S*$|^\/\S*$/, "Give a URI like hdfs:///flink/checkpoints or s3://bucket/path, or an absolute path.")
  .refine((s) => !/[\u0000-\u001f]/.test(s), "A path cannot contain control characters.")
  .meta({ example: "hdfs:///flink/checkpoints" });

const argSchema = z
  .string()
  .max(4096, "A program argument can have at most 4096 characters.")
  .refine((s) => !/[\u0000\r\n]/.test(s), "A program argument must be one line.");

const javaClassSchema = z
  .string()
  .trim()
  .max(512)
  .regex(/^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/, "A main class is a fully qualified Java class name, e.g. com.example.Job.")
  .meta({ example: "com.example.StreamingJob" });

const dnsLabel = z
  .string()
  .trim()
  .max(63)
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, "Use a Kubernetes name: lowercase letters, digits and dashes.")
  .meta({ example: "flink" });

/**
 * Flink options Eddy sets itself when it deploys a job (lib/lifecycle/deploy), from a setting of
 * the job or from the run: as dynamic properties they would fight Eddy (a session SQL job's would
 * even win), so they are refused with the setting to use instead.
 */
const setting = (key: string, name: string) => `${key} is set by Eddy from the job's ${name} setting; use that setting instead of a dynamic property.`;
export const reservedJobProperties: Readonly<Record<string, string>> = {
  "execution.target": setting("execution.target", "Execution mode"),
  "parallelism.default": setting("parallelism.default", "Parallelism"),
  "yarn.application.queue": setting("yarn.application.queue", "YARN queue"),
  "kubernetes.namespace": `kubernetes.namespace is set by Eddy from the job's Namespace setting (Kubernetes application mode) or from its session cluster; use that instead of a dynamic property.`,
  "kubernetes.container.image": setting("kubernetes.container.image", "Image"),
  "kubernetes.container.image.ref": setting("kubernetes.container.image.ref", "Image"),
  "jobmanager.memory.process.size": setting("jobmanager.memory.process.size", "JobManager memory"),
  "taskmanager.memory.process.size": setting("taskmanager.memory.process.size", "TaskManager memory"),
  "taskmanager.numberOfTaskSlots": setting("taskmanager.numberOfTaskSlots", "Slots per TaskManager"),
  "state.checkpoints.dir": setting("state.checkpoints.dir", "Checkpoint directory"),
  "execution.checkpointing.dir": setting("execution.checkpointing.dir", "Checkpoint directory"),
  "state.savepoints.dir": setting("state.savepoints.dir", "Savepoint directory"),
  "execution.checkpointing.savepoint-dir": setting("execution.checkpointing.savepoint-dir", "Savepoint directory"),
  "kubernetes.cluster-id": "kubernetes.cluster-id is set by Eddy: each Kubernetes application run gets its own, and a session job uses its cluster's; it cannot be a dynamic property.",
  "yarn.application.name": "yarn.application.name is set by Eddy, which names each run's YARN application to find it again; it cannot be a dynamic property.",
  "yarn.application.id": "yarn.application.id is set by Eddy from the job's YARN session cluster; choose the cluster instead of a dynamic property.",
  "$internal.pipeline.job-id": "$internal.pipeline.job-id is set by Eddy, which fixes each run's Flink job id; it cannot be a dynamic property.",
  "execution.savepoint.path": "execution.savepoint.path is set by Eddy when a start restores a snapshot; choose the savepoint or checkpoint when you start the job.",
  "execution.state-recovery.path": "execution.state-recovery.path is set by Eddy when a start restores a snapshot; choose the savepoint or checkpoint when you start the job.",
  "execution.savepoint.ignore-unclaimed-state": "execution.savepoint.ignore-unclaimed-state is set by Eddy when a start restores a snapshot; tick “Allow non-restored state” when you start the job.",
  "execution.state-recovery.ignore-unclaimed-state":
    "execution.state-recovery.ignore-unclaimed-state is set by Eddy when a start restores a snapshot; tick “Allow non-restored state” when you start the job.",
};

/**
 * A job's dynamic properties: Flink keys with one-line values (the cluster rule), none that Eddy
 * sets itself, and values of the type Flink parses them as where Eddy knows the option
 * (lib/flink/config-options; a `${variable}` is checked only by Flink, after substitution).
 * Unknown keys pass: Flink and its connectors have far more options than any catalogue.
 */
export const jobPropertiesSchema = flinkPropertiesSchema.superRefine((properties, ctx) => {
  for (const [key, value] of Object.entries(properties)) {
    const message = Object.prototype.hasOwnProperty.call(reservedJobProperties, key) ? reservedJobProperties[key]! : checkFlinkValue(key, value);
    if (message) ctx.addIssue({ code: "custom", path: [key], message });
  }
});

export const DEFAULT_ALERT_RULES = { failed: true, lost: true, restarted: true, restartLimit: true, checkpointFailures: true, cancelledOutside: true, quietMinutes: 10 };

export const alertRulesSchema = z.object({
  failed: z.boolean().default(true),
  lost: z.boolean().default(true),
  restarted: z.boolean().default(true),
  restartLimit: z.boolean().default(true),
  checkpointFailures: z.boolean().default(true),
  cancelledOutside: z.boolean().default(true),
  quietMinutes: z.coerce.number().int("The quiet period is a whole number of minutes.").min(0).max(24 * 60).default(10),
});
export type AlertRules = z.infer<typeof alertRulesSchema>;

/**
 * What a job runs with: everything but the SQL. Saved as part of each version, so a rollback
 * restores it too. References (version, cluster, jars) are names or ids here and are resolved to
 * ids on save (lib/jobs/resolve.ts).
 */
export const jobSettingsInput = z.object({
  mode: z.enum(executionModes, { error: () => "Choose an execution mode." }),
  flinkVersion: refSchema.optional(),
  cluster: refSchema.optional(),
  yarnQueue: z.string().trim().max(200).regex(/^[A-Za-z0-9_.-]*$/, "A queue name uses letters, digits, dots, dashes and underscores.").optional(),
  k8sNamespace: dnsLabel.optional(),
  k8sImage: z.string().trim().max(512).regex(/^[A-Za-z0-9./:@_-]*$/, "Not a container image reference.").optional(),
  parallelism: z.coerce.number().int("Parallelism is a whole number.").min(1, "Parallelism is at least 1.").max(100_000).default(1),
  jobManagerMemory: memorySchema.optional(),
  taskManagerMemory: memorySchema.optional(),
  slots: z.coerce.number().int().min(1, "At least 1 slot per TaskManager.").max(1024).optional(),
  dynamicProperties: jobPropertiesSchema.default({}),
  programArgs: z.array(argSchema).max(200, "At most 200 program arguments.").default([]),
  jar: refSchema.optional(),
  mainClass: javaClassSchema.optional(),
  dependencies: z.array(refSchema).max(100, "At most 100 dependency jars.").default([]),
  checkpointDir: dirSchema.optional(),
  savepointDir: dirSchema.optional(),
  restart: z
    .object({
      maxAttempts: z.coerce.number().int().min(0).max(1000).default(3),
      windowMinutes: z.coerce.number().int().min(1).max(7 * 24 * 60).default(30),
    })
    .default({ maxAttempts: 3, windowMinutes: 30 }),
  checkpointFailure: z
    .object({
      action: z.enum(["none", "alert", "restart"]).default("alert"),
      count: z.coerce.number().int().min(1).max(1000).default(3),
      windowMinutes: z.coerce.number().int().min(1).max(24 * 60).default(10),
    })
    .default({ action: "alert", count: 3, windowMinutes: 10 }),
  /** Where the job's alerts go: a channel of the team, by name or id (`alertChannelId` is the older spelling). */
  alertChannel: refSchema.nullable().optional(),
  alertChannelId: idSchema.nullable().optional(),
  /** Which conditions alert, and the quiet period in which the same condition is not sent again. */
  alerts: alertRulesSchema.default(DEFAULT_ALERT_RULES),
});
export type JobSettingsInput = z.input<typeof jobSettingsInput>;

/** The settings as stored in a version: references resolved, jars pinned by checksum. */
export type StoredJarRef = { resourceId: number; name: string; sha256: string };
export type JobSettings = {
  mode: ExecutionMode;
  flinkVersionId: number | null;
  flinkVersionName: string | null;
  clusterId: number | null;
  clusterName: string | null;
  yarnQueue: string | null;
  k8sNamespace: string | null;
  k8sImage: string | null;
  parallelism: number;
  jobManagerMemory: string | null;
  taskManagerMemory: string | null;
  slots: number | null;
  dynamicProperties: Record<string, string>;
  programArgs: string[];
  jarResourceId: number | null;
  jar: StoredJarRef | null;
  mainClass: string | null;
  dependencies: StoredJarRef[];
  checkpointDir: string | null;
  savepointDir: string | null;
  restart: { maxAttempts: number; windowMinutes: number };
  checkpointFailure: { action: "none" | "alert" | "restart"; count: number; windowMinutes: number };
  alertChannelId: number | null;
  alertChannelName?: string | null;
  /** Absent in versions saved before alert rules existed: read through alertRulesOf(). */
  alerts?: AlertRules;
};

/** A version's alert rules, the defaults for versions saved before rules existed. */
export function alertRulesOf(s: Pick<JobSettings, "alerts">): AlertRules {
  return { ...DEFAULT_ALERT_RULES, ...s.alerts };
}

/** Settings as a form or the API shows them again (references by name). */
export function settingsForInput(s: JobSettings): JobSettingsInput {
  return {
    mode: s.mode,
    flinkVersion: s.flinkVersionName ?? undefined,
    cluster: s.clusterName ?? undefined,
    yarnQueue: s.yarnQueue ?? undefined,
    k8sNamespace: s.k8sNamespace ?? undefined,
    k8sImage: s.k8sImage ?? undefined,
    parallelism: s.parallelism,
    jobManagerMemory: s.jobManagerMemory ?? undefined,
    taskManagerMemory: s.taskManagerMemory ?? undefined,
    slots: s.slots ?? undefined,
    dynamicProperties: s.dynamicProperties,
    programArgs: s.programArgs,
    jar: s.jar?.name,
    mainClass: s.mainClass ?? undefined,
    dependencies: s.dependencies.map((d) => d.name),
    checkpointDir: s.checkpointDir ?? undefined,
    savepointDir: s.savepointDir ?? undefined,
    restart: s.restart,
    checkpointFailure: s.checkpointFailure,
    alertChannel: s.alertChannelName ?? (s.alertChannelId ? String(s.alertChannelId) : null),
    alerts: alertRulesOf(s),
  };
}
