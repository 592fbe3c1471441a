import type { Session } from "./session";

/**
 * GET /sessions/:sh/complete-statement: Flink asks Calcite's SqlAdvisor for hints at `position`.
 * The simulator completes the word before the cursor from SQL keywords and the session's tables.
 */
const KEYWORDS = [
  "ADD", "ALTER", "AND", "AS", "ASC", "BEGIN", "BETWEEN", "BY", "CASE", "CAST", "CATALOG", "CATALOGS", "CREATE", "CURRENT", "DATABASE", "DATABASES",
  "DESC", "DESCRIBE", "DISTINCT", "DROP", "ELSE", "END", "EXECUTE", "EXISTS", "EXPLAIN", "FALSE", "FROM", "FULL", "FUNCTION", "FUNCTIONS", "GROUP",
  "HAVING", "IF", "IN", "INNER", "INSERT", "INTERVAL", "INTO", "IS", "JOIN", "LEFT", "LIKE", "LIMIT", "NOT", "NULL", "ON", "OR", "ORDER", "OVER",
  "OVERWRITE", "PARTITION", "RESET", "RIGHT", "SELECT", "SET", "SHOW", "STATEMENT", "TABLE", "TABLES", "TEMPORARY", "THEN", "TRUE", "UNION", "USE",
  "VALUES", "VIEW", "VIEWS", "WATERMARK", "WHEN", "WHERE", "WINDOW", "WITH",
];

export function completeStatement(session: Session, statement: string, position: number): string[] {
  const before = statement.slice(0, Math.max(0, Math.min(position, statement.length)));
  const word = /([A-Za-z_][\w.]*)$/.exec(before)?.[1] ?? "";
  if (word === "") return [];
  const db = session.catalogs.database(session.currentCatalog, session.currentDatabase);
  const tables = db ? [...db.tables.keys()] : [];
  const upper = word.toUpperCase();
  return [
    ...KEYWORDS.filter((k) => k.startsWith(upper) && k !== upper),
    ...tables.filter((t) => t.toUpperCase().startsWith(upper)).map((t) => `${session.currentCatalog}.${session.currentDatabase}.${t}`),
  ];
}
