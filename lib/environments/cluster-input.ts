import { z } from "zod";
import { descriptionSchema, refSchema } from "@/lib/validation";

/** What a person types to register or edit a cluster; shared by forms, actions and the REST API. */

export const clusterNameSchema = z
  .string()
  .trim()
  .min(1, "A cluster needs a name.")
  .max(64, "A cluster name can have at most 64 characters.")
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "Use letters, digits, dots, dashes and underscores, starting with a letter or digit.")
  .refine((s) => !/^\d+$/.test(s), "A cluster name cannot be only digits.")
  .meta({ example: "prod-session-1" });

export const httpUrlSchema = z
  .string()
  .trim()
  .max(2048, "That URL is too long.")
  .refine((s) => {
    try {
      const u = new URL(s);
      return (u.protocol === "http:" || u.protocol === "https:") && !u.username && !u.password;
    } catch {
      return false;
    }
  }, "Give an http:// or https:// URL, without credentials in it.")
  .meta({ example: "http://flink-jobmanager:8081" });

/** Absent: unchanged (undefined); empty: cleared (null); else the URL without trailing slashes. */
/** Empty or null clears it (a form sends "", JSON may send null). */
const optionalUrl = z
  .union([httpUrlSchema, z.literal(""), z.null()])
  .optional()
  .transform((s) => (s === undefined ? undefined : s ? s.replace(/\/+$/, "") : null));

const labelSchema = z
  .string()
  .trim()
  .min(1)
  .max(32, "A label can have at most 32 characters.")
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, "Labels use letters, digits, dots, dashes, underscores and colons.");

/** Flink configuration keys are dotted identifiers; values are single lines. */
export const flinkPropertiesSchema = z
  .record(
    z.string().regex(/^[A-Za-z0-9_.$-]{1,200}$/, "A Flink configuration key uses letters, digits, dots, dashes, underscores and $."),
    z.string().max(4096, "A configuration value can have at most 4096 characters.").refine((v) => !/[\r\n\u0000]/.test(v), "A configuration value must be one line."),
  )
  .refine((r) => Object.keys(r).length <= 200, "At most 200 configuration entries.");

const dnsLabel = (what: string) =>
  z
    .string()
    .trim()
    .min(1, `Give the ${what}.`)
    .max(63, `A ${what} can have at most 63 characters.`)
    .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, `A ${what} uses lowercase letters, digits and dashes (a Kubernetes name).`)
    .meta({ example: "flink" });

const applicationId = z
  .string()
  .trim()
  .regex(/^application_\d+_\d+$/, "A YARN application id looks like application_1700000000000_0001.")
  .meta({ example: "application_1700000000000_0001" });

const common = {
  name: clusterNameSchema,
  description: descriptionSchema.default(""),
  labels: z.array(labelSchema).max(10, "At most 10 labels.").default([]),
  flinkVersion: refSchema.optional(),
  sqlGatewayUrl: optionalUrl,
  properties: flinkPropertiesSchema.default({}),
  /** Where "unreachable" alerts go: a channel of the team, by name or id. */
  alertChannel: refSchema.nullable().optional(),
};

export const createClusterInput = z.discriminatedUnion(
  "kind",
  [
    z.object({ ...common, kind: z.literal("remote"), restUrl: httpUrlSchema.transform((s) => s.replace(/\/+$/, "")) }),
    z.object({
      ...common,
      kind: z.literal("yarn-session"),
      yarnRmUrl: httpUrlSchema.transform((s) => s.replace(/\/+$/, "")),
      /** An existing session's application id; leave it out and set start to have Eddy start one. */
      yarnApplicationId: applicationId.optional(),
      yarnQueue: z.string().trim().max(200).regex(/^[A-Za-z0-9_.-]*$/, "A queue name uses letters, digits, dots, dashes and underscores.").optional(),
      start: z.boolean().default(false),
    }),
    z.object({
      ...common,
      kind: z.literal("k8s-session"),
      k8sNamespace: dnsLabel("namespace"),
      k8sClusterId: dnsLabel("cluster id"),
      k8sContext: z.string().trim().max(253).regex(/^[A-Za-z0-9@._:/-]*$/, "Not a kubeconfig context name.").optional(),
      k8sImage: z.string().trim().max(512).regex(/^[A-Za-z0-9./:@_-]*$/, "Not a container image reference.").optional(),
      /** The JobManager's REST URL as Eddy reaches it (an ingress); empty derives it from EDDY_K8S_REST_URL_TEMPLATE. */
      restUrl: optionalUrl,
      start: z.boolean().default(false),
    }),
  ],
  { error: () => "Choose a kind: remote, yarn-session or k8s-session." },
);
export type CreateClusterInput = z.infer<typeof createClusterInput>;

/** Fields that can change after registration; the kind and who manages the cluster cannot. */
export const updateClusterInput = z.object({
  name: clusterNameSchema.optional(),
  description: descriptionSchema.optional(),
  labels: z.array(labelSchema).max(10, "At most 10 labels.").optional(),
  flinkVersion: z.union([refSchema, z.literal("")]).optional(),
  sqlGatewayUrl: optionalUrl,
  properties: flinkPropertiesSchema.optional(),
  alertChannel: refSchema.nullable().optional(),
  restUrl: optionalUrl,
  yarnRmUrl: httpUrlSchema.transform((s) => s.replace(/\/+$/, "")).optional(),
  yarnApplicationId: applicationId.optional(),
  yarnQueue: z.string().trim().max(200).optional(),
  k8sContext: z.string().trim().max(253).optional(),
  k8sImage: z.string().trim().max(512).optional(),
});
export type UpdateClusterInput = z.infer<typeof updateClusterInput>;

export const clusterActionSchema = z.enum(["start", "stop"], { error: () => "The action is start or stop." });
