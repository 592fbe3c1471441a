import { z } from "zod";
import { resourceKinds } from "@/db/queries/resources";
import { descriptionSchema } from "@/lib/validation";

/** What a person sends with a jar; shared by the upload route, the console and the document. */

// Control characters and the Unicode bidi overrides have no business in a name.
const controlChars = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/**
 * A jar's name is a label, never a path: files are stored by checksum. Names still refuse path
 * syntax, so that nothing downstream (a download's filename, a build's lib/ folder) is ever tempted.
 * At most 64 characters, so that a job can name the jar wherever a reference is accepted.
 */
export const resourceNameSchema = z
  .string()
  .trim()
  .min(1, "A jar needs a name.")
  .max(64, "A jar's name can have at most 64 characters; give a shorter name.")
  .refine((s) => !controlChars.test(s), "A jar's name cannot contain control characters.")
  .refine((s) => !/[/\\]/.test(s), "A jar's name cannot contain “/” or “\\”: it is a name, not a path.")
  .refine((s) => s !== "." && s !== "..", "A jar's name cannot be “.” or “..”.")
  .refine((s) => !/^\d+$/.test(s), "A jar's name cannot be only digits.")
  .meta({ example: "kafka-connector.jar" });

export const resourceKindSchema = z
  .enum(resourceKinds, { error: () => "Choose a kind: app, connector, udf or library." })
  .meta({ description: "app: a JAR job's program; connector, udf, library: dependencies of jobs." });

/** The form fields that travel with the file (all text, as multipart sends them). */
export const uploadFieldsSchema = z.object({
  /** Empty means the file's own name. */
  name: z.preprocess((v) => (v === "" ? undefined : v), resourceNameSchema.optional()),
  kind: z.preprocess((v) => (v === "" ? undefined : v), resourceKindSchema.default("library")),
  description: descriptionSchema.default(""),
});

/** The upload as the OpenAPI document shows it (multipart/form-data). */
export const uploadForm = z.object({
  file: z.file().meta({ description: "The jar. At most EDDY_MAX_UPLOAD_MB (512 MB unless configured)." }),
  kind: resourceKindSchema.optional().meta({ description: "app, connector, udf or library (the default)." }),
  description: descriptionSchema.optional(),
  name: resourceNameSchema.optional().meta({ description: "Defaults to the file's name." }),
});
