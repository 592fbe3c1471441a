/**
 * Protects ${variable} handling (StreamPark's rule): variables count in code, strings and quoted
 * identifiers, never in comments; substitution reports what it could not fill in.
 */
import { describe, expect, it } from "vitest";
import { VARIABLE_PATTERN, findVariables, substituteVariables } from "@/lib/sql";

describe("VARIABLE_PATTERN", () => {
  it("matches StreamPark's names and nothing else", () => {
    const text = "${a} ${db.pwd} ${x_1-y} ${1bad} ${} ${ spaced } ${_under}";
    expect([...text.matchAll(VARIABLE_PATTERN)].map((m) => m[1])).toEqual(["a", "db.pwd", "x_1-y"]);
    expect(VARIABLE_PATTERN.flags).toContain("g");
  });
});

describe("findVariables", () => {
  it("finds variables in code, string literals and quoted identifiers with their offsets", () => {
    const text = "SELECT * FROM ${tbl} WHERE pwd = '${db_pwd}' AND `${col}` = 1";
    expect(findVariables(text)).toEqual([
      { name: "tbl", from: 14, to: 20 },
      { name: "db_pwd", from: 34, to: 43 },
      { name: "col", from: 50, to: 56 },
    ]);
  });

  it("ignores variables in comments, but not in hints (a hint is SQL)", () => {
    expect(findVariables("-- ${a}\n/* ${b} */ SELECT '${c}' FROM t /*+ OPTIONS('k' = '${d}') */").map((v) => v.name)).toEqual(["c", "d"]);
  });

  it("finds a variable glued to a word and several in one string", () => {
    expect(findVariables("SELECT * FROM ods_${env}_orders WHERE d BETWEEN '${from}..${to}'").map((v) => v.name)).toEqual(["env", "from", "to"]);
  });
});

describe("substituteVariables", () => {
  it("substitutes values and reports each missing name once", () => {
    const r = substituteVariables("SELECT ${a}, '${b}', ${c}, ${c} FROM t -- ${d}", { a: "1", b: "two" });
    expect(r.text).toBe("SELECT 1, 'two', ${c}, ${c} FROM t -- ${d}");
    expect(r.missing).toEqual(["c"]);
  });

  it("leaves comments untouched and inserts values verbatim", () => {
    const r = substituteVariables("/* ${x} */ SET 'password' = '${x}'", { x: "p@ss$word" });
    expect(r).toEqual({ text: "/* ${x} */ SET 'password' = 'p@ss$word'", missing: [] });
  });

  it("does not treat inherited object keys as values", () => {
    expect(substituteVariables("${toString}", {}).missing).toEqual(["toString"]);
  });
});
