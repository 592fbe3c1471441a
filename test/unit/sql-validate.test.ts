/**
 * Protects the promise of local validation: it never blocks SQL that Flink accepts, and it does
 * block what is certainly broken (unclosed quotes and brackets, misspelled keywords, unknown
 * variables), at the exact line and column a person has to look at.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { clearValidationCache, hasBlockingErrors, validateScript, warmUpValidator, type Diagnostic } from "@/lib/sql";

const errors = (d: readonly Diagnostic[]) => d.filter((x) => x.severity === "error");

/** Valid Flink statements the local grammar (dt-sql-parser 4.5.1) rejects: warnings, never errors. */
const REJECTED_BY_LOCAL_GRAMMAR = [
  // window TVFs without TABLE(...), with named arguments, SESSION with PARTITION BY
  "SELECT * FROM TUMBLE(TABLE Bid, DESCRIPTOR(bidtime), INTERVAL '10' MINUTES)",
  "SELECT window_start, item, SUM(price) FROM TABLE(SESSION(TABLE Bid PARTITION BY item, DESCRIPTOR(bidtime), INTERVAL '5' MINUTES)) GROUP BY item, window_start, window_end",
  // AI and changelog table functions
  "SELECT * FROM ML_PREDICT(TABLE input_table, MODEL my_model, DESCRIPTOR(feature1, feature2))",
  "SELECT * FROM ML_PREDICT(INPUT => TABLE input_table, MODEL => MODEL my_model, ARGS => DESCRIPTOR(f1), CONFIG => MAP['async', 'true'])",
  "SELECT * FROM TO_CHANGELOG(input => TABLE agg, produces_full_deletes => false)",
  "SELECT * FROM input_table, LATERAL TABLE(VECTOR_SEARCH(TABLE vector_table, input_table.v, DESCRIPTOR(idx), 10))",
  // procedures, jobs, plans
  "CALL `paimon`.sys.compact('db.tbl')",
  "STOP JOB '228d70913eab60dda85c5e7f78b5782c' WITH SAVEPOINT",
  "COMPILE PLAN 'file:///tmp/plan.json' FOR INSERT INTO t SELECT * FROM s",
  "EXECUTE PLAN 'file:///tmp/plan.json'",
  // SHOW / DESCRIBE / EXPLAIN variants
  "SHOW JOBS",
  "SHOW CREATE CATALOG c",
  "SHOW MATERIALIZED TABLES",
  "DESC EXTENDED orders",
  "EXPLAIN PLAN_ADVICE SELECT * FROM orders",
  // CREATE TABLE AS with a column list, REPLACE TABLE AS, distribution
  "CREATE TABLE IF NOT EXISTS t3 (PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'x') AS SELECT id, name FROM src",
  "CREATE OR REPLACE TABLE t WITH ('connector' = 'x') AS SELECT * FROM s",
  "REPLACE TABLE t WITH ('connector' = 'x') AS SELECT * FROM s",
  "CREATE TABLE t (id INT) DISTRIBUTED BY HASH(id) INTO 4 BUCKETS WITH ('connector' = 'x')",
  // ALTER TABLE ... ADD / MODIFY / DROP / RESET, ALTER CATALOG/MODEL, materialized tables, models
  "ALTER TABLE orders ADD (new_col STRING COMMENT 'x' AFTER product)",
  "ALTER TABLE orders MODIFY amount BIGINT COMMENT 'c'",
  "ALTER TABLE orders DROP (a, b)",
  "ALTER TABLE orders RESET ('k')",
  "ALTER TABLE t ADD WATERMARK FOR ts AS ts - INTERVAL '1' SECOND",
  "ALTER CATALOG c SET ('k' = 'v')",
  "ALTER MATERIALIZED TABLE mt SUSPEND",
  "CREATE MODEL m INPUT (text STRING) OUTPUT (label STRING) WITH ('provider' = 'openai', 'model' = 'gpt-4o')",
  // the SQL client's unquoted SET and its own commands
  "SET table.dml-sync = true",
  "HELP",
  // DML the grammar does not know, MATCH_RECOGNIZE quirks, plain SQL it misses
  "TRUNCATE TABLE t",
  "DELETE FROM t WHERE id = 1",
  "INSERT INTO product_orders SELECT p.name, o.order_id FROM orders o JOIN products p ON o.pn = p.name ON CONFLICT DO NOTHING",
  "INSERT INTO t (a, b) VALUES (1, 'x'), (2, 'y')",
  "SELECT SUM(amount) FILTER (WHERE a > 1) FROM t",
  "SELECT user, amount FROM Orders",
  "SELECT a FROM t WHERE s LIKE 'a\\%' ESCAPE '\\'",
  "SELECT order_id FROM Orders CROSS JOIN UNNEST(product_names) WITH ORDINALITY AS t(product_name, idx)",
  // a variable standing for a whole piece of SQL
  "${whole_statement}",
];

