import { uuid } from "../ids";
import type { SimJob } from "../jobmanager/jobs";
import type { RowSource } from "./outcomes";
import { columnsJson, rowsJson, type ResultColumn, type Row, type RowFormat } from "./results";

/**
 * One SQL Gateway operation and the paging of its results (flink-apis.md §2): while the statement
 * runs, fetching gives NOT_READY with the same token; then PAYLOAD pages follow `nextResultUri`
 * (token + 1) until EOS. Re-fetching the current token repeats its page; any other token is an
 * error, as in Flink's ResultFetcher.
 */
export type OperationStatus = "INITIALIZED" | "PENDING" | "RUNNING" | "FINISHED" | "CANCELED" | "CLOSED" | "ERROR" | "TIMEOUT";

/** Query pages carry at most this many rows (the collect sink's buffer). */
const MAX_ROWS_PER_PAGE = 500;

export type FetchOutcome = { body: Record<string, unknown> } | { error: string };

export class Operation {
  readonly handle = uuid();
  status: OperationStatus = "RUNNING";
  /** The innermost exception of a failed statement. */
  error?: string;
  job?: SimJob;
  columns: ResultColumn[] = [];
  rows: Row[] = [];
  resultKind: "SUCCESS" | "SUCCESS_WITH_CONTENT" = "SUCCESS";
  isQuery = false;
  source?: RowSource;
  private lastToken = -1;
  private lastPage?: Record<string, unknown>;
  private delivered = 0;
  private tablePagesServed = 0;

  constructor(readonly sessionHandle: string, readonly statement: string, private readonly speed: number) {}

  finishWithRows(columns: ResultColumn[], rows: Row[], resultKind: Operation["resultKind"]): void {
    this.columns = columns;
    this.rows = rows;
    this.resultKind = resultKind;
    this.status = "FINISHED";
  }

  fail(exception: string): void {
    this.error = exception;
    this.status = "ERROR";
  }

  fetch(token: number, format: RowFormat, version: number): FetchOutcome {
    const uri = (t: number) => `/v${version}/sessions/${this.sessionHandle}/operations/${this.handle}/result/${t}${version >= 2 ? `?rowFormat=${format}` : ""}`;
    if (this.status === "ERROR") return { error: this.error ?? "java.lang.RuntimeException: unknown failure" };
    if (this.status === "CANCELED" || this.status === "CLOSED" || this.status === "TIMEOUT") {
      return { error: `org.apache.flink.table.gateway.service.utils.SqlExecutionException: Can not fetch results from the ${this.status} operation ${this.handle}.` };
    }
    if (this.status !== "FINISHED") return { body: { resultType: "NOT_READY", nextResultUri: uri(token) } };
    if (token === this.lastToken && this.lastPage) return { body: this.lastPage };
    if (token !== this.lastToken + 1) {
      return { error: `java.lang.IllegalArgumentException: Expecting token to be ${Math.max(0, this.lastToken)} or ${this.lastToken + 1}, but found ${token}.` };
    }
    const { rows, eos } = this.source ? this.nextQueryRows() : this.nextTableRows();
    const page: Record<string, unknown> = {
      resultType: eos ? "EOS" : "PAYLOAD",
      isQueryResult: this.isQuery,
      ...(this.job ? { jobID: this.job.id } : {}),
      resultKind: this.resultKind,
      results: { columns: columnsJson(this.columns), rowFormat: format, data: rowsJson(rows, this.columns, format) },
    };
    if (!eos) page.nextResultUri = uri(token + 1);
    this.lastToken = token;
    this.lastPage = page;
    return { body: page };
  }

  private nextTableRows(): { rows: Row[]; eos: boolean } {
    this.tablePagesServed += 1;
    return this.tablePagesServed === 1 ? { rows: this.rows, eos: false } : { rows: [], eos: true };
  }

  /** Rows the query's job has produced since the last page, at `rows-per-second` while it runs. */
  private nextQueryRows(): { rows: Row[]; eos: boolean } {
    const source = this.source!;
    const total = source.total;
    if (total !== undefined && this.delivered >= total) return { rows: [], eos: true };
    const job = this.job;
    const runningSince = job?.timestamps.RUNNING ?? 0;
    const producedFor = runningSince > 0 ? ((job!.endTime > 0 ? job!.endTime : Date.now()) - runningSince) * this.speed : 0;
    const produced = Math.floor((producedFor / 1000) * source.rowsPerSecond);
    const available = Math.min(total ?? Number.MAX_SAFE_INTEGER, job?.state === "FINISHED" ? (total ?? produced) : produced);
    const upTo = Math.min(available, this.delivered + MAX_ROWS_PER_PAGE);
    const rows: Row[] = [];
    for (let n = this.delivered; n < upTo; n++) rows.push({ kind: "INSERT", fields: source.row(n) });
    this.delivered = Math.max(this.delivered, upTo);
    return { rows, eos: false };
  }
}
