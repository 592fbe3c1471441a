import { z } from "zod";
import { jobStates, jobSortable } from "@/db/queries/jobs";
import { descriptionSchema, refSchema } from "@/lib/validation";
import { executionModes, jobSettingsInput } from "./settings";

/** Job names go into URLs, Flink's job name and YARN application names: no spaces, as in StreamPark. */
export const jobNameSchema = z
  .string()
  .trim()
  .min(1, "A job needs a name.")
  .max(100, "A job name can have at most 100 characters.")
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "Use letters, digits, dots, dashes and underscores, starting with a letter or digit.")
  .refine((s) => !/^\d+$/.test(s), "A job name cannot be only digits.")
  .meta({ example: "orders-enrichment" });

const tagSchema = z
  .string()
  .trim()
  .min(1)
  .max(32, "A tag can have at most 32 characters.")
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, "Tags use letters, digits, dots, dashes, underscores and colons.");

export const tagsSchema = z.array(tagSchema).max(20, "At most 20 tags.").transform((t) => [...new Set(t)]);

/** The SQL of a FlinkSQL job; JAR jobs have none. 1 MB is far beyond any real job and bounds the work. */
export const sqlSchema = z.string().max(1_000_000, "The SQL can have at most 1,000,000 characters.");

export const noteSchema = z.string().trim().max(500, "A note can have at most 500 characters.").default("");

export const createJobInput = z.object({
  name: jobNameSchema,
  description: descriptionSchema.default(""),
  tags: tagsSchema.default([]),
  type: z.enum(["sql", "jar"], { error: () => "The type is sql or jar." }),
  sql: sqlSchema.default(""),
  settings: jobSettingsInput.meta({ example: { mode: "remote", cluster: "prod-session-1", parallelism: 2 } }),
  note: noteSchema,
});
export type CreateJobInput = z.input<typeof createJobInput>;

export const updateJobMetaInput = z.object({
  name: jobNameSchema.optional(),
  description: descriptionSchema.optional(),
  tags: tagsSchema.optional(),
  owner: refSchema.optional(),
});

export const saveVersionInput = z.object({
  sql: sqlSchema.optional(),
  settings: jobSettingsInput.optional(),
  note: noteSchema,
});
export type SaveVersionInput = z.input<typeof saveVersionInput>;

export const copyJobInput = z.object({ name: jobNameSchema });

/** The job center's URL parameters; the page, its table and the API all read them through this. */
export const jobListQuery = z.object({
  q: z.string().trim().max(200).refine((s) => !s.includes("\u0000")).optional().catch(undefined),
  state: z
    .string()
    .optional()
    .transform((s) => (s ? s.split(",").filter((x): x is (typeof jobStates)[number] => (jobStates as readonly string[]).includes(x)) : undefined))
    .catch(undefined),
  type: z.enum(["sql", "jar"]).optional().catch(undefined),
  mode: z.enum(executionModes).optional().catch(undefined),
  cluster: z.string().trim().max(64).optional().catch(undefined),
  owner: z.string().trim().max(64).optional().catch(undefined),
  tags: z
    .string()
    .optional()
    .transform((s) => (s ? s.split(",").map((t) => t.trim()).filter(Boolean).slice(0, 20) : undefined))
    .catch(undefined),
  sort: z.enum(jobSortable).default("updatedAt").catch("updatedAt"),
  dir: z.enum(["asc", "desc"]).default("desc").catch("desc"),
  page: z.coerce.number().int().min(1).max(100_000).default(1).catch(1),
  pageSize: z.coerce.number().int().min(10).max(200).default(50).catch(50),
});
export type JobListQuery = z.infer<typeof jobListQuery>;

/**
 * The job center's parameters as they arrive (text), for the API document and the endpoint's own
 * check; lib/jobs parses them once, with jobListQuery.
 */
export const jobListParams = z.object({
  q: z.string().max(200).optional().meta({ description: "Words in the name or description." }),
  state: z.string().max(500).optional().meta({ description: "Comma-separated states, e.g. RUNNING,FAILED." }),
  type: z.string().max(10).optional().meta({ description: "sql or jar." }),
  mode: z.string().max(30).optional().meta({ description: "An execution mode." }),
  cluster: z.string().max(64).optional().meta({ description: "A cluster's name or id." }),
  owner: z.string().max(64).optional().meta({ description: "A username, or me." }),
  tags: z.string().max(700).optional().meta({ description: "Comma-separated tags; a job with any of them matches." }),
  sort: z.string().max(30).optional().meta({ description: `One of ${jobSortable.join(", ")}.` }),
  dir: z.string().max(4).optional().meta({ description: "asc or desc." }),
  page: z.string().max(9).optional(),
  pageSize: z.string().max(3).optional().meta({ description: "10 to 200." }),
});

/** A job reference in a URL: its name (up to 100 characters, as names may be) or its id. */
export const jobRefSchema = z
  .string()
  .trim()
  .min(1, "This reference is empty.")
  .max(100, "This reference is too long.")
  .refine((s) => !/[\u0000-\u001f]/.test(s), "This reference contains control characters.");

/** "3...5" in a diff URL: two version numbers. */
export function parseVersionRange(s: string): { from: number; to: number } | null {
  const m = /^(\d{1,9})\.\.\.(\d{1,9})$/.exec(s);
  return m ? { from: Number(m[1]), to: Number(m[2]) } : null;
}

export { refSchema };
