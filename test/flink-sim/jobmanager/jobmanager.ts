import { EventEmitter } from "node:events";
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { CallLog } from "../calls";
import { sleep, type TimerGroup } from "../clock";
import { parseDuration } from "../durations";
import { DROP_CONNECTION, readBody, send, toSimRequest, type Reply, type SimRequest } from "../http";
import { serviceUnavailable } from "../rest-errors";
import { CLUSTER_DEFAULTS } from "../timing";
import { JarStore } from "./jars";
import { SimJob, type JobSpec } from "./jobs";
import { LogFile } from "./logs";
import { routeJobManagerRequest } from "./routes";
import { SlotPool, type PoolOptions } from "./taskmanagers";
import { versionFacts, type FlinkVersion, type VersionFacts } from "./versions";

/**
 * "standalone" is a Remote cluster and "session" a session cluster (YARN, Kubernetes, or the SQL
 * Gateway's); both accept jar uploads. "application" is an application cluster, where Flink
 * disables web submission, so the /jars handlers do not exist.
 */
export type JobManagerKind = "standalone" | "session" | "application";

export type Faults = { latencyMs: number; status503: number; failNextSavepoint: boolean; failNextCheckpoint: boolean };
const NO_FAULTS: Faults = { latencyMs: 0, status503: 0, failNextSavepoint: false, failNextCheckpoint: false };

export type JobManagerOptions = {
  name: string;
  kind: JobManagerKind;
  flinkVersion: FlinkVersion;
  /** The entrypoint class that starts this cluster (printed in the log banner). */
  entrypoint: string;
  timers: TimerGroup;
  calls: CallLog;
  host: string;
  /** A port to reuse (after a reset), or 0 for any free port. */
  port: number;
  pool: Pick<PoolOptions, "provider" | "taskManagers" | "idStyle">;
  /** Extra cluster configuration (e.g. yarn.application.id, kubernetes.cluster-id). */
  config?: Record<string, string>;
};

/**
 * One simulated JobManager. It answers Flink's REST API on its own port (what `rest.address`/
 * `rest.port` and YARN's amRPCAddress point at) and, through the main server, under
 * `${url}/jm/<name>`, behind the YARN proxy and behind the Kubernetes ingress.
 */
export class JobManager extends EventEmitter {
  readonly name: string;
  readonly kind: JobManagerKind;
  readonly flinkVersion: FlinkVersion;
  readonly facts: VersionFacts;
  readonly jobs = new Map<string, SimJob>();
  readonly jars = new JarStore();
  readonly log = new LogFile("jobmanager.log");
  readonly stdout = new LogFile("jobmanager.out");
  readonly stderr = new LogFile("jobmanager.err");
  readonly slots: SlotPool;
  readonly timers: TimerGroup;
  readonly startedAt = Date.now();
  readonly config: Record<string, string>;
  faults: Faults = { ...NO_FAULTS };
  reachable = true;
  /** The path-prefixed base URL on the main server; set by the world. */
  url = "";
  private server?: http.Server;
  private port: number;

  constructor(private readonly opts: JobManagerOptions) {
    super();
    this.name = opts.name;
    this.kind = opts.kind;
    this.flinkVersion = opts.flinkVersion;
    this.facts = versionFacts(opts.flinkVersion);
    this.timers = opts.timers;
    this.port = opts.port;
    const slotsPerTm = Number(opts.config?.["taskmanager.numberOfTaskSlots"] ?? 4);
    this.config = {
      "jobmanager.rpc.address": opts.host,
      "jobmanager.rpc.port": "6123",
      "jobmanager.memory.process.size": "1600m",
      "taskmanager.memory.process.size": "1728m",
      "taskmanager.numberOfTaskSlots": String(slotsPerTm),
      "parallelism.default": "1",
      [this.facts.major >= 2 ? "state.backend.type" : "state.backend"]: "hashmap",
      "state.checkpoints.dir": "file:///tmp/flink-checkpoints",
      "state.savepoints.dir": "file:///tmp/flink-savepoints",
      "web.submit.enable": String(opts.kind !== "application"),
      "web.upload.dir": this.jars.uploadDir.replace(/\/flink-web-upload$/, ""),
      ...CLUSTER_DEFAULTS,
      ...opts.config,
      "rest.address": opts.host,
    };
    this.slots = new SlotPool({
      ...opts.pool,
      slotsPerTaskManager: slotsPerTm,
      idleTimeoutMs: parseDuration(this.config["resourcemanager.taskmanager-timeout"]) ?? 30_000,
      timers: this.timers,
      onChange: () => this.emit("changed"),
    });
    this.logBanner();
  }

  /** `host:port` of the JobManager's own REST endpoint. */
  get restAddress(): string {
    return `${this.opts.host}:${this.port}`;
  }

  get directUrl(): string {
    return `http://${this.restAddress}`;
  }

