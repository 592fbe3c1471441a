import { z } from "zod";
import type { Cluster } from "@/db/queries/clusters";
import type { Job, JobSummary } from "@/db/queries/jobs";
import { refSchema } from "@/lib/validation";

/** Response shapes shared by several endpoints. Each registers as an OpenAPI component. */

export const teamRef = refSchema.meta({
  description: "A team's name or numeric id.",
  example: "default",
  param: { description: "A team's name or numeric id." },
});

export const teamSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    description: z.string(),
    createdAt: z.date().transform((d) => d.toISOString()).pipe(z.string()).meta({ override: { type: "string", format: "date-time" } }),
    role: z.string().optional().meta({ description: "The caller's role in the team (“admin” for administrators)." }),
    memberCount: z.number().int().optional(),
  })
  .meta({ id: "Team" });

export const memberSchema = z
  .object({
    userId: z.number().int(),
    username: z.string(),
    displayName: z.string(),
    enabled: z.boolean(),
    role: z.string(),
    joinedAt: z.date().transform((d) => d.toISOString()).pipe(z.string()).meta({ override: { type: "string", format: "date-time" } }),
  })
  .meta({ id: "Member" });

export const isoDate = z
  .date()
  .transform((d) => d.toISOString())
  .pipe(z.string())
  .meta({ override: { type: "string", format: "date-time" } });

export const flinkVersionSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    home: z.string().meta({ description: "FLINK_HOME on the Eddy server." }),
    version: z.string().meta({ example: "1.20.1" }),
    commit: z.string().nullable(),
    distJar: z.string(),
    configFile: z.string().nullable(),
    description: z.string(),
    isDefault: z.boolean(),
    clusterCount: z.number().int().optional(),
    configText: z.string().optional().meta({ description: "The configuration file's text, as read at registration or the last sync." }),
    createdAt: isoDate,
    syncedAt: isoDate,
  })
  .meta({ id: "FlinkVersion" });

export const clusterSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    description: z.string(),
    labels: z.array(z.string()),
    kind: z.enum(["remote", "yarn-session", "k8s-session"]),
    flinkVersion: z.string().nullable().meta({ description: "The registered Flink version's name." }),
    restUrl: z.string().nullable(),
    yarnRmUrl: z.string().nullable(),
    yarnApplicationId: z.string().nullable(),
    yarnQueue: z.string().nullable(),
    k8sNamespace: z.string().nullable(),
    k8sClusterId: z.string().nullable(),
    k8sContext: z.string().nullable(),
    k8sImage: z.string().nullable(),
    sqlGatewayUrl: z.string().nullable(),
    alertChannelId: z.number().int().nullable().meta({ description: "Where “unreachable” alerts for this cluster go." }),
    properties: z.record(z.string(), z.string()),
    managed: z.boolean().meta({ description: "Eddy started this session cluster and can stop it." }),
    state: z.enum(["registered", "starting", "running", "stopping", "stopped", "failed"]),
    stateMessage: z.string().nullable(),
    health: z.object({
      status: z.enum(["unknown", "healthy", "unreachable", "error"]),
      message: z.string().nullable(),
      lastProbeAt: isoDate.nullable(),
      lastHealthyAt: isoDate.nullable(),
      flinkVersion: z.string().nullable().meta({ description: "The version the JobManager reports." }),
      jobs: z.object({ total: z.number().int().nullable(), running: z.number().int().nullable() }),
      taskManagers: z.number().int().nullable(),
      slots: z.object({ total: z.number().int().nullable(), available: z.number().int().nullable() }),
    }),
    createdAt: isoDate,
    updatedAt: isoDate,
  })
  .meta({ id: "Cluster" });

