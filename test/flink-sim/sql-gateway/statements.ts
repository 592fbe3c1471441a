import type { JobManager } from "../jobmanager/jobmanager";
import type { Column, Database, TableDef } from "./catalog";
import { Datagen, type Value } from "./datagen";
import { explainText } from "./explain";
import { identifierValue, splitStatements, statementTokens, stringValue, type Token } from "./lexer";
import { checkSyntax } from "./parse-check";
import { insertRows, OK_COLUMNS, OK_ROWS, stringColumns, type ResultColumn, type Row } from "./results";
import type { Session } from "./session";
import { BOOLEAN_TYPE, parseType, STRING_TYPE, typeText, type LogicalType } from "./types";

/**
 * What one statement does, decided when it is submitted (the gateway then plays it out in time):
 * a table of rows, a job (INSERT / statement set), a query (a job whose rows are fetched), a
 * STOP JOB, or an error whose text is the innermost exception Flink would report.
 */
export type RowSource = { total: number | undefined; rowsPerSecond: number; row(n: number): Value[] };
export type JobPlan = { name: string; sinks: string[]; sources: string[]; bounded: boolean; durationMs?: number; config: Record<string, string>; vertexNames: string[] };
export type Outcome =
  | { kind: "table"; resultKind: "SUCCESS" | "SUCCESS_WITH_CONTENT"; columns: ResultColumn[]; rows: Row[] }
  | { kind: "job"; plan: JobPlan }
  | { kind: "query"; columns: ResultColumn[]; plan: JobPlan; source: RowSource }
  | { kind: "stop"; jobId: string; withSavepoint: boolean; drain: boolean }
  | { kind: "error"; exception: string };

class SqlError extends Error {
  constructor(readonly exception: string) {
    super(exception);
  }
}

const VALIDATION = "org.apache.flink.table.api.ValidationException";
const ok = (): Outcome => ({ kind: "table", resultKind: "SUCCESS", columns: OK_COLUMNS, rows: OK_ROWS });
const content = (columns: ResultColumn[], values: Value[][]): Outcome => ({ kind: "table", resultKind: "SUCCESS_WITH_CONTENT", columns, rows: insertRows(values) });

export type StatementHost = {
  jobmanager(): JobManager | undefined;
  /** `executionConfig` of the request: applies to the job this statement submits. */
  executionConfig?: Record<string, string>;
};

export function executeStatement(session: Session, sql: string, host: StatementHost): Outcome {
  try {
    return new Executor(session, host).execute(sql);
  } catch (e) {
    if (e instanceof SqlError) return { kind: "error", exception: e.exception };
    throw e;
  }
}

/** configure-session accepts only statements that change the session (Flink's list). */
export function isSessionConfiguration(sql: string): boolean {
  const t = statementTokens(sql).map((x) => x.upper);
  const [a, b] = t;
  if (a === "SET" || a === "RESET" || a === "USE" || a === "LOAD" || a === "UNLOAD" || (a === "ADD" && b === "JAR")) return true;
  if (a === "CREATE" || a === "DROP" || a === "ALTER") {
    const obj = t.slice(1).find((x) => !["TEMPORARY", "SYSTEM", "OR", "REPLACE"].includes(x));
    return obj !== undefined && ["TABLE", "VIEW", "FUNCTION", "CATALOG", "DATABASE"].includes(obj) && !t.includes("SELECT");
  }
  return false;
}

type Ref = { catalog: string; database: string; name: string; token: Token; endToken: Token };

class Executor {
  private tokens: Token[] = [];

  constructor(private readonly session: Session, private readonly host: StatementHost) {}

  execute(sql: string): Outcome {
    const parseError = checkSyntax(sql);
    if (parseError) throw new SqlError(`org.apache.flink.table.api.SqlParserException: ${parseError.message}`);
    this.tokens = statementTokens(sql);
    const words = this.tokens.map((t) => t.upper);
    const [a, b] = words;
    if (this.session.statementSet && a !== "INSERT" && a !== "END") {
      throw new SqlError(`${"org.apache.flink.table.api.TableException"}: Only 'INSERT/CREATE TABLE AS' statement is allowed in Statement Set or use 'END' statement to submit Statement Set.`);
    }
    switch (a) {
      case "SET": return this.set();
      case "RESET": {
        const key = this.tokens[1];
        this.session.reset(key ? (key.type === "string" ? stringValue(key) : this.tokens.slice(1).map((t) => t.text).join("")) : undefined);
        return ok();
      }
      case "USE": return this.use();
      case "CREATE": return this.create(sql);
      case "DROP": return this.drop();
      case "ALTER": return this.alter();
      case "SHOW": return this.show();
      case "DESCRIBE": case "DESC": return this.describe(1);
      case "EXPLAIN": return this.explain(sql);
      case "INSERT": case "UPSERT": return this.insertStatement(sql);
      case "EXECUTE": return b === "STATEMENT" ? this.statementSetBlock(sql) : this.execute(sql.slice(this.tokens[1]!.offset));
      case "BEGIN":
        this.session.statementSet = [];
        return ok();
      case "END": return this.endStatementSet();
      case "SELECT": case "WITH": case "VALUES": case "(": case "TABLE": return this.query(sql);
      case "STOP": return this.stopJob();
      default: return ok(); // ADD/REMOVE JAR, LOAD/UNLOAD MODULE, ANALYZE, CALL, TRUNCATE, DELETE, UPDATE, REPLACE
    }
  }

  // ---- configuration ----

