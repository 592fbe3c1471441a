import { z } from "zod";
import { AppError } from "@/lib/errors";

/** Field rules shared by forms, server actions, the REST API and the CLI. */

/**
 * Zod's own wording for a missing or mistyped field ("Invalid input: expected string, received
 * undefined") is for programmers; people and API clients get a sentence.
 */
z.config({
  customError: (issue) => {
    if (issue.code !== "invalid_type") return undefined;
    if (issue.input === undefined) return "This field is required.";
    const expected = { string: "text", number: "a number", int: "a whole number", boolean: "true or false", object: "an object", array: "a list" }[issue.expected as string];
    return expected ? `This must be ${expected}.` : undefined;
  },
});

// Control characters and the Unicode bidi overrides have no business in a name.
const controlChars = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

export const usernameSchema = z
  .string()
  .trim()
  .min(2, "A username needs at least 2 characters.")
  .max(64, "A username can have at most 64 characters.")
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._@-]*$/,
    "A username may use letters, digits, dots, dashes, underscores and @, and must start with a letter or digit.",
  );

export const teamNameSchema = z
  .string()
  .trim()
  .min(1, "A team needs a name.")
  .max(64, "A team name can have at most 64 characters.")
  .refine((s) => !controlChars.test(s), "A team name cannot contain control characters.")
  .refine((s) => !s.includes("/"), "A team name cannot contain a slash.")
  // Team references in URLs and the API accept a name or an id; an all-digit name would be ambiguous.
  .refine((s) => !/^\d+$/.test(s), "A team name cannot be only digits.");

export const roleNameSchema = z
  .string()
  .trim()
  .min(1, "A role needs a name.")
  .max(64, "A role name can have at most 64 characters.")
  .refine((s) => !controlChars.test(s), "A role name cannot contain control characters.")
  .refine((s) => !/^\d+$/.test(s), "A role name cannot be only digits.");

export const displayNameSchema = z
  .string()
  .trim()
  .max(100, "A display name can have at most 100 characters.")
  .refine((s) => !controlChars.test(s), "A display name cannot contain control characters.");

// Free text may hold line breaks and tabs, but not NUL (Postgres text cannot) or other control characters.
const freeTextControl = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

export const descriptionSchema = z
  .string()
  .trim()
  .max(500, "A description can have at most 500 characters.")
  .refine((s) => !freeTextControl.test(s), "A description cannot contain control characters.");

export const emailSchema = z
  .string()
  .trim()
  .max(254, "An email address can have at most 254 characters.")
  .refine((s) => s === "" || z.email().safeParse(s).success, "Enter a valid email address, or leave it empty.");

export const passwordSchema = z
  .string()
  .min(8, "A password needs at least 8 characters.")
  .max(200, "A password can have at most 200 characters.");

export const tokenNameSchema = z
  .string()
  .trim()
  .min(1, "Give the token a name, so you can tell it apart later.")
  .max(64, "A token name can have at most 64 characters.")
  .refine((s) => !controlChars.test(s), "A token name cannot contain control characters.");

/** A team, user or role reference: a name or a numeric id. */
export const refSchema = z
  .string()
  .trim()
  .min(1, "This reference is empty.")
  .max(64, "This reference is too long.")
  .refine((s) => !controlChars.test(s), "This reference contains control characters.");

/** The largest id (or version number) a Postgres `integer` / `serial` column can hold. */
export const MAX_ID = 2_147_483_647;
export const ID_TOO_LARGE = "This id is too large: ids go up to 2,147,483,647.";

/**
 * A database id (or version number) given as a number or as text (a URL segment, a query
 * parameter, a form field): a positive whole number that fits a Postgres `integer`. Anything
 * larger would make Postgres fail the query (a 500), so it is refused here; callers whose id names
 * what to act on (a path, a server action's target) answer "not found" for it (see parseRefs).
 * Name-or-id references go through db/queries/refs.ts, which applies the same range.
 */
// The range first, so that 1e64 (not a "safe" integer either) reads as too large.
export const idSchema = z.coerce
  .number()
  .max(MAX_ID, ID_TOO_LARGE)
  .int("An id is a whole number.")
  .positive("An id is a positive whole number.");

/** The same rule for JSON bodies, where an id must be a number (not "12", not true). */
export const jsonIdSchema = z.number().max(MAX_ID, ID_TOO_LARGE).int("An id is a whole number.").positive("An id is a positive whole number.");

/** True when every problem in `error` is an id beyond the database's range: nothing can have such an id. */
export function onlyIdsTooLarge(error: z.ZodError): boolean {
  // 1e64 also fails zod's safe-integer bound: a second "too big" at the same place.
  const tooLarge = new Set(error.issues.filter((i) => i.message === ID_TOO_LARGE).map((i) => i.path.join(".")));
  return tooLarge.size > 0 && error.issues.every((i) => i.code === "too_big" && tooLarge.has(i.path.join(".")));
}

export const NO_SUCH_ID = "That was not found: nothing has so large an id.";

/**
 * Parses what a request acts on (the ids naming its target): an id too large for the database
 * names nothing, so it answers "not found" like any other missing id, not "invalid input".
 */
export function parseRefs<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  if (onlyIdsTooLarge(r.error)) throw new AppError("not_found", NO_SUCH_ID);
  throw r.error;
}

/** Turns zod issues into a person's sentence plus per-field messages. */
export function describeIssues(error: z.ZodError): { message: string; fields: Record<string, string> } {
  const fields: Record<string, string> = {};
  const messageOf = (issue: z.core.$ZodIssue): string => {
    // A bad record key or element carries the rule's own sentence inside ("Invalid key in record" is zod's).
    const inner = (issue as { issues?: z.core.$ZodIssue[] }).issues?.[0];
    return (issue.code === "invalid_key" || issue.code === "invalid_element") && inner ? inner.message : issue.message;
  };
  for (const issue of error.issues) {
    const key = issue.path.map(String).join(".") || "_";
    fields[key] ??= messageOf(issue);
  }
  const first = error.issues[0];
  const where = first && first.path.length ? `${first.path.map(String).join(".")}: ` : "";
  const message = first ? `${where}${messageOf(first)}` : "The input is not valid.";
  return { message, fields };
}
