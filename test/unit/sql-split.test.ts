/**
 * Protects statement splitting, which decides what is sent to the SQL Gateway one statement at a
 * time: a `;` inside a string, identifier or comment must not cut a statement, a statement set is
 * one job, and positions point at the statement's first token.
 */
import { describe, expect, it } from "vitest";
import { splitStatements, statementSetParts } from "@/lib/sql";

const texts = (script: string) => splitStatements(script).map((s) => s.text);

describe("splitStatements", () => {
  it("splits at semicolons and keeps a last statement without one", () => {
    expect(texts("SELECT 1; SELECT 2;\nSELECT 3")).toEqual(["SELECT 1", "SELECT 2", "SELECT 3"]);
  });

  it("does not split inside strings, quoted identifiers or comments", () => {
    const script = [
      "SELECT 'a;b', 'it''s; fine' FROM t;",
      "SELECT `weird;name` FROM t -- trailing; comment",
      ";",
      "SELECT /* ; */ \"x;y\" FROM t;",
    ].join("\n");
    expect(texts(script)).toEqual([
      "SELECT 'a;b', 'it''s; fine' FROM t",
      "SELECT `weird;name` FROM t",
      'SELECT /* ; */ "x;y" FROM t',
    ]);
  });

  it("treats a backslash in a string as an ordinary character, as Flink does", () => {
    expect(texts("SELECT 'C:\\'; SELECT 2")).toEqual(["SELECT 'C:\\'", "SELECT 2"]);
  });

  it("drops empty statements and statements that are only comments", () => {
    expect(texts(";; -- nothing here;\n/* nor; here */ ;\n  \n")).toEqual([]);
    expect(texts("")).toEqual([]);
  });

  it("keeps ${variables} inside statements", () => {
    expect(texts("SELECT * FROM ${tbl} WHERE d = '${day}'; SET 'a' = '${b}'")).toEqual([
      "SELECT * FROM ${tbl} WHERE d = '${day}'",
      "SET 'a' = '${b}'",
    ]);
  });

  it("keeps EXECUTE STATEMENT SET BEGIN ... END as one statement", () => {
    const script = `SET 'x' = 'y';
EXECUTE STATEMENT SET
BEGIN
  INSERT INTO a SELECT CASE WHEN v > 0 THEN 1 ELSE 0 END FROM s;
  INSERT INTO b SELECT * FROM s;
END;
SELECT 1;`;
    const st = splitStatements(script);
    expect(st.map((s) => s.text.split("\n")[0])).toEqual(["SET 'x' = 'y'", "EXECUTE STATEMENT SET", "SELECT 1"]);
    expect(st[1]!.text.endsWith("END")).toBe(true);
    expect(st[1]!.text).toContain("INSERT INTO b SELECT * FROM s;");
  });

  it("keeps the SQL client's BEGIN STATEMENT SET; ... END; as one statement", () => {
    const script = "begin statement set;\nINSERT INTO a SELECT 1;\nINSERT INTO b SELECT 2;\nend;\nSHOW TABLES;";
    expect(texts(script)).toEqual(["begin statement set;\nINSERT INTO a SELECT 1;\nINSERT INTO b SELECT 2;\nend", "SHOW TABLES"]);
  });

  it("keeps EXPLAIN and COMPILE PLAN ... FOR STATEMENT SET BEGIN ... END as one statement", () => {
    const script =
      "EXPLAIN CHANGELOG_MODE STATEMENT SET BEGIN INSERT INTO a SELECT 1; INSERT INTO b SELECT 2; END;\n" +
      "COMPILE PLAN '/tmp/p.json' FOR STATEMENT SET BEGIN INSERT INTO a SELECT 1; END;\nSELECT 3";
    expect(texts(script)).toEqual([
      "EXPLAIN CHANGELOG_MODE STATEMENT SET BEGIN INSERT INTO a SELECT 1; INSERT INTO b SELECT 2; END",
      "COMPILE PLAN '/tmp/p.json' FOR STATEMENT SET BEGIN INSERT INTO a SELECT 1; END",
      "SELECT 3",
    ]);
  });

  it("lists the inner statements of a statement set", () => {
    const text = "EXECUTE STATEMENT SET BEGIN INSERT INTO a SELECT 1; -- one\n INSERT INTO b SELECT 2; END";
    expect(statementSetParts(text)?.map((p) => [p.text, p.from])).toEqual([
      ["INSERT INTO a SELECT 1", 28],
      ["INSERT INTO b SELECT 2", 60],
    ]);
    expect(statementSetParts("SELECT 1")).toBeNull();
  });

  it("gives offsets and 1-based line/column of the first token, skipping leading comments", () => {
    const script = "-- header\n  SELECT 1;\n\n/* c */ INSERT INTO t\nSELECT 2 ;";
    const st = splitStatements(script);
    expect(st.map(({ from, to, line, column }) => ({ from, to, line, column }))).toEqual([
      { from: 12, to: 20, line: 2, column: 3 },
      { from: 31, to: 53, line: 4, column: 9 },
    ]);
    for (const s of st) expect(script.slice(s.from, s.to)).toBe(s.text);
  });

  it("counts CRLF line breaks once", () => {
    const st = splitStatements("SELECT 1;\r\n\r\n  SELECT 2;\r\nSELECT\r\n 3");
    expect(st.map((s) => [s.line, s.column])).toEqual([
      [1, 1],
      [3, 3],
      [4, 1],
    ]);
    expect(st[2]!.text).toBe("SELECT\r\n 3");
  });

  it("puts everything after an unterminated string into one statement", () => {
    expect(texts("SELECT 1; SELECT 'oops; SELECT 2;")).toEqual(["SELECT 1", "SELECT 'oops; SELECT 2;"]);
  });
});
