import { invalidInput } from "@/lib/errors";
import { joinUrl } from "@/lib/flink/http";
import { parseFlinkVersion } from "@/lib/flink/flink-version";
import type { JobStatus } from "@/lib/flink/jobmanager-types";

/**
 * The subset of the Flink Kubernetes Operator's CRDs (flink.apache.org/v1beta1, flinkdeployments
 * and flinksessionjobs .flink.apache.org-v1.yml) that Eddy writes and reads, typed by hand.
 */

export const FLINK_GROUP = "flink.apache.org";
export const FLINK_CRD_VERSION = "v1beta1";
export const FLINK_API_VERSION = `${FLINK_GROUP}/${FLINK_CRD_VERSION}` as const;

export const FLINK_VERSION_ENUM = ["v1_13", "v1_14", "v1_15", "v1_16", "v1_17", "v1_18", "v1_19", "v1_20", "v2_0", "v2_1", "v2_2", "v2_3", "v2_4"] as const;
export type FlinkVersionEnum = (typeof FLINK_VERSION_ENUM)[number];
export type UpgradeMode = "stateless" | "savepoint" | "last-state";
/** Lowercase in the CRD, unlike Flink's JobStatus. */
export type JobState = "running" | "suspended";
export type LifecycleState = "CREATED" | "SUSPENDED" | "UPGRADING" | "DEPLOYED" | "STABLE" | "ROLLING_BACK" | "ROLLED_BACK" | "FAILED" | "DELETING" | "DELETED";
export type JobManagerDeploymentStatus = "READY" | "DEPLOYED_NOT_READY" | "DEPLOYING" | "MISSING" | "ERROR";
export type SnapshotTriggerType = "MANUAL" | "PERIODIC" | "UPGRADE" | "UNKNOWN";

export interface Resource {
  cpu?: number;
  /** e.g. "2048m", "2g". */
  memory?: string;
  ephemeralStorage?: string;
}

export interface JobSpec {
  jarURI?: string;
  entryClass?: string;
  args?: string[];
  parallelism?: number;
  state?: JobState;
  upgradeMode?: UpgradeMode;
  savepointTriggerNonce?: number;
  checkpointTriggerNonce?: number;
  initialSavepointPath?: string;
  allowNonRestoredState?: boolean;
  savepointRedeployNonce?: number;
  autoscalerResetNonce?: number;
}

export interface ProcessSpec {
  resource?: Resource;
  replicas?: number;
  podTemplate?: Record<string, unknown>;
}

export interface FlinkDeploymentSpec {
  image?: string;
  imagePullPolicy?: string;
  serviceAccount?: string;
  flinkVersion?: FlinkVersionEnum;
  /** Free-form in the CRD (flat or nested); Eddy writes a flat map of strings. */
  flinkConfiguration?: Record<string, string>;
  logConfiguration?: Record<string, string>;
  mode?: "native" | "standalone";
  podTemplate?: Record<string, unknown>;
  ingress?: { template?: string; className?: string; annotations?: Record<string, string>; labels?: Record<string, string>; tls?: unknown[] };
  restartNonce?: number;
  jobManager?: ProcessSpec;
  taskManager?: ProcessSpec;
  /** Absent for a session cluster. */
  job?: JobSpec;
}

export interface Savepoint {
  location?: string;
  timeStamp?: number;
  triggerType?: SnapshotTriggerType;
  formatType?: string;
  triggerNonce?: number;
}

export interface CrJobStatus {
  jobName?: string;
  jobId?: string;
  state?: JobStatus;
  /** Epoch ms as a string. */
  startTime?: string;
  updateTime?: string;
  upgradeSavepointPath?: string;
  savepointInfo?: {
    lastSavepoint?: Savepoint | null;
    triggerId?: string;
    triggerTimestamp?: number;
    triggerType?: SnapshotTriggerType;
    savepointHistory?: Savepoint[];
  };
  checkpointInfo?: Record<string, unknown>;
}

