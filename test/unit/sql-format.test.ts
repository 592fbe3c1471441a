/**
 * Protects the formatter's promise: it never changes what a script means. Only whitespace and the
 * case of reserved words may change, comments and ${variables} survive, a statement the layout
 * would break is left exactly as written, and formatting twice equals formatting once.
 */
import { format as sqlFormatterFormat } from "sql-formatter";
import { describe, expect, it } from "vitest";
import { formatScript, splitStatements } from "@/lib/sql";
import { formatStatementWith } from "@/lib/sql/format";

/** Everything but whitespace, reserved-word case aside: what formatting must preserve. */
const squash = (s: string) => s.replace(/\s+/g, "").toUpperCase();

const SCRIPT = `-- sources
create table orders (
  order_id bigint, \`user\` string,   amount decimal(10, 2),
  ts timestamp(3) metadata from 'timestamp' virtual, -- event time
  watermark for ts as ts - interval '5' second
) with ('connector' = 'kafka', 'topic' = 'orders_\${env}', 'properties.bootstrap.servers' = '\${brokers}', 'format' = 'json');

set 'pipeline.name' = 'orders-\${env}';

/* hourly totals */
insert into totals select window_start, window_end, sum(amount) as total
from table(tumble(data => table orders, timecol => descriptor(ts), size => interval '1' hour))
where amount > \${min_amount} group by window_start, window_end;
`;

describe("formatScript", () => {
  const formatted = formatScript(SCRIPT);

  it("lays out DDL one column and option per line, queries by clause", () => {
    expect(formatted).toContain(
      [
        "CREATE TABLE orders (",
        "  order_id BIGINT,",
        "  `user` string,",
        "  amount DECIMAL(10, 2),",
        "  ts TIMESTAMP(3) metadata FROM 'timestamp' virtual, -- event time",
        "  watermark FOR ts AS ts - INTERVAL '5' SECOND",
        ") WITH (",
        "  'connector' = 'kafka',",
      ].join("\n"),
    );
    expect(formatted).toContain("INSERT INTO\n  totals\nSELECT\n  window_start,");
    expect(formatted).toContain("data => TABLE orders");
  });

  it("changes nothing but whitespace and the case of reserved words", () => {
    expect(squash(formatted)).toBe(squash(SCRIPT));
    // only reserved words are upper-cased: other words may be identifiers, and Flink's are case-sensitive
    expect(formatted).toContain("`user` string,");
    expect(formatted).toContain("sum(amount) AS total");
    expect(formatted).toContain("tumble(\n      data => TABLE orders,\n      timecol => descriptor(ts),");
  });

  it("keeps comments, the text between statements and ${variables}", () => {
    expect(formatted.startsWith("-- sources\nCREATE TABLE")).toBe(true);
    expect(formatted).toContain(";\n\nSET 'pipeline.name' = 'orders-${env}';\n\n/* hourly totals */\nINSERT");
    for (const v of ["'orders_${env}'", "'${brokers}'", "amount > ${min_amount}"]) expect(formatted).toContain(v);
  });

  it("is idempotent", () => {
    expect(formatScript(formatted)).toBe(formatted);
  });

  it("keeps the statements the script had", () => {
    expect(splitStatements(formatted).map((s) => squash(s.text))).toEqual(splitStatements(SCRIPT).map((s) => squash(s.text)));
  });

  it("leaves a statement alone when the layout would change its tokens, and formats the others", () => {
    // sql-formatter reads `a$b` (a valid Calcite identifier) differently; X'0F' must not become X '0F'
    const script = "select a$b from t;\nselect X'0F', _UTF16'x' from t;\nselect c from t";
    expect(formatScript(script)).toBe("select a$b from t;\nselect X'0F', _UTF16'x' from t;\nSELECT\n  c\nFROM\n  t");
  });

  it("refuses a layout that breaks Flink syntax (spark's dialect splits => into = >)", () => {
    const tvf = "SELECT * FROM TABLE(TUMBLE(DATA => TABLE Bid, TIMECOL => DESCRIPTOR(bidtime), SIZE => INTERVAL '10' MINUTES))";
    const spark = (s: string) => sqlFormatterFormat(s, { language: "spark" });
    expect(spark(tvf)).toContain("= >");
    expect(formatStatementWith(tvf, spark)).toBe(tvf);
    // and a layout that is not stable when applied again
    let n = 0;
    expect(formatStatementWith("SELECT 1", () => `SELECT${" ".repeat(++n)}1`)).toBe("SELECT 1");
    // and one that throws
    expect(formatStatementWith("SELECT 1", () => { throw new Error("no"); })).toBe("SELECT 1");
  });

  it("formats statements inside a statement set and keeps its frame", () => {
    const set = "EXECUTE STATEMENT SET\nBEGIN\ninsert into a select * from s;\ninsert into b select x from s where y = 1;\nEND;";
    const out = formatScript(set);
    expect(out).toBe(
      "EXECUTE STATEMENT SET\nBEGIN\nINSERT INTO\n  a\nSELECT\n  *\nFROM\n  s;\nINSERT INTO\n  b\nSELECT\n  x\nFROM\n  s\nWHERE\n  y = 1;\nEND;",
    );
    expect(formatScript(out)).toBe(out);
  });

  it("leaves MATCH_RECOGNIZE, an unterminated string and an empty script as they are", () => {
    const mr = "SELECT * FROM Ticker MATCH_RECOGNIZE (PARTITION BY symbol ORDER BY rowtime MEASURES A.price AS p PATTERN (A+ B) DEFINE A AS A.price > 10)";
    expect(formatScript(mr)).toBe(mr);
    expect(formatScript("select 1;\nselect 'open")).toBe("SELECT\n  1;\nselect 'open");
    expect(formatScript("")).toBe("");
    expect(formatScript("  -- just a comment\n")).toBe("  -- just a comment\n");
  });

  it("writes nested types without spaces and short lists on one line", () => {
    expect(formatScript("create table t (m map<string, array<int>>, r row<a int>) with ('connector' = 'x')")).toBe(
      "CREATE TABLE t (m map<string, ARRAY<INT>>, r ROW<a INT>)\nWITH ('connector' = 'x')",
    );
  });
});
