/**
 * `${name}` variables, StreamPark's rule: name = a letter, then letters, digits, `.`, `_` or `-`.
 *
 * Variables count inside string literals, because their main use is connector options such as
 * 'password' = '${db_pwd}', and inside quoted identifiers; they do not count inside comments
 * (commented-out SQL must not demand a value, and substitution leaves comments alone). A hint
 * `/*+ OPTIONS('k' = '${v}') *\/` is lexically a comment but is SQL, so its variables count.
 */
import { tokenize, variableLengthAt } from "./tokenizer";

export const VARIABLE_PATTERN = /\$\{([A-Za-z][A-Za-z0-9._-]*)\}/g;

export type VariableRef = { name: string; from: number; to: number };

/** Variables found in a token's text (a string or identifier may hold several). */
function variablesIn(text: string, offset: number, out: VariableRef[]): void {
  for (let i = text.indexOf("${"); i >= 0; i = text.indexOf("${", i + 1)) {
    const len = variableLengthAt(text, i);
    if (len > 0) {
      out.push({ name: text.slice(i + 2, i + len - 1), from: offset + i, to: offset + i + len });
      i += len - 1;
    }
  }
}

/** Every `${name}` outside comments, in order. */
export function findVariables(text: string): VariableRef[] {
  const out: VariableRef[] = [];
  for (const t of tokenize(text)) {
    if (t.kind === "variable") out.push({ name: t.text.slice(2, -1), from: t.from, to: t.to });
    else if (t.kind === "string" || t.kind === "quoted-identifier" || t.kind === "double-quoted") variablesIn(t.text, t.from, out);
    else if (t.kind === "block-comment" && t.text.startsWith("/*+")) variablesIn(t.text, t.from, out);
  }
  return out;
}

/**
 * Replaces each `${name}` (outside comments) with its value. Values are inserted as they are:
 * escaping a value for its context (a quote in a password) is the job of whoever defines it, as in
 * StreamPark. Unknown variables are left in place and listed once each in `missing`.
 */
export function substituteVariables(text: string, values: Record<string, string>): { text: string; missing: string[] } {
  const missing: string[] = [];
  let out = "";
  let last = 0;
  for (const v of findVariables(text)) {
    const value = Object.prototype.hasOwnProperty.call(values, v.name) ? values[v.name] : undefined;
    if (value === undefined) {
      if (!missing.includes(v.name)) missing.push(v.name);
      continue;
    }
    out += text.slice(last, v.from) + value;
    last = v.to;
  }
  out += text.slice(last);
  return { text: out, missing };
}
