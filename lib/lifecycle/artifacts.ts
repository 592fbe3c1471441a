import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { createReadStream, type ReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { findRelease, releaseHasLiveRun } from "@/db/queries/lifecycle";
import { ensureSetting } from "@/db/queries/system";
import { loadConfig } from "@/lib/config";
import { AppError } from "@/lib/errors";
import { absolutePath } from "@/lib/resources/storage";

/**
 * Signed, expiring URLs for a release's jars, for clusters that fetch the jar themselves (Kubernetes
 * application mode: the JobManager downloads `jarURI` before it starts). The URL names the job, the
 * release and the file, and carries `exp` (epoch seconds) and `sig`, an HMAC-SHA256 of all four
 * under a key of its own in the database (every console and worker process shares it; it signs
 * nothing else). app/api/artifacts serves the file only for a valid, unexpired signature.
 */

const KEY_SETTING = "artifact_url_key";
/**
 * How long a URL is good for by itself. A JobManager fetches its jar again whenever its pod
 * restarts, however long the job has run: past this time a correctly signed URL still works while
 * a run of its release is live (openArtifact), and not after; a leaked URL dies with the run.
 */
export const ARTIFACT_URL_TTL_SECONDS = 7 * 24 * 60 * 60;

let cachedKey: Promise<Buffer> | undefined;

function signingKey(): Promise<Buffer> {
  if (!cachedKey) {
    const pending = ensureSetting(KEY_SETTING, () => randomBytes(32).toString("base64")).then((v) => Buffer.from(v, "base64"));
    cachedKey = pending;
    pending.catch(() => {
      if (cachedKey === pending) cachedKey = undefined;
    });
  }
  return cachedKey;
}

export type ArtifactRef = { jobId: number; releaseId: number; file: string };

async function sign(ref: ArtifactRef, exp: number): Promise<string> {
  return createHmac("sha256", await signingKey()).update(`eddy-artifact\n${ref.jobId}\n${ref.releaseId}\n${ref.file}\n${exp}`).digest("base64url");
}

/** The signed URL of a release's jar under EDDY_PUBLIC_URL; a sentence when Eddy has no public URL. */
export async function artifactUrl(ref: ArtifactRef, opts: { ttlSeconds?: number; now?: number } = {}): Promise<string> {
  const base = loadConfig().publicUrl;
  if (!base) {
    throw new AppError("conflict", "The cluster must download the job's jar from Eddy, which needs EDDY_PUBLIC_URL (the address clusters reach Eddy at); set it and deploy again.");
  }
  const exp = Math.floor((opts.now ?? Date.now()) / 1000) + (opts.ttlSeconds ?? ARTIFACT_URL_TTL_SECONDS);
  const sig = await sign(ref, exp);
  return `${base}/api/artifacts/${ref.releaseId}/${encodeURIComponent(ref.file)}?job=${ref.jobId}&exp=${exp}&sig=${sig}`;
}

/** Checks a request's signature: "ok", "expired" (a valid signature past its time) or "invalid". */
export async function checkArtifactSignature(ref: ArtifactRef, exp: number, sig: string, now = Date.now()): Promise<"ok" | "expired" | "invalid"> {
  if (!Number.isSafeInteger(exp) || !/^[A-Za-z0-9_-]{43}$/.test(sig)) return "invalid";
  const expected = Buffer.from(await sign(ref, exp), "base64url");
  const given = Buffer.from(sig, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return "invalid";
  return exp * 1000 < now ? "expired" : "ok";
}

/**
 * The file a signed artifact URL names, opened for streaming: its signature checked first (403
 * with a sentence otherwise, before anything is looked up), then the release's jar of that name.
 */
export async function openArtifact(ref: ArtifactRef, exp: number, sig: string): Promise<{ name: string; size: number; stream: ReadStream }> {
  const verdict = await checkArtifactSignature(ref, exp, sig);
  if (verdict === "expired" && !(await releaseHasLiveRun(ref))) throw new AppError("forbidden", "This download link has expired (no run of its release is live any more); deploy the job again for a new one.");
  if (verdict === "invalid") throw new AppError("forbidden", "This download link is not valid: its signature does not match.");
  const release = await findRelease({ jobId: ref.jobId, id: ref.releaseId });
  const jar = (release?.manifest as { jars?: { name: string; storagePath: string }[] } | undefined)?.jars?.find((j) => j.name === ref.file);
  if (!jar) throw new AppError("not_found", `Release ${ref.releaseId} has no jar named ${ref.file}.`);
  const file = absolutePath(jar.storagePath);
  const size = (await stat(file).catch(() => null))?.size;
  if (size === undefined) throw new AppError("not_found", `The jar ${ref.file} of release ${ref.releaseId} is no longer stored.`);
  return { name: jar.name, size, stream: createReadStream(file) };
}
