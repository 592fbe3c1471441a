import { invalidInput } from "@/lib/errors";
import { FlinkError, FlinkTimeoutError } from "@/lib/flink/errors";
import type { components } from "@/lib/flink/generated/sql-gateway";
import { HttpClient, parseJson, retryRead, type RestClientOptions } from "@/lib/flink/http";
import { sleep } from "@/lib/flink/poll";
import { requestWithBody } from "@/lib/flink/raw-request";
import { causeLines, formatDuration, unreachableError, upstreamError } from "@/lib/flink/upstream-error";

type S = components["schemas"];

export type SqlGatewayVersion = 1 | 2 | 3 | 4;
export type RowFormat = S["RowFormat"];
export type RowKind = S["RowKind"];
export type ResultKind = S["ResultKind"];
export type ResultType = S["ResultType"];
export type OperationStatus = "INITIALIZED" | "PENDING" | "RUNNING" | "FINISHED" | "CANCELED" | "CLOSED" | "ERROR" | "TIMEOUT";

// The fetch-results body below is the wire format, written by a custom serializer; the generated
// FetchResultsResponseBody/ResultInfo (queryResult, columnInfos, RowData{arity,rowKind}) is not what
// the gateway sends (flink-apis.md §2, wire≠spec).

/** A column's type as serialized on the wire: `{"type":"VARCHAR","nullable":true,"length":…}`. */
export interface WireLogicalType {
  type: string;
  nullable: boolean;
  [attribute: string]: unknown;
}

export interface ResultColumn {
  name: string;
  logicalType: WireLogicalType;
  comment: string | null;
}

/** A row: with JSON the fields are typed values, with PLAIN_TEXT display strings. */
export interface ResultRow {
  kind: RowKind;
  fields: unknown[];
}

/** One page of GET …/result/:token as the gateway sends it. */
export interface ResultPage {
  resultType: ResultType;
  /** The spec calls it `queryResult`; the wire says `isQueryResult`. */
  isQueryResult?: boolean;
  /** Set when the statement submitted a job (INSERT, SELECT). */
  jobID?: string;
  resultKind?: ResultKind;
  results?: { columns: ResultColumn[]; rowFormat?: RowFormat; data: ResultRow[] };
  /** Absent at EOS. An absolute path that already has /vN/ (and, from v2 on, ?rowFormat). */
  nextResultUri?: string;
}

export interface ResultsOptions {
  rowFormat?: RowFormat;
  /** Wait between polls while NOT_READY or after an empty page; default 500 ms. */
  pollMs?: number;
  /** For the whole read; a FlinkTimeoutError after it. Unlimited by default (streaming queries never end). */
  timeoutMs?: number;
  /** Stop after this many rows; the last page is cut to fit. */
  maxRows?: number;
  signal?: AbortSignal;
}

export interface CollectedResults {
  columns: ResultColumn[];
  rows: ResultRow[];
  jobId: string | null;
  resultKind: ResultKind | null;
  isQueryResult: boolean;
  /** True when `maxRows` stopped the read before EOS. */
  truncated: boolean;
}

export interface SqlGatewayClientOptions extends RestClientOptions {
  /** The REST API version; by default the highest both sides know, from GET /api_versions. */
  version?: SqlGatewayVersion;
}

const UPSTREAM = "SQL Gateway";
const KNOWN_VERSIONS: readonly SqlGatewayVersion[] = [1, 2, 3, 4];
const enc = encodeURIComponent;
/** A successful answer that lacks what it should hold. */
const oddAnswer = (message: string): FlinkError => new FlinkError({ upstream: UPSTREAM, status: 200, message });

/** `line 3, column 15` in a Flink SQL error ("From line 3, column 15 to line 3, column 17: …") → its start. */
export function parseSqlErrorPosition(message: string): { line: number; column: number } | null {
  const m = /line (\d+), column (\d+)/i.exec(message);
  return m ? { line: Number(m[1]), column: Number(m[2]) } : null;
}

/**
 * The line of a failed statement's stack trace worth showing. The gateway wraps the SQL error in
 * "Failed to fetchResults." and several "Caused by:" levels; the one naming a position
 * (`SQL validation failed. From line 1, column 15 …`, `… at line 1, column 10.`) is best, else the root cause.
 */
