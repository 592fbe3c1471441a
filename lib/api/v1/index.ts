import type { AnyEndpoint } from "@/lib/api/endpoint";
import { getMe } from "./me";
import { deleteMember, listMembers, patchMember, postMember } from "./members";
import { deleteClusterEndpoint, getClusterEndpoint, listClusters, patchCluster, postCluster, postClusterAction } from "./clusters";
import { deleteFlinkVersion, getFlinkVersion, listFlinkVersions, patchFlinkVersion, postFlinkVersion } from "./flink-versions";
import { deleteJobEndpoint, getJobEndpoint, getJobVersionEndpoint, listJobsEndpoint, listJobVersionsEndpoint, patchJob, postJob, rollbackJobEndpoint } from "./jobs";
import { deleteResourceEndpoint, getResourceEndpoint, getResourceFileEndpoint, listResourcesEndpoint, postResource } from "./resources";
import { getJobExceptions, getJobLog, getJobOperation, listJobBuilds, listJobLogs, listJobEvents, listJobOperations, listJobRuns, listJobSnapshots, postBulkJobAction, postJobAction } from "./lifecycle";
import { listTeams, postTeam } from "./teams";
import { deleteVariableEndpoint, getVariableEndpoint, listVariablesEndpoint, patchVariable, postVariable, previewVariablesEndpoint } from "./variables";

/** Every /api/v1 endpoint. The OpenAPI document is built from this list; a test checks it against the route files. */
export const v1Endpoints = [
  getMe,
  listTeams,
  postTeam,
  listMembers,
  postMember,
  patchMember,
  deleteMember,
  listFlinkVersions,
  postFlinkVersion,
  getFlinkVersion,
  patchFlinkVersion,
  deleteFlinkVersion,
  listClusters,
  postCluster,
  getClusterEndpoint,
  patchCluster,
  deleteClusterEndpoint,
  postClusterAction,
  listJobsEndpoint,
  postJob,
  getJobEndpoint,
  patchJob,
  deleteJobEndpoint,
  listJobVersionsEndpoint,
  getJobVersionEndpoint,
  rollbackJobEndpoint,
  postJobAction,
  postBulkJobAction,
  listJobOperations,
  getJobOperation,
  listJobRuns,
  listJobSnapshots,
  listJobEvents,
  listJobBuilds,
  listResourcesEndpoint,
  postResource,
  getResourceEndpoint,
  deleteResourceEndpoint,
  getResourceFileEndpoint,
  listVariablesEndpoint,
  postVariable,
  getVariableEndpoint,
  patchVariable,
  deleteVariableEndpoint,
  previewVariablesEndpoint,
  listJobLogs,
  getJobLog,
  getJobExceptions,
] satisfies AnyEndpoint[];