export interface ReconciliationStatus {
  state?: "DEPLOYED" | "UPGRADING" | "ROLLING_BACK" | "ROLLED_BACK";
  lastReconciledSpec?: string;
  lastStableSpec?: string;
  reconciliationTimestamp?: number;
}

export interface FlinkSessionJobStatus {
  jobStatus?: CrJobStatus;
  lifecycleState?: LifecycleState;
  /** A JSON string: {"type","message","stackTrace"?,"additionalMetadata","throwableList"}; null once cleared. */
  error?: string | null;
  reconciliationStatus?: ReconciliationStatus;
  observedGeneration?: number;
}

export interface FlinkDeploymentStatus extends FlinkSessionJobStatus {
  jobManagerDeploymentStatus?: JobManagerDeploymentStatus;
  clusterInfo?: Record<string, string>;
  taskManager?: { labelSelector?: string; replicas?: number };
  conditions?: Record<string, unknown>[];
}

export interface ObjectMeta {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  resourceVersion?: string;
  generation?: number;
  uid?: string;
  creationTimestamp?: string;
}

export interface FlinkDeployment {
  apiVersion: typeof FLINK_API_VERSION;
  kind: "FlinkDeployment";
  metadata: ObjectMeta;
  spec: FlinkDeploymentSpec;
  status?: FlinkDeploymentStatus;
}

export interface FlinkSessionJob {
  apiVersion: typeof FLINK_API_VERSION;
  kind: "FlinkSessionJob";
  metadata: ObjectMeta;
  spec: { deploymentName: string; job?: JobSpec; flinkConfiguration?: Record<string, string>; restartNonce?: number };
  status?: FlinkSessionJobStatus;
}

export type FlinkResource = FlinkDeployment | FlinkSessionJob;

const enumToVersion = (e: FlinkVersionEnum | undefined): string => (e ?? "").slice(1).replace("_", ".");

/** `"1.20.1"` → `"v1_20"`; refuses versions the operator's CRD does not list. */
export function flinkVersionEnum(version: string): FlinkVersionEnum {
  const v = parseFlinkVersion(version);
  const value = v ? `v${v.major}_${v.minor}` : version;
  const known = FLINK_VERSION_ENUM.find((e) => e === value);
  if (!known) {
    const [first, last] = [FLINK_VERSION_ENUM[0], FLINK_VERSION_ENUM[FLINK_VERSION_ENUM.length - 1]].map(enumToVersion);
    throw invalidInput(`The Flink Kubernetes Operator supports Flink ${first} to ${last}, not "${version}".`);
  }
  return known;
}

/** The operator's rule for FlinkDeployment names (they become Service and Deployment names). */
export function checkDeploymentName(name: string): string {
  if (!/^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(name) || name.length > 45) {
    throw invalidInput(
      `"${name}" cannot name a FlinkDeployment: use lowercase letters, digits and "-", start with a letter, end with a letter or digit, at most 45 characters.`,
    );
  }
  return name;
}

/** A Kubernetes object name (DNS-1123 subdomain). */
export function checkObjectName(name: string): string {
  if (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(name) || name.length > 253) {
    throw invalidInput(`"${name}" cannot name a Kubernetes object: use lowercase letters, digits, "-" and ".", starting and ending with a letter or digit.`);
  }
  return name;
}

export interface DeploymentInput {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  image: string;
  /** "1.20.1" or "v1_20". */
  flinkVersion: string;
  flinkConfiguration?: Record<string, string | number | boolean>;
  serviceAccount?: string;
  jobManager?: Resource & { replicas?: number };
  taskManager?: Resource & { replicas?: number };
}

export interface ApplicationJobInput {
  jarURI: string;
  entryClass?: string;
  args?: string[];
  parallelism?: number;
  upgradeMode?: UpgradeMode;
  initialSavepointPath?: string;
  allowNonRestoredState?: boolean;
  state?: JobState;
}

