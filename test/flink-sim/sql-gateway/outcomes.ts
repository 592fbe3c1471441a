import type { JobManager } from "../jobmanager/jobmanager";
import type { Value } from "./datagen";
import { insertRows, OK_COLUMNS, OK_ROWS, type ResultColumn, type Row } from "./results";
import type { Session } from "./session";

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

export type StatementHost = {
  jobmanager(): JobManager | undefined;
  /** `executionConfig` of the request: applies to the job this statement submits. */
  executionConfig?: Record<string, string>;
};

/** DDL, SET and USE answer one `result` column with an `OK` row. */
export const ok = (): Outcome => ({ kind: "table", resultKind: "SUCCESS", columns: OK_COLUMNS, rows: OK_ROWS });
export const content = (columns: ResultColumn[], values: Value[][]): Outcome => ({ kind: "table", resultKind: "SUCCESS_WITH_CONTENT", columns, rows: insertRows(values) });

/**
 * The job a statement submits, configured by the session (and the request's executionConfig).
 * Flink names it `insert-into_<sink>[,<sink>…]` unless `pipeline.name` is set.
 */
export function jobPlan(session: Session, host: StatementHost, sinks: string[], sources: string[], bounded: boolean, durationMs: number | undefined): JobPlan {
  const props = { ...session.properties, ...host.executionConfig };
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