/** The REST shape of a cluster row: health grouped, version by name. */
export function clusterView(c: Cluster): z.input<typeof clusterSchema> {
  return {
    id: c.id,
    name: c.name,
    description: c.description,
    labels: c.labels,
    kind: c.kind,
    flinkVersion: c.flinkVersionName,
    restUrl: c.restUrl,
    yarnRmUrl: c.yarnRmUrl,
    yarnApplicationId: c.yarnApplicationId,
    yarnQueue: c.yarnQueue,
    k8sNamespace: c.k8sNamespace,
    k8sClusterId: c.k8sClusterId,
    k8sContext: c.k8sContext,
    k8sImage: c.k8sImage,
    sqlGatewayUrl: c.sqlGatewayUrl,
    alertChannelId: c.alertChannelId,
    properties: c.properties,
    managed: c.managed,
    state: c.state,
    stateMessage: c.stateMessage,
    health: {
      status: c.health,
      message: c.healthMessage,
      lastProbeAt: c.lastProbeAt,
      lastHealthyAt: c.lastHealthyAt,
      flinkVersion: c.reportedVersion,
      jobs: { total: c.jobsTotal, running: c.jobsRunning },
      taskManagers: c.taskManagers,
      slots: { total: c.slotsTotal, available: c.slotsAvailable },
    },
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  };
}

const diagnosticSchema = z
  .object({
    severity: z.enum(["error", "warning", "info"]),
    code: z.string(),
    message: z.string(),
    line: z.number().int(),
    column: z.number().int(),
    endLine: z.number().int(),
    endColumn: z.number().int(),
  })
  .meta({ id: "Diagnostic" });

export const jobSummarySchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    description: z.string(),
    tags: z.array(z.string()),
    type: z.enum(["sql", "jar"]),
    mode: z.enum(["remote", "yarn-per-job", "yarn-application", "yarn-session", "k8s-session", "k8s-application"]),
    owner: z.string().nullable(),
    cluster: z.string().nullable(),
    flinkVersion: z.string().nullable(),
    headVersion: z.number().int().meta({ description: "The newest version's number." }),
    deployedVersion: z.number().int().nullable().meta({ description: "The version Flink runs, if any." }),
    valid: z.boolean().meta({ description: "The newest version passed validation (no blocking errors)." }),
    state: z.string().meta({ description: "What Eddy last observed: Flink's job status, or NEVER_STARTED, BUILDING, DEPLOYING, STOPPING, LOST, UNKNOWN." }),
    stateChangedAt: isoDate,
    desiredState: z.enum(["running", "suspended", "cancelled"]).nullable().meta({ description: "What people last asked for: running (Eddy restarts it by its policy), suspended (stopped with a savepoint), cancelled." }),
    activeOperation: z.object({ kind: z.string(), id: z.number().int() }).nullable().meta({ description: "The operation in progress, if any." }),
    restartCount: z.number().int().meta({ description: "Automatic restarts in the restart policy's current window." }),
    createdAt: isoDate,
    updatedAt: isoDate,
  })
  .meta({ id: "JobSummary" });

export const jobSchema = jobSummarySchema
  .extend({
    sql: z.string(),
    settings: z.record(z.string(), z.unknown()).meta({ description: "The newest version's settings, references resolved." }),
  })
  .meta({ id: "Job" });

export const jobVersionSummarySchema = z
  .object({
    number: z.number().int(),
    note: z.string(),
    restoredFrom: z.number().int().nullable(),
    valid: z.boolean(),
    createdBy: z.string().nullable(),
    createdAt: isoDate,
  })
  .meta({ id: "JobVersionSummary" });

export const jobVersionSchema = jobVersionSummarySchema
  .extend({ sql: z.string(), settings: z.record(z.string(), z.unknown()), diagnostics: z.array(diagnosticSchema) })
  .meta({ id: "JobVersion" });

function parseActiveOperation(raw: string | null): { kind: string; id: number } | null {
  if (!raw) return null;
  const [kind, id] = raw.split(":");
  return { kind: kind!, id: Number(id) };
}

export function jobSummaryView(j: JobSummary) {
  return {
    id: j.id,
    name: j.name,
    description: j.description,
    tags: j.tags,
    type: j.type,
    mode: j.mode,
    owner: j.ownerName,
    cluster: j.clusterName,
    flinkVersion: j.flinkVersionName,
    headVersion: j.headVersion,
    deployedVersion: j.deployedVersion,
    valid: j.valid,
    state: j.observedState,
    stateChangedAt: j.stateChangedAt,
    desiredState: j.desiredState,
    activeOperation: parseActiveOperation(j.activeOperation),
    restartCount: j.restartCount,
    createdAt: j.createdAt,
    updatedAt: j.updatedAt,
  };
}

