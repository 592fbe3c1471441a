import { SECRET_MASK } from "@/lib/crypto/secrets";

/**
 * Secret values shorter than this are not searched for: masking every "ab" in a Flink message
 * would garble it, and a two-character secret protects nothing anyway.
 */
export const MIN_REDACTED_LENGTH = 3;

export type Redact = (text: string) => string;

/**
 * Text that came back from Flink (a plan, an error, CLI output) can quote what Eddy sent it,
 * secret variables included: `Object 'hunter2' not found`, a literal in a plan. Everything such text
 * passes on its way to a page, a log or the database is masked here first. Longest values first,
 * so a secret that contains another is masked whole.
 */
export function redactor(secrets: Iterable<string>): Redact {
  const values = [...new Set(secrets)].filter((s) => s.length >= MIN_REDACTED_LENGTH).sort((a, b) => b.length - a.length);
  if (!values.length) return (text) => text;
  const pattern = new RegExp(values.map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|"), "g");
  return (text) => text.replace(pattern, SECRET_MASK);
}
