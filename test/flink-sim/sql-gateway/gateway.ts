import type { TimerGroup } from "../clock";
import { parseDuration } from "../durations";
import { flinkId } from "../ids";
import type { JobManager } from "../jobmanager/jobmanager";
import { isGloballyTerminal, type SimJob } from "../jobmanager/jobs";
import { javaStackTrace } from "../jobmanager/logs";
import type { ProgramSubmission } from "../jobmanager/programs";
import { TIMING } from "../timing";
import type { World } from "../world";
import { splitStatements } from "./lexer";
import { Operation } from "./operations";
import type { JobPlan, Outcome } from "./outcomes";
import { insertRows, stringColumns } from "./results";
import { Session } from "./session";
import { executeStatement } from "./statements";

/**
 * The SQL Gateway: sessions with idle expiry (`sql-gateway.session.idle-timeout`, checked every
 * `sql-gateway.session.check-interval`), statements played out in time, and v4 script deployment.
 * Jobs go to one session JobManager (session-1 in the default world).
 */
export type GatewayConfig = { "sql-gateway.session.idle-timeout": string; "sql-gateway.session.check-interval": string };

export class SqlGateway {
  readonly sessions = new Map<string, Session>();
  config: GatewayConfig = { "sql-gateway.session.idle-timeout": "10 min", "sql-gateway.session.check-interval": "1 min" };
  private readonly timers: TimerGroup;
  private stopChecker?: () => void;

  constructor(private readonly world: World, readonly jobmanagerName: string) {
    this.timers = world.timers.group();
    this.startIdleChecker();
  }

  get url(): string {
    return `${this.world.baseUrl}/sql-gateway`;
  }

  jobmanager(): JobManager | undefined {
    return this.world.jobmanagers.get(this.jobmanagerName);
  }

  configure(c: Partial<GatewayConfig>): GatewayConfig {
    this.config = { ...this.config, ...c };
    this.startIdleChecker();
    return this.config;
  }

  openSession(name: string | undefined, properties: Record<string, string>): Session {
    const s = new Session(name ?? "", properties);
    this.sessions.set(s.handle, s);
    return s;
  }

  /** The session's configuration as GET /sessions/:sh shows it: cluster settings plus its own. */
  sessionConfig(s: Session): Record<string, string> {
    const jm = this.jobmanager();
    return {
      "execution.target": "remote",
      "rest.address": jm?.config["rest.address"] ?? "127.0.0.1",
      "rest.port": jm?.config["rest.port"] ?? "8081",
      "jobmanager.rpc.address": jm?.config["jobmanager.rpc.address"] ?? "127.0.0.1",
      ...s.properties,
    };
  }

  closeSession(s: Session): void {
    for (const op of s.operations.values()) this.closeOperation(s, op);
    this.sessions.delete(s.handle);
  }

  submit(s: Session, statement: string, executionConfig: Record<string, string> = {}): Operation {
    s.touch();
    const op = new Operation(s.handle, statement, this.world.options.speed);
    s.operations.set(op.handle, op);
    this.play(op, executeStatement(s, statement, { jobmanager: () => this.jobmanager(), executionConfig }));
    return op;
  }

  /** configure-session runs synchronously and answers with the error, if any. */
  configureSession(s: Session, statement: string): string | undefined {
    s.touch();
    const outcome = executeStatement(s, statement, { jobmanager: () => this.jobmanager() });
    return outcome.kind === "error" ? outcome.exception : undefined;
  }

  /** Only a running operation can be cancelled; Flink refuses the transition from a final status. */
  cancelOperation(op: Operation): string | undefined {
    if (op.status !== "RUNNING" && op.status !== "PENDING" && op.status !== "INITIALIZED") {
      return `org.apache.flink.table.gateway.api.utils.SqlGatewayException: Failed to convert the Operation Status from ${op.status} to CANCELED for ${op.handle}.`;
    }
    op.status = "CANCELED";
    return undefined;
  }

  closeOperation(s: Session, op: Operation): void {
    // Closing a query stops its collect job; an INSERT's job keeps running on the cluster.
    if (op.job && op.isQuery && !isGloballyTerminal(op.job.state)) op.job.cancel();
    op.status = "CLOSED";
    s.operations.delete(op.handle);
  }

