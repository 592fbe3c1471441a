import { z } from "zod";
import { descriptionSchema } from "@/lib/validation";

/** What a person types to define a variable; shared by forms, actions and the REST API. */

/** StreamPark's rule, so that scripts move between the two unchanged. */
export const variableNamePattern = /^[A-Za-z][A-Za-z0-9._-]*$/;

export const variableNameSchema = z
  .string()
  .trim()
  .min(1, "A variable needs a name.")
  .max(64, "A variable name can have at most 64 characters.")
  .regex(variableNamePattern, "A variable name starts with a letter and uses letters, digits, dots, dashes and underscores.")
  .meta({ example: "kafka.bootstrap.servers" });

/** Any text, line breaks included; not trimmed, as spaces may matter where it is substituted. */
export const variableValueSchema = z
  .string()
  .min(1, "A variable needs a value.")
  .max(10_000, "A value can have at most 10,000 characters.")
  .refine((s) => !s.includes("\u0000"), "A value cannot contain NUL characters.");

export const createVariableInput = z.object({
  name: variableNameSchema,
  value: variableValueSchema,
  secret: z.boolean().default(false).meta({ description: "Stored encrypted and shown masked unless the caller may view secrets." }),
  description: descriptionSchema.default(""),
});
export type CreateVariableInput = z.infer<typeof createVariableInput>;

/** Absent fields stay as they are; for a secret, an absent value keeps the stored one. */
export const updateVariableInput = z.object({
  name: variableNameSchema.optional(),
  value: variableValueSchema.optional(),
  secret: z.boolean().optional(),
  description: descriptionSchema.optional(),
});
export type UpdateVariableInput = z.infer<typeof updateVariableInput>;

export const previewInput = z.object({
  text: z.string().max(1_000_000, "The text can have at most 1,000,000 characters.").meta({ description: "A script or argument list with ${name} placeholders." }),
  reveal: z.boolean().default(false).meta({ description: "Substitute secrets' real values (needs variable:view_secret); otherwise they appear masked." }),
});
