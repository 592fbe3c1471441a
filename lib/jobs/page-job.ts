import { notFound } from "next/navigation";
import { decodeParam, pageTeam } from "@/lib/auth/page";
import { isAppError } from "@/lib/errors";
import { getJob } from "./jobs";

/**
 * For pages under /teams/[team]/jobs/[job]: the job, or the 404 page when it does not exist, is
 * another team's, or the caller may not view jobs (all alike, so a link reveals nothing).
 */
export async function pageJob(params: Promise<{ team: string; job: string }>) {
  const { team, job } = await params;
  const { principal, access } = await pageTeam(team);
  try {
    return { principal, access, job: await getJob(principal, access.team.id, decodeParam(job)) };
  } catch (e) {
    if (isAppError(e) && (e.code === "not_found" || e.code === "forbidden")) notFound();
    throw e;
  }
}