  async listen(): Promise<void> {
    const server = http.createServer((req, res) => {
      void (async () => {
        const body = await readBody(req);
        const u = new URL(req.url ?? "/", "http://x");
        send(res, await this.handle(toSimRequest(req, body, u.pathname, u.search), "direct"));
      })().catch((e: unknown) => {
        console.error("[flink-sim] JobManager request failed:", e);
        res.destroy();
      });
    });
    this.port = await listenOn(server, this.opts.host, this.port);
    this.server = server;
    this.config["rest.port"] = String(this.port);
    this.log.log("INFO", "org.apache.flink.runtime.rest.RestServerEndpoint", `Rest endpoint listening at ${this.restAddress}`);
    this.log.log("INFO", "org.apache.flink.runtime.dispatcher.DispatcherRestEndpoint", `Web frontend listening at http://${this.restAddress}.`);
  }

  /** Unreachable: the own port refuses connections, the prefixed URLs drop them. */
  async down(): Promise<void> {
    this.reachable = false;
    await closeServer(this.server);
    this.server = undefined;
  }

  async up(): Promise<void> {
    if (this.reachable) return;
    this.reachable = true;
    await this.listen();
  }

  async close(): Promise<void> {
    this.reachable = false;
    for (const job of this.jobs.values()) job.dispose();
    this.timers.cancelAll();
    await closeServer(this.server);
    this.server = undefined;
    this.emit("closed");
  }

  submitJob(spec: JobSpec): SimJob {
    const job = new SimJob(
      {
        timers: this.timers,
        log: this.log,
        slots: this.slots,
        config: this.config,
        takeFault: (f) => {
          const had = this.faults[f];
          this.faults[f] = false;
          return had;
        },
        jobChanged: (j) => this.emit("job", j),
      },
      spec,
    );
    this.jobs.set(job.id, job);
    this.emit("job", job);
    return job;
  }

  /**
   * Before an application cluster shuts down, Flink's REST endpoint serves the results of completed
   * asynchronous operations (FLINK-10309): a client polling a stop-with-savepoint still learns the
   * savepoint's path. Resolves once every result of the job was fetched, or after
   * `rest.async.store-duration` (5 min) when nobody asks.
   */
  resultsServed(job: SimJob): Promise<void> {
    return new Promise((resolve) => {
      if (job.operations.unservedCount === 0) return resolve();
      const done = () => {
        stopPolling();
        cancelTimeout();
        resolve();
      };
      const stopPolling = this.timers.every(20, () => job.operations.unservedCount === 0 && done());
      const cancelTimeout = this.timers.after(parseDuration(this.config["rest.async.store-duration"]) ?? 300_000, done);
    });
  }

  setFaults(f: Partial<Faults>): Faults {
    this.faults = { ...this.faults, ...f };
    return this.faults;
  }

  clearFaults(): void {
    this.faults = { ...NO_FAULTS };
  }

  /** Serves one REST request, reached `via` its own port, the /jm prefix, the YARN proxy or an ingress. */
  async handle(req: SimRequest, via: string): Promise<Reply> {
    if (!this.reachable) return DROP_CONNECTION;
    if (this.faults.latencyMs > 0) await sleep(this.faults.latencyMs);
    let reply: Reply;
    if (this.faults.status503 > 0) {
      this.faults.status503 -= 1;
      reply = serviceUnavailable();
    } else {
      reply = await routeJobManagerRequest(this, req);
    }
    if (reply !== DROP_CONNECTION) {
      this.opts.calls.record({ component: `jobmanager:${this.name}`, method: req.method, path: req.path, query: req.search, status: reply.status, time: Date.now(), via });
    }
    return reply;
  }

  private logBanner(): void {
    const f = this.facts;
    const cls = "org.apache.flink.runtime.entrypoint.ClusterEntrypoint";
    const line = "--------------------------------------------------------------------------------";
    this.log.log("INFO", cls, line);
    this.log.log("INFO", cls, ` Starting ${this.opts.entrypoint.split(".").pop()} (Version: ${f.version}, Scala: ${f.scalaVersion}, Rev:${f.commit}, Date:${f.commitDate})`);
    this.log.log("INFO", cls, " OS current user: flink");
    this.log.log("INFO", cls, " JVM: OpenJDK 64-Bit Server VM - Eclipse Adoptium - 17/17.0.12+7");
    this.log.log("INFO", cls, " Maximum heap size: 981 MiBytes");
    this.log.log("INFO", cls, line);
    this.log.log("INFO", cls, `Starting ${this.opts.entrypoint.split(".").pop()}.`);
    this.log.log("INFO", "org.apache.flink.runtime.blob.BlobServer", "Started BLOB server at 0.0.0.0:6124 - max concurrent requests: 50 - max backlog: 1000");
  }
}

function listenOn(server: http.Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (e: NodeJS.ErrnoException) => {
      // A port remembered across a reset may have been taken meanwhile: take any free one.
      if (e.code === "EADDRINUSE" && port !== 0) resolve(listenOn(server, host, 0));
      else reject(e);
    };
    server.once("error", onError);
    server.listen(port, host, () => {
      server.off("error", onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function closeServer(server: http.Server | undefined): Promise<void> {
  if (!server) return Promise.resolve();
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