function processSpec(p: (Resource & { replicas?: number }) | undefined, defaults: Resource): ProcessSpec {
  const { replicas, ...resource } = p ?? {};
  return { resource: { ...defaults, ...resource }, ...(replicas === undefined ? {} : { replicas }) };
}

function objectMeta(name: string, namespace?: string, labels?: Record<string, string>): ObjectMeta {
  return { name, ...(namespace ? { namespace } : {}), ...(labels ? { labels } : {}) };
}

function deployment(input: DeploymentInput, job?: JobSpec): FlinkDeployment {
  const flinkVersion = FLINK_VERSION_ENUM.find((e) => e === input.flinkVersion) ?? flinkVersionEnum(input.flinkVersion);
  return {
    apiVersion: FLINK_API_VERSION,
    kind: "FlinkDeployment",
    metadata: objectMeta(checkDeploymentName(input.name), input.namespace, input.labels),
    spec: {
      image: input.image,
      flinkVersion,
      // The CRD takes any shape here, but Flink reads strings: "2" and "true", not 2 and true.
      flinkConfiguration: Object.fromEntries(Object.entries(input.flinkConfiguration ?? {}).map(([k, v]) => [k, String(v)])),
      ...(input.serviceAccount ? { serviceAccount: input.serviceAccount } : {}),
      jobManager: processSpec(input.jobManager, { cpu: 1, memory: "1600m" }),
      taskManager: processSpec(input.taskManager, { cpu: 1, memory: "1728m" }),
      ...(job ? { job } : {}),
    },
  };
}

/** A session cluster: a FlinkDeployment without `job`; jobs come as FlinkSessionJobs or over REST. */
export function sessionClusterDeployment(input: DeploymentInput): FlinkDeployment {
  return deployment(input);
}

/** An application cluster running one job. */
export function applicationDeployment(input: DeploymentInput & { job: ApplicationJobInput }): FlinkDeployment {
  const j = input.job;
  const job: JobSpec = { jarURI: j.jarURI, args: j.args ?? [], state: j.state ?? "running", upgradeMode: j.upgradeMode ?? "stateless" };
  if (j.entryClass) job.entryClass = j.entryClass;
  if (j.parallelism !== undefined) job.parallelism = j.parallelism;
  if (j.initialSavepointPath) job.initialSavepointPath = j.initialSavepointPath;
  if (j.allowNonRestoredState !== undefined) job.allowNonRestoredState = j.allowNonRestoredState;
  return deployment(input, job);
}

/** A job for an existing session cluster FlinkDeployment. */
export function sessionJob(input: {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  deploymentName: string;
  job: ApplicationJobInput;
  flinkConfiguration?: Record<string, string>;
}): FlinkSessionJob {
  const { job, deploymentName, name, namespace, labels, flinkConfiguration } = input;
  return {
    apiVersion: FLINK_API_VERSION,
    kind: "FlinkSessionJob",
    metadata: objectMeta(checkObjectName(name), namespace, labels),
    spec: {
      deploymentName,
      job: { ...job, args: job.args ?? [], state: job.state ?? "running", upgradeMode: job.upgradeMode ?? "stateless" },
      ...(flinkConfiguration ? { flinkConfiguration } : {}),
    },
  };
}

export interface OperatorError {
  type: string;
  message: string;
  stackTrace?: string;
  additionalMetadata?: Record<string, unknown>;
  throwableList?: { type?: string; message?: string }[];
}