  private set(): Outcome {
    if (this.tokens.length === 1) {
      const entries = Object.entries(this.session.properties).sort(([x], [y]) => x.localeCompare(y));
      return content(stringColumns("key", "value"), entries);
    }
    const eq = this.tokens.findIndex((t) => t.text === "=");
    const part = (ts: Token[]) => (ts.length === 1 && ts[0]!.type === "string" ? stringValue(ts[0]!) : ts.map((t) => t.text).join(""));
    const key = part(this.tokens.slice(1, eq));
    const value = part(this.tokens.slice(eq + 1));
    this.session.properties[key] = value;
    return ok();
  }

  private use(): Outcome {
    const t = this.tokens;
    if (t[1]?.upper === "MODULES") return ok();
    if (t[1]?.upper === "CATALOG") {
      const name = identifierValue(t[2]!);
      const catalog = this.session.catalogs.catalogs.get(name);
      if (!catalog) throw new SqlError(`org.apache.flink.table.catalog.exceptions.CatalogException: A catalog with name [${name}] does not exist.`);
      this.session.currentCatalog = name;
      this.session.currentDatabase = [...catalog.keys()][0]!;
      return ok();
    }
    const parts = this.identifierAt(1).parts;
    const [catalog, database] = parts.length > 1 ? [parts[0]!, parts[1]!] : [this.session.currentCatalog, parts[0]!];
    if (!this.session.catalogs.database(catalog, database)) {
      throw new SqlError(`org.apache.flink.table.catalog.exceptions.CatalogException: A database with name [${database}] does not exist in the catalog: [${catalog}].`);
    }
    this.session.currentCatalog = catalog;
    this.session.currentDatabase = database;
    return ok();
  }

  // ---- DDL ----

  private create(sql: string): Outcome {
    let k = 1;
    let temporary = false;
    let orReplace = false;
    while (["TEMPORARY", "SYSTEM", "OR", "REPLACE"].includes(this.tokens[k]?.upper ?? "")) {
      if (this.tokens[k]!.upper === "TEMPORARY") temporary = true;
      if (this.tokens[k]!.upper === "REPLACE") orReplace = true;
      k += 1;
    }
    const object = this.tokens[k]!.upper;
    if (object === "MATERIALIZED") return this.createMaterializedTable(sql, k + 2);
    k += 1;
    const ifNotExists = this.tokens[k]?.upper === "IF";
    if (ifNotExists) k += 3;
    const ident = this.identifierAt(k);
    switch (object) {
      case "CATALOG": {
        const name = ident.parts[0]!;
        if (this.session.catalogs.catalogs.has(name)) {
          if (ifNotExists) return ok();
          throw new SqlError(`${VALIDATION}: Catalog ${name} already exists.`);
        }
        this.session.catalogs.createCatalog(name);
        return ok();
      }
      case "DATABASE": {
        const [catalog, database] = ident.parts.length > 1 ? [ident.parts[0]!, ident.parts[1]!] : [this.session.currentCatalog, ident.parts[0]!];
        if (!this.session.catalogs.createDatabase(catalog, database) && !ifNotExists) {
          throw new SqlError(`${VALIDATION}: Could not execute CREATE DATABASE: (catalogDatabase: [{}], catalogName: [${catalog}], databaseName: [${database}], ignoreIfExists: [false])\nCaused by: org.apache.flink.table.catalog.exceptions.DatabaseAlreadyExistException: Database ${database} already exists in Catalog ${catalog}.`);
        }
        return ok();
      }
      case "FUNCTION": {
        const ref = this.resolve(ident.parts, ident.first, ident.last);
        const db = this.databaseOf(ref);
        if (db.functions.has(ref.name) && !ifNotExists && !orReplace) {
          throw new SqlError(`${VALIDATION}: Could not execute CREATE CATALOG FUNCTION: (catalogFunction: [Optional[Function]], identifier: [\`${ref.catalog}\`.\`${ref.database}\`.\`${ref.name}\`], ignoreIfExists: [false], isTemporary: [${temporary}])\nCaused by: org.apache.flink.table.catalog.exceptions.FunctionAlreadyExistException: Function ${ref.database}.${ref.name} already exists in Catalog ${ref.catalog}.`);
        }
        const asAt = this.tokens.findIndex((t, i) => i > ident.end && t.upper === "AS");
        const language = this.tokens.findIndex((t) => t.upper === "LANGUAGE");
        db.functions.set(ref.name, { name: ref.name, className: asAt >= 0 ? stringValue(this.tokens[asAt + 1]!) : "", language: language >= 0 ? this.tokens[language + 1]!.upper : "JAVA", temporary });
        return ok();
      }
      case "VIEW": {
        const ref = this.resolve(ident.parts, ident.first, ident.last);
        const db = this.databaseOf(ref);
        if (db.tables.has(ref.name) && !ifNotExists && !orReplace) throw this.alreadyExists(ref);
        const asAt = this.tokens.findIndex((t, i) => i > ident.end && t.upper === "AS");
        const querySql = sql.slice(this.tokens[asAt + 1]!.offset).replace(/;\s*$/, "");
        // A view's query is validated against the catalog but not planned, so connectors are not checked yet.
        const analysis = this.analyzeQuery(querySql, 0, false);
        db.tables.set(ref.name, { kind: "VIEW", name: ref.name, columns: analysis.columns.map((c) => ({ name: c.name, type: c.type })), options: {}, query: querySql, temporary, ddl: sql.trim() });
        return ok();
      }
      default:
        return this.createTable(sql, ident, temporary, ifNotExists || orReplace);
    }
  }

