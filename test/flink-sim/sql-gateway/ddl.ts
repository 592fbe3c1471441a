import type { Column, TableDef } from "./catalog";
import { identifierValue, stringValue, type Token } from "./lexer";
import { catalogAndDatabase, databaseOf, fqn, lookup, resolve, SqlError, VALIDATION, type Ref } from "./names";
import { jobPlan, ok, type Outcome, type StatementHost } from "./outcomes";
import { analyzeQuery } from "./query-analysis";
import type { Session } from "./session";
import type { Identifier, Tokens } from "./tokens";
import { parseType, STRING_TYPE } from "./types";

/**
 * CREATE, DROP and ALTER of catalogs, databases, tables, views and functions, with the messages
 * Flink's catalog manager gives when something already exists or is missing.
 */
export function create(session: Session, host: StatementHost, t: Tokens): Outcome {
  let k = 1;
  let temporary = false;
  let orReplace = false;
  while (["TEMPORARY", "SYSTEM", "OR", "REPLACE"].includes(t.at(k)?.upper ?? "")) {
    if (t.at(k)!.upper === "TEMPORARY") temporary = true;
    if (t.at(k)!.upper === "REPLACE") orReplace = true;
    k += 1;
  }
  const object = t.at(k)!.upper;
  if (object === "MATERIALIZED") return createMaterializedTable(session, t, k + 2);
  k += 1;
  const ifNotExists = t.at(k)?.upper === "IF";
  if (ifNotExists) k += 3;
  const ident = t.identifierAt(k);
  switch (object) {
    case "CATALOG": {
      const name = ident.parts[0]!;
      if (session.catalogs.catalogs.has(name)) {
        if (ifNotExists) return ok();
        throw new SqlError(`${VALIDATION}: Catalog ${name} already exists.`);
      }
      session.catalogs.createCatalog(name);
      return ok();
    }
    case "DATABASE": {
      const [catalog, database] = catalogAndDatabase(session, ident.parts);
      if (!session.catalogs.createDatabase(catalog, database) && !ifNotExists) {
        throw new SqlError(`${VALIDATION}: Could not execute CREATE DATABASE: (catalogDatabase: [{}], catalogName: [${catalog}], databaseName: [${database}], ignoreIfExists: [false])\nCaused by: org.apache.flink.table.catalog.exceptions.DatabaseAlreadyExistException: Database ${database} already exists in Catalog ${catalog}.`);
      }
      return ok();
    }
    case "FUNCTION": {
      const ref = resolve(session, ident);
      const db = databaseOf(session, ref);
      if (db.functions.has(ref.name) && !ifNotExists && !orReplace) {
        throw new SqlError(`${VALIDATION}: Could not execute CREATE CATALOG FUNCTION: (catalogFunction: [Optional[Function]], identifier: [\`${ref.catalog}\`.\`${ref.database}\`.\`${ref.name}\`], ignoreIfExists: [false], isTemporary: [${temporary}])\nCaused by: org.apache.flink.table.catalog.exceptions.FunctionAlreadyExistException: Function ${ref.database}.${ref.name} already exists in Catalog ${ref.catalog}.`);
      }
      const asAt = t.list.findIndex((x, i) => i > ident.end && x.upper === "AS");
      const language = t.words.indexOf("LANGUAGE");
      db.functions.set(ref.name, { name: ref.name, className: asAt >= 0 ? stringValue(t.at(asAt + 1)!) : "", language: language >= 0 ? t.at(language + 1)!.upper : "JAVA", temporary });
      return ok();
    }
    case "VIEW": {
      const ref = resolve(session, ident);
      const db = databaseOf(session, ref);
      if (db.tables.has(ref.name) && !ifNotExists && !orReplace) throw alreadyExists(ref);
      const query = t.from(t.list.findIndex((x, i) => i > ident.end && x.upper === "AS") + 1);
      // A view's query is validated against the catalog but not planned, so connectors are not checked yet.
      const analysis = analyzeQuery(session, query, false);
      db.tables.set(ref.name, { kind: "VIEW", name: ref.name, columns: analysis.columns.map((c) => ({ name: c.name, type: c.type })), options: {}, query: query.text, temporary, ddl: t.sql.trim() });
      return ok();
    }
    default:
      return createTable(session, host, t, ident, temporary, ifNotExists || orReplace);
  }
}