export function sqlErrorLine(errorText: string): string {
  const causes = causeLines(errorText);
  return causes.find((c) => parseSqlErrorPosition(c) !== null) ?? causes.at(-1) ?? "";
}

/** The job an INSERT or statement set submitted: top-level `jobID`, else (older gateways) the single "job id" row. */
export function insertJobId(page: Pick<ResultPage, "jobID" | "results">): string | null {
  if (page.jobID) return page.jobID;
  const columns = page.results?.columns ?? [];
  const rows = page.results?.data ?? [];
  const field = rows[0]?.fields[0];
  if (columns.length === 1 && columns[0]?.name === "job id" && rows.length === 1 && typeof field === "string") return field;
  return null;
}

/** A typed client of the Flink SQL Gateway REST API, v1 to v4. */
export class SqlGatewayClient {
  private readonly http: HttpClient;
  private readonly fixedVersion?: SqlGatewayVersion;
  private negotiated?: Promise<SqlGatewayVersion>;

  constructor(opts: SqlGatewayClientOptions) {
    this.http = new HttpClient(UPSTREAM, { ...opts, errorLine: sqlErrorLine });
    this.fixedVersion = opts.version;
  }

  /** The API version in use: the one given, or the highest in GET /api_versions that this client knows. */
  async apiVersion(): Promise<SqlGatewayVersion> {
    if (this.fixedVersion) return this.fixedVersion;
    if (!this.negotiated) {
      const pending = this.http.getJson<{ versions?: string[] }>("/api_versions").then((body) => {
        const offered = (body?.versions ?? []).map((v) => Number(/^V(\d+)$/i.exec(v)?.[1]));
        const common = KNOWN_VERSIONS.filter((v) => offered.includes(v));
        const best = common.at(-1);
        if (!best) throw oddAnswer(`The SQL Gateway offers no API version this console speaks (${(body?.versions ?? []).join(", ") || "none"}).`);
        return best;
      });
      this.negotiated = pending;
      pending.catch(() => {
        if (this.negotiated === pending) this.negotiated = undefined;
      });
    }
    return this.negotiated;
  }

  private async path(suffix: string, minVersion: SqlGatewayVersion = 1, feature = ""): Promise<string> {
    const v = await this.apiVersion();
    if (v < minVersion) throw invalidInput(`${feature} needs SQL Gateway REST API v${minVersion} or newer; this gateway speaks v${v}.`);
    return `/v${v}${suffix}`;
  }

  async info(): Promise<{ productName?: string; version?: string }> {
    return this.http.getJson("/info");
  }

  async openSession(opts: { name?: string; properties?: Record<string, string> } = {}): Promise<string> {
    const body = await this.http.json<{ sessionHandle?: string }>("POST", await this.path("/sessions"), {
      json: { sessionName: opts.name, properties: opts.properties },
    });
    if (!body?.sessionHandle) throw oddAnswer("The SQL Gateway opened no session.");
    return body.sessionHandle;
  }

  /** The session's properties. */
  async getSession(sessionHandle: string): Promise<Record<string, string>> {
    const body = await this.http.getJson<{ properties?: Record<string, string> }>(await this.path(`/sessions/${enc(sessionHandle)}`));
    return body?.properties ?? {};
  }

  async closeSession(sessionHandle: string): Promise<void> {
    await this.http.request("DELETE", await this.path(`/sessions/${enc(sessionHandle)}`));
  }

  /** Keeps a session alive; the gateway closes idle ones (sql-gateway.session.idle-timeout, 10 min by default). */
  async heartbeat(sessionHandle: string): Promise<void> {
    await this.http.request("POST", await this.path(`/sessions/${enc(sessionHandle)}/heartbeat`), { json: {} });
  }

  /** Runs USE/CREATE/SET-like statements on the session itself (v2+). */
  async configureSession(sessionHandle: string, statement: string, opts: { executionTimeout?: number } = {}): Promise<void> {
    const path = await this.path(`/sessions/${enc(sessionHandle)}/configure-session`, 2, "Configuring a session");
    await this.http.request("POST", path, { json: { statement, executionTimeout: opts.executionTimeout } });
  }