/** The status of a FlinkDeployment or FlinkSessionJob, normalised: numbers for times, the error parsed. */
export interface FlinkResourceStatusView {
  lifecycleState: LifecycleState | null;
  /** Null for session jobs, which have none. */
  jobManagerDeploymentStatus: JobManagerDeploymentStatus | null;
  jobStatus: { jobId: string | null; jobName: string | null; state: JobStatus | null; startTime: number | null; updateTime: number | null } | null;
  lastSavepoint: Savepoint | null;
  upgradeSavepointPath: string | null;
  error: OperatorError | null;
  reconciliationState: ReconciliationStatus["state"] | null;
  observedGeneration: number | null;
  /** lifecycleState STABLE and job RUNNING (flink-apis.md §4); for a session cluster, STABLE and READY. */
  healthy: boolean;
}

const epochMs = (v: string | number | undefined): number | null => {
  const n = typeof v === "number" ? v : v ? Number(v) : NaN;
  return Number.isFinite(n) ? n : null;
};

/** `status.error` is a JSON string; an unparseable one is kept as the message. */
function parseOperatorError(error: string | null | undefined): OperatorError | null {
  if (!error) return null;
  try {
    const parsed = JSON.parse(error) as Partial<OperatorError>;
    if (parsed && typeof parsed === "object") {
      return { ...parsed, type: String(parsed.type ?? "Unknown"), message: String(parsed.message ?? "") } as OperatorError;
    }
  } catch {
    // not JSON: older operators wrote the message itself
  }
  return { type: "Unknown", message: error };
}

export function flinkResourceStatus(resource: FlinkResource): FlinkResourceStatusView {
  const s: FlinkDeploymentStatus = resource.status ?? {};
  const js = s.jobStatus;
  const lifecycleState = s.lifecycleState ?? null;
  const jobManagerDeploymentStatus = resource.kind === "FlinkDeployment" ? (s.jobManagerDeploymentStatus ?? null) : null;
  const hasJob = resource.kind === "FlinkSessionJob" || resource.spec.job !== undefined;
  return {
    lifecycleState,
    jobManagerDeploymentStatus,
    jobStatus: js
      ? { jobId: js.jobId ?? null, jobName: js.jobName ?? null, state: js.state ?? null, startTime: epochMs(js.startTime), updateTime: epochMs(js.updateTime) }
      : null,
    lastSavepoint: js?.savepointInfo?.lastSavepoint ?? null,
    upgradeSavepointPath: js?.upgradeSavepointPath ?? null,
    error: parseOperatorError(s.error),
    reconciliationState: s.reconciliationStatus?.state ?? null,
    observedGeneration: s.observedGeneration ?? null,
    healthy: lifecycleState === "STABLE" && (hasJob ? js?.state === "RUNNING" : jobManagerDeploymentStatus === "READY"),
  };
}

/**
 * Where a FlinkDeployment's REST API can be reached. With `spec.ingress.template` the operator
 * creates an Ingress from it (`{{name}}`, `{{namespace}}`; a template starting with "/" is a path on
 * `ingressBaseUrl`); without, the in-cluster Service `<name>-rest` on `rest.port` (8081).
 */
export function jobManagerRestUrl(dep: FlinkDeployment, opts: { ingressBaseUrl?: string; clusterDomain?: string } = {}): string {
  const name = dep.metadata.name;
  const namespace = dep.metadata.namespace ?? "default";
  const template = dep.spec.ingress?.template;
  if (template) {
    const expanded = template.replaceAll("{{name}}", name).replaceAll("{{namespace}}", namespace).replace(/\(\/\|\$\)\(\.\*\)$/, "");
    const scheme = dep.spec.ingress?.tls?.length ? "https" : "http";
    if (!expanded.startsWith("/")) return `${scheme}://${expanded.replace(/\/*$/, "/")}`;
    if (opts.ingressBaseUrl) return joinUrl(opts.ingressBaseUrl, `${expanded.replace(/\/*$/, "")}/`);
  }
  const port = Number(dep.spec.flinkConfiguration?.["rest.port"]) || 8081;
  return `http://${name}-rest.${namespace}.svc${opts.clusterDomain ? `.${opts.clusterDomain}` : ""}:${port}/`;
}
