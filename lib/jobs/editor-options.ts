import { listChannels } from "@/db/queries/alert-channels";
import { listClusters } from "@/db/queries/clusters";
import { listFlinkVersions } from "@/db/queries/flink-versions";
import { listResourceOptions } from "@/db/queries/resources";
import { listVariableNames } from "@/db/queries/variables";
import { platformFor } from "@/lib/alerts/platforms";

/** What the job editor offers to choose from, for one team. */
export async function editorOptions(teamId: number) {
  const [clusters, versions, resources, variables, channels] = await Promise.all([listClusters(teamId), listFlinkVersions(), listResourceOptions(teamId), listVariableNames(teamId), listChannels(teamId)]);
  return {
    clusters: clusters.map((c) => ({ name: c.name, kind: c.kind, hasGateway: Boolean(c.sqlGatewayUrl) })),
    versions: versions.map((v) => ({ name: v.name, version: v.version, major: v.major, isDefault: v.isDefault })),
    resources: resources.map((r) => ({ name: r.name, kind: r.kind, mainClass: r.mainClass })),
    variables,
    // Names and kinds only: a channel's config and secrets stay on the server.
    alertChannels: channels.map((c) => ({ name: c.name, kind: c.kind, label: platformFor(c.kind).label, enabled: c.enabled })),
  };
}
