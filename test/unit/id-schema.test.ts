/**
 * Protects the shared id rule (lib/validation.ts): ids are positive whole numbers that fit a
 * Postgres `integer`, so 2147483648 is refused before it reaches the database (where it used to
 * fail the query with a 500), and a request that names something by such an id hears "not found".
 */
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { actionError } from "@/lib/actions";
import { isAppError } from "@/lib/errors";
import { describeIssues, ID_TOO_LARGE, idSchema, jsonIdSchema, MAX_ID, NO_SUCH_ID, onlyIdsTooLarge, parseRefs } from "@/lib/validation";

const messageFor = (schema: z.ZodType, value: unknown) => {
  const r = schema.safeParse(value);
  return r.success ? null : r.error.issues[0]!.message;
};

describe("idSchema", () => {
  it("accepts ids from 1 to 2147483647, as numbers or text", () => {
    expect(MAX_ID).toBe(2 ** 31 - 1);
    for (const [input, id] of [[1, 1], ["42", 42], [" 7 ", 7], [2147483647, 2147483647], ["2147483647", 2147483647]] as const) {
      expect(idSchema.parse(input)).toBe(id);
    }
  });

  it.each([
    ["2147483648", ID_TOO_LARGE],
    [2147483648, ID_TOO_LARGE],
    ["9".repeat(64), ID_TOO_LARGE],
    ["1e64", ID_TOO_LARGE],
    ["0", "An id is a positive whole number."],
    ["-3", "An id is a positive whole number."],
    ["1.5", "An id is a whole number."],
    ["abc", "This must be a number."],
  ])("refuses %s: %s", (value, message) => {
    expect(messageFor(idSchema, value)).toBe(message);
  });

  it("in a JSON body, takes numbers only", () => {
    expect(jsonIdSchema.parse(12)).toBe(12);
    expect(messageFor(jsonIdSchema, "12")).toBe("This must be a number.");
    expect(messageFor(jsonIdSchema, true)).toBe("This must be a number.");
    expect(messageFor(jsonIdSchema, 2147483648)).toBe(ID_TOO_LARGE);
  });

  it("says which field, in a sentence", () => {
    const r = z.object({ jobs: z.array(jsonIdSchema) }).safeParse({ jobs: [1, 2147483648] });
    expect(r.success).toBe(false);
    expect(describeIssues(r.error!)).toEqual({
      message: "jobs.1: This id is too large: ids go up to 2,147,483,647.",
      fields: { "jobs.1": "This id is too large: ids go up to 2,147,483,647." },
    });
  });
});

describe("parseRefs", () => {
  const target = z.object({ team: z.string(), id: idSchema });

  it("answers not found for an id too large to exist", () => {
    let thrown: unknown;
    try {
      parseRefs(target, { team: "default", id: "2147483648" });
    } catch (e) {
      thrown = e;
    }
    expect(isAppError(thrown) && { code: thrown.code, message: thrown.message }).toEqual({ code: "not_found", message: NO_SUCH_ID });
    // As a server action returns it.
    expect(actionError(thrown)).toEqual({ ok: false, error: { code: "not_found", message: NO_SUCH_ID, fields: undefined } });
  });

  it("counts ids far beyond the range (not even safe integers) as too large", () => {
    for (const id of ["9".repeat(64), "1e64", 2 ** 60]) {
      const r = target.safeParse({ team: "t", id });
      expect(r.success).toBe(false);
      expect(onlyIdsTooLarge(r.error!), String(id)).toBe(true);
    }
  });

  it("leaves other mistakes as invalid input, even alongside a too-large id", () => {
    for (const input of [{ team: "default", id: "abc" }, { team: 5, id: "2147483648" }]) {
      let thrown: unknown;
      try {
        parseRefs(target, input);
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(z.ZodError);
      expect(onlyIdsTooLarge(thrown as z.ZodError)).toBe(false);
      expect(actionError(thrown).error.code).toBe("invalid_input");
    }
  });

  it("returns the parsed input when it is valid", () => {
    expect(parseRefs(target, { team: "t", id: "2147483647" })).toEqual({ team: "t", id: 2147483647 });
  });
});
