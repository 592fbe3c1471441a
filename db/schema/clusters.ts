import { sql } from "drizzle-orm";
import { boolean, index, integer, jsonb, pgEnum, pgTable, serial, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { flinkVersions } from "./flink-versions";
import { teams } from "./teams";
import { users } from "./users";

export const clusterKind = pgEnum("cluster_kind", ["remote", "yarn-session", "k8s-session"]);

/**
 * Lifecycle of a session cluster Eddy started itself (managed). A cluster that was only registered
 * (it exists and someone else runs it) stays `registered`; its liveness is `health`.
 */
export const clusterState = pgEnum("cluster_state", ["registered", "starting", "running", "stopping", "stopped", "failed"]);
export const clusterHealth = pgEnum("cluster_health", ["unknown", "healthy", "unreachable", "error"]);

export const clusters = pgTable(
  "clusters",
  {
    id: serial("id").primaryKey(),
    teamId: integer("team_id")
      .notNull()
      .references(() => teams.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    /** Free labels shown as badges (e.g. "simulated", "prod"). */
    labels: text("labels").array().notNull().default(sql`'{}'::text[]`),
    kind: clusterKind("kind").notNull(),
    flinkVersionId: integer("flink_version_id").references(() => flinkVersions.id, { onDelete: "restrict" }),
    /** JobManager REST base URL (may carry a path prefix). Remote: required. K8s: the ingress/service URL. */
    restUrl: text("rest_url"),
    yarnRmUrl: text("yarn_rm_url"),
    yarnApplicationId: text("yarn_application_id"),
    yarnQueue: text("yarn_queue"),
    k8sNamespace: text("k8s_namespace"),
    k8sClusterId: text("k8s_cluster_id"),
    /** A context of the server's kubeconfig (KUBECONFIG); empty means the current context. */
    k8sContext: text("k8s_context"),
    k8sImage: text("k8s_image"),
    sqlGatewayUrl: text("sql_gateway_url"),
    /** Flink configuration (-D key=value) used when Eddy starts the cluster. */
    properties: jsonb("properties").$type<Record<string, string>>().notNull().default(sql`'{}'::jsonb`),
    managed: boolean("managed").notNull().default(false),
    state: clusterState("state").notNull().default("registered"),
    stateMessage: text("state_message"),
    health: clusterHealth("health").notNull().default("unknown"),
    healthMessage: text("health_message"),
    lastProbeAt: timestamp("last_probe_at", { withTimezone: true }),
    lastHealthyAt: timestamp("last_healthy_at", { withTimezone: true }),
    reportedVersion: text("reported_version"),
    jobsTotal: integer("jobs_total"),
    jobsRunning: integer("jobs_running"),
    taskManagers: integer("task_managers"),
    slotsTotal: integer("slots_total"),
    slotsAvailable: integer("slots_available"),
    createdBy: integer("created_by").references(() => users.id, { onDelete: "set null" }),
    /** Where "unreachable" alerts for this cluster go (an alert_channels id of the team; cleared when it is deleted). */
    alertChannelId: integer("alert_channel_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("clusters_team_name_lower_key").on(t.teamId, sql`lower(${t.name})`),
    index("clusters_team_idx").on(t.teamId),
    index("clusters_flink_version_idx").on(t.flinkVersionId),
  ],
);

export type ClusterRow = typeof clusters.$inferSelect;
