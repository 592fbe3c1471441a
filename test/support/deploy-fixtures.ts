import { randomBytes, createHash } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { rawSql } from "@/db/client";
import type { Cluster } from "@/db/queries/clusters";
import { findRelease, insertRelease } from "@/db/queries/lifecycle";
import type { DeployContext, OperateContext, RunPlacement, RunRef } from "@/lib/lifecycle/deploy/types";
import type { ReleaseManifest, ResolvedRelease } from "@/lib/lifecycle/release";
import { resolveRelease } from "@/lib/lifecycle/resolve-release";
import type { ExecutionMode, JobSettings } from "@/lib/jobs/settings";
import { absolutePath, storagePathFor } from "@/lib/resources/storage";
import { unique } from "./fixtures";

/**
 * Builders for the deploy adapters' tests: a job row, a release stored the way a build stores it
 * (its jars copied under the data directory, so signed artifact URLs can serve them), and the
 * contexts adapters take. Run ids are made up (adapters never read runs from the database).
 */

export type TestJob = DeployContext["job"];

export function settingsFor(mode: ExecutionMode, over: Partial<JobSettings> = {}): JobSettings {
  return {
    mode,
    flinkVersionId: null,
    flinkVersionName: null,
    clusterId: null,
    clusterName: null,
    yarnQueue: null,
    k8sNamespace: null,
    k8sImage: null,
    parallelism: 1,
    jobManagerMemory: null,
    taskManagerMemory: null,
    slots: null,
    dynamicProperties: {},
    programArgs: [],
    jarResourceId: null,
    jar: null,
    mainClass: null,
    dependencies: [],
    checkpointDir: null,
    savepointDir: null,
    restart: { maxAttempts: 3, windowMinutes: 30 },
    checkpointFailure: { action: "alert", count: 3, windowMinutes: 10 },
    alertChannelId: null,
    ...over,
  };
}

/** A job row of the `default` team (the adapters need its id, name and type). */
export async function makeJob(type: "sql" | "jar", mode: ExecutionMode): Promise<TestJob> {
  const [team] = await rawSql()<{ id: number }[]>`select id from teams where name = 'default'`;
  const name = unique(`deploy-${type}`);
  const [row] = await rawSql()<{ id: number }[]>`insert into jobs (team_id, name, type, mode) values (${team!.id}, ${name}, ${type}, ${mode}) returning id`;
  return { id: row!.id, name, teamId: team!.id, type };
}

/** Stores a jar under the data directory by its checksum, as an upload would. */
async function storeJar(teamId: number, file: string, role: "main" | "dependency") {
  const bytes = await fs.readFile(file);
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const storagePath = storagePathFor(teamId, sha256);
  await fs.mkdir(path.dirname(absolutePath(storagePath)), { recursive: true });
  await fs.writeFile(absolutePath(storagePath), bytes);
  return { role, name: path.basename(file), sha256, storagePath };
}

export type ReleaseInput = {
  job: TestJob;
  mode: ExecutionMode;
  flink: { home: string; version: string };
  sql?: string;
  /** The job's jar (JAR jobs) and dependency jars, as files to store. */
  jar?: string;
  dependencies?: string[];
  settings?: Partial<JobSettings>;
  yarnRmUrl?: string | null;
};

/** A succeeded release in the database, resolved as a deploy reads it. */
export async function makeRelease(input: ReleaseInput): Promise<ResolvedRelease> {
  const jars = [
    ...(input.jar ? [await storeJar(input.job.teamId, input.jar, "main")] : []),
    ...(await Promise.all((input.dependencies ?? []).map((d) => storeJar(input.job.teamId, d, "dependency")))),
  ];
  const major = Number(input.flink.version.split(".")[0]);
  const manifest: ReleaseManifest = {
    jobId: input.job.id,
    jobName: input.job.name,
    teamId: input.job.teamId,
    version: 1,
    type: input.job.type,
    sql: input.sql ?? "",
    variables: {},
    settings: settingsFor(input.mode, input.settings),
    jars,
    flink: { versionId: 0, name: `flink-${input.flink.version}`, version: input.flink.version, major, home: input.flink.home },
    yarnRmUrl: input.yarnRmUrl ?? null,
    builtAt: new Date().toISOString(),
  };
  const { id } = await insertRelease({ jobId: input.job.id, version: 1, operationId: null, manifest: manifest as unknown as Record<string, unknown>, log: "", status: "succeeded" });
  return resolveRelease((await findRelease({ jobId: input.job.id, id }))!);
}

let runCounter = 0;
/** A run with its Flink job id fixed, as deployRun records it before submitting. */
export function makeRun(mode: ExecutionMode, cluster: Cluster | null): RunRef {
  runCounter += 1;
  return { id: 9000 + runCounter, mode, clusterId: cluster?.id ?? null, flinkJobId: randomBytes(16).toString("hex") };
}

export function deployContext(input: { job: TestJob; release: ResolvedRelease; run: RunRef; cluster: Cluster | null; restore?: DeployContext["restore"]; log?: string[] }): DeployContext {
  const lines = input.log ?? [];
  return { job: input.job, release: input.release, run: input.run, cluster: input.cluster, restore: input.restore ?? null, log: (l) => lines.push(l) };
}

/** The context operations get once the deploy recorded where the run went. */
export function operateContext(ctx: DeployContext, placement: RunPlacement): OperateContext {
  return { job: ctx.job, release: ctx.release, cluster: ctx.cluster, run: { ...ctx.run, ...placement }, log: ctx.log };
}
