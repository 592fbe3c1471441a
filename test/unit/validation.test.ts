/**
 * Protects the field rules shared by forms, server actions, the REST API and the CLI: which names
 * are accepted (verbatim: escaping is the renderer's job, not the validator's), which are refused,
 * and the sentences a person reads when they are.
 */
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { describeIssues, refSchema, teamNameSchema, usernameSchema } from "@/lib/validation";

/** The first message a schema gives for `value`, or null when it accepts it. */
function messageFor(schema: z.ZodType, value: unknown): string | null {
  const r = schema.safeParse(value);
  return r.success ? null : r.error.issues[0]!.message;
}

describe("usernameSchema", () => {
  it.each(["al", "alice", "Alice.Smith", "bob-2", "carol_x", "dave@example.com", "0day", "a".repeat(64)])(
    "accepts %s",
    (name) => {
      expect(usernameSchema.parse(name)).toBe(name);
    },
  );

  it("trims surrounding spaces", () => {
    expect(usernameSchema.parse("  alice  ")).toBe("alice");
  });

  it.each([
    ["a", "A username needs at least 2 characters."],
    ["  a  ", "A username needs at least 2 characters."],
    ["a".repeat(65), "A username can have at most 64 characters."],
  ])("refuses %j for its length", (name, message) => {
    expect(messageFor(usernameSchema, name)).toBe(message);
  });

  const charsMessage =
    "A username may use letters, digits, dots, dashes, underscores and @, and must start with a letter or digit.";
  it.each(["al ice", "alice/bob", "<script>", "-alice", ".alice", "_alice", "@alice", "ali\u0000ce", "ålice", "al'ice"])(
    "refuses %j for its characters",
    (name) => {
      expect(messageFor(usernameSchema, name)).toBe(charsMessage);
    },
  );
});

describe("teamNameSchema", () => {
  it("accepts HTML and keeps it verbatim", () => {
    const html = "<img src=x onerror=alert(1)>";
    expect(teamNameSchema.parse(html)).toBe(html);
  });

  it.each(["default", "Data Platform", "équipe ünïcode", "team 42", "42 team", "a", "x".repeat(64), "a&b \"quoted\" 'single'"])(
    "accepts %j",
    (name) => {
      expect(teamNameSchema.parse(name)).toBe(name);
    },
  );

  it("trims surrounding whitespace", () => {
    expect(teamNameSchema.parse("  analytics \n")).toBe("analytics");
  });

  it.each([
    ["", "A team needs a name."],
    ["   ", "A team needs a name."],
    ["x".repeat(65), "A team name can have at most 64 characters."],
    ["data/platform", "A team name cannot contain a slash."],
    ["/", "A team name cannot contain a slash."],
    ["tab\there", "A team name cannot contain control characters."],
    ["nul\u0000byte", "A team name cannot contain control characters."],
    ["bell\u0007", "A team name cannot contain control characters."],
    ["del\u007f", "A team name cannot contain control characters."],
    ["bidi\u202eevil", "A team name cannot contain control characters."],
    ["12345", "A team name cannot be only digits."],
    ["0", "A team name cannot be only digits."],
  ])("refuses %j with a human message", (name, message) => {
    expect(messageFor(teamNameSchema, name)).toBe(message);
  });

  it("refuses non-strings", () => {
    expect(teamNameSchema.safeParse(42).success).toBe(false);
    expect(teamNameSchema.safeParse(null).success).toBe(false);
  });
});

describe("refSchema", () => {
  it("accepts names and numeric ids", () => {
    expect(refSchema.parse(" default ")).toBe("default");
    expect(refSchema.parse("17")).toBe("17");
  });

  it("refuses empty and overlong references", () => {
    expect(messageFor(refSchema, "  ")).toBe("This reference is empty.");
    expect(messageFor(refSchema, "x".repeat(65))).toBe("This reference is too long.");
  });
});

describe("describeIssues", () => {
  const form = z.object({
    name: teamNameSchema,
    members: z.array(z.object({ role: z.string().min(1, "Pick a role.") })),
  });

  it("gives the first problem as a sentence prefixed by its field, and one message per field", () => {
    const r = form.safeParse({ name: "a/b", members: [{ role: "ok" }, { role: "" }] });
    expect(r.success).toBe(false);
    const out = describeIssues(r.error!);
    expect(out.message).toBe("name: A team name cannot contain a slash.");
    expect(out.fields).toEqual({ name: "A team name cannot contain a slash.", "members.1.role": "Pick a role." });
  });

  it("keeps the first message when a field has several problems", () => {
    const schema = z.object({ name: z.string().min(3, "Too short.").regex(/^[a-z]+$/, "Letters only.") });
    const r = schema.safeParse({ name: "1" });
    expect(describeIssues(r.error!).fields).toEqual({ name: "Too short." });
  });

  it("uses “_” and no prefix for a problem with the whole value", () => {
    const r = form.safeParse(null);
    const out = describeIssues(r.error!);
    expect(Object.keys(out.fields)).toEqual(["_"]);
    expect(out.message).toBe(out.fields._);
    expect(out.message).not.toMatch(/^: /);
  });

  it("has a fallback sentence for an error without issues", () => {
    expect(describeIssues(new z.ZodError([]))).toEqual({ message: "The input is not valid.", fields: {} });
  });
});
