import { listVariableValues } from "@/db/queries/variables";
import { openSecret, SECRET_MASK } from "@/lib/crypto/secrets";
import { VARIABLE_PATTERN } from "@/lib/sql";

/** `${name}` by the one rule lib/sql defines; anything else (`${1}`, `${ x }`) is left as written. */
const PLACEHOLDER = new RegExp(VARIABLE_PATTERN.source, "g");

/**
 * Replaces each `${name}` with its value in one pass (a value that itself contains `${…}` is not
 * substituted again). Names without a value stay as written and are listed in `missing`. Plain
 * text, as program arguments and properties are; for SQL, lib/sql/variables.ts substitutes the
 * same way but leaves comments alone.
 */
export function substitute(text: string, valueOf: (name: string) => string | undefined): { text: string; missing: string[] } {
  const missing = new Set<string>();
  const out = text.replace(PLACEHOLDER, (whole, name: string) => {
    const v = valueOf(name);
    if (v === undefined) {
      missing.add(name);
      return whole;
    }
    return v;
  });
  return { text: out, missing: [...missing] };
}

/**
 * For trusted callers that already checked access (the IDE's "Verify with Flink"): the team's
 * variables, secrets decrypted, and the secret values, so that what comes back can be redacted.
 */
export async function resolveVariables(teamId: number): Promise<{ values: Record<string, string>; secrets: string[] }> {
  const rows = await listVariableValues(teamId);
  const values = Object.fromEntries(rows.map((r) => [r.name, r.secret ? openSecret(r.value) : r.value]));
  return { values, secrets: rows.filter((r) => r.secret).map((r) => values[r.name]!) };
}

/** The team's secret values as they are now, for redacting what Flink says back (lib/variables/redact.ts). */
export async function teamSecretValues(teamId: number): Promise<string[]> {
  return (await resolveVariables(teamId)).secrets;
}

/**
 * The team's values for showing a substitution: secrets as the mask unless `revealSecrets` (the
 * caller holds variable:view_secret and asked for it); they are not even decrypted otherwise.
 */
export async function previewValues(input: { teamId: number; revealSecrets: boolean }): Promise<Record<string, string>> {
  const rows = await listVariableValues(input.teamId);
  return Object.fromEntries(rows.map((r) => [r.name, !r.secret ? r.value : input.revealSecrets ? openSecret(r.value) : SECRET_MASK]));
}

/** What a text becomes with the team's variables substituted (secrets masked unless revealed). */
export async function previewSubstitution(input: { teamId: number; text: string; revealSecrets: boolean }): Promise<{ text: string; missing: string[] }> {
  const values = await previewValues(input);
  return substitute(input.text, (name) => (Object.prototype.hasOwnProperty.call(values, name) ? values[name] : undefined));
}