  private createTable(sql: string, ident: Identifier, temporary: boolean, ignoreExisting: boolean): Outcome {
    const ref = this.resolve(ident.parts, ident.first, ident.last);
    const db = this.databaseOf(ref);
    if (db.tables.has(ref.name) && !ignoreExisting) throw this.alreadyExists(ref);
    const t = this.tokens;
    let k = ident.end + 1;
    const table: TableDef = { kind: "TABLE", name: ref.name, columns: [], options: {}, temporary, ddl: sql.trim().replace(/;$/, "") };
    if (t[k]?.text === "(") {
      const close = this.matching(k);
      for (const item of this.splitItems(k + 1, close)) this.tableItem(sql, item, table);
      k = close + 1;
    }
    const withAt = this.topLevelIndex("WITH", k);
    if (withAt >= 0 && t[withAt + 1]?.text === "(") Object.assign(table.options, this.options(withAt + 1));
    const likeAt = this.topLevelIndex("LIKE", k);
    if (likeAt >= 0) {
      const src = this.identifierAt(likeAt + 1);
      const source = this.lookup(this.resolve(src.parts, src.first, src.last));
      table.columns.unshift(...source.columns);
      table.options = { ...source.options, ...table.options };
    }
    const asAt = this.topLevelIndex("AS", k);
    if (asAt >= 0) {
      // CREATE TABLE … AS SELECT: the table takes the query's columns and a job fills it.
      const querySql = sql.slice(t[asAt + 1]!.offset).replace(/;\s*$/, "");
      const analysis = this.analyzeQuery(querySql, 0);
      table.columns = analysis.columns.map((c) => ({ name: c.name, type: c.type }));
      db.tables.set(ref.name, table);
      return { kind: "job", plan: this.jobPlan([fqn(ref)], analysis.sources, analysis.bounded, analysis.durationMs) };
    }
    db.tables.set(ref.name, table);
    return ok();
  }

  private createMaterializedTable(sql: string, k: number): Outcome {
    const ident = this.identifierAt(k);
    const ref = this.resolve(ident.parts, ident.first, ident.last);
    const db = this.databaseOf(ref);
    if (db.tables.has(ref.name)) throw this.alreadyExists(ref);
    const asAt = this.topLevelIndex("AS", ident.end + 1);
    const querySql = asAt >= 0 ? sql.slice(this.tokens[asAt + 1]!.offset).replace(/;\s*$/, "") : "";
    const analysis = querySql ? this.analyzeQuery(querySql, 0) : undefined;
    db.tables.set(ref.name, { kind: "MATERIALIZED_TABLE", name: ref.name, columns: analysis?.columns.map((c) => ({ name: c.name, type: c.type })) ?? [], options: {}, query: querySql, temporary: false, ddl: sql.trim() });
    return ok();
  }

