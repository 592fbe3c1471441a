import type { TimerGroup } from "../clock";
import type { JobManager } from "../jobmanager/jobmanager";
import { isGloballyTerminal, type SimJob } from "../jobmanager/jobs";
import { programJobSpec, type ProgramSubmission } from "../jobmanager/programs";
import type { FlinkVersion } from "../jobmanager/versions";
import { TIMING } from "../timing";

/**
 * A YARN ResourceManager holding Flink applications (flink-apis.md §3, Hadoop's
 * ResourceManagerRest). Application ids are `application_<clusterTimestamp>_<4-digit seq>`.
 * An app runs its JobManager as the AM: a session app hosts a session cluster; an application-mode
 * app hosts one job and, like Flink, shuts down (FINISHED with a matching finalStatus) when that
 * job reaches a globally terminal state. Killing an app kills its JobManager.
 */
export type YarnState = "NEW" | "NEW_SAVING" | "SUBMITTED" | "ACCEPTED" | "RUNNING" | "FINISHED" | "FAILED" | "KILLED";
export const YARN_STATES: readonly YarnState[] = ["NEW", "NEW_SAVING", "SUBMITTED", "ACCEPTED", "RUNNING", "FINISHED", "FAILED", "KILLED"];
export type FinalStatus = "UNDEFINED" | "SUCCEEDED" | "FAILED" | "KILLED";

export type YarnApp = {
  id: string;
  seq: number;
  name: string;
  user: string;
  queue: string;
  applicationType: string;
  tags: string[];
  mode: "session" | "application" | "per-job";
  flinkVersion: FlinkVersion;
  state: YarnState;
  finalStatus: FinalStatus;
  startedTime: number;
  launchTime: number;
  finishedTime: number;
  diagnostics: string;
  killing: boolean;
  jobmanager?: JobManager;
  /** Where the AM registered (the JobManager's REST host:port); kept after the app ends, as YARN does. */
  amRpcAddress?: string;
  /** Application and per-job mode: the program the AM runs. */
  program?: ProgramSubmission;
  config: Record<string, string>;
  jobmanagerName: string;
};

export type SubmitApplication = {
  name: string;
  user?: string;
  queue?: string;
  applicationType?: string;
  tags?: string[];
  mode: YarnApp["mode"];
  flinkVersion: FlinkVersion;
  program?: ProgramSubmission;
  config?: Record<string, string>;
  /** Name of the AM's JobManager in the world (default: the application id). */
  jobmanagerName?: string;
};

/** What the RM needs from the world: start and stop AMs (JobManagers). */
export interface YarnHost {
  /** The RM's own timers, cancelled when it closes. */
  readonly timers: TimerGroup;
  readonly baseUrl: string;
  startJobManager(app: YarnApp): Promise<JobManager>;
  stopJobManager(jm: JobManager): Promise<void>;
}

export function isFinalYarnState(s: YarnState): boolean {
  return s === "FINISHED" || s === "FAILED" || s === "KILLED";
}

export class ResourceManager {
  readonly clusterTimestamp = Date.now();
  readonly apps = new Map<string, YarnApp>();
  private seq = 0;

  constructor(private readonly host: YarnHost) {}

  get url(): string {
    return `${this.host.baseUrl}/yarn`;
  }

  /** Submits an application; it goes ACCEPTED, then RUNNING once its JobManager is up. */
  submit(s: SubmitApplication): YarnApp {
    this.seq += 1;
    const app: YarnApp = {
      id: `application_${this.clusterTimestamp}_${String(this.seq).padStart(4, "0")}`,
      seq: this.seq,
      name: s.name,
      user: s.user ?? "flink",
      queue: s.queue ?? "default",
      applicationType: s.applicationType ?? "Apache Flink",
      tags: s.tags ?? [],
      mode: s.mode,
      flinkVersion: s.flinkVersion,
      state: "SUBMITTED",
      finalStatus: "UNDEFINED",
      startedTime: Date.now(),
      launchTime: 0,
      finishedTime: 0,
      diagnostics: "",
      killing: false,
      program: s.program,
      config: s.config ?? {},
      jobmanagerName: "",
    };
    app.jobmanagerName = s.jobmanagerName ?? app.id;
    this.apps.set(app.id, app);
    this.host.timers.after(TIMING.yarnAcceptedMs, () => {
      if (app.state !== "SUBMITTED") return;
      app.state = "ACCEPTED";
      app.diagnostics = "AM container is launched, waiting for AM container to Register with RM";
      this.host.timers.after(TIMING.yarnRunningMs, () => void this.launch(app));
    });
    return app;
  }

  /** Starts the AM at once (the default world's session, which is already running). */
  async submitRunning(s: SubmitApplication): Promise<YarnApp> {
    const app = this.submit(s);
    await this.launch(app);
    return app;
  }

  /**
   * PUT …/state {"state":"KILLED"}: the first request starts the kill and answers 202 with the
   * current state; once the app is KILLED the answer is 200 (Hadoop reports a kill of an app that
   * already ended as completed, too).
   */
  kill(app: YarnApp, diagnostics = `Application ${app.id} was killed by user ${app.user} at 127.0.0.1`): "accepted" | "completed" {
    if (isFinalYarnState(app.state)) return "completed";
    if (!app.killing) {
      app.killing = true;
      this.host.timers.after(TIMING.yarnKillMs, () => void this.end(app, "KILLED", "KILLED", diagnostics));
    }
    return "accepted";
  }

  /** The AM unregistered (control API): FINISHED with the given final status. */
  async finish(app: YarnApp, finalStatus: FinalStatus): Promise<void> {
    await this.end(app, "FINISHED", finalStatus, "");
  }

  /** The app disappears from the RM entirely (a lost RM state store); its JobManager keeps running. */
  vanish(app: YarnApp): void {
    this.apps.delete(app.id);
  }

  async close(): Promise<void> {
    this.host.timers.cancelAll();
    for (const app of this.apps.values()) if (app.jobmanager) await this.host.stopJobManager(app.jobmanager);
    this.apps.clear();
  }

  private async launch(app: YarnApp): Promise<void> {
    if (app.state !== "ACCEPTED" && app.state !== "SUBMITTED") return;
    const jm = await this.host.startJobManager(app);
    if (app.killing || isFinalYarnState(app.state)) {
      await this.host.stopJobManager(jm);
      return;
    }
    app.jobmanager = jm;
    app.amRpcAddress = jm.restAddress;
    app.state = "RUNNING";
    app.launchTime = Date.now();
    app.diagnostics = "";
    if (app.program && app.mode !== "session") {
      const job = jm.submitJob(programJobSpec(jm, app.program));
      jm.on("job", (j: SimJob) => {
        // Application (and per-job) clusters shut down when their job is globally terminal.
        if (j.id !== job.id || !isGloballyTerminal(j.state) || isFinalYarnState(app.state)) return;
        const status: FinalStatus = j.state === "FINISHED" ? "SUCCEEDED" : j.state === "CANCELED" ? "KILLED" : "FAILED";
        void jm.resultsServed(j).then(() => this.end(app, "FINISHED", status, ""));
      });
    }
  }

  private async end(app: YarnApp, state: YarnState, finalStatus: FinalStatus, diagnostics: string): Promise<void> {
    if (isFinalYarnState(app.state)) return;
    app.state = state;
    app.finalStatus = finalStatus;
    app.finishedTime = Date.now();
    app.diagnostics = diagnostics;
    app.killing = false;
    const jm = app.jobmanager;
    app.jobmanager = undefined;
    if (jm) await this.host.stopJobManager(jm);
  }
}
