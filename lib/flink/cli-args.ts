import { invalidInput } from "@/lib/errors";

/**
 * Building argv for the Flink tools from user input. Each user value becomes exactly one argv item
 * (no shell ever parses it), and values are checked so that one item cannot smuggle in another
 * option or line: `-D` keys are restricted, newlines and NUL refused.
 */

const PROPERTY_KEY = /^[A-Za-z0-9_.$-]+$/;
const BAD_CHARS = /[\r\n\0]/;

/** `{ "yarn.application.name": "etl" }` → `["-Dyarn.application.name=etl"]`, after checking every key and value. */
export function dynamicPropertyArgs(properties: Record<string, string>): string[] {
  return Object.entries(properties).map(([key, value]) => {
    if (!PROPERTY_KEY.test(key)) {
      throw invalidInput(`"${key}" is not a valid Flink configuration key (letters, digits, "_", ".", "$" and "-" only).`, { [key]: "Invalid key." });
    }
    if (typeof value !== "string" || BAD_CHARS.test(value)) {
      throw invalidInput(`The value of ${key} cannot contain line breaks or NUL characters.`, { [key]: "Invalid value." });
    }
    return `-D${key}=${value}`;
  });
}

/** A value given to an option (`-c <class>`, a jar path): one line, and not something the parser would take for an option. */
export function optionValue(what: string, value: string): string {
  if (!value || BAD_CHARS.test(value)) throw invalidInput(`The ${what} cannot be empty or contain line breaks.`);
  if (value.startsWith("-")) throw invalidInput(`The ${what} cannot start with "-".`);
  return value;
}

/** Program arguments go after the jar, each its own argv item; only NUL (which no argv can hold) is refused. */
export function programArgs(args: readonly string[]): string[] {
  for (const a of args) {
    if (a.includes("\0")) throw invalidInput("A program argument cannot contain NUL characters.");
  }
  return [...args];
}