  /** One item of a CREATE TABLE column list: a column, a computed or metadata column, a constraint. */
  private tableItem(sql: string, item: Token[], table: TableDef): void {
    const first = item[0];
    if (!first) return;
    const words = item.map((t) => t.upper);
    if (first.upper === "WATERMARK") {
      const asAt = words.indexOf("AS");
      table.watermark = { column: identifierValue(item[2]!), expression: textOf(sql, item.slice(asAt + 1)) };
      return;
    }
    const pk = words.indexOf("PRIMARY");
    if (first.upper === "PRIMARY" || first.upper === "CONSTRAINT") {
      table.primaryKey = item.slice(pk).filter((t) => t.type === "word" || t.type === "quoted").map(identifierValue).filter((w) => !["PRIMARY", "KEY", "NOT", "ENFORCED"].includes(w.toUpperCase()));
      return;
    }
    if (first.upper === "PERIOD") return;
    const name = identifierValue(first);
    const comment = words.indexOf("COMMENT");
    const commentText = comment >= 0 ? stringValue(item[comment + 1]!) : undefined;
    if (item[1]?.upper === "AS") {
      const expr = textOf(sql, item.slice(2, comment >= 0 ? comment : undefined));
      table.columns.push({ name, type: /PROCTIME\s*\(/i.test(expr) ? { type: "TIMESTAMP_WITH_LOCAL_TIME_ZONE", nullable: false, precision: 3 } : STRING_TYPE, computed: expr, comment: commentText });
      return;
    }
    const stop = item.findIndex((t, i) => i > 1 && ["METADATA", "COMMENT", "PRIMARY", "VIRTUAL"].includes(t.upper));
    const type = parseType(textOf(sql, item.slice(1, stop >= 0 ? stop : undefined)));
    const column: Column = { name, type, comment: commentText, metadata: words.includes("METADATA") || undefined };
    table.columns.push(column);
    if (pk > 0) table.primaryKey = [name];
  }

  private drop(): Outcome {
    let k = 1;
    while (["TEMPORARY", "SYSTEM"].includes(this.tokens[k]?.upper ?? "")) k += 1;
    const object = this.tokens[k]!.upper;
    if (object === "MATERIALIZED") k += 1;
    k += 1;
    const ifExists = this.tokens[k]?.upper === "IF";
    if (ifExists) k += 2;
    const ident = this.identifierAt(k);
    if (object === "CATALOG") {
      const name = ident.parts[0]!;
      if (name === this.session.currentCatalog) throw new SqlError(`${VALIDATION}: Cannot drop a catalog which is currently in use.`);
      if (!this.session.catalogs.catalogs.delete(name) && !ifExists) throw new SqlError(`${VALIDATION}: Catalog ${name} does not exist.`);
      return ok();
    }
    if (object === "DATABASE") {
      const [catalog, database] = ident.parts.length > 1 ? [ident.parts[0]!, ident.parts[1]!] : [this.session.currentCatalog, ident.parts[0]!];
      const db = this.session.catalogs.database(catalog, database);
      if (!db) {
        if (ifExists) return ok();
        throw new SqlError(`${VALIDATION}: Could not execute DROP DATABASE ${catalog}.${database} RESTRICT\nCaused by: org.apache.flink.table.catalog.exceptions.DatabaseNotExistException: Database ${database} does not exist in Catalog ${catalog}.`);
      }
      if (db.tables.size > 0 && !this.tokens.some((t) => t.upper === "CASCADE")) {
        throw new SqlError(`${VALIDATION}: Could not execute DROP DATABASE ${catalog}.${database} RESTRICT\nCaused by: org.apache.flink.table.catalog.exceptions.DatabaseNotEmptyException: Database ${database} in catalog ${catalog} is not empty.`);
      }
      if (catalog === this.session.currentCatalog && database === this.session.currentDatabase) throw new SqlError(`${VALIDATION}: Cannot drop a database which is currently in use.`);
      this.session.catalogs.catalogs.get(catalog)?.delete(database);
      return ok();
    }
    const ref = this.resolve(ident.parts, ident.first, ident.last);
    const db = this.session.catalogs.database(ref.catalog, ref.database);
    if (object === "FUNCTION") {
      if (!db?.functions.delete(ref.name) && !ifExists) {
        throw new SqlError(`${VALIDATION}: Could not execute DROP CATALOG FUNCTION: (identifier: [\`${ref.catalog}\`.\`${ref.database}\`.\`${ref.name}\`], ignoreIfNotExist: [false], isTemporary: [false])\nCaused by: org.apache.flink.table.catalog.exceptions.FunctionNotExistException: Function ${ref.database}.${ref.name} does not exist in Catalog ${ref.catalog}.`);
      }
      return ok();
    }
    const existing = db?.tables.get(ref.name);
    const wantView = object === "VIEW";
    if (!existing || (existing.kind === "VIEW") !== wantView) {
      if (ifExists) return ok();
      throw new SqlError(`${VALIDATION}: ${wantView ? "View" : "Table"} with identifier '${fqn(ref)}' does not exist.`);
    }
    db!.tables.delete(ref.name);
    return ok();
  }

  private alter(): Outcome {
    const objectAt = this.tokens.findIndex((t, i) => i > 0 && ["TABLE", "VIEW"].includes(t.upper));
    if (objectAt < 0) return ok();
    let k = objectAt + 1;
    const ifExists = this.tokens[k]?.upper === "IF";
    if (ifExists) k += 2;
    const ident = this.identifierAt(k);
    const ref = this.resolve(ident.parts, ident.first, ident.last);
    if (!this.session.catalogs.database(ref.catalog, ref.database)?.tables.has(ref.name) && !ifExists) {
      throw new SqlError(`${VALIDATION}: Table \`${ref.catalog}\`.\`${ref.database}\`.\`${ref.name}\` doesn't exist or is a temporary table.`);
    }
    return ok();
  }

  // ---- SHOW / DESCRIBE / EXPLAIN ----

  private show(): Outcome {
    const w = this.tokens.map((t) => t.upper);
    const { catalogs } = this.session;
    const inAt = w.findIndex((x, i) => i > 1 && (x === "FROM" || x === "IN"));
    const likeAt = w.indexOf("LIKE");
    const like = likeAt >= 0 ? likePattern(stringValue(this.tokens[likeAt + 1]!)) : undefined;
    const notLike = likeAt > 0 && w[likeAt - 1] === "NOT";
    const filter = (names: string[]) => names.filter((n) => !like || like.test(n) !== notLike).sort();
    const dbAt = (): Database => {
      if (inAt < 0) return this.currentDatabase();
      const ident = this.identifierAt(inAt + 1);
      const [c, d] = ident.parts.length > 1 ? [ident.parts[0]!, ident.parts[1]!] : [this.session.currentCatalog, ident.parts[0]!];
      const db = catalogs.database(c, d);
      if (!db) throw new SqlError(`${VALIDATION}: Database '${c}'.'${d}' doesn't exist.`);
      return db;
    };
    const col = (name: string, values: string[]) => content(stringColumns(name), values.map((v) => [v]));
    switch (w[1]) {
      case "CATALOGS": return col("catalog name", filter([...catalogs.catalogs.keys()]));
      case "DATABASES": return col("database name", filter([...(catalogs.catalogs.get(this.session.currentCatalog)?.keys() ?? [])]));
      case "TABLES": return col("table name", filter([...dbAt().tables.values()].filter((t) => t.kind !== "MATERIALIZED_TABLE").map((t) => t.name)));
      case "VIEWS": return col("view name", filter([...dbAt().tables.values()].filter((t) => t.kind === "VIEW").map((t) => t.name)));
      case "MATERIALIZED": return col("table name", filter([...dbAt().tables.values()].filter((t) => t.kind === "MATERIALIZED_TABLE").map((t) => t.name)));
      case "USER": return col("function name", filter([...dbAt().functions.keys()]));
      case "FUNCTIONS": return col("function name", filter([...BUILTIN_FUNCTIONS, ...dbAt().functions.keys()]));
      case "CURRENT": return w[2] === "CATALOG" ? col("current catalog name", [this.session.currentCatalog]) : col("current database name", [this.session.currentDatabase]);
      case "MODULES": return col("module name", ["core"]);
      case "FULL": return content([{ name: "module name", type: STRING_TYPE }, { name: "used", type: BOOLEAN_TYPE }], [["core", true]]);
      case "JARS": return col("jars", []);
      case "CREATE": {
        const ident = this.identifierAt(3);
        const table = this.lookup(this.resolve(ident.parts, ident.first, ident.last));
        return col("result", [table.ddl]);
      }
      case "COLUMNS": return this.describe(3);
      case "JOBS": {
        const jm = this.host.jobmanager();
        const jobs = jm ? [...jm.jobs.values()] : [];
        return content(
          [...stringColumns("job id", "job name", "status"), { name: "start time", type: { type: "TIMESTAMP_WITH_LOCAL_TIME_ZONE", nullable: true, precision: 3 } }],
          jobs.map((j) => [j.id, j.name, j.state, new Date(j.startTime).toISOString().replace("Z", "")]),
        );
      }
      default: return col("result", []);
    }
  }

  private describe(at: number): Outcome {
    let k = at;
    if (this.tokens[k]?.upper === "EXTENDED") k += 1;
    const ident = this.identifierAt(k);
    const ref = this.resolve(ident.parts, ident.first, ident.last);
    const table = this.session.catalogs.database(ref.catalog, ref.database)?.tables.get(ref.name);
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

  private explain(sql: string): Outcome {
    let k = 1;
    if (this.tokens[1]?.upper === "PLAN" && this.tokens[2]?.upper === "FOR") k = 3;
    else while (["ESTIMATED_COST", "CHANGELOG_MODE", "JSON_EXECUTION_PLAN", "PLAN_ADVICE", ","].includes(this.tokens[k]?.upper ?? "")) k += 1;
    const inner = sql.slice(this.tokens[k]!.offset).replace(/;\s*$/, "");
    const innerOutcome = new Executor(this.session, this.host).dryRun(inner);
    return content(stringColumns("result"), [[explainText(innerOutcome)]]);
  }

  /** Validates a statement for EXPLAIN and returns what the plan shows. */
  private dryRun(sql: string): { sink?: string; sources: string[]; fields: string[] } {
    this.tokens = statementTokens(sql);
    const first = this.tokens[0]?.upper;
    if (first === "INSERT" || first === "EXECUTE") {
      const inserts = first === "EXECUTE" ? this.statementSetInserts(sql) : [sql];
      const parsed = inserts.map((s) => new Executor(this.session, this.host).parseInsert(s));
      return { sink: parsed.map((p) => p.sink).join(", "), sources: parsed.flatMap((p) => p.analysis.sources), fields: parsed[0]?.analysis.columns.map((c) => c.name) ?? [] };
    }
    const analysis = this.analyzeQuery(sql, 0);
    return { sources: analysis.sources, fields: analysis.columns.map((c) => c.name) };
  }

  // ---- INSERT / statement sets / queries ----

  private insertStatement(sql: string): Outcome {
    if (this.session.statementSet) {
      this.parseInsert(sql);
      this.session.statementSet.push(sql);
      return ok();
    }
    const p = this.parseInsert(sql);
    return { kind: "job", plan: this.jobPlan([p.sink], p.analysis.sources, p.analysis.bounded, p.analysis.durationMs) };
  }

  private statementSetBlock(sql: string): Outcome {
    const inserts = this.statementSetInserts(sql);
    if (inserts.length === 0) throw new SqlError(`${VALIDATION}: Statement set must contain at least one INSERT statement.`);
    return this.jobOfInserts(inserts);
  }

  private endStatementSet(): Outcome {
    const inserts = this.session.statementSet;
    if (!inserts) throw new SqlError(`org.apache.flink.table.gateway.service.utils.SqlExecutionException: No Statement Set to submit. 'END' statement should be used after 'BEGIN STATEMENT SET'.`);
    this.session.statementSet = undefined;
    if (inserts.length === 0) return ok();
    return this.jobOfInserts(inserts);
  }

  private jobOfInserts(inserts: string[]): Outcome {
    const parsed = inserts.map((s) => new Executor(this.session, this.host).parseInsert(s));
    const bounded = parsed.every((p) => p.analysis.bounded);
    const duration = Math.max(0, ...parsed.map((p) => p.analysis.durationMs ?? 0));
    return { kind: "job", plan: this.jobPlan(parsed.map((p) => p.sink), parsed.flatMap((p) => p.analysis.sources), bounded, bounded ? duration : undefined) };
  }

  private statementSetInserts(sql: string): string[] {
    const begin = /\bBEGIN\b/i.exec(sql);
    const end = /\bEND\s*;?\s*$/i.exec(sql);
    return splitStatements(sql.slice(begin ? begin.index + 5 : 0, end ? end.index : undefined));
  }

  parseInsert(sql: string): { sink: string; analysis: QueryAnalysis } {
    this.tokens = statementTokens(sql);
    const ident = this.identifierAt(2);
    const ref = this.resolve(ident.parts, ident.first, ident.last);
    const sink = this.lookup(ref);
    if (sink.options.connector === "datagen") throw new SqlError(`${VALIDATION}: Connector 'datagen' can only be used as a source. It cannot be used as a sink.`);
    const queryStart = this.tokens.findIndex((t, i) => i > ident.end && ["SELECT", "VALUES", "WITH", "TABLE"].includes(t.upper) && this.depthAt(i) === 0);
    const analysis = queryStart >= 0 ? this.analyzeQuery(sql.slice(this.tokens[queryStart]!.offset), 0) : { columns: [], sources: [], bounded: true, source: constantSource([]) };
    return { sink: fqn(ref), analysis };
  }

  private query(sql: string): Outcome {
    const analysis = this.analyzeQuery(sql, 0);
    return { kind: "query", columns: analysis.columns, plan: { ...this.jobPlan([], analysis.sources, analysis.bounded, analysis.durationMs), name: this.session.properties["pipeline.name"] ?? "collect" }, source: analysis.source };
  }

  private stopJob(): Outcome {
    const id = stringValue(this.tokens[2]!);
    const w = this.tokens.map((t) => t.upper);
    const jm = this.host.jobmanager();
    if (!jm?.jobs.has(id)) throw new SqlError(`org.apache.flink.table.gateway.service.utils.SqlExecutionException: Could not stop job ${id} in session ${this.session.handle}.\nCaused by: org.apache.flink.runtime.messages.FlinkJobNotFoundException: Could not find Flink job (${id})`);
    return { kind: "stop", jobId: id, withSavepoint: w.includes("SAVEPOINT"), drain: w.includes("DRAIN") };
  }

  private jobPlan(sinks: string[], sources: string[], bounded: boolean, durationMs: number | undefined): JobPlan {
    const props = { ...this.session.properties, ...this.host.executionConfig };
    const short = (n: string) => n.split(".").pop() ?? n;
    return {
      name: props["pipeline.name"] ?? `insert-into_${sinks.join(",")}`,
      sinks,
      sources,
      bounded,
      durationMs: bounded ? (durationMs ?? 0) + 100 : undefined,
      config: { ...props },
      vertexNames: [
        `Source: ${sources.length > 0 ? sources.map(short).join(", ") : "Values"}[1] -> Calc[2]`,
        ...(sinks.length > 0 ? sinks.map((s, i) => `${short(s)}[${i + 3}]: Writer`) : ["Sink: Collect table sink[3]"]),
      ],
    };
  }

  /**
   * Columns, sources and rows of a query. Only what a test needs is evaluated: `*` and column
   * names over a table (datagen tables produce rows), literals and VALUES, LIMIT; any other
   * expression becomes a STRING column of NULLs.
   */
  private analyzeQuery(sql: string, depth: number, planned = true): QueryAnalysis {
    const sub = new Executor(this.session, this.host);
    sub.tokens = statementTokens(sql);
    return sub.analyze(depth, planned);
  }

  /** `planned`: the query is being planned (run or explained), which is when Flink checks the connectors. */
  private analyze(depth: number, planned: boolean): QueryAnalysis {
    const t = this.tokens;
    const refs = this.tableReferences();
    const tables = refs.map((r) => ({ ref: r, table: this.lookup(r) }));
    for (const { ref, table } of planned ? tables : []) {
      if (["print", "blackhole"].includes(table.options.connector ?? "")) {
        throw new SqlError(`${VALIDATION}: Connector '${table.options.connector}' can only be used as a sink. It cannot be used as a source.\n(table ${fqn(ref)})`);
      }
    }
    const sources = tables.map(({ ref }) => fqn(ref));
    const limitAt = t.findIndex((x, i) => x.upper === "LIMIT" && this.depthAt(i) === 0);
    const limit = limitAt >= 0 ? Number(t[limitAt + 1]?.text) : undefined;
    if (t[0]?.upper === "VALUES") {
      const rows = this.valuesRows(1);
      return { columns: (rows[0] ?? []).map((v, i) => ({ name: `EXPR$${i}`, type: literalType(v) })), sources: [], bounded: true, source: constantSource(rows) };
    }
    const selectAt = t.findIndex((x, i) => x.upper === "SELECT" && this.depthAt(i) === 0);
    const fromAt = t.findIndex((x, i) => i > selectAt && x.upper === "FROM" && this.depthAt(i) === 0);
    const single = tables.length === 1 && fromAt >= 0 && !t.some((x) => ["JOIN", "LATERAL", "UNNEST"].includes(x.upper)) ? tables[0] : undefined;
    let base: { columns: ResultColumn[]; source: RowSource | undefined; bounded: boolean; durationMs?: number } = { columns: [], source: undefined, bounded: tables.length === 0, durationMs: undefined };
    if (single) base = this.tableSource(single.table, depth, planned);
    else if (tables.length > 0) base = { columns: [], source: undefined, bounded: false };
    const items = selectAt >= 0 ? this.splitItems(selectAt + 1 + (["DISTINCT", "ALL"].includes(t[selectAt + 1]?.upper ?? "") ? 1 : 0), fromAt >= 0 ? fromAt : limitAt >= 0 ? limitAt : t.length) : [];
    const columns: ResultColumn[] = [];
    const pick: ((row: Value[]) => Value)[] = [];
    items.forEach((item, i) => {
      if ((item.length === 1 && item[0]!.text === "*") || (item.length === 3 && item[2]!.text === "*")) {
        base.columns.forEach((c, ci) => {
          columns.push(c);
          pick.push((row) => row[ci] ?? null);
        });
        return;
      }
      const asAt = item.findIndex((x) => x.upper === "AS");
      const alias = asAt >= 0 ? identifierValue(item[asAt + 1]!) : item.length === 2 && item[1]!.type !== "symbol" ? identifierValue(item[1]!) : undefined;
      const expr = asAt >= 0 ? item.slice(0, asAt) : item.length === 2 ? item.slice(0, 1) : item;
      const literal = expr.length === 1 ? literalValue(expr[0]!) : undefined;
      if (literal !== undefined) {
        columns.push({ name: alias ?? `EXPR$${i}`, type: literalType(literal) });
        pick.push(() => literal);
        return;
      }
      const isColumn = (expr.length === 1 && (expr[0]!.type === "word" || expr[0]!.type === "quoted")) || (expr.length === 3 && expr[1]!.text === ".");
      if (isColumn && single) {
        const name = identifierValue(expr[expr.length - 1]!);
        const ci = base.columns.findIndex((c) => c.name === name);
        if (ci < 0) {
          const tok = expr[expr.length - 1]!;
          throw new SqlError(`${VALIDATION}: SQL validation failed. From line ${tok.line}, column ${tok.column} to line ${tok.line}, column ${tok.column + tok.text.length - 1}: Column '${name}' not found in any table`);
        }
        columns.push({ ...base.columns[ci]!, name: alias ?? name });
        pick.push((row) => row[ci] ?? null);
        return;
      }
      columns.push({ name: alias ?? (isColumn ? identifierValue(expr[expr.length - 1]!) : `EXPR$${i}`), type: STRING_TYPE });
      pick.push(() => null);
    });
    const project = (row: Value[]) => pick.map((p) => p(row));
    const inner = base.source;
    const total = minDefined(inner ? inner.total : tables.length === 0 ? 1 : undefined, Number.isFinite(limit) ? limit : undefined);
    const rowsPerSecond = inner?.rowsPerSecond ?? 10000;
    return {
      columns,
      sources,
      bounded: total !== undefined,
      durationMs: total !== undefined ? (total / rowsPerSecond) * 1000 : undefined,
      source: inner ? { total, rowsPerSecond, row: (n) => project(inner.row(n)) } : tables.length === 0 ? constantSource([project([])]) : { total: undefined, rowsPerSecond: 0, row: () => [] },
    };
  }

  private tableSource(table: TableDef, depth: number, planned: boolean): { columns: ResultColumn[]; source: RowSource | undefined; bounded: boolean; durationMs?: number } {
    const physical = table.columns;
    const columns = physical.map((c) => ({ name: c.name, type: c.type }));
    if (table.kind === "VIEW" && table.query && depth < 5) {
      const a = this.analyzeQuery(table.query, depth + 1, planned);
      return { columns: a.columns, source: a.source, bounded: a.bounded, durationMs: a.durationMs };
    }
    if (table.options.connector === "datagen") {
      const gen = new Datagen(table, physical);
      return { columns, source: { total: gen.total, rowsPerSecond: gen.rowsPerSecond, row: (n) => gen.row(n) }, bounded: gen.total !== undefined };
    }
    // Other connectors (kafka, filesystem, …) have no data in the simulator: an endless, empty stream.
    return { columns, source: { total: undefined, rowsPerSecond: 0, row: () => [] }, bounded: false };
  }

  private valuesRows(from: number): Value[][] {
    const rows: Value[][] = [];
    let k = from;
    while (k < this.tokens.length && this.tokens[k]!.text === "(") {
      const close = this.matching(k);
      rows.push(this.splitItems(k + 1, close).map((item) => (item.length === 1 ? literalValue(item[0]!) ?? null : null)));
      k = close + 1;
      if (this.tokens[k]?.text === ",") k += 1;
    }
    return rows;
  }

  /** Tables named after FROM, JOIN or TABLE (not CTE names, not subqueries or table functions). */
  private tableReferences(): Ref[] {
    const t = this.tokens;
    const ctes = new Set<string>();
    if (t[0]?.upper === "WITH") {
      for (let k = 1; k < t.length; k++) {
        if (this.depthAt(k) === 0 && (t[k]!.type === "word" || t[k]!.type === "quoted") && (t[k + 1]?.upper === "AS" || t[k + 1]?.text === "(") && (k === 1 || t[k - 1]!.text === ",")) ctes.add(identifierValue(t[k]!));
        if (this.depthAt(k) === 0 && t[k]!.upper === "SELECT") break;
      }
    }
    const refs: Ref[] = [];
    const read = (k: number) => {
      const x = t[k];
      if (!x || (x.type !== "word" && x.type !== "quoted") || ["LATERAL", "TABLE", "UNNEST", "SELECT"].includes(x.upper)) return undefined;
      const ident = this.identifierAt(k);
      if (t[ident.end + 1]?.text === "(") return undefined; // a table function call
      if (ident.parts.length === 1 && ctes.has(ident.parts[0]!)) return ident;
      refs.push(this.resolve(ident.parts, ident.first, ident.last));
      return ident;
    };
    for (let k = 0; k < t.length; k++) {
      const w = t[k]!.upper;
      if (w === "FROM" || w === "JOIN" || (w === "TABLE" && k > 0)) {
        let ident = read(k + 1);
        // FROM a, b: comma-separated references at the same depth.
        while (ident && w === "FROM") {
          let j = ident.end + 1;
          if (t[j]?.upper === "AS") j += 1;
          if (t[j] && t[j]!.type !== "symbol" && !CLAUSE_WORDS.has(t[j]!.upper)) j += 1;
          if (t[j]?.text !== ",") break;
          ident = read(j + 1);
        }
      }
    }
    return refs;
  }

  // ---- helpers ----

  private lookup(ref: Ref): TableDef {
    const catalog = this.session.catalogs.catalogs.get(ref.catalog);
    const table = catalog?.get(ref.database)?.tables.get(ref.name);
    if (!table) {
      const tok = ref.token;
      throw new SqlError(`${VALIDATION}: SQL validation failed. From line ${tok.line}, column ${tok.column} to line ${ref.endToken.line}, column ${ref.endToken.column + ref.endToken.text.length - 1}: Object '${ref.name}' not found within '${ref.catalog}.${ref.database}'`);
    }
    return table;
  }

  private currentDatabase(): Database {
    return this.session.catalogs.database(this.session.currentCatalog, this.session.currentDatabase)!;
  }

  private databaseOf(ref: Ref): Database {
    const db = this.session.catalogs.database(ref.catalog, ref.database);
    if (!db) throw new SqlError(`org.apache.flink.table.catalog.exceptions.DatabaseNotExistException: Database ${ref.database} does not exist in Catalog ${ref.catalog}.`);
    return db;
  }

  private alreadyExists(ref: Ref): SqlError {
    return new SqlError(`${VALIDATION}: Could not execute CreateTable in path \`${ref.catalog}\`.\`${ref.database}\`.\`${ref.name}\`\nCaused by: org.apache.flink.table.catalog.exceptions.TableAlreadyExistException: Table (or view) ${ref.database}.${ref.name} already exists in Catalog ${ref.catalog}.`);
  }

  private resolve(parts: string[], token: Token, endToken: Token): Ref {
    const s = this.session;
    if (parts.length >= 3) return { catalog: parts[0]!, database: parts[1]!, name: parts[2]!, token, endToken };
    if (parts.length === 2) return { catalog: s.currentCatalog, database: parts[0]!, name: parts[1]!, token, endToken };
    return { catalog: s.currentCatalog, database: s.currentDatabase, name: parts[0]!, token, endToken };
  }

  private identifierAt(k: number): Identifier {
    const t = this.tokens;
    const first = t[k];
    if (!first) throw new SqlError(`org.apache.flink.table.api.SqlParserException: SQL parse failed. Encountered "<EOF>" at line 1, column ${(t[t.length - 1]?.column ?? 0) + 1}.`);
    const parts = [identifierValue(first)];
    let end = k;
    while (t[end + 1]?.text === "." && t[end + 2] && (t[end + 2]!.type === "word" || t[end + 2]!.type === "quoted")) {
      parts.push(identifierValue(t[end + 2]!));
      end += 2;
    }
    return { parts, first, last: t[end]!, end };
  }

  /** WITH ( 'k' = 'v', … ) starting at the "(" token. */
  private options(open: number): Record<string, string> {
    const out: Record<string, string> = {};
    for (const item of this.splitItems(open + 1, this.matching(open))) {
      const eq = item.findIndex((x) => x.text === "=");
      if (eq > 0 && item[eq + 1]) out[stringValue(item[0]!)] = stringValue(item[eq + 1]!);
    }
    return out;
  }

  private matching(open: number): number {
    let depth = 0;
    for (let k = open; k < this.tokens.length; k++) {
      if (this.tokens[k]!.text === "(") depth += 1;
      if (this.tokens[k]!.text === ")") {
        depth -= 1;
        if (depth === 0) return k;
      }
    }
    return this.tokens.length;
  }

  /** Token groups between `from` and `to` separated by top-level commas. */
  private splitItems(from: number, to: number): Token[][] {
    const items: Token[][] = [[]];
    let depth = 0;
    for (let k = from; k < to; k++) {
      const x = this.tokens[k]!;
      if (x.text === "(" || x.text === "<") depth += 1;
      if (x.text === ")" || x.text === ">") depth -= 1;
      if (x.text === "," && depth === 0) items.push([]);
      else items[items.length - 1]!.push(x);
    }
    return items.filter((i) => i.length > 0);
  }

  private depthAt(index: number): number {
    let depth = 0;
    for (let k = 0; k < index; k++) {
      if (this.tokens[k]!.text === "(") depth += 1;
      if (this.tokens[k]!.text === ")") depth -= 1;
    }
    return depth;
  }

  private topLevelIndex(word: string, from: number): number {
    return this.tokens.findIndex((t, i) => i >= from && t.upper === word && this.depthAt(i) === 0);
  }
}

type Identifier = { parts: string[]; first: Token; last: Token; end: number };
type QueryAnalysis = { columns: ResultColumn[]; sources: string[]; bounded: boolean; durationMs?: number; source: RowSource };

const CLAUSE_WORDS = new Set(["WHERE", "GROUP", "HAVING", "ORDER", "LIMIT", "UNION", "JOIN", "INNER", "LEFT", "RIGHT", "FULL", "CROSS", "ON", "WINDOW", "MATCH_RECOGNIZE", "FOR", "OFFSET", "FETCH", "EXCEPT", "INTERSECT"]);

function fqn(ref: { catalog: string; database: string; name: string }): string {
  return `${ref.catalog}.${ref.database}.${ref.name}`;
}

function textOf(sql: string, tokens: Token[]): string {
  const first = tokens[0];
  const last = tokens[tokens.length - 1];
  return first && last ? sql.slice(first.offset, last.offset + last.text.length) : "";
}

function literalValue(t: Token): Value | undefined {
  if (t.type === "number") return Number(t.text);
  if (t.type === "string") return stringValue(t);
  if (t.upper === "TRUE" || t.upper === "FALSE") return t.upper === "TRUE";
  return undefined;
}

function literalType(v: Value): LogicalType {
  if (typeof v === "number") return Number.isInteger(v) ? { type: "INTEGER", nullable: false } : { type: "DECIMAL", nullable: false, precision: 10, scale: 2 };
  if (typeof v === "boolean") return { type: "BOOLEAN", nullable: false };
  if (typeof v === "string") return { type: "CHAR", nullable: false, length: Math.max(1, v.length) };
  return { type: "NULL", nullable: true };
}

function constantSource(rows: Value[][]): RowSource {
  return { total: rows.length, rowsPerSecond: 10000, row: (n) => rows[n] ?? [] };
}

function minDefined(...xs: (number | undefined)[]): number | undefined {
  const d = xs.filter((x): x is number => x !== undefined);
  return d.length === 0 ? undefined : Math.min(...d);
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
