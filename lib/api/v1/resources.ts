import { Readable } from "node:stream";
import { z } from "zod";
import { checkSameOrigin, endpoint, errorResponse, type AnyEndpoint } from "@/lib/api/endpoint";
import { authenticateRequest } from "@/lib/auth/request";
import { AppError } from "@/lib/errors";
import { uploadForm } from "@/lib/resources/resource-input";
import { deleteResource, getResource, listTeamResources, openResourceFile, uploadResource } from "@/lib/resources/resources";
import { describeIssues, refSchema } from "@/lib/validation";
import { resourceDetailSchema, resourceDetailView, resourceSchema, resourceView, teamRef } from "./schemas";

const teamParams = z.object({ team: teamRef });
const resourceRef = refSchema.meta({ description: "A jar's name or id.", param: { description: "A jar's name (any case) or numeric id." } });
const resourceParams = z.object({ team: teamRef, resource: resourceRef });

export const listResourcesEndpoint = endpoint({
  method: "GET",
  path: "/teams/{team}/resources",
  tag: "Resources",
  summary: "List a team's jars",
  params: teamParams,
  response: z.object({ resources: z.array(resourceSchema) }),
  errors: [403, 404],
  handler: async ({ principal, params }) => ({ resources: (await listTeamResources(principal, params.team)).map(resourceView) }),
});

export const postResource = endpoint({
  method: "POST",
  path: "/teams/{team}/resources",
  tag: "Resources",
  summary: "Upload a jar",
  description:
    "multipart/form-data with the jar in `file`, and optionally `kind`, `description` and `name` (the file's name by default). " +
    "The file must be a jar (a zip archive); its manifest's Main-Class and its class names are read. " +
    "Uploading the same bytes again under another name reuses the stored file. With a browser session, the request must carry its Origin.",
  params: teamParams,
  multipart: uploadForm,
  response: resourceDetailSchema,
  successStatus: 201,
  errors: [403, 404, 409, 413],
  handler: async ({ principal, params, request }) => resourceDetailView(await uploadResource(principal, params.team, request)),
});

export const getResourceEndpoint = endpoint({
  method: "GET",
  path: "/teams/{team}/resources/{resource}",
  tag: "Resources",
  summary: "A jar, with its classes and the jobs that use it",
  params: resourceParams,
  response: resourceDetailSchema,
  errors: [403, 404],
  handler: async ({ principal, params }) => resourceDetailView(await getResource(principal, params.team, params.resource)),
});

export const deleteResourceEndpoint = endpoint({
  method: "DELETE",
  path: "/teams/{team}/resources/{resource}",
  tag: "Resources",
  summary: "Delete a jar",
  description: "Refused while any job's newest settings use it (they are named).",
  params: resourceParams,
  response: null,
  successStatus: 204,
  errors: [403, 404, 409],
  handler: async ({ principal, params }) => deleteResource(principal, params.team, params.resource),
});

/** attachment; with an ASCII fallback and the exact name in RFC 5987 form. */
function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]|["\\]/g, "_");
  const exact = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${exact}`;
}

export const getResourceFileEndpoint = endpoint({
  method: "GET",
  path: "/teams/{team}/resources/{resource}/file",
  tag: "Resources",
  summary: "Download a jar",
  params: resourceParams,
  response: null,
  file: "application/java-archive",
  errors: [403, 404],
  handler: async ({ principal, params }) => {
    const f = await openResourceFile(principal, params.team, params.resource);
    return new Response(Readable.toWeb(f.stream) as ReadableStream<Uint8Array>, {
      status: 200,
      headers: {
        "content-type": "application/java-archive",
        "content-length": String(f.size),
        "content-disposition": contentDisposition(f.filename),
        "x-content-type-options": "nosniff",
        "cache-control": "private, no-store",
        etag: `"${f.sha256}"`,
      },
    });
  },
});

/**
 * The upload's route handler. Like handle(), but the handler streams the body itself (handle()
 * reads bodies as JSON), and a browser session must name its Origin: unlike JSON, multipart is a
 * body a cross-site HTML form can send.
 */
export function handleUpload(e: AnyEndpoint) {
  return async (request: Request, context: { params: Promise<Record<string, string | string[]>> }): Promise<Response> => {
    try {
      const principal = await authenticateRequest(request);
      checkSameOrigin(request, principal, { required: true });
      const raw = Object.fromEntries(Object.entries((await context.params) ?? {}).map(([k, v]) => [k, Array.isArray(v) ? v.join("/") : v]));
      const parsed = e.params!.safeParse(raw);
      if (!parsed.success) {
        const { message, fields } = describeIssues(parsed.error);
        throw new AppError("bad_request", message, { fields });
      }
      const result = await e.handler({ principal, params: parsed.data, query: {}, body: undefined, request });
      const out = e.response!.safeParse(result);
      if (!out.success) throw new Error(`${e.method} ${e.path} returned a body its schema rejects: ${out.error.message}`);
      return Response.json(out.data, { status: e.successStatus ?? 200 });
    } catch (err) {
      return errorResponse(err);
    }
  };
}
