import { z } from "zod";
import type { Cluster } from "@/db/queries/clusters";
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

const isoDate = z
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
