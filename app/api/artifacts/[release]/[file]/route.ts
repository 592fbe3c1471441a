import { Readable } from "node:stream";
import { isAppError } from "@/lib/errors";
import { openArtifact } from "@/lib/lifecycle/artifacts";

export const dynamic = "force-dynamic";

/** The file segment as signed (a segment that is not percent-encoded is taken as it is). */
function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

const problem = (status: number, message: string) =>
  Response.json({ error: { code: status === 403 ? "forbidden" : "not_found", message } }, { status, headers: { "cache-control": "no-store" } });

/**
 * A release's jar for a cluster that fetches it itself (Kubernetes application mode). No session:
 * the signed, expiring URL is the authorisation (lib/lifecycle/artifacts.ts), so anything without a
 * valid signature gets 403 and learns nothing about what exists.
 */
export async function GET(req: Request, { params }: { params: Promise<{ release: string; file: string }> }) {
  const { release, file } = await params;
  const q = new URL(req.url).searchParams;
  const releaseId = Number(release);
  const jobId = Number(q.get("job"));
  const exp = Number(q.get("exp"));
  const sig = q.get("sig") ?? "";
  if (!Number.isSafeInteger(releaseId) || !Number.isSafeInteger(jobId) || releaseId <= 0 || jobId <= 0) {
    return problem(403, "This download link is not valid: it does not name a job and a release.");
  }
  try {
    const artifact = await openArtifact({ jobId, releaseId, file: decoded(file) }, exp, sig);
    return new Response(Readable.toWeb(artifact.stream) as ReadableStream<Uint8Array>, {
      headers: {
        "content-type": "application/java-archive",
        "content-length": String(artifact.size),
        "content-disposition": `attachment; filename="${artifact.name.replace(/["\\\r\n]/g, "_")}"`,
        "cache-control": "no-store",
      },
    });
  } catch (e) {
    if (isAppError(e) && (e.code === "forbidden" || e.code === "not_found")) return problem(e.status, e.message);
    console.error("[artifacts] serving a jar failed", e);
    return problem(404, "The jar cannot be served.");
  }
}