function createTable(session: Session, host: StatementHost, t: Tokens, ident: Identifier, temporary: boolean, ignoreExisting: boolean): Outcome {
  const ref = resolve(session, ident);
  const db = databaseOf(session, ref);
  if (db.tables.has(ref.name) && !ignoreExisting) throw alreadyExists(ref);
  let k = ident.end + 1;
  const table: TableDef = { kind: "TABLE", name: ref.name, columns: [], options: {}, temporary, ddl: t.sql.trim().replace(/;$/, "") };
  if (t.at(k)?.text === "(") {
    const close = t.matching(k);
    for (const item of t.splitItems(k + 1, close)) tableItem(t, item, table);
    k = close + 1;
  }
  const withAt = t.topLevelIndex("WITH", k);
  if (withAt >= 0 && t.at(withAt + 1)?.text === "(") Object.assign(table.options, t.options(withAt + 1));
  const likeAt = t.topLevelIndex("LIKE", k);
  if (likeAt >= 0) {
    const source = lookup(session, resolve(session, t.identifierAt(likeAt + 1)));
    table.columns.unshift(...source.columns);
    table.options = { ...source.options, ...table.options };
  }
  const asAt = t.topLevelIndex("AS", k);
  if (asAt >= 0) {
    // CREATE TABLE … AS SELECT: the table takes the query's columns and a job fills it.
    const analysis = analyzeQuery(session, t.from(asAt + 1));
    table.columns = analysis.columns.map((c) => ({ name: c.name, type: c.type }));
    db.tables.set(ref.name, table);
    return { kind: "job", plan: jobPlan(session, host, [fqn(ref)], analysis.sources, analysis.bounded, analysis.durationMs) };
  }
  db.tables.set(ref.name, table);
  return ok();
}

function createMaterializedTable(session: Session, t: Tokens, k: number): Outcome {
  const ident = t.identifierAt(k);
  const ref = resolve(session, ident);
  const db = databaseOf(session, ref);
  if (db.tables.has(ref.name)) throw alreadyExists(ref);
  const asAt = t.topLevelIndex("AS", ident.end + 1);
  const query = asAt >= 0 ? t.from(asAt + 1) : undefined;
  const analysis = query ? analyzeQuery(session, query) : undefined;
  db.tables.set(ref.name, { kind: "MATERIALIZED_TABLE", name: ref.name, columns: analysis?.columns.map((c) => ({ name: c.name, type: c.type })) ?? [], options: {}, query: query?.text ?? "", temporary: false, ddl: t.sql.trim() });
  return ok();
}

