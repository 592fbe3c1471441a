import { findChannel } from "@/db/queries/alert-channels";
import { findCluster } from "@/db/queries/clusters";
import { findDefaultFlinkVersion, findFlinkVersion } from "@/db/queries/flink-versions";
import { findResource } from "@/db/queries/resources";
import { AppError } from "@/lib/errors";
import { clusterKindForMode, jobSettingsInput, modeLabel, sessionModes, type JobSettings, type JobSettingsInput, type StoredJarRef } from "./settings";

function invalid(field: string, message: string): AppError {
  return new AppError("invalid_input", message, { fields: { [field]: message } });
}

/**
 * Turns what a person chose (names or ids) into stored settings, checking that the combination can
 * run: a session mode needs a cluster of its kind in this team, an application mode a Flink
 * version, per-job mode Flink 1.x (2.0 removed it), a JAR job its jar. Jars are pinned by checksum.
 */
export async function resolveSettings(teamId: number, type: "sql" | "jar", input: JobSettingsInput): Promise<JobSettings> {
  const v = jobSettingsInput.parse(input);
  const session = sessionModes.includes(v.mode);

  let cluster: Awaited<ReturnType<typeof findCluster>> | undefined;
  if (session) {
    if (!v.cluster) throw invalid("cluster", `A ${modeLabel[v.mode]} job runs on a cluster; choose one.`);
    cluster = await findCluster({ teamId, ref: v.cluster });
    if (!cluster) throw invalid("cluster", `Cluster “${v.cluster}” was not found in this team.`);
    if (cluster.kind !== clusterKindForMode[v.mode]) {
      throw invalid("cluster", `“${cluster.name}” is a ${cluster.kind} cluster; a ${modeLabel[v.mode]} job needs a ${clusterKindForMode[v.mode]} cluster.`);
    }
  }

  const versionRef = v.flinkVersion ?? (cluster?.flinkVersionId ? String(cluster.flinkVersionId) : undefined);
  const version = versionRef ? await findFlinkVersion(versionRef) : await findDefaultFlinkVersion();
  if (versionRef && !version) throw invalid("flinkVersion", `Flink version “${versionRef}” was not found.`);
  if (!session && !version) throw invalid("flinkVersion", `A ${modeLabel[v.mode]} job starts its own cluster from a Flink version; register one first.`);
  if (v.mode === "yarn-per-job" && version && version.major >= 2) {
    throw invalid("mode", `Flink 2.0 removed per-job mode; ${version.name} is ${version.version}. Use YARN application mode.`);
  }
  if (v.mode === "k8s-application" && !v.k8sNamespace) throw invalid("k8sNamespace", "A Kubernetes application needs a namespace.");

  const pin = async (ref: string, field: string): Promise<StoredJarRef & { mainClass: string | null }> => {
    const r = await findResource({ teamId, ref });
    if (!r) throw invalid(field, `Jar “${ref}” was not found in this team's resources.`);
    return { resourceId: r.id, name: r.name, sha256: r.sha256, mainClass: r.mainClass };
  };

  let jar: (StoredJarRef & { mainClass: string | null }) | null = null;
  if (type === "jar") {
    if (!v.jar) throw invalid("jar", "A JAR job needs its jar; upload it under Resources.");
    jar = await pin(v.jar, "jar");
  }
  const mainClass = v.mainClass ?? jar?.mainClass ?? null;
  if (type === "jar" && !mainClass) throw invalid("mainClass", "The jar's manifest names no Main-Class; give the main class.");

  const dependencies: StoredJarRef[] = [];
  for (const ref of [...new Set(v.dependencies)]) {
    const { mainClass: _m, ...d } = await pin(ref, "dependencies");
    dependencies.push(d);
  }

  const channelRef = v.alertChannel ?? (v.alertChannelId ? String(v.alertChannelId) : null);
  const channel = channelRef ? await findChannel({ teamId, ref: channelRef }) : null;
  if (channelRef && !channel) throw invalid("alertChannel", `Alert channel “${channelRef}” was not found in this team.`);

  return {
    mode: v.mode,
    flinkVersionId: version?.id ?? null,
    flinkVersionName: version?.name ?? null,
    clusterId: cluster?.id ?? null,
    clusterName: cluster?.name ?? null,
    yarnQueue: v.yarnQueue || null,
    k8sNamespace: v.k8sNamespace || null,
    k8sImage: v.k8sImage || null,
    parallelism: v.parallelism,
    jobManagerMemory: v.jobManagerMemory || null,
    taskManagerMemory: v.taskManagerMemory || null,
    slots: v.slots ?? null,
    dynamicProperties: v.dynamicProperties,
    programArgs: v.programArgs,
    jarResourceId: jar?.resourceId ?? null,
    jar: jar ? { resourceId: jar.resourceId, name: jar.name, sha256: jar.sha256 } : null,
    mainClass: type === "jar" ? mainClass : null,
    dependencies,
    checkpointDir: v.checkpointDir || null,
    savepointDir: v.savepointDir || null,
    restart: v.restart,
    checkpointFailure: v.checkpointFailure,
    alertChannelId: channel?.id ?? null,
    alertChannelName: channel?.name ?? null,
    alerts: v.alerts,
  };
}