  /** Submits a statement; its outcome (and any SQL error) comes with its results. */
  async executeStatement(
    sessionHandle: string,
    statement: string,
    opts: { executionTimeout?: number; executionConfig?: Record<string, string> } = {},
  ): Promise<string> {
    const body = await this.http.json<{ operationHandle?: string }>("POST", await this.path(`/sessions/${enc(sessionHandle)}/statements`), {
      json: { statement, executionTimeout: opts.executionTimeout, executionConfig: opts.executionConfig },
    });
    if (!body?.operationHandle) throw oddAnswer("The SQL Gateway accepted the statement but returned no operation.");
    return body.operationHandle;
  }

  private operationPath(sh: string, oh: string, rest: string): Promise<string> {
    return this.path(`/sessions/${enc(sh)}/operations/${enc(oh)}/${rest}`);
  }

  async operationStatus(sessionHandle: string, operationHandle: string): Promise<OperationStatus> {
    const body = await this.http.getJson<{ status: OperationStatus }>(await this.operationPath(sessionHandle, operationHandle, "status"));
    return body.status;
  }

  async cancelOperation(sessionHandle: string, operationHandle: string): Promise<OperationStatus> {
    const body = await this.http.json<{ status: OperationStatus }>("POST", await this.operationPath(sessionHandle, operationHandle, "cancel"));
    return body.status;
  }

  async closeOperation(sessionHandle: string, operationHandle: string): Promise<OperationStatus> {
    const body = await this.http.json<{ status: OperationStatus }>("DELETE", await this.operationPath(sessionHandle, operationHandle, "close"));
    return body.status;
  }

  /** One page of results; token 0 is the first. `rowFormat` is sent from v2 on (v1 has only JSON). */
  async fetchResults(
    sessionHandle: string,
    operationHandle: string,
    token: number,
    opts: { rowFormat?: RowFormat; signal?: AbortSignal } = {},
  ): Promise<ResultPage> {
    const v = await this.apiVersion();
    const path = await this.operationPath(sessionHandle, operationHandle, `result/${token}`);
    return this.http.getJson<ResultPage>(path, { query: { rowFormat: v >= 2 ? (opts.rowFormat ?? "JSON") : undefined }, signal: opts.signal });
  }

  /**
   * Every PAYLOAD page of an operation's results, following `nextResultUri`: NOT_READY is polled
   * again after `pollMs`, PAYLOAD is yielded (streaming queries may yield empty pages for a long
   * time), EOS ends. A failed statement ends with a FlinkError naming the SQL error.
   */
  async *results(sessionHandle: string, operationHandle: string, opts: ResultsOptions = {}): AsyncGenerator<ResultPage> {
    const v = await this.apiVersion();
    const rowFormat = opts.rowFormat ?? "JSON";
    const pollMs = opts.pollMs ?? 500;
    const deadline = opts.timeoutMs === undefined ? Infinity : Date.now() + opts.timeoutMs;
    let uri: string | undefined = await this.operationPath(sessionHandle, operationHandle, "result/0");
    uri = nextUri(uri, v, rowFormat);
    let rows = 0;
    const wait = (): Promise<void> => sleep(Math.max(0, Math.min(pollMs, deadline - Date.now())), opts.signal);
    while (uri) {
      // Checked on every page: a busy streaming query may never be NOT_READY or empty.
      if (Date.now() >= deadline) {
        const message = `The results of the statement did not finish within ${formatDuration(opts.timeoutMs ?? 0)}.`;
        throw new FlinkTimeoutError({ upstream: UPSTREAM, message });
      }
      const page: ResultPage = await this.http.getJson<ResultPage>(uri, { signal: opts.signal });
      if (page.resultType === "NOT_READY") {
        await wait();
        uri = page.nextResultUri ? nextUri(page.nextResultUri, v, rowFormat) : uri;
        continue;
      }
      const data = page.results?.data ?? [];
      if (opts.maxRows !== undefined && rows + data.length >= opts.maxRows) {
        yield page.results ? { ...page, results: { ...page.results, data: data.slice(0, opts.maxRows - rows) } } : page;
        return;
      }
      rows += data.length;
      if (page.resultType === "EOS") {
        if (data.length > 0) yield page;
        return;
      }
      yield page;
      if (!page.nextResultUri) return;
      if (data.length === 0) await wait();
      uri = nextUri(page.nextResultUri, v, rowFormat);
    }
  }

