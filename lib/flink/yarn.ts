import { invalidInput } from "@/lib/errors";
import { FlinkError } from "@/lib/flink/errors";
import { HttpClient, joinUrl, parseBaseUrl, type Query, type RestClientOptions } from "@/lib/flink/http";
import { JobManagerClient, type JobManagerClientOptions } from "@/lib/flink/jobmanager";
import { pollUntil, type PollOptions } from "@/lib/flink/poll";

/** YARN ResourceManager REST (flink-apis.md §3, from Hadoop's ResourceManagerRest.md). */

export type YarnAppState = "NEW" | "NEW_SAVING" | "SUBMITTED" | "ACCEPTED" | "RUNNING" | "FINISHED" | "FAILED" | "KILLED";
export type YarnFinalStatus = "UNDEFINED" | "SUCCEEDED" | "FAILED" | "KILLED";
/** States an application does not leave: its JobManager is gone. */
export const FINAL_YARN_STATES: readonly YarnAppState[] = ["FINISHED", "FAILED", "KILLED"];

export interface YarnApp {
  id: string;
  user?: string;
  name?: string;
  queue?: string;
  state: YarnAppState;
  finalStatus?: YarnFinalStatus;
  progress?: number;
  trackingUI?: string;
  trackingUrl?: string;
  diagnostics?: string;
  clusterId?: number;
  applicationType?: string;
  applicationTags?: string;
  startedTime?: number;
  finishedTime?: number;
  elapsedTime?: number;
  amContainerLogs?: string;
  amHostHttpAddress?: string;
  /** For Flink: the JobManager's `host:restPort` (Flink registers its AM that way). */
  amRPCAddress?: string;
  allocatedMB?: number;
  allocatedVCores?: number;
  runningContainers?: number;
}

export interface YarnClientOptions extends Omit<RestClientOptions, "baseUrl"> {
  /** e.g. http://rm:8088/ (a path prefix is kept). */
  rmUrl: string;
  /** Sent as `?user.name=` (pseudo authentication of non-secure clusters; writes are refused without it). */
  user?: string;
}

/** Flink's YARN application type unless `yarn.application.type` overrides it. */
export const FLINK_APPLICATION_TYPE = "Apache Flink";
const UPSTREAM = "YARN ResourceManager";
const APP_ID = /^application_\d+_\d+$/;

function checkAppId(appId: string): string {
  if (!APP_ID.test(appId)) throw invalidInput(`"${appId}" is not a YARN application id (application_<timestamp>_<number>).`);
  return appId;
}

/** `host:port` with a usable port, or null ("N/A", "host:-1" and "host:0" before the AM registered). */
export function parseHostPort(value: string | undefined): { host: string; port: number } | null {
  const m = /^\[?([^\]\s]+?)\]?:(\d+)$/.exec(value?.trim() ?? "");
  if (!m) return null;
  const port = Number(m[2]);
  return port > 0 && port < 65536 ? { host: m[1] as string, port } : null;
}

function hostUrl(host: string, port: number): string {
  return `http://${host.includes(":") ? `[${host}]` : host}:${port}/`;
}

export class YarnClient {
  private readonly http: HttpClient;
  private readonly user?: string;
  private readonly opts: YarnClientOptions;

  constructor(opts: YarnClientOptions) {
    this.opts = opts;
    this.http = new HttpClient(UPSTREAM, { ...opts, baseUrl: opts.rmUrl });
    this.user = opts.user;
  }

  private query(extra: Query = {}): Query {
    return { ...extra, "user.name": this.user };
  }

  /**
   * Flink applications (type "Apache Flink" unless other types are given). `name` is passed to the
   * RM and also matched exactly here, since older RMs ignore it. `{"apps":null}` means none.
   */
  async listFlinkApps(opts: { states?: YarnAppState[]; queue?: string; name?: string; applicationTypes?: string[] } = {}): Promise<YarnApp[]> {
    const body = await this.http.getJson<{ apps: { app?: YarnApp[] } | null }>("/ws/v1/cluster/apps", {
      query: this.query({
        applicationTypes: opts.applicationTypes ?? [FLINK_APPLICATION_TYPE],
        states: opts.states?.length ? opts.states : undefined,
        queue: opts.queue,
        name: opts.name,
      }),
    });
    const apps = body?.apps?.app ?? [];
    return opts.name === undefined ? apps : apps.filter((a) => a.name === opts.name);
  }

