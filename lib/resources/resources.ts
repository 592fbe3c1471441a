import { createReadStream } from "node:fs";
import { rm } from "node:fs/promises";
import type { Readable } from "node:stream";
import {
  countResourcesSharingFile,
  deleteResource as deleteRow,
  findResource,
  findResourceWithClasses,
  insertResource,
  jobsUsingResource,
  listResources,
  lockResourceFile,
  type Resource,
  type ResourceWithClasses,
} from "@/db/queries/resources";
import { audited, type AuditWhat } from "@/lib/audit";
import { can, requirePermission, requireTeamPermission, teamAccess, type TeamAccess } from "@/lib/auth/access";
import type { Principal } from "@/lib/auth/principal";
import { loadConfig } from "@/lib/config";
import { AppError, conflict, uniqueOr } from "@/lib/errors";
import { describeIssues } from "@/lib/validation";
import { CLASS_LIST_CAP, inspectJar } from "./jar";
import { multipartBoundary, readMultipart } from "./multipart";
import { resourceNameSchema, uploadFieldsSchema } from "./resource-input";
import { absolutePath, incomingPath, placeFile, removeStoredFile, storagePathFor, storedFileSize } from "./storage";

export type { Resource } from "@/db/queries/resources";

/** A jar with its classes, how many it really holds, and the jobs that use it. */
export type ResourceDetail = ResourceWithClasses & {
  /** All top-level classes in the jar; `classes` lists at most CLASS_LIST_CAP of them. */
  classesTotal: number;
  jobs: { id: number; name: string }[];
};

const notFound = (ref: string | number) => new AppError("not_found", `Jar “${String(ref)}” was not found.`);

/** “a”, “b”, “c” and 4 more. */
function nameList(items: { name: string }[], max = 10): string {
  const names = items.slice(0, max).map((j) => `“${j.name}”`).join(", ");
  return items.length > max ? `${names} and ${items.length - max} more` : names;
}

export async function listTeamResources(p: Principal, team: string | number): Promise<Resource[]> {
  const access = await requireTeamPermission(p, team, "resource:view");
  return listResources(access.team.id);
}

async function detailOf(access: TeamAccess, ref: string | number): Promise<ResourceDetail> {
  const r = await findResourceWithClasses({ teamId: access.team.id, ref });
  if (!r) throw notFound(ref);
  const jobs = await jobsUsingResource({ teamId: access.team.id, id: r.id });
  let classesTotal = r.classes.length;
  if (r.classes.length >= CLASS_LIST_CAP) {
    // Only the capped list is stored; the central directory is cheap to read again for the count.
    classesTotal = await inspectJar(absolutePath(r.storagePath), r.name).then((i) => i.classCount, () => r.classes.length);
  }
  return { ...r, classesTotal, jobs };
}

export async function getResource(p: Principal, team: string | number, ref: string | number): Promise<ResourceDetail> {
  const access = await requireTeamPermission(p, team, "resource:view");
  return detailOf(access, ref);
}

/** EDDY_MAX_UPLOAD_MB in bytes. */
export function maxUploadBytes(): number {
  return Math.floor(loadConfig().maxUploadMb * 1024 * 1024);
}

function tooLarge(): AppError {
  const mb = loadConfig().maxUploadMb;
  const message = `The file is larger than the ${mb.toLocaleString("en-US", { maximumFractionDigits: 3 })} MB limit.`;
  return new AppError("payload_too_large", message, { fields: { file: message } });
}

/**
 * Receives a jar from a multipart/form-data request (fields `file`, `kind`, `description`, `name`):
 * streamed to a temporary file (hashed on the way, never held in memory), checked to be a jar, then
 * moved to its content-addressed place and recorded. Who may upload is checked before a byte of the
 * body is read.
 */
