/**
 * Protects what the IDE learns from a script: the tables, views, functions and catalogs it
 * declares with their columns (even in statements the local grammar rejects or that are half
 * typed), and what completion offers where.
 */
import { describe, expect, it } from "vitest";
import { FLINK_SQL_DIALECT, completionsAt, flinkFunctions, flinkKeywords, flinkTypes, scriptSymbols, type Completion } from "@/lib/sql";

const SCRIPT = `CREATE TABLE orders (
  order_id BIGINT,
  \`user\` STRING,
  amount DECIMAL(10, 2),
  ts TIMESTAMP(3) METADATA FROM 'timestamp' VIRTUAL,
  cost AS amount * 2,
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND,
  PRIMARY KEY (order_id) NOT ENFORCED
) DISTRIBUTED BY HASH(order_id) INTO 4 BUCKETS WITH ('connector' = 'kafka', 'password' = '\${db_pwd}');
CREATE TEMPORARY VIEW IF NOT EXISTS big AS SELECT order_id, amount * 2 AS doubled, o.ts FROM orders o;
CREATE TEMPORARY SYSTEM FUNCTION my_udf AS 'com.example.MyUdf' LANGUAGE JAVA;
CREATE CATALOG paimon WITH ('type' = 'paimon');
CREATE TABLE \`cat\`.\`db\`.sink WITH ('connector' = 'print') AS SELECT * FROM orders;
CREATE TABLE copy_of (extra INT) LIKE orders;
CREATE VIEW named (a, b) AS SELECT 1, 2;
`;

describe("scriptSymbols", () => {
  it("collects declared tables, views, functions and catalogs with their columns", () => {
    const { tables } = scriptSymbols(SCRIPT);
    expect(tables.map(({ name, kind, columns }) => ({ name, kind, columns }))).toEqual([
      { name: "orders", kind: "table", columns: ["order_id", "user", "amount", "ts", "cost"] },
      { name: "big", kind: "view", columns: ["order_id", "doubled", "ts"] },
      { name: "my_udf", kind: "function", columns: [] },
      { name: "paimon", kind: "catalog", columns: [] },
      { name: "cat.db.sink", kind: "table", columns: ["order_id", "user", "amount", "ts", "cost"] },
      { name: "copy_of", kind: "table", columns: ["order_id", "user", "amount", "ts", "cost", "extra"] },
      { name: "named", kind: "view", columns: ["a", "b"] },
    ]);
    expect(SCRIPT.slice(tables[0]!.from, tables[0]!.from + 6)).toBe("orders");
  });

  it("reads a table that is still being typed", () => {
    expect(scriptSymbols("CREATE TABLE t (\n  a INT,\n  b STR").tables).toMatchObject([{ name: "t", columns: ["a", "b"] }]);
  });

  it("ignores statements that declare nothing", () => {
    expect(scriptSymbols("SELECT 1; INSERT INTO t SELECT 2; DROP TABLE x;").tables).toEqual([]);
  });
});

const labels = (options: readonly Completion[] | undefined) => (options ?? []).map((o) => o.label);