  /** v3: refresh a materialized table with a bounded job. */
  refreshMaterializedTable(s: Session, identifier: string): Operation {
    const op = new Operation(s.handle, `REFRESH MATERIALIZED TABLE ${identifier}`, this.world.options.speed);
    s.operations.set(op.handle, op);
    const parts = identifier.replace(/`/g, "").split(".");
    const [catalog, database, name] = parts.length === 3 ? parts : [s.currentCatalog, s.currentDatabase, parts[parts.length - 1]];
    const table = s.catalogs.database(catalog!, database!)?.tables.get(name!);
    if (!table || table.kind !== "MATERIALIZED_TABLE") {
      this.play(op, { kind: "error", exception: `org.apache.flink.table.api.ValidationException: Materialized table \`${catalog}\`.\`${database}\`.\`${name}\` does not exist.` });
    } else {
      this.play(op, { kind: "job", plan: { name: `Materialized table ${catalog}.${database}.${name} refresh`, sinks: [], sources: [], bounded: true, durationMs: 500, config: { ...s.properties, "execution.runtime-mode": "BATCH" }, vertexNames: ["Source: refresh[1]", "Sink: refresh[2]"] } });
    }
    return op;
  }

  /**
   * v4 scripts: deploys an application cluster running the script (the target comes from
   * `execution.target`, as in Flink). Returns the cluster id: a YARN application id or a
   * Kubernetes cluster id.
   */
  async deployScript(s: Session, script: string | undefined, scriptUri: string | undefined, executionConfig: Record<string, string>): Promise<{ clusterId: string } | { error: string }> {
    s.touch();
    const config = { ...s.properties, ...executionConfig };
    const target = config["execution.target"];
    const statements = splitStatements(script ?? "");
    const insert = statements.find((st) => /^\s*(INSERT|EXECUTE)\b/i.test(st));
    const sink = insert ? /INSERT\s+(?:INTO|OVERWRITE)\s+([\w.`]+)/i.exec(insert)?.[1]?.replace(/`/g, "") : undefined;
    const program: ProgramSubmission = {
      entryClass: "org.apache.flink.table.runtime.application.SqlDriver",
      config,
      name: config["pipeline.name"] ?? (sink ? `insert-into_${sink.split(".").length === 3 ? sink : `default_catalog.default_database.${sink.split(".").pop()}`}` : scriptUri ? `script ${scriptUri}` : "Flink SQL Application"),
    };
    if (target === "yarn-application") {
      const app = this.world.yarn.submit({ name: config["yarn.application.name"] ?? "Flink SQL Application", mode: "application", flinkVersion: "2.1.0", program, queue: config["yarn.application.queue"] });
      return { clusterId: app.id };
    }
    if (target === "kubernetes-application") {
      const clusterId = config["kubernetes.cluster-id"] ?? `flink-cluster-${flinkId()}`;
      await this.world.kubernetes.deployNative({ clusterId, namespace: config["kubernetes.namespace"] ?? "default", mode: "application", flinkVersion: "2.1.0", program });
      return { clusterId };
    }
    return {
      error: javaStackTrace(
        "org.apache.flink.table.gateway.api.utils.SqlGatewayException: Failed to deploy script to cluster.",
        ["org.apache.flink.table.gateway.service.SqlGatewayServiceImpl.deployScript(SqlGatewayServiceImpl.java:335)"],
        `java.lang.IllegalStateException: No ClusterClientFactory found. If you were targeting a Yarn cluster, please make sure to export the HADOOP_CLASSPATH environment variable or have hadoop in your classpath. For more information refer to the "Deployment" section of the official Apache Flink documentation.`,
      ),
    };
  }

  close(): void {
    this.timers.cancelAll();
    this.sessions.clear();
  }

  /** Plays an outcome out in time: NOT_READY first, then the rows, the job or the error. */
  private play(op: Operation, outcome: Outcome): void {
    switch (outcome.kind) {
      case "table":
        this.timers.after(TIMING.sqlOperationMs, () => op.status === "RUNNING" && op.finishWithRows(outcome.columns, outcome.rows, outcome.resultKind));
        return;
      case "error":
        this.timers.after(TIMING.sqlOperationMs, () => op.status === "RUNNING" && op.fail(outcome.exception));
        return;
      case "job":
      case "query":
        this.timers.after(TIMING.sqlJobSubmitMs, () => {
          if (op.status !== "RUNNING") return;
          const job = this.submitJob(op, outcome.plan);
          if (!job) return;
          op.job = job;
          if (outcome.kind === "query") {
            op.isQuery = true;
            op.source = outcome.source;
            op.finishWithRows(outcome.columns, [], "SUCCESS_WITH_CONTENT");
          } else {
            op.finishWithRows(stringColumns("job id"), insertRows([[job.id]]), "SUCCESS_WITH_CONTENT");
          }
        });
        return;
      case "stop":
        this.timers.after(TIMING.sqlOperationMs, () => this.stopJob(op, outcome.jobId, outcome.withSavepoint, outcome.drain));
        return;
    }
  }

  /**
   * Where a session's jobs go, as Flink's executors decide from its configuration: a YARN session
   * (`execution.target: yarn-session` + `yarn.application.id`), a Kubernetes session
   * (`kubernetes-session` + `kubernetes.cluster-id`/`kubernetes.namespace`), a remote cluster
   * whose `rest.address`/`rest.port` were set in the session, or else the gateway's own cluster.
   */
  jobmanagerFor(config: Record<string, string>): JobManager | undefined {
    const target = config["execution.target"];
    if (target === "yarn-session") {
      const app = this.world.yarn.apps.get(config["yarn.application.id"] ?? "");
      return app?.jobmanager;
    }
    if (target === "kubernetes-session") return this.world.kubernetes.jobManagerOf(config["kubernetes.namespace"] ?? "default", config["kubernetes.cluster-id"] ?? "");
    if (config["rest.address"] && config["rest.port"]) return this.world.jobManagerAt(`${config["rest.address"]}:${config["rest.port"]}`) ?? this.jobmanager();
    return this.jobmanager();
  }

  private submitJob(op: Operation, plan: JobPlan): SimJob | undefined {
    const jm = this.jobmanagerFor(plan.config);
    if (!jm || !jm.reachable) {
      op.fail(
        javaStackTrace(`org.apache.flink.table.api.TableException: Failed to execute sql`, ["org.apache.flink.table.api.internal.TableEnvironmentImpl.executeInternal(TableEnvironmentImpl.java:1060)"],
          `org.apache.flink.util.FlinkException: Failed to execute job '${plan.name}'.\nCaused by: java.net.ConnectException: Connection refused: ${jm?.restAddress ?? "localhost/127.0.0.1:8081"}`),
      );
      return undefined;
    }
    // A fixed job id (`$internal.pipeline.job-id`) that the cluster already has is refused by its Dispatcher.
    const fixedId = plan.config["$internal.pipeline.job-id"]?.toLowerCase();
    if (fixedId && jm.jobs.has(fixedId)) {
      op.fail(
        javaStackTrace(`org.apache.flink.table.api.TableException: Failed to execute sql`, ["org.apache.flink.table.api.internal.TableEnvironmentImpl.executeInternal(TableEnvironmentImpl.java:1060)"],
          `org.apache.flink.util.FlinkException: Failed to execute job '${plan.name}'.\nCaused by: org.apache.flink.runtime.client.DuplicateJobSubmissionException: Job has already been submitted.`),
      );
      return undefined;
    }
    const batch = plan.config["execution.runtime-mode"]?.toUpperCase() === "BATCH";
    return jm.submitJob({
      id: fixedId,
      name: plan.name,
      parallelism: Number(plan.config["parallelism.default"] ?? 1),
      batch,
      durationMs: plan.bounded ? plan.durationMs : undefined,
      vertexNames: plan.vertexNames,
      config: plan.config,
      // The session's `execution.savepoint.path` restores the job it submits (a query's collect job too).
      savepointPath: plan.config["execution.savepoint.path"] || undefined,
    });
  }

  private stopJob(op: Operation, jobId: string, withSavepoint: boolean, drain: boolean): void {
    const session = this.sessions.get(op.sessionHandle);
    const jm = this.jobmanagerFor(session ? session.properties : {});
    const job = jm?.jobs.get(jobId);
    if (!job) return op.fail(`org.apache.flink.runtime.messages.FlinkJobNotFoundException: Could not find Flink job (${jobId})`);
    if (!withSavepoint) {
      job.cancel();
      return op.finishWithRows(stringColumns("result"), insertRows([["OK"]]), "SUCCESS");
    }
    const dir = job.config["execution.checkpointing.savepoint-dir"] ?? job.config["state.savepoints.dir"] ?? "file:///tmp/flink-savepoints";
    const trigger = job.stopWithSavepoint(dir, "CANONICAL", drain);
    const stop = this.timers.every(20, () => {
      const result = job.operations.toJson(trigger, "savepoint");
      if (!result || (result.status as { id: string }).id !== "COMPLETED") return;
      stop();
      const operation = result.operation as { location?: string; "failure-cause"?: { "stack-trace": string } };
      if (operation.location) op.finishWithRows(stringColumns("savepoint path"), insertRows([[operation.location]]), "SUCCESS_WITH_CONTENT");
      else op.fail(operation["failure-cause"]?.["stack-trace"] ?? "savepoint failed");
    });
  }

  private startIdleChecker(): void {
    this.stopChecker?.();
    const timeout = parseDuration(this.config["sql-gateway.session.idle-timeout"]) ?? 600_000;
    const interval = parseDuration(this.config["sql-gateway.session.check-interval"]) ?? 60_000;
    if (timeout <= 0 || interval <= 0) return;
    this.stopChecker = this.timers.every(interval, () => {
      const now = Date.now();
      for (const s of [...this.sessions.values()]) {
        // Idle time is simulated time too: a 10 min timeout at speed 20 expires after 30 s.
        if ((now - s.lastAccess) * this.world.options.speed > timeout) this.closeSession(s);
      }
    });
  }
}
