import { z } from "zod";
import { endpoint } from "@/lib/api/endpoint";
import { deleteVersion, getVersion, listVersions, registerFlinkVersionInput, registerVersion, updateFlinkVersionInput, updateVersion } from "@/lib/environments/flink-versions";
import { refSchema } from "@/lib/validation";
import { flinkVersionSchema } from "./schemas";

const params = z.object({ version: refSchema.meta({ description: "A Flink version's name or id.", param: { description: "A Flink version's name or id." } }) });

export const listFlinkVersions = endpoint({
  method: "GET",
  path: "/flink-versions",
  tag: "Flink versions",
  summary: "List registered Flink versions",
  description: "FLINK_HOMEs on the Eddy server, shared by every team.",
  response: z.object({ flinkVersions: z.array(flinkVersionSchema) }),
  errors: [403],
  handler: async ({ principal }) => ({ flinkVersions: await listVersions(principal) }),
});

export const postFlinkVersion = endpoint({
  method: "POST",
  path: "/flink-versions",
  tag: "Flink versions",
  summary: "Register a FLINK_HOME",
  description: "Checks lib/flink-dist*.jar (exactly one), reads the version from it and the configuration file. The first version registered becomes the default.",
  body: registerFlinkVersionInput,
  response: flinkVersionSchema,
  successStatus: 201,
  errors: [403, 409],
  handler: async ({ principal, body }) => registerVersion(principal, body),
});

export const getFlinkVersion = endpoint({
  method: "GET",
  path: "/flink-versions/{version}",
  tag: "Flink versions",
  summary: "A Flink version, with its configuration",
  params,
  response: flinkVersionSchema,
  errors: [403, 404],
  handler: async ({ principal, params }) => getVersion(principal, params.version),
});

export const patchFlinkVersion = endpoint({
  method: "PATCH",
  path: "/flink-versions/{version}",
  tag: "Flink versions",
  summary: "Rename, describe, or make default",
  params,
  body: updateFlinkVersionInput.omit({ version: true }),
  response: flinkVersionSchema,
  errors: [403, 404, 409],
  handler: async ({ principal, params, body }) => updateVersion(principal, { ...body, version: params.version }),
});

export const deleteFlinkVersion = endpoint({
  method: "DELETE",
  path: "/flink-versions/{version}",
  tag: "Flink versions",
  summary: "Remove a Flink version",
  description: "Refused while clusters use it.",
  params,
  response: null,
  successStatus: 204,
  errors: [403, 404, 409],
  handler: async ({ principal, params }) => deleteVersion(principal, params.version),
});