/** One item of a CREATE TABLE column list: a column, a computed or metadata column, a constraint. */
function tableItem(t: Tokens, item: Token[], table: TableDef): void {
  const first = item[0];
  if (!first) return;
  const words = item.map((x) => x.upper);
  if (first.upper === "WATERMARK") {
    table.watermark = { column: identifierValue(item[2]!), expression: t.textOf(item.slice(words.indexOf("AS") + 1)) };
    return;
  }
  const pk = words.indexOf("PRIMARY");
  if (first.upper === "PRIMARY" || first.upper === "CONSTRAINT") {
    table.primaryKey = item.slice(pk).filter((x) => x.type === "word" || x.type === "quoted").map(identifierValue).filter((w) => !["PRIMARY", "KEY", "NOT", "ENFORCED"].includes(w.toUpperCase()));
    return;
  }
  if (first.upper === "PERIOD") return;
  const name = identifierValue(first);
  const comment = words.indexOf("COMMENT");
  const commentText = comment >= 0 ? stringValue(item[comment + 1]!) : undefined;
  if (item[1]?.upper === "AS") {
    const expr = t.textOf(item.slice(2, comment >= 0 ? comment : undefined));
    table.columns.push({ name, type: /PROCTIME\s*\(/i.test(expr) ? { type: "TIMESTAMP_WITH_LOCAL_TIME_ZONE", nullable: false, precision: 3 } : STRING_TYPE, computed: expr, comment: commentText });
    return;
  }
  const stop = item.findIndex((x, i) => i > 1 && ["METADATA", "COMMENT", "PRIMARY", "VIRTUAL"].includes(x.upper));
  const column: Column = { name, type: parseType(t.textOf(item.slice(1, stop >= 0 ? stop : undefined))), comment: commentText, metadata: words.includes("METADATA") || undefined };
  table.columns.push(column);
  if (pk > 0) table.primaryKey = [name];
}

export function drop(session: Session, t: Tokens): Outcome {
  let k = 1;
  while (["TEMPORARY", "SYSTEM"].includes(t.at(k)?.upper ?? "")) k += 1;
  const object = t.at(k)!.upper;
  if (object === "MATERIALIZED") k += 1;
  k += 1;
  const ifExists = t.at(k)?.upper === "IF";
  if (ifExists) k += 2;
  const ident = t.identifierAt(k);
  if (object === "CATALOG") {
    const name = ident.parts[0]!;
    if (name === session.currentCatalog) throw new SqlError(`${VALIDATION}: Cannot drop a catalog which is currently in use.`);
    if (!session.catalogs.catalogs.delete(name) && !ifExists) throw new SqlError(`${VALIDATION}: Catalog ${name} does not exist.`);
    return ok();
  }
  if (object === "DATABASE") {
    const [catalog, database] = catalogAndDatabase(session, ident.parts);
    const db = session.catalogs.database(catalog, database);
    if (!db) {
      if (ifExists) return ok();
      throw new SqlError(`${VALIDATION}: Could not execute DROP DATABASE ${catalog}.${database} RESTRICT\nCaused by: org.apache.flink.table.catalog.exceptions.DatabaseNotExistException: Database ${database} does not exist in Catalog ${catalog}.`);
    }
    if (db.tables.size > 0 && !t.words.includes("CASCADE")) {
      throw new SqlError(`${VALIDATION}: Could not execute DROP DATABASE ${catalog}.${database} RESTRICT\nCaused by: org.apache.flink.table.catalog.exceptions.DatabaseNotEmptyException: Database ${database} in catalog ${catalog} is not empty.`);
    }
    if (catalog === session.currentCatalog && database === session.currentDatabase) throw new SqlError(`${VALIDATION}: Cannot drop a database which is currently in use.`);
    session.catalogs.catalogs.get(catalog)?.delete(database);
    return ok();
  }
  const ref = resolve(session, ident);
  const db = session.catalogs.database(ref.catalog, ref.database);
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

/** ALTER is accepted as it is written, once the table or view exists. */
export function alter(session: Session, t: Tokens): Outcome {
  const objectAt = t.list.findIndex((x, i) => i > 0 && ["TABLE", "VIEW"].includes(x.upper));
  if (objectAt < 0) return ok();
  let k = objectAt + 1;
  const ifExists = t.at(k)?.upper === "IF";
  if (ifExists) k += 2;
  const ref = resolve(session, t.identifierAt(k));
  if (!session.catalogs.database(ref.catalog, ref.database)?.tables.has(ref.name) && !ifExists) {
    throw new SqlError(`${VALIDATION}: Table \`${ref.catalog}\`.\`${ref.database}\`.\`${ref.name}\` doesn't exist or is a temporary table.`);
  }
  return ok();
}

function alreadyExists(ref: Ref): SqlError {
  return new SqlError(`${VALIDATION}: Could not execute CreateTable in path \`${ref.catalog}\`.\`${ref.database}\`.\`${ref.name}\`\nCaused by: org.apache.flink.table.catalog.exceptions.TableAlreadyExistException: Table (or view) ${ref.database}.${ref.name} already exists in Catalog ${ref.catalog}.`);
}