  /** Reads results to EOS (or `maxRows`) into one answer. Give a SELECT on an unbounded source `maxRows` or `timeoutMs`. */
  async collect(sessionHandle: string, operationHandle: string, opts: ResultsOptions = {}): Promise<CollectedResults> {
    const out: CollectedResults = { columns: [], rows: [], jobId: null, resultKind: null, isQueryResult: false, truncated: false };
    for await (const page of this.results(sessionHandle, operationHandle, opts)) {
      if (page.results?.columns?.length) out.columns = page.results.columns;
      out.rows.push(...(page.results?.data ?? []));
      out.jobId ??= page.jobID ?? null;
      out.resultKind ??= page.resultKind ?? null;
      out.isQueryResult ||= page.isQueryResult === true;
      if (opts.maxRows !== undefined && out.rows.length >= opts.maxRows) out.truncated = page.resultType !== "EOS";
    }
    if (out.jobId === null && out.columns.length === 1) out.jobId = insertJobId({ results: { columns: out.columns, data: out.rows } });
    return out;
  }

  /**
   * Completion candidates at `position` (v2+). The gateway wants a GET with a JSON body, which fetch
   * refuses to send, so this one goes through node:http directly. It is an idempotent read, so it is
   * retried like the client's other GETs (the `retries` option; 0 for none).
   */
  async completeStatement(sessionHandle: string, statement: string, position: number): Promise<string[]> {
    const url = this.http.url(await this.path(`/sessions/${enc(sessionHandle)}/complete-statement`, 2, "Statement completion"));
    const timeoutMs = this.http.defaultTimeoutMs;
    const answer = await retryRead(async () => {
      let raw;
      try {
        raw = await requestWithBody({
          method: "GET",
          url,
          headers: { ...this.http.defaultHeaders, accept: "application/json", "content-type": "application/json" },
          body: JSON.stringify({ statement, position }),
          timeoutMs,
        });
      } catch (e) {
        throw unreachableError(UPSTREAM, url, e, timeoutMs);
      }
      if (raw.status < 200 || raw.status > 299) throw upstreamError(UPSTREAM, raw.status, raw.statusText, raw.text, sqlErrorLine);
      return raw;
    }, this.http.readRetries);
    const body = parseJson<{ candidates?: string[] }>(UPSTREAM, { status: answer.status, headers: new Headers(), text: answer.text });
    return body?.candidates ?? [];
  }

  /** Deploys a script in application mode (v4) → the new cluster's id. */
  async deployScript(sessionHandle: string, opts: { script?: string; scriptUri?: string; executionConfig?: Record<string, string> }): Promise<string> {
    if (!opts.script && !opts.scriptUri) throw invalidInput("Give the script itself or its URI.");
    const path = await this.path(`/sessions/${enc(sessionHandle)}/scripts`, 4, "Deploying a script");
    const body = await this.http.json<{ clusterID?: string }>("POST", path, { json: opts });
    if (!body?.clusterID) throw oddAnswer("The SQL Gateway deployed the script but returned no cluster id.");
    return body.clusterID;
  }
}

/**
 * A `nextResultUri` as a path to join to the base URL (whose prefix it lacks): an absolute URL is
 * cut to its path; a path without /vN/ gets ours; from v2 on, `rowFormat` is added if missing
 * (V1's nextResultUri has none, and v1 must not get one).
 */
export function nextUri(uri: string, version: SqlGatewayVersion, rowFormat: RowFormat): string {
  let path = uri;
  if (/^https?:\/\//i.test(path)) {
    const u = new URL(path);
    path = u.pathname + u.search;
  }
  if (!/^\/?v\d+\//.test(path)) path = `/v${version}/${path.replace(/^\/+/, "")}`;
  if (version >= 2 && !/[?&]rowFormat=/.test(path)) path += `${path.includes("?") ? "&" : "?"}rowFormat=${rowFormat}`;
  return path;
}
