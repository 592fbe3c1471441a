import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject } from "zod-openapi";
import { errorBody, type AnyEndpoint } from "./endpoint";

const errorText: Record<number, string> = {
  400: "The request is malformed (path, query or JSON).",
  401: "No valid session or API token.",
  403: "Authenticated, but the role does not allow this.",
  404: "Not found, or not visible to the caller.",
  409: "Conflicts with the current state (e.g. a duplicate name).",
  413: "The upload is larger than the server accepts.",
  422: "The body failed validation; `fields` says where.",
  429: "Too many requests; see Retry-After.",
};

/** Builds the OpenAPI 3.1 document from the same zod schemas the handlers validate with. */
export function buildOpenApiDocument(endpoints: AnyEndpoint[], serverUrl = "/api/v1") {
  const paths: ZodOpenApiPathsObject = {};
  for (const e of endpoints) {
    const statuses = [400, ...(e.auth === false ? [] : [401]), ...(e.body || e.multipart ? [422] : []), ...(e.errors ?? [])];
    const success = e.successStatus ?? 200;
    const op: ZodOpenApiOperationObject = {
      operationId: `${e.method.toLowerCase()}${e.path.replace(/[{}]/g, "").replace(/(^|\/|-)(\w)/g, (_, _s, c: string) => c.toUpperCase())}`,
      summary: e.summary,
      description: e.description,
      tags: [e.tag],
      requestParams: { ...(e.params ? { path: e.params } : {}), ...(e.query ? { query: e.query } : {}) },
      requestBody: e.body
        ? { required: true, content: { "application/json": { schema: e.body } } }
        : e.multipart
          ? { required: true, content: { "multipart/form-data": { schema: e.multipart } } }
          : undefined,
      responses: {
        [success]: e.file
          ? { description: "The file", content: { [e.file]: { schema: { type: "string", format: "binary" } } } }
          : e.response
            ? { description: "Success", content: { "application/json": { schema: e.response } } }
            : { description: "Done; no content." },
        ...Object.fromEntries(
          [...new Set(statuses)].map((s) => [s, { description: errorText[s]!, content: { "application/json": { schema: errorBody } } }]),
        ),
      },
    };
    const item = (paths[e.path] ??= {});
    (item as Record<string, unknown>)[e.method.toLowerCase()] = op;
  }
  return createDocument({
    openapi: "3.1.0",
    info: {
      title: "Eddy REST API",
      version: "1",
      description:
        "Authenticate with `Authorization: Bearer <token>` (create a token under Account → API tokens, or with `npm run eddy -- create-token`). " +
        "A token acts as its user inside its team. Errors are JSON `{error: {code, message}}`.",
    },
    servers: [{ url: serverUrl }],
    components: {
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", description: "An Eddy API token (eddy_…)." },
        session: { type: "apiKey", in: "cookie", name: "next-auth.session-token", description: "A browser session." },
      },
    },
    security: [{ bearer: [] }, { session: [] }],
    paths,
  });
}
