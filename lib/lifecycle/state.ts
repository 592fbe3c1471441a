import { conflict } from "@/lib/errors";
import type { OperationKind } from "@/db/queries/lifecycle";

/**
 * The job state machine's rules, as pure functions. Observed state is what Flink (or Eddy, for
 * what Flink cannot say) reports; desired state is what people asked for. Actions are allowed or
 * refused from the observed state, with a sentence that says why.
 */

/** Flink may be running the job (or about to): starting again would make a second one. */
export const ACTIVE_STATES = ["BUILDING", "DEPLOYING", "INITIALIZING", "CREATED", "RUNNING", "FAILING", "RESTARTING", "RECONCILING", "CANCELLING", "STOPPING"] as const;
/** Flink reports the job ended, or Eddy never started it, or it vanished (LOST). */
export const STARTABLE_STATES = ["NEVER_STARTED", "FAILED", "CANCELED", "FINISHED", "SUSPENDED", "LOST"] as const;
/** Flink's globally terminal states: a run in one of these is over. */
export const TERMINAL_FLINK_STATES = ["FAILED", "CANCELED", "FINISHED"] as const;

const isIn = (list: readonly string[], s: string) => list.includes(s);
const label = (s: string) => (s === "NEVER_STARTED" ? "never started" : s.toLowerCase());

export function isActive(state: string): boolean {
  return isIn(ACTIVE_STATES, state);
}

/**
 * Refuses an action that makes no sense in the job's state, with a sentence naming the state:
 * starting a running job, stopping a stopped one, a savepoint of a job that is not running.
 */
export function checkAction(kind: OperationKind, job: { name: string; observedState: string }): void {
  const s = job.observedState;
  const name = `“${job.name}”`;
  switch (kind) {
    case "build":
      return;
    case "start":
      if (s === "UNKNOWN") throw conflict(`Eddy cannot tell whether ${name} runs (its cluster does not answer); starting it could run it twice. Wait for the cluster, or cancel the job first.`);
      if (!isIn(STARTABLE_STATES, s)) throw conflict(`${name} is ${label(s)}; it cannot be started again. Stop or cancel it first, or restart it.`);
      return;
    case "stop":
    case "savepoint":
    case "restart":
      if (s !== "RUNNING") {
        const what = kind === "savepoint" ? "take a savepoint of it" : kind === "stop" ? "stop it with a savepoint" : "restart it";
        throw conflict(`${name} is ${label(s)}, not running; Eddy cannot ${what}.${isIn(STARTABLE_STATES, s) ? " Start it instead." : ""}`);
      }
      return;
    case "cancel":
      if (isIn(STARTABLE_STATES, s)) throw conflict(`${name} is ${label(s)}; there is nothing to cancel.`);
      return;
  }
}

export type ReleaseState = "needs build" | "building" | "build failed" | "built" | "needs restart";

/**
 * Whether the newest version can be deployed as is: built (a release of it exists), needs a build,
 * or runs an older release and needs a restart to apply the newest one.
 */
export function releaseState(input: {
  headVersion: number;
  latestReleaseVersion: number | null;
  lastBuild: { version: number; status: "running" | "succeeded" | "failed" } | null;
  runningVersion: number | null;
}): ReleaseState {
  if (input.lastBuild?.status === "running") return "building";
  if (input.runningVersion !== null && input.runningVersion !== input.headVersion) return "needs restart";
  if (input.latestReleaseVersion === input.headVersion) return "built";
  if (input.lastBuild?.status === "failed" && input.lastBuild.version === input.headVersion) return "build failed";
  return "needs build";
}

/** Which permission each action needs in the job's team. */
export const actionPermission = {
  build: "job:build",
  start: "job:deploy",
  restart: "job:deploy",
  stop: "job:stop",
  cancel: "job:stop",
  savepoint: "savepoint:trigger",
} as const;

/** What people want after each action (build changes nothing). */
export const desiredAfter: Partial<Record<OperationKind, "running" | "suspended" | "cancelled">> = {
  start: "running",
  restart: "running",
  stop: "suspended",
  cancel: "cancelled",
};
