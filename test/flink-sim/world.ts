import { CallLog } from "./calls";
import { TimerGroup } from "./clock";
import { JobManager, type JobManagerKind } from "./jobmanager/jobmanager";
import type { PoolOptions } from "./jobmanager/taskmanagers";
import type { FlinkVersion } from "./jobmanager/versions";
import { Kubernetes } from "./kubernetes/cluster";
import { SqlGateway } from "./sql-gateway/gateway";
import { ResourceManager, type YarnApp } from "./yarn/resource-manager";

export type WorldOptions = {
  host: string;
  /** The main server's URL, e.g. http://127.0.0.1:8090 (no trailing slash). */
  baseUrl: string;
  speed: number;
  flinkHomes: Record<FlinkVersion, string>;
};

export type CreateJobManager = {
  name: string;
  kind: JobManagerKind;
  flinkVersion?: FlinkVersion;
  entrypoint?: string;
  pool?: Pick<PoolOptions, "provider" | "taskManagers" | "idStyle">;
  config?: Record<string, string>;
  /** How the cluster was deployed, for GET /_sim (e.g. {yarnApplicationId}). */
  deployment?: Record<string, string>;
};

const STANDALONE_ENTRYPOINT = "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";

/**
 * Everything the simulator hosts: JobManagers, the SQL Gateway, the YARN RM and the Kubernetes API
 * with its operator. Components reach each other only through the world, never through URLs, and
 * production code sees nothing but the published HTTP interfaces.
 */
export class World {
  readonly timers: TimerGroup;
  readonly calls = new CallLog();
  readonly jobmanagers = new Map<string, JobManager>();
  readonly deployments = new Map<string, Record<string, string>>();
  yarn: ResourceManager;
  kubernetes: Kubernetes;
  sqlGateway: SqlGateway;
  /** Ports of JobManagers by name, so a reset gives the default ones their old addresses back. */
  private readonly ports = new Map<string, number>();

  constructor(readonly options: WorldOptions) {
    this.timers = new TimerGroup(options.speed);
    this.yarn = this.newYarn();
    this.kubernetes = new Kubernetes(this);
    this.sqlGateway = new SqlGateway(this, "session-1");
  }

  get baseUrl(): string {
    return this.options.baseUrl;
  }

  async createJobManager(o: CreateJobManager): Promise<JobManager> {
    if (this.jobmanagers.has(o.name)) throw new Error(`a JobManager named ${o.name} already exists`);
    const jm = new JobManager({
      name: o.name,
      kind: o.kind,
      flinkVersion: o.flinkVersion ?? "2.1.0",
      entrypoint: o.entrypoint ?? STANDALONE_ENTRYPOINT,
      timers: this.timers.group(),
      calls: this.calls,
      host: this.options.host,
      port: this.ports.get(o.name) ?? 0,
      pool: o.pool ?? { provider: "fixed", taskManagers: 2, idStyle: { kind: "standalone" } },
      config: { "taskmanager.numberOfTaskSlots": "8", ...o.config },
    });
    this.jobmanagers.set(o.name, jm);
    if (o.deployment) this.deployments.set(o.name, o.deployment);
    await jm.listen();
    this.ports.set(o.name, Number(jm.config["rest.port"]));
    jm.url = `${this.baseUrl}/jm/${encodeURIComponent(o.name)}`;
    return jm;
  }

  async removeJobManager(jm: JobManager): Promise<void> {
    if (this.jobmanagers.get(jm.name) !== jm) return;
    this.jobmanagers.delete(jm.name);
    this.deployments.delete(jm.name);
    await jm.close();
  }

  /** The JobManager whose REST endpoint is `host:port` (how `-m`, rest.address/port and amRPCAddress find it). */
  jobManagerAt(address: string): JobManager | undefined {
    const [host, port] = address.replace(/^https?:\/\//, "").replace(/\/.*$/, "").split(":");
    return [...this.jobmanagers.values()].find((jm) => jm.config["rest.port"] === port && ["127.0.0.1", "localhost", jm.config["rest.address"]].includes(host ?? ""));
  }

  /** The default world of the README: three JMs, a YARN session, a K8s session deployment. */
  async populate(): Promise<void> {
    await this.createJobManager({ name: "standalone-1", kind: "standalone", flinkVersion: "2.1.0" });
    await this.createJobManager({ name: "session-1", kind: "session", flinkVersion: "2.1.0" });
    await this.createJobManager({ name: "legacy-1", kind: "standalone", flinkVersion: "1.20.1" });
    await this.yarn.submitRunning({ name: "flink-session", mode: "session", flinkVersion: "2.1.0", jobmanagerName: "yarn-session-1" });
    await this.kubernetes.createReadySession("flink", "k8s-session-1");
  }

  async reset(): Promise<void> {
    await this.teardown();
    this.calls.clear();
    this.yarn = this.newYarn();
    this.kubernetes = new Kubernetes(this);
    this.sqlGateway = new SqlGateway(this, "session-1");
    await this.populate();
  }

  async close(): Promise<void> {
    await this.teardown();
    this.timers.cancelAll();
  }

  /** GET /_sim. */
  describe(): Record<string, unknown> {
    return {
      jobmanagers: [...this.jobmanagers.values()].map((jm) => ({
        name: jm.name,
        url: jm.url,
        kind: jm.kind,
        flinkVersion: jm.flinkVersion,
        restAddress: jm.restAddress,
        ...(this.deployments.has(jm.name) ? { deployment: this.deployments.get(jm.name) } : {}),
      })),
      sqlGateway: { url: this.sqlGateway.url, jobmanager: this.sqlGateway.jobmanagerName },
      yarn: { url: this.yarn.url },
      kubernetes: { url: this.kubernetes.url, ingressUrlTemplate: this.kubernetes.ingressUrlTemplate },
      flinkHome: this.options.flinkHomes["2.1.0"],
      flinkHomes: this.options.flinkHomes,
      speed: this.options.speed,
    };
  }

  private newYarn(): ResourceManager {
    return new ResourceManager({
      timers: this.timers.group(),
      baseUrl: this.baseUrl,
      startJobManager: (app: YarnApp) =>
        this.createJobManager({
          name: app.jobmanagerName,
          kind: app.mode === "session" ? "session" : "application",
          flinkVersion: app.flinkVersion,
          entrypoint: app.mode === "session" ? "org.apache.flink.yarn.entrypoint.YarnSessionClusterEntrypoint" : "org.apache.flink.yarn.entrypoint.YarnApplicationClusterEntryPoint",
          pool: { provider: "active", taskManagers: 0, idStyle: { kind: "yarn", clusterTimestamp: this.yarn.clusterTimestamp, appSeq: app.seq } },
          config: { "execution.target": app.mode === "session" ? "yarn-session" : "yarn-application", "yarn.application.id": app.id, "yarn.application.name": app.name, "taskmanager.numberOfTaskSlots": "4", ...app.config },
          deployment: { type: "yarn", yarnApplicationId: app.id },
        }),
      stopJobManager: (jm) => this.removeJobManager(jm),
    });
  }

  private async teardown(): Promise<void> {
    this.sqlGateway.close();
    this.kubernetes.close();
    await this.yarn.close();
    for (const jm of [...this.jobmanagers.values()]) await this.removeJobManager(jm);
  }
}