  async getApp(appId: string): Promise<YarnApp> {
    const body = await this.http.getJson<{ app: YarnApp }>(`/ws/v1/cluster/apps/${checkAppId(appId)}`, { query: this.query() });
    return body.app;
  }

  async appState(appId: string): Promise<YarnAppState> {
    const body = await this.http.getJson<{ state: YarnAppState }>(`/ws/v1/cluster/apps/${checkAppId(appId)}/state`, { query: this.query() });
    return body.state;
  }

  /**
   * Kills an application: PUT {"state":"KILLED"} answers 202 while the kill is under way, so the PUT
   * is repeated until 200. Resolves with the final state (KILLED, or the state it had already ended in).
   */
  async kill(appId: string, opts: Partial<PollOptions> = {}): Promise<YarnAppState> {
    const path = `/ws/v1/cluster/apps/${checkAppId(appId)}/state`;
    return pollUntil(
      async () => {
        const answer = await this.http.request("PUT", path, { json: { state: "KILLED" }, query: this.query(), signal: opts.signal });
        if (answer.status !== 200) return undefined;
        const state = (JSON.parse(answer.text || "{}") as { state?: YarnAppState }).state;
        return state ?? "KILLED";
      },
      { pollMs: opts.pollMs ?? 1000, timeoutMs: opts.timeoutMs ?? 60_000, signal: opts.signal, upstream: UPSTREAM, what: `Killing ${appId}` },
    );
  }

  /** `<rm>/proxy/<appId>/`: Flink REST paths appended to it reach the JobManager (GET and PUT only). */
  proxyUrl(appId: string): string {
    return joinUrl(this.http.baseUrl, `/proxy/${checkAppId(appId)}/`);
  }

  /**
   * The JobManager's own REST address, for the writes the proxy refuses. In order: the caller's
   * override, `amRPCAddress` (Flink registers its AM as host = JobManager, port = REST port), then
   * `rest.address`/`rest.port` from GET <proxy>/jobmanager/config (host falling back to `amHostHttpAddress`'s).
   */
  async jobManagerDirectUrl(appId: string, override?: string): Promise<string> {
    if (override) return parseBaseUrl(override, "JobManager").url;
    const app = await this.getApp(appId);
    const rpc = parseHostPort(app.amRPCAddress);
    if (rpc) return hostUrl(rpc.host, rpc.port);
    const config = await this.proxiedJobManager(appId).jobManagerConfig();
    const host = config["rest.address"] || parseHostPort(app.amHostHttpAddress)?.host;
    const port = Number(config["rest.port"]);
    if (host && Number.isInteger(port) && port > 0) return hostUrl(host, port);
    throw new FlinkError({
      upstream: UPSTREAM,
      status: 200,
      message: `The JobManager address of ${appId} is unknown: YARN gives no amRPCAddress and the JobManager configuration has no rest.address and rest.port.`,
    });
  }

  private proxiedJobManager(appId: string, opts: Partial<JobManagerClientOptions> = {}): JobManagerClient {
    const { rmUrl: _rmUrl, user: _user, ...rest } = this.opts;
    return new JobManagerClient({ ...rest, ...opts, baseUrl: this.proxyUrl(appId) });
  }

  /**
   * A JobManager client for a Flink application on YARN: reads go through the RM proxy, writes
   * (POST, PATCH, DELETE) to the JobManager directly, its address found on the first write.
   */
  jobManagerFor(appId: string, opts: { directUrl?: string } & Partial<Omit<JobManagerClientOptions, "baseUrl" | "writeBaseUrl">> = {}): JobManagerClient {
    const { directUrl, ...rest } = opts;
    return this.proxiedJobManager(appId, { ...rest, writeBaseUrl: () => this.jobManagerDirectUrl(appId, directUrl) });
  }
}