/** Valid Flink statements the local grammar accepts: no diagnostics at all. */
const ACCEPTED = [
  "SELECT window_start, window_end, SUM(price) FROM TABLE(TUMBLE(TABLE Bid, DESCRIPTOR(bidtime), INTERVAL '10' MINUTES)) GROUP BY window_start, window_end",
  "SELECT * FROM TABLE(HOP(DATA => TABLE Bid, TIMECOL => DESCRIPTOR(bidtime), SLIDE => INTERVAL '5' MINUTES, SIZE => INTERVAL '10' MINUTES))",
  "SELECT * FROM Ticker MATCH_RECOGNIZE (PARTITION BY symbol ORDER BY rowtime MEASURES LAST(A.price) AS p ONE ROW PER MATCH AFTER MATCH SKIP PAST LAST ROW PATTERN (A+ B) WITHIN INTERVAL '1' HOUR DEFINE A AS A.price > 10, B AS B.price < 15) AS T",
  "SELECT /*+ OPTIONS('scan.startup.mode'='earliest-offset') */ * FROM kafka_table",
  "INSERT INTO kafka_sink /*+ OPTIONS('sink.parallelism'='4') */ SELECT * FROM src",
  "SHOW TABLES",
  "DESCRIBE orders",
  "EXPLAIN PLAN FOR SELECT * FROM orders",
  "CREATE TABLE t2 WITH ('connector'='blackhole') AS SELECT * FROM t1",
  "ALTER TABLE IF EXISTS orders RENAME TO orders2",
  "EXECUTE STATEMENT SET BEGIN INSERT INTO a SELECT * FROM s; INSERT INTO b SELECT * FROM s; END;",
  "BEGIN STATEMENT SET;\nINSERT INTO a SELECT 1;\nINSERT INTO b SELECT 2;\nEND;",
  "SET 'table.exec.state.ttl' = '1h'",
  "RESET 'table.exec.state.ttl'",
  "ADD JAR '/opt/udf.jar'",
  "USE CATALOG my_catalog",
  "USE MODULES hive, core",
  "LOAD MODULE hive WITH ('hive-version' = '3.1.3')",
  "CREATE TEMPORARY SYSTEM FUNCTION f AS 'com.example.F' LANGUAGE JAVA",
  "CREATE TABLE kafka (id BIGINT, ts TIMESTAMP_LTZ(3) METADATA FROM 'timestamp' VIRTUAL, WATERMARK FOR ts AS ts - INTERVAL '5' SECOND) WITH ('connector' = 'kafka')",
  "SELECT * FROM Orders o JOIN Customers FOR SYSTEM_TIME AS OF o.proc_time AS c ON o.customer_id = c.id",
  "SELECT * FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY id ORDER BY ts DESC) AS rn FROM t) WHERE rn = 1",
  "SELECT 'It''s' AS s, `my-col` FROM `my-catalog`.`my-db`.`my-table`",
  "SELECT a, -- comment ; with semicolon\n b FROM t",
  "select form, wher, jion FROM selct",
  "SELECT COUNT(*) FROM t WHERE d = '${date}'",
  "INSERT INTO ${sink} SELECT * FROM ${src} WHERE dt = '${bizdate}'",
];

beforeAll(() => {
  warmUpValidator();
});

