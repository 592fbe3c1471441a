import { identifierValue, statementTokens, stringValue, type Token } from "./lexer";

/**
 * One statement's tokens with the navigation the executor needs: dotted identifiers, matching
 * parentheses, top-level commas and keywords, `WITH ('k' = 'v', …)` options, source text.
 *
 * A part of a statement (the query of an INSERT, EXPLAIN's statement, a subquery) is a `slice`
 * of the statement's tokens, never re-tokenized text: Flink reports "line L, column C" from the
 * start of the statement the gateway received, so every token keeps that position.
 */
export type Identifier = { parts: string[]; first: Token; last: Token; end: number };

export class Tokens {
  readonly list: Token[];

  /** `sql` is the whole submitted statement; `list` defaults to all of its tokens. */
  constructor(readonly sql: string, list?: Token[]) {
    this.list = list ?? statementTokens(sql);
  }

  at(k: number): Token | undefined {
    return this.list[k];
  }

  get length(): number {
    return this.list.length;
  }

  get words(): string[] {
    return this.list.map((t) => t.upper);
  }

  /** `a`, `db.a`, `` `c`.`d`.`a` `` starting at token k. */
  identifierAt(k: number): Identifier {
    const t = this.list;
    const first = t[k];
    if (!first) throw new Error(`no identifier at token ${k}`);
    const parts = [identifierValue(first)];
    let end = k;
    while (t[end + 1]?.text === "." && t[end + 2] && (t[end + 2]!.type === "word" || t[end + 2]!.type === "quoted")) {
      parts.push(identifierValue(t[end + 2]!));
      end += 2;
    }
    return { parts, first, last: t[end]!, end };
  }

  /** `( 'k' = 'v', … )` starting at the "(" token. */
  options(open: number): Record<string, string> {
    const out: Record<string, string> = {};
    for (const item of this.splitItems(open + 1, this.matching(open))) {
      const eq = item.findIndex((x) => x.text === "=");
      if (eq > 0 && item[eq + 1]) out[stringValue(item[0]!)] = stringValue(item[eq + 1]!);
    }
    return out;
  }

  /** The index of the ")" closing the "(" at `open`. */
  matching(open: number): number {
    let depth = 0;
    for (let k = open; k < this.list.length; k++) {
      if (this.list[k]!.text === "(") depth += 1;
      if (this.list[k]!.text === ")") {
        depth -= 1;
        if (depth === 0) return k;
      }
    }
    return this.list.length;
  }

  /** Token groups between `from` and `to` separated by top-level commas. */
  splitItems(from: number, to: number): Token[][] {
    const items: Token[][] = [[]];
    let depth = 0;
    for (let k = from; k < to; k++) {
      const x = this.list[k]!;
      if (x.text === "(" || x.text === "<") depth += 1;
      if (x.text === ")" || x.text === ">") depth -= 1;
      if (x.text === "," && depth === 0) items.push([]);
      else items[items.length - 1]!.push(x);
    }
    return items.filter((i) => i.length > 0);
  }

  depthAt(index: number): number {
    let depth = 0;
    for (let k = 0; k < index; k++) {
      if (this.list[k]!.text === "(") depth += 1;
      if (this.list[k]!.text === ")") depth -= 1;
    }
    return depth;
  }

  /** The first `word` at parenthesis depth 0 from `from` on, or -1. */
  topLevelIndex(word: string, from: number): number {
    return this.list.findIndex((t, i) => i >= from && t.upper === word && this.depthAt(i) === 0);
  }

  /** The source text the tokens span. */
  textOf(tokens: Token[]): string {
    const first = tokens[0];
    const last = tokens[tokens.length - 1];
    return first && last ? this.sql.slice(first.offset, last.offset + last.text.length) : "";
  }

  /** Tokens `from` to `to` (exclusive) of this statement, with their positions in it. */
  slice(from: number, to = this.list.length): Tokens {
    return new Tokens(this.sql, this.list.slice(from, to));
  }

  /** The tokens from k to the end (the statement has no trailing `;`). */
  from(k: number): Tokens {
    return this.slice(k);
  }

  /** The source text these tokens span (what a view stores as its query). */
  get text(): string {
    return this.textOf(this.list);
  }
}
