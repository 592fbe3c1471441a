import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { renamedTo } from "@/db/queries/jobs";
import { decodeParam, pageTeam } from "@/lib/auth/page";
import { isAppError } from "@/lib/errors";
import { getJob } from "./jobs";

/**
 * For pages under /teams/[team]/jobs/[job]: the job, or the 404 page when it does not exist, is
 * another team's, or the caller may not view jobs (all alike, so a link reveals nothing). A name
 * the job had before a rename redirects to the same page under its current name, so shared links
 * keep working.
 */
export async function pageJob(params: Promise<{ team: string; job: string }>) {
  const { team, job } = await params;
  const { principal, access } = await pageTeam(team);
  const ref = decodeParam(job);
  let missing: unknown;
  try {
    return { principal, access, job: await getJob(principal, access.team.id, ref) };
  } catch (e) {
    if (!(isAppError(e) && (e.code === "not_found" || e.code === "forbidden"))) throw e;
    missing = e;
  }
  // Only a caller who may see the team's jobs learns the new name (getJob said not_found, not forbidden).
  const current = isAppError(missing) && missing.code === "not_found" ? await renamedTo({ teamId: access.team.id, oldName: ref }) : null;
  if (!current) notFound();
  redirect(await samePageUnder(job, current, `/teams/${encodeURIComponent(access.team.name)}/jobs/${encodeURIComponent(current)}`));
}

/**
 * The page asked for (proxy.ts passes its path and query), with the job's segment as it was in the
 * URL replaced by the current name: the same tab, version or log lines. The job's overview when
 * the path cannot be read.
 */
async function samePageUnder(segment: string, current: string, overview: string): Promise<string> {
  const asked = (await headers()).get("x-eddy-pathname") ?? "";
  const at = asked.indexOf(`/jobs/${segment}`);
  const after = at < 0 ? null : asked.slice(at + `/jobs/${segment}`.length);
  if (after === null || !(after === "" || after.startsWith("/") || after.startsWith("?"))) return overview;
  return `${asked.slice(0, at)}/jobs/${encodeURIComponent(current)}${after}`;
}
