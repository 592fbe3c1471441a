import { rawSql } from "@/db/client";

/**
 * Jobs that Eddy already runs, written straight into the database (building and starting thousands
 * through operations would take the benchmark's whole budget): per Flink job, a job row wanted in
 * `desired` state, a release, and a RUNNING run on the cluster, current. `settings` is the job's
 * head settings (e.g. its alert channel and rules); names are `${prefix}-<i>`.
 */
export async function seedRunningJobs(input: {
  teamId: number;
  clusterId: number;
  flinkJobIds: string[];
  prefix: string;
  settings?: Record<string, unknown>;
  desired?: "running" | "suspended";
}): Promise<{ jobIds: number[]; names: string[] }> {
  const manifest = JSON.stringify({
    type: "sql",
    sql: "",
    variables: {},
    jars: [],
    settings: { mode: "remote", restart: { maxAttempts: 3, windowMinutes: 30 }, checkpointFailure: { action: "alert", count: 3, windowMinutes: 10 }, dynamicProperties: {}, programArgs: [], parallelism: 1, clusterId: input.clusterId },
    flink: { versionId: 0, name: "", version: "2.1.0", major: 2, home: "" },
    yarnRmUrl: null,
  });
  const rows = input.flinkJobIds.map((id, i) => ({ name: `${input.prefix}-${i}`, flinkJobId: id }));
  const inserted = (await rawSql()`
    with input as (
      select * from json_to_recordset(${JSON.stringify(rows)}::json) as x(name text, "flinkJobId" text)
    ), j as (
      insert into jobs (team_id, name, type, mode, sql, settings, valid, observed_state, desired_state, cluster_id)
      select ${input.teamId}, name, 'sql', 'remote', '', ${JSON.stringify({ mode: "remote", clusterId: input.clusterId, ...input.settings })}::jsonb, true, 'RUNNING', ${input.desired ?? "running"}::job_desired_state, ${input.clusterId} from input
      returning id, name
    ), r as (
      insert into job_releases (job_id, version, manifest, status)
      select id, 1, ${manifest}::jsonb, 'succeeded' from j returning id, job_id
    ), runs as (
      insert into job_runs (job_id, release_id, version, mode, cluster_id, flink_job_id, state, checkpoints_checked_at)
      select j.id, r.id, 1, 'remote', ${input.clusterId}, input."flinkJobId", 'RUNNING', now()
      from j join r on r.job_id = j.id join input on input.name = j.name
      returning id, job_id
    )
    select job_id as id from runs`) as unknown as { id: number }[];
  // A separate statement: the main query of a WITH cannot see rows its own CTEs inserted.
  const ids = inserted.map((r) => Number(r.id));
  await rawSql()`update jobs set current_run_id = r.id from job_runs r where r.job_id = jobs.id and jobs.id = any(${ids}::int[])`;
  return { jobIds: ids, names: rows.map((r) => r.name) };
}