export function jobView(j: Job) {
  return { ...jobSummaryView(j), sql: j.sql, settings: j.settings };
}

type VersionRow = { number: number; note: string; restoredFrom: number | null; valid: boolean; createdByName: string | null; createdAt: Date };

export function jobVersionSummaryView(v: VersionRow) {
  return { number: v.number, note: v.note, restoredFrom: v.restoredFrom, valid: v.valid, createdBy: v.createdByName, createdAt: v.createdAt };
}

export function jobVersionView(v: VersionRow & { sql: string; settings: Record<string, unknown>; diagnostics: unknown[] }) {
  return { ...jobVersionSummaryView(v), sql: v.sql, settings: v.settings, diagnostics: v.diagnostics as z.input<typeof diagnosticSchema>[] };
}

const usingJob = z.object({ id: z.number().int(), name: z.string() }).meta({ id: "JobRef" });

export const resourceSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    kind: z.enum(["app", "connector", "udf", "library"]),
    description: z.string(),
    size: z.number().int().meta({ description: "Bytes." }),
    sha256: z.string().meta({ description: "The SHA-256 of the file, hex; jobs pin jars by it." }),
    mainClass: z.string().nullable().meta({ description: "Main-Class of the jar's manifest." }),
    classesListed: z.number().int().meta({ description: "How many class names are listed (at most 5,000)." }),
    uploadedBy: z.string().nullable(),
    createdAt: isoDate,
    usedBy: z.number().int().meta({ description: "How many jobs' newest settings use the jar." }),
  })
  .meta({ id: "Resource" });

export const resourceDetailSchema = resourceSchema
  .extend({
    classes: z.array(z.string()).meta({ description: "Top-level class names, sorted; at most 5,000." }),
    classesTotal: z.number().int().meta({ description: "How many top-level classes the jar holds." }),
    jobs: z.array(usingJob).meta({ description: "The jobs whose newest settings use the jar." }),
  })
  .meta({ id: "ResourceDetail" });

type ResourceRow = import("@/db/queries/resources").Resource;
type ResourceDetailRow = import("@/lib/resources/resources").ResourceDetail;

/** The REST shape of a jar (no storage path: where it lives on the server is not the client's business). */
export function resourceView(r: ResourceRow): z.input<typeof resourceSchema> {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind,
    description: r.description,
    size: r.size,
    sha256: r.sha256,
    mainClass: r.mainClass,
    classesListed: r.classesListed,
    uploadedBy: r.uploadedBy,
    createdAt: r.createdAt,
    usedBy: r.usedBy,
  };
}

export function resourceDetailView(r: ResourceDetailRow): z.input<typeof resourceDetailSchema> {
  return { ...resourceView(r), classes: r.classes, classesTotal: r.classesTotal, jobs: r.jobs };
}

export const variableSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    value: z.string().meta({ description: "The value; for a secret the mask “••••••••” unless revealed." }),
    secret: z.boolean(),
    masked: z.boolean().meta({ description: "The value shown is the mask, not the secret." }),
    description: z.string(),
    usedBy: z.number().int().meta({ description: "How many jobs' newest SQL or settings contain ${name}." }),
    createdBy: z.string().nullable(),
    createdAt: isoDate,
    updatedAt: isoDate,
  })
  .meta({ id: "Variable" });

export const variableDetailSchema = variableSchema.extend({ jobs: z.array(usingJob) }).meta({ id: "VariableDetail" });

type VariableRowView = import("@/lib/variables/variables").Variable;

export function variableView(v: VariableRowView): z.input<typeof variableSchema> {
  return {
    id: v.id,
    name: v.name,
    value: v.value,
    secret: v.secret,
    masked: v.masked,
    description: v.description,
    usedBy: v.usedBy,
    createdBy: v.createdBy,
    createdAt: v.createdAt,
    updatedAt: v.updatedAt,
  };
}
