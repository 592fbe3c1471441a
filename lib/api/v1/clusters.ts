import { z } from "zod";
import { endpoint } from "@/lib/api/endpoint";
import { clusterActionSchema, createClusterInput, updateClusterInput } from "@/lib/environments/cluster-input";
import { clusterAction, createCluster, deleteCluster, getCluster, listTeamClusters, updateCluster } from "@/lib/environments/clusters";
import { refSchema } from "@/lib/validation";
import { clusterSchema, clusterView, teamRef } from "./schemas";

const teamParams = z.object({ team: teamRef });
const clusterRef = refSchema.meta({ description: "A cluster's name or id.", param: { description: "A cluster's name or id." } });
const clusterParams = z.object({ team: teamRef, cluster: clusterRef });

export const listClusters = endpoint({
  method: "GET",
  path: "/teams/{team}/clusters",
  tag: "Clusters",
  summary: "List a team's clusters, with health and job counts",
  params: teamParams,
  response: z.object({ clusters: z.array(clusterSchema) }),
  errors: [403, 404],
  handler: async ({ principal, params }) => ({ clusters: (await listTeamClusters(principal, params.team)).map(clusterView) }),
});

export const postCluster = endpoint({
  method: "POST",
  path: "/teams/{team}/clusters",
  tag: "Clusters",
  summary: "Register a cluster, or start a session cluster",
  description:
    "kind remote: its JobManager REST URL. yarn-session: the ResourceManager URL and an existing session's application id, or start:true to have Eddy run yarn-session.sh. k8s-session: namespace and cluster id of an existing session, or start:true to have Eddy create a FlinkDeployment.",
  params: teamParams,
  body: createClusterInput,
  response: clusterSchema,
  successStatus: 201,
  errors: [403, 404, 409],
  handler: async ({ principal, params, body }) => clusterView(await createCluster(principal, params.team, body)),
});

export const getClusterEndpoint = endpoint({
  method: "GET",
  path: "/teams/{team}/clusters/{cluster}",
  tag: "Clusters",
  summary: "A cluster, with health and All/Running job counts",
  params: clusterParams,
  response: clusterSchema,
  errors: [403, 404],
  handler: async ({ principal, params }) => clusterView(await getCluster(principal, params.team, params.cluster)),
});

export const patchCluster = endpoint({
  method: "PATCH",
  path: "/teams/{team}/clusters/{cluster}",
  tag: "Clusters",
  summary: "Edit a cluster",
  params: clusterParams,
  body: updateClusterInput,
  response: clusterSchema,
  errors: [403, 404, 409],
  handler: async ({ principal, params, body }) => clusterView(await updateCluster(principal, params.team, params.cluster, body)),
});

export const deleteClusterEndpoint = endpoint({
  method: "DELETE",
  path: "/teams/{team}/clusters/{cluster}",
  tag: "Clusters",
  summary: "Remove a cluster",
  description: "Refused while Flink reports unfinished jobs on it (they are named), or while a session Eddy started is up.",
  params: clusterParams,
  response: null,
  successStatus: 204,
  errors: [403, 404, 409],
  handler: async ({ principal, params }) => deleteCluster(principal, params.team, params.cluster),
});

export const postClusterAction = endpoint({
  method: "POST",
  path: "/teams/{team}/clusters/{cluster}/actions/{action}",
  tag: "Clusters",
  summary: "Start or stop a session cluster Eddy manages",
  description: "Accepted actions run in the background; the cluster's state shows progress (starting → running, stopping → stopped).",
  params: z.object({ team: teamRef, cluster: clusterRef, action: clusterActionSchema.meta({ param: { description: "start or stop" } }) }),
  response: clusterSchema,
  successStatus: 200,
  errors: [403, 404, 409],
  handler: async ({ principal, params }) => clusterView(await clusterAction(principal, params.team, params.cluster, params.action)),
});
