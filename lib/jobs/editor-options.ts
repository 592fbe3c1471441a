import { listChannels } from "@/db/queries/alert-channels";
import { listClusters } from "@/db/queries/clusters";
import { listFlinkVersions } from "@/db/queries/flink-versions";
import { findResourceWithClasses, listResourceOptions } from "@/db/queries/resources";
import { listVariableNames } from "@/db/queries/variables";
import { platformFor } from "@/lib/alerts/platforms";
import { requireTeamPermission } from "@/lib/auth/access";
import type { Principal } from "@/lib/auth/principal";
import { AppError } from "@/lib/errors";

/** What the job editor offers to choose from, for one team. */
export async function editorOptions(teamId: number) {
  const [clusters, versions, resources, variables, channels] = await Promise.all([listClusters(teamId), listFlinkVersions(), listResourceOptions(teamId), listVariableNames(teamId), listChannels(teamId)]);
  return {
    clusters: clusters.map((c) => ({ name: c.name, kind: c.kind, hasGateway: Boolean(c.sqlGatewayUrl) })),
    versions: versions.map((v) => ({ name: v.name, version: v.version, major: v.major, isDefault: v.isDefault })),
    // Without class lists: a jar can list thousands, so the editor asks for the chosen jar's alone (jarClassOptions).
    resources: resources.map((r) => ({ name: r.name, kind: r.kind, mainClass: r.mainClass })),
    variables,
    // Names and kinds only: a channel's config and secrets stay on the server.
    alertChannels: channels.map((c) => ({ name: c.name, kind: c.kind, label: platformFor(c.kind).label, enabled: c.enabled })),
  };
}

/** A jar's classes with the manifest's Main-Class first, then the others in their (alphabetical) order. */
export function mainClassFirst(classes: readonly string[], mainClass: string | null): string[] {
  return mainClass ? [mainClass, ...classes.filter((c) => c !== mainClass)] : [...classes];
}

/**
 * What the editor's main class field suggests for the chosen jar: the classes found in it when it
 * was uploaded (at most the first 5,000 alphabetically), the manifest's Main-Class first. The
 * field stays free text: a class the list leaves out can still be typed.
 */
export async function jarClassOptions(p: Principal, team: string | number, jar: string | number): Promise<{ jar: string; mainClass: string | null; classes: string[] }> {
  const access = await requireTeamPermission(p, team, "resource:view");
  const r = await findResourceWithClasses({ teamId: access.team.id, ref: jar });
  if (!r) throw new AppError("not_found", `Jar “${String(jar)}” was not found.`);
  return { jar: r.name, mainClass: r.mainClass, classes: mainClassFirst(r.classes, r.mainClass) };
}
