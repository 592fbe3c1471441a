import type { Database } from "./catalog";
import { stringValue } from "./lexer";
import { catalogAndDatabase, fqn, lookup, resolve, SqlError, VALIDATION } from "./names";
import { content, type Outcome, type StatementHost } from "./outcomes";
import { stringColumns, type ResultColumn } from "./results";
import type { Session } from "./session";
import type { Tokens } from "./tokens";
import { BOOLEAN_TYPE, STRING_TYPE, typeText } from "./types";

/** SHOW … and DESCRIBE, with the column names Flink uses (`table name`, `function name`, …). */
export function show(session: Session, host: StatementHost, t: Tokens): Outcome {
  const w = t.words;
  const { catalogs } = session;
  const inAt = w.findIndex((x, i) => i > 1 && (x === "FROM" || x === "IN"));
  const likeAt = w.indexOf("LIKE");
  const like = likeAt >= 0 ? likePattern(stringValue(t.at(likeAt + 1)!)) : undefined;
  const notLike = likeAt > 0 && w[likeAt - 1] === "NOT";
  const filter = (names: string[]) => names.filter((n) => !like || like.test(n) !== notLike).sort();
  const db = (): Database => {
    const [c, d] = inAt < 0 ? [session.currentCatalog, session.currentDatabase] : catalogAndDatabase(session, t.identifierAt(inAt + 1).parts);
    const found = catalogs.database(c, d);
    if (!found) throw new SqlError(`${VALIDATION}: Database '${c}'.'${d}' doesn't exist.`);
    return found;
  };
  const tables = (kind: (k: string) => boolean) => [...db().tables.values()].filter((x) => kind(x.kind)).map((x) => x.name);
  const col = (name: string, values: string[]) => content(stringColumns(name), values.map((v) => [v]));
  switch (w[1]) {
    case "CATALOGS": return col("catalog name", filter([...catalogs.catalogs.keys()]));
    case "DATABASES": return col("database name", filter([...(catalogs.catalogs.get(session.currentCatalog)?.keys() ?? [])]));
    case "TABLES": return col("table name", filter(tables((k) => k !== "MATERIALIZED_TABLE")));
    case "VIEWS": return col("view name", filter(tables((k) => k === "VIEW")));
    case "MATERIALIZED": return col("table name", filter(tables((k) => k === "MATERIALIZED_TABLE")));
    case "USER": return col("function name", filter([...db().functions.keys()]));
    case "FUNCTIONS": return col("function name", filter([...BUILTIN_FUNCTIONS, ...db().functions.keys()]));
    case "CURRENT": return w[2] === "CATALOG" ? col("current catalog name", [session.currentCatalog]) : col("current database name", [session.currentDatabase]);
    case "MODULES": return col("module name", ["core"]);
    case "FULL": return content([{ name: "module name", type: STRING_TYPE }, { name: "used", type: BOOLEAN_TYPE }], [["core", true]]);
    case "JARS": return col("jars", []);
    case "CREATE": return col("result", [lookup(session, resolve(session, t.identifierAt(3))).ddl]);
    case "COLUMNS": return describe(session, t, 3);
    case "JOBS": {
      const jobs = [...(host.jobmanager()?.jobs.values() ?? [])];
      return content(
        [...stringColumns("job id", "job name", "status"), { name: "start time", type: { type: "TIMESTAMP_WITH_LOCAL_TIME_ZONE", nullable: true, precision: 3 } }],
        jobs.map((j) => [j.id, j.name, j.state, new Date(j.startTime).toISOString().replace("Z", "")]),
      );
    }
    default: return col("result", []);
  }
}

/** DESCRIBE [EXTENDED] t: name, type, null, key, extras, watermark per column. */
export function describe(session: Session, t: Tokens, at: number): Outcome {
  const ref = resolve(session, t.identifierAt(t.at(at)?.upper === "EXTENDED" ? at + 1 : at));
  const table = session.catalogs.database(ref.catalog, ref.database)?.tables.get(ref.name);
  if (!table) throw new SqlError(`${VALIDATION}: Tables or views with the identifier '${fqn(ref)}' doesn't exist.`);
  const columns: ResultColumn[] = [
    { name: "name", type: STRING_TYPE },
    { name: "type", type: STRING_TYPE },
    { name: "null", type: BOOLEAN_TYPE },
    { name: "key", type: STRING_TYPE },
    { name: "extras", type: STRING_TYPE },
    { name: "watermark", type: STRING_TYPE },
  ];
  const pk = table.primaryKey ?? [];
  return content(
    columns,
    table.columns.map((c) => [
      c.name,
      typeText(c.type).replace(/ NOT NULL$/, ""),
      pk.includes(c.name) ? false : c.type.nullable,
      pk.includes(c.name) ? `PRI(${pk.join(", ")})` : null,
      c.computed ? `AS ${c.computed}` : c.metadata ? "METADATA" : null,
      table.watermark?.column === c.name ? table.watermark.expression : null,
    ]),
  );
}

function likePattern(p: string): RegExp {
  return new RegExp(`^${p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/%/g, ".*").replace(/_/g, ".")}$`);
}

const BUILTIN_FUNCTIONS = [
  "ABS", "AVG", "CAST", "CEIL", "CHAR_LENGTH", "COALESCE", "CONCAT", "CONCAT_WS", "COUNT", "CURRENT_DATE", "CURRENT_TIMESTAMP", "CURRENT_WATERMARK",
  "DATE_FORMAT", "FLOOR", "FROM_UNIXTIME", "HOP", "IF", "JSON_OBJECT", "JSON_VALUE", "LAG", "LEAD", "LOWER", "MAX", "MIN", "MOD", "NOW", "PROCTIME",
  "REGEXP_EXTRACT", "REPLACE", "ROUND", "ROW_NUMBER", "SESSION", "SOURCE_WATERMARK", "SPLIT_INDEX", "SUBSTRING", "SUM", "TIMESTAMPDIFF", "TO_DATE",
  "TO_TIMESTAMP", "TO_TIMESTAMP_LTZ", "TRIM", "TUMBLE", "UNIX_TIMESTAMP", "UPPER",
];
