import { z } from "zod";
import { endpoint } from "@/lib/api/endpoint";
import { createJobInput, jobListParams, jobRefSchema, saveVersionInput, updateJobMetaInput } from "@/lib/jobs/input";
import { createJob, deleteJob, getJob, getVersion, listJobs, listVersions, rollbackJob, saveVersion, updateJob } from "@/lib/jobs/jobs";
import { jobSchema, jobSummarySchema, jobSummaryView, jobVersionSchema, jobVersionSummarySchema, jobVersionSummaryView, jobVersionView, jobView, teamRef } from "./schemas";

const jobRef = jobRefSchema.meta({ description: "A job's name or id.", param: { description: "A job's name or id." } });
const teamParams = z.object({ team: teamRef });
const jobParams = z.object({ team: teamRef, job: jobRef });
const versionNumber = z.coerce.number().int().min(1).max(1_000_000_000).meta({ param: { description: "A version number." } });

export const listJobsEndpoint = endpoint({
  method: "GET",
  path: "/teams/{team}/jobs",
  tag: "Jobs",
  summary: "The job center: a team's jobs, filtered, sorted and paged",
  description: "Filters: q (name/description), state (comma-separated), type, mode, cluster, owner (a username, or me), tags (comma-separated, any of).",
  params: teamParams,
  query: jobListParams,
  response: z.object({ jobs: z.array(jobSummarySchema), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() }),
  errors: [403, 404],
  handler: async ({ principal, params, query }) => {
    const r = await listJobs(principal, params.team, query);
    return { jobs: r.rows.map(jobSummaryView), total: r.total, page: r.query.page, pageSize: r.query.pageSize };
  },
});

export const postJob = endpoint({
  method: "POST",
  path: "/teams/{team}/jobs",
  tag: "Jobs",
  summary: "Create a FlinkSQL or JAR job",
  description: "Creates version 1. SQL with blocking errors is saved but marked not valid.",
  params: teamParams,
  body: createJobInput,
  response: jobSchema,
  successStatus: 201,
  errors: [403, 404, 409],
  handler: async ({ principal, params, body }) => jobView(await createJob(principal, params.team, body)),
});

export const getJobEndpoint = endpoint({
  method: "GET",
  path: "/teams/{team}/jobs/{job}",
  tag: "Jobs",
  summary: "A job, with its newest SQL and settings",
  params: jobParams,
  response: jobSchema,
  errors: [403, 404],
  handler: async ({ principal, params }) => jobView(await getJob(principal, params.team, params.job)),
});

export const patchJob = endpoint({
  method: "PATCH",
  path: "/teams/{team}/jobs/{job}",
  tag: "Jobs",
  summary: "Edit a job",
  description: "With name, description, tags or owner: changes those (not versioned). With sql and/or settings: saves a new version (a note is optional); saving unchanged content makes none.",
  params: jobParams,
  body: updateJobMetaInput.extend(saveVersionInput.shape).partial(),
  response: jobSchema.extend({ savedVersion: z.number().int().optional(), unchanged: z.boolean().optional() }),
  errors: [403, 404, 409],
  handler: async ({ principal, params, body }) => {
    const { sql, settings, note, ...meta } = body;
    let job = Object.values(meta).some((x) => x !== undefined) ? await updateJob(principal, params.team, params.job, meta) : undefined;
    if (sql !== undefined || settings !== undefined) {
      const r = await saveVersion(principal, params.team, job ? String(job.id) : params.job, { sql, settings, note });
      return { ...jobView(r.job), savedVersion: r.number, unchanged: r.unchanged };
    }
    job ??= await getJob(principal, params.team, params.job);
    return jobView(job);
  },
});

export const deleteJobEndpoint = endpoint({
  method: "DELETE",
  path: "/teams/{team}/jobs/{job}",
  tag: "Jobs",
  summary: "Delete a job",
  description: "Refused while the job runs.",
  params: jobParams,
  response: null,
  successStatus: 204,
  errors: [403, 404, 409],
  handler: async ({ principal, params }) => deleteJob(principal, params.team, params.job),
});

export const listJobVersionsEndpoint = endpoint({
  method: "GET",
  path: "/teams/{team}/jobs/{job}/versions",
  tag: "Jobs",
  summary: "A job's versions, newest first",
  params: jobParams,
  response: z.object({ versions: z.array(jobVersionSummarySchema), deployedVersion: z.number().int().nullable() }),
  errors: [403, 404],
  handler: async ({ principal, params }) => {
    const r = await listVersions(principal, params.team, params.job);
    return { versions: r.versions.map(jobVersionSummaryView), deployedVersion: r.job.deployedVersion };
  },
});

export const getJobVersionEndpoint = endpoint({
  method: "GET",
  path: "/teams/{team}/jobs/{job}/versions/{version}",
  tag: "Jobs",
  summary: "One version: its SQL, settings and diagnostics",
  params: z.object({ team: teamRef, job: jobRef, version: versionNumber }),
  response: jobVersionSchema,
  errors: [403, 404],
  handler: async ({ principal, params }) => jobVersionView((await getVersion(principal, params.team, params.job, params.version)).version),
});

export const rollbackJobEndpoint = endpoint({
  method: "POST",
  path: "/teams/{team}/jobs/{job}/versions/{version}/rollback",
  tag: "Jobs",
  summary: "Roll back: a new version with this version's content",
  params: z.object({ team: teamRef, job: jobRef, version: versionNumber }),
  response: jobSchema.extend({ savedVersion: z.number().int() }),
  errors: [403, 404],
  handler: async ({ principal, params }) => {
    const r = await rollbackJob(principal, params.team, params.job, params.version);
    return { ...jobView(r.job), savedVersion: r.number };
  },
});