describe("validateScript never blocks valid Flink SQL", () => {
  it.each(REJECTED_BY_LOCAL_GRAMMAR)("warns, without an error: %s", (sql) => {
    const d = validateScript(sql);
    expect(errors(d)).toEqual([]);
    expect(d.map((x) => x.code)).toContain("not-recognised");
    expect(d.find((x) => x.code === "not-recognised")?.message).toMatch(/^Not recognised locally; Flink will decide\. \(Local grammar: .+\)$/);
  });

  it.each(ACCEPTED)("reports nothing: %s", (sql) => {
    expect(validateScript(sql)).toEqual([]);
  });

  it("accepts variables outside strings when they are known", () => {
    const d = validateScript("SELECT * FROM orders WHERE amount > ${min} ORDER BY ${col}", { variables: ["min", "col"] });
    expect(errors(d)).toEqual([]);
  });

  it("only warns about text that is not a statement at all, such as a pasted result table", () => {
    const d = validateScript("SELECT * FROM Orders;\n\namount currency\n====== =========\n     2 Euro");
    expect(errors(d)).toEqual([]);
    expect(d).toMatchObject([{ severity: "warning", code: "not-recognised", line: 3, column: 1 }]);
  });

  it("warns about a ${ that is not a variable, and about nothing in strings", () => {
    const d = validateScript("SELECT * FROM ${1tbl} WHERE a = '${ not a var }'");
    expect(errors(d)).toEqual([]);
    expect(d.filter((x) => x.code === "malformed-variable")).toMatchObject([{ severity: "warning", line: 1, column: 15 }]);
  });

  it("validates the statements inside EXPLAIN ... STATEMENT SET", () => {
    expect(validateScript("EXPLAIN STATEMENT SET BEGIN INSERT INTO a SELECT 1; INSERT INTO b SELECT 2; END;")).toEqual([]);
    expect(errors(validateScript("EXPLAIN STATEMENT SET BEGIN INSERT INTO a SELECT 1; INSERT INTO b SELCT 2; END;"))).toMatchObject([
      { code: "misspelled-keyword", line: 1, column: 67 },
    ]);
  });

  it("says so when the script is empty", () => {
    expect(validateScript("  -- only a comment\n")).toMatchObject([{ severity: "info", code: "empty-script" }]);
    expect(hasBlockingErrors(validateScript(""))).toBe(false);
  });
});

describe("validateScript blocks what is certainly broken, where it is", () => {
  const cases: [string, string, { code: string; line: number; column: number; message?: RegExp }][] = [
    ["unclosed string", "SELECT 'abc FROM t", { code: "unbalanced-quote", line: 1, column: 8 }],
    ["unclosed identifier", "SELECT 1;\nSELECT `a FROM t", { code: "unbalanced-quote", line: 2, column: 8 }],
    ["unclosed comment", "SELECT 1; /* never closed", { code: "unterminated-comment", line: 1, column: 11 }],
    ["unclosed parenthesis", "SELECT a,\n  (b + 1\nFROM t;", { code: "unbalanced-paren", line: 2, column: 3 }],
    ["unmatched closing parenthesis", "SELECT a) FROM t", { code: "unbalanced-paren", line: 1, column: 9 }],
    ["mismatched bracket", "SELECT ARRAY[1, 2) FROM t", { code: "unbalanced-paren", line: 1, column: 18, message: /does not close the '\[' at line 1, column 13/ }],
    ["SELCT", "SELCT a FROM t", { code: "misspelled-keyword", line: 1, column: 1, message: /Did you mean SELECT\?/ }],
    ["INSERT INOT", "INSERT INOT t SELECT 1", { code: "misspelled-keyword", line: 1, column: 8, message: /Did you mean INTO\?/ }],
    ["SELECT a FORM t", "SELECT a FORM t", { code: "misspelled-keyword", line: 1, column: 10, message: /Unknown word FORM\. Did you mean FROM\?/ }],
    ["WHER on its own line", "SELECT a\nFROM t\nWHER a = 1", { code: "misspelled-keyword", line: 3, column: 1, message: /Did you mean WHERE\?/ }],
    ["GRUOP BY", "SELECT * FROM t GRUOP BY a", { code: "misspelled-keyword", line: 1, column: 17, message: /GROUP/ }],
    ["WIHT options", "CREATE TABLE t (a INT) WIHT ('connector' = 'x')", { code: "misspelled-keyword", line: 1, column: 24, message: /WITH/ }],
    ["misspelled statement after a CRLF script", "SET 'a' = 'b';\r\n\r\n  SELEC * FROM t", { code: "misspelled-keyword", line: 3, column: 3, message: /SELEC does not start any Flink statement\. Did you mean SELECT\?/ }],
    ["typo inside a statement set", "EXECUTE STATEMENT SET\nBEGIN\nINSERT INOT a SELECT 1;\nEND;", { code: "misspelled-keyword", line: 3, column: 8, message: /INTO/ }],
    ["statement set without END", "EXECUTE STATEMENT SET BEGIN INSERT INTO a SELECT 1;", { code: "unterminated-statement-set", line: 1, column: 1 }],
  ];

  it.each(cases)("%s", (_name, sql, expected) => {
    const e = errors(validateScript(sql));
    expect(e).toHaveLength(1);
    expect(e[0]).toMatchObject({ code: expected.code, line: expected.line, column: expected.column });
    if (expected.message) expect(e[0]!.message).toMatch(expected.message);
    expect(hasBlockingErrors(validateScript(sql))).toBe(true);
  });

  it("reports an unknown variable by name, at the variable", () => {
    const d = validateScript("SELECT *\nFROM t\nWHERE d = '${bizdate}' AND x = ${known}", { variables: ["known"] });
    expect(errors(d)).toMatchObject([{ code: "unknown-variable", line: 3, column: 12, endLine: 3, endColumn: 22 }]);
    expect(errors(d)[0]!.message).toContain("bizdate");
  });

  it("does not check variables when the caller does not know them", () => {
    expect(errors(validateScript("SELECT '${anything}'"))).toEqual([]);
  });

  it("keeps validating the other statements of a script", () => {
    const d = validateScript("SELECT 1;\nSELCT 2;\nSELECT 'open;\n");
    expect(errors(d).map((x) => [x.code, x.line])).toEqual([
      ["misspelled-keyword", 2],
      ["unbalanced-quote", 3],
    ]);
  });

  it("does not call a typo what only resembles one", () => {
    // column and table names near keywords parse fine; a near-miss that the grammar accepts is no error
    expect(validateScript("SELECT form FROM wher JOIN jion ON wher.id = jion.id")).toEqual([]);
    // a known Flink word the grammar lacks is left to Flink (INTERVAL ... MINUTES, CREATE MODEL)
    expect(errors(validateScript("SELECT * FROM t WHERE ts > NOW() - INTERVAL '5' MINUTES"))).toEqual([]);
  });
});