export async function uploadResource(p: Principal, team: string | number, request: Request): Promise<ResourceDetail> {
  const access = await teamAccess(p, team);
  const what: AuditWhat = { action: "resource.upload", targetType: "resource", team: access.team };
  // Refusals before the transaction are logged too, with the name once it is known.
  const refuse = async (e: unknown, more: Partial<AuditWhat> = {}): Promise<never> => {
    await audited(p, { ...what, ...more }, async () => {
      throw e;
    });
    throw e;
  };
  // Throws (and logs the refusal) for someone who may not upload.
  if (!can(access, "resource:manage")) await audited(p, what, async () => requirePermission(access, "resource:manage"));

  const boundary = multipartBoundary(request.headers.get("content-type"));
  if (!boundary) return refuse(new AppError("bad_request", "Send the jar as multipart/form-data, with the file in a field named “file”."));
  const limit = maxUploadBytes();
  // The text fields beside the file are small (16 KB each at most): a body declared this much
  // larger than the limit cannot fit, and is refused before it is read.
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > limit + 512 * 1024) return refuse(tooLarge());

  const temp = await incomingPath();
  // `return await` inside this try: a bare `return refuse(…)` would let the rejection fire while
  // the finally block still awaits the cleanup, before anyone handles it (an unhandled rejection).
  try {
    const form = await readMultipart(request.body, boundary, { fileField: "file", filePath: temp, limits: { maxFileBytes: limit, tooLarge } }).catch(refuse);
    const file = form.file;
    if (!file) return await refuse(new AppError("invalid_input", "Choose a jar file to upload.", { fields: { file: "Choose a jar file to upload." } }));

    const fromFile = !form.fields.name;
    const parsed = uploadFieldsSchema.safeParse({ ...form.fields, name: form.fields.name || file.filename });
    if (!parsed.success) {
      const { message, fields } = describeIssues(parsed.error);
      if (fromFile && fields.name) {
        const why = fields.name;
        return await refuse(new AppError("invalid_input", `The file's name cannot be the jar's name: ${why.charAt(0).toLowerCase()}${why.slice(1)} Give a name.`, { fields: { name: why } }), { targetName: file.filename.slice(0, 200) });
      }
      return await refuse(new AppError("invalid_input", message, { fields }), { targetName: form.fields.name?.slice(0, 200) });
    }
    const v = parsed.data;
    const name = resourceNameSchema.parse(v.name);
    const named = { targetName: name };
    if (file.size === 0) return await refuse(new AppError("invalid_input", `“${name}” is empty; choose the jar file itself.`, { fields: { file: "The file is empty." } }), named);
    const jar = await inspectJar(temp, name).catch((e) => refuse(e, named));

    const storagePath = storagePathFor(access.team.id, file.sha256);
    const id = await audited(p, { ...what, ...named, detail: { kind: v.kind, size: file.size, sha256: file.sha256 } }, async (tx, log) => {
      requirePermission(access, "resource:manage");
      await lockResourceFile({ teamId: access.team.id, sha256: file.sha256 }, tx);
      const { id } = await uniqueOr(`A jar named “${name}” already exists in ${access.team.name}.`, () =>
        insertResource(
          {
            teamId: access.team.id,
            name,
            kind: v.kind,
            description: v.description,
            size: file.size,
            sha256: file.sha256,
            mainClass: jar.mainClass,
            classes: jar.classes,
            storagePath,
            uploadedBy: p.via === "cli" ? null : p.user.id,
          },
          tx,
        ),
      );
      log.set({ targetId: id });
      // Inside the transaction and the file's lock: a failed insert leaves no file behind, and a
      // concurrent deletion of the same bytes waits for this to commit.
      await placeFile(temp, storagePath);
      return id;
    });
    return detailOf(access, id);
  } finally {
    await rm(temp, { force: true });
  }
}

/**
 * Refused while any job's newest settings use the jar (named). The stored file goes when no other
 * jar of the team has the same bytes.
 */
export async function deleteResource(p: Principal, team: string | number, ref: string | number): Promise<void> {
  const access = await teamAccess(p, team);
  await audited(p, { action: "resource.delete", targetType: "resource", targetName: String(ref), team: access.team }, async (tx, log) => {
    requirePermission(access, "resource:manage");
    const r = await findResource({ teamId: access.team.id, ref }, tx);
    if (!r) throw notFound(ref);
    log.set({ targetId: r.id, targetName: r.name, detail: { sha256: r.sha256 } });
    const jobs = await jobsUsingResource({ teamId: access.team.id, id: r.id }, tx);
    if (jobs.length > 0) {
      throw conflict(`“${r.name}” is used by ${jobs.length} job${jobs.length === 1 ? "" : "s"}: ${nameList(jobs)}. Remove it from their settings first.`);
    }
    await lockResourceFile({ teamId: access.team.id, sha256: r.sha256 }, tx);
    await deleteRow({ teamId: access.team.id, id: r.id }, tx);
    // Under the file's lock, so an upload of the same bytes cannot slip in between the count and the removal.
    if ((await countResourcesSharingFile({ teamId: access.team.id, sha256: r.sha256 }, tx)) === 0) await removeStoredFile(r.storagePath);
  });
}

/** A name fit for Content-Disposition: the jar's name, ending in .jar. */
export function downloadFilename(name: string): string {
  return /\.jar$/i.test(name) ? name : `${name}.jar`;
}

/** The stored jar, for a download. */
export async function openResourceFile(p: Principal, team: string | number, ref: string | number): Promise<{ name: string; filename: string; size: number; sha256: string; stream: Readable }> {
  const access = await requireTeamPermission(p, team, "resource:view");
  const r = await findResource({ teamId: access.team.id, ref });
  if (!r) throw notFound(ref);
  const size = await storedFileSize(r.storagePath);
  if (size === null) throw new AppError("not_found", `The stored file of “${r.name}” is missing on the server; upload the jar again.`);
  return { name: r.name, filename: downloadFilename(r.name), size, sha256: r.sha256, stream: createReadStream(absolutePath(r.storagePath)) };
}