describe("completionsAt", () => {
  const script = `${SCRIPT}SELECT o. FROM orders o JOIN big b ON b.order_id = o.order_id WHERE `;
  const at = (marker: string) => script.indexOf(marker) + marker.length;

  it("offers the columns of an alias after `alias.`, quoting reserved names", () => {
    const r = completionsAt(script, at("SELECT o."));
    expect(r).toMatchObject({ from: at("SELECT o."), to: at("SELECT o.") });
    expect(labels(r?.options)).toEqual(["order_id", "user", "amount", "ts", "cost"]);
    expect(r?.options.find((o) => o.label === "user")).toMatchObject({ type: "column", apply: "`user`" });
  });

  it("offers tables first after FROM and JOIN", () => {
    const r = completionsAt(script, at("JOIN "));
    expect(labels(r?.options).slice(0, 4)).toEqual(["orders", "big", "cat.db.sink", "copy_of"]);
    expect(r?.options.find((o) => o.label === "cat.db.sink")?.apply).toBeUndefined();
    expect(labels(r?.options)).toContain("TUMBLE");
    expect(r?.options[0]).toMatchObject({ type: "table", boost: 10 });
  });

  it("offers the statement's columns first, then functions, types and keywords", () => {
    const text = `${script}am`;
    const r = completionsAt(text, text.length);
    expect(r?.from).toBe(text.length - 2);
    const options = r?.options ?? [];
    expect(options.find((o) => o.label === "amount")).toMatchObject({ type: "column", boost: 3 });
    expect(options.find((o) => o.label === "ML_PREDICT")).toMatchObject({ type: "function" });
    expect(options.find((o) => o.label === "TIMESTAMP_LTZ")).toMatchObject({ type: "type" });
    expect(options.find((o) => o.label === "WATERMARK")).toMatchObject({ type: "keyword" });
    expect(options.find((o) => o.label === "my_udf")).toMatchObject({ type: "function" });
  });

  it("offers variables inside ${, in code and in strings, closing the brace when needed", () => {
    const code = "SELECT * FROM t WHERE d > ${mi";
    const r = completionsAt(code, code.length, { variables: ["min_day", "env"] });
    expect(r).toMatchObject({ from: code.length - 2, to: code.length });
    expect(r?.options.map((o) => [o.label, o.type, o.apply])).toEqual([
      ["env", "variable", "env}"],
      ["min_day", "variable", "min_day}"],
    ]);
    const inString = "SET 'password' = '${}'";
    const s = completionsAt(inString, inString.indexOf("}"), { variables: ["db_pwd"] });
    expect(s?.options.map((o) => o.apply)).toEqual(["db_pwd"]);
  });

  it("offers nothing inside comments and plain strings", () => {
    expect(completionsAt("-- SEL", 6)).toBeNull();
    expect(completionsAt("/* SEL */ SELECT 1", 6)).toBeNull();
    expect(completionsAt("SELECT 'SEL", 11)).toBeNull();
  });

  it("waits for a first letter unless asked explicitly, and offers snippets at a statement start", () => {
    expect(completionsAt("SELECT ", 7)).toBeNull();
    expect(completionsAt("SELECT ", 7, { explicit: true })?.options.length).toBeGreaterThan(100);
    const r = completionsAt("CRE", 3);
    expect(r?.options.filter((o) => o.type === "snippet").map((o) => o.label)).toContain("CREATE TABLE … kafka");
  });

  it("never throws, whatever the input", () => {
    for (const [text, pos] of [["", 0], ["SELECT", -5], ["SELECT", 999], ["`", 1], ["${", 2], ["'", 1], ["a.", 2], [". .", 3]] as const) {
      expect(() => completionsAt(text, pos)).not.toThrow();
    }
  });
});

describe("vocabulary and CodeMirror dialect", () => {
  it("has Flink's built-in functions with signatures, window TVFs and AI functions included", () => {
    expect(flinkFunctions.length).toBeGreaterThanOrEqual(150);
    const byName = new Map(flinkFunctions.map((f) => [f.name, f]));
    expect(byName.get("TUMBLE")?.signature).toBe("TUMBLE(TABLE data, DESCRIPTOR(timecol), size [, offset])");
    expect(byName.get("HOP")?.signature).toBe("HOP(TABLE data, DESCRIPTOR(timecol), slide, size [, offset])");
    for (const name of ["CUMULATE", "SESSION", "ML_PREDICT", "DATE_FORMAT", "TO_TIMESTAMP_LTZ", "JSON_VALUE", "LISTAGG", "CURRENT_WATERMARK"]) {
      expect(byName.get(name)?.description, name).toBeTruthy();
    }
    expect(new Set(flinkFunctions.map((f) => f.name)).size).toBe(flinkFunctions.length);
  });

  it("provides keywords and types", () => {
    for (const k of ["SELECT", "WATERMARK", "STATEMENT", "MATCH_RECOGNIZE", "TEMPORARY"]) expect(flinkKeywords).toContain(k);
    for (const t of ["STRING", "TIMESTAMP_LTZ", "DECIMAL", "MAP"]) expect(flinkTypes).toContain(t);
  });

  it("describes FlinkSQL to CodeMirror: backtick identifiers, no backslash escapes, lower-case word lists", () => {
    expect(FLINK_SQL_DIALECT).toMatchObject({ identifierQuotes: "`", backslashEscapes: false, doubleQuotedStrings: false, hashComments: false });
    expect(FLINK_SQL_DIALECT.keywords.split(" ")).toEqual(expect.arrayContaining(["select", "watermark", "minutes"]));
    expect(FLINK_SQL_DIALECT.types.split(" ")).toContain("timestamp_ltz");
    expect(FLINK_SQL_DIALECT.builtin.split(" ")).toContain("ml_predict");
    expect(FLINK_SQL_DIALECT.keywords).toBe(FLINK_SQL_DIALECT.keywords.toLowerCase());
  });
});