describe("validateScript speed", () => {
  function script(lines: number): string {
    const parts: string[] = [];
    let count = 0;
    for (let i = 1; count < lines; i++) {
      parts.push(
        `CREATE TABLE src_${i} (\n  id BIGINT,\n  name STRING,\n  amount DECIMAL(10, 2),\n  ts TIMESTAMP(3),\n  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND\n) WITH (\n  'connector' = 'kafka',\n  'topic' = 'topic_${i}',\n  'properties.bootstrap.servers' = '\${brokers}',\n  'format' = 'json'\n);`,
        `SET 'pipeline.name' = 'job_${i}';`,
        `INSERT INTO sink_${i}\nSELECT id, UPPER(name) AS name, SUM(amount) AS total\nFROM src_${i}\nWHERE amount > ${i}\nGROUP BY id, UPPER(name);`,
        `SELECT window_start, window_end, COUNT(*) AS cnt\nFROM TUMBLE(TABLE src_${i}, DESCRIPTOR(ts), INTERVAL '${i}' MINUTES)\nGROUP BY window_start, window_end;`,
      );
      count += 21;
    }
    return parts.join("\n");
  }

  it("validates a 2,000-line script well under a second, and a re-validation from cache", () => {
    const text = script(2000);
    expect(text.split("\n").length).toBeGreaterThanOrEqual(2000);
    const time = (f: () => void) => {
      const t = performance.now();
      f();
      return performance.now() - t;
    };
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const uncached: number[] = [];
    for (let k = 0; k < 3; k++) {
      clearValidationCache();
      uncached.push(time(() => validateScript(text, { variables: ["brokers"] })));
    }
    const cached: number[] = [];
    for (let k = 0; k < 3; k++) cached.push(time(() => validateScript(text, { variables: ["brokers"] })));
    console.log(`2,000-line script: ${median(uncached).toFixed(0)} ms uncached, ${median(cached).toFixed(0)} ms from cache (median of 3)`);
    expect(median(uncached)).toBeLessThan(1000);
    expect(median(cached)).toBeLessThan(100);
    expect(hasBlockingErrors(validateScript(text, { variables: ["brokers"] }))).toBe(false);
  });
});
