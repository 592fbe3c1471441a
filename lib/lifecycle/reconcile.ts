import { TERMINAL_FLINK_STATES } from "./state";

/**
 * The watcher's decisions, as a pure function: given the live runs Eddy has on record for one
 * place (a session cluster, a ResourceManager, a namespace) and what that place reports in one
 * read, what changes for each run. The task applies them (lib/lifecycle/watch.ts).
 */

export type WatchedRun = {
  id: number;
  jobId: number;
  /** The key the place reports the run's job by: Flink job id, YARN application id or resource name. */
  key: string;
  state: string;
  isCurrent: boolean;
  observedState: string;
  desiredState: "running" | "suspended" | "cancelled" | null;
  missingSince: Date | null;
  /** An operation on the job is queued or running: it owns the run's state until it finishes. */
  busy: boolean;
};

export type Sighting = { state: string };

/** What the place said: everything it runs (one call), or that it could not be asked. */
export type PlaceReport = { reachable: true; jobs: Map<string, Sighting> } | { reachable: false; why: string };

export type RunDecision =
  | { kind: "state"; runId: number; jobId: number; from: string; to: string; observed: string | null; ends: boolean; consequence: Consequence }
  | { kind: "missing"; runId: number; jobId: number; since: Date }
  | { kind: "found"; runId: number; jobId: number }
  | { kind: "lost"; runId: number; jobId: number; missingForSeconds: number; isCurrent: boolean }
  | { kind: "unknown"; runId: number; jobId: number; why: string };

/** What a run ending means for the job: restart it, note it was cancelled outside Eddy, or it finished. */
export type Consequence = "none" | "auto-restart" | "cancelled-outside" | "finished";

const terminal = (s: string) => (TERMINAL_FLINK_STATES as readonly string[]).includes(s);

export function reconcile(runs: WatchedRun[], report: PlaceReport, opts: { now: Date; lostGraceSeconds: number }): RunDecision[] {
  const out: RunDecision[] = [];
  for (const run of runs) {
    if (run.busy) continue;
    if (!report.reachable) {
      // Eddy cannot tell: say so on the job instead of guessing it failed.
      if (run.isCurrent && run.observedState !== "UNKNOWN") out.push({ kind: "unknown", runId: run.id, jobId: run.jobId, why: report.why });
      continue;
    }
    const seen = report.jobs.get(run.key);
    if (!seen) {
      if (!run.missingSince) {
        out.push({ kind: "missing", runId: run.id, jobId: run.jobId, since: opts.now });
        continue;
      }
      const missingFor = (opts.now.getTime() - run.missingSince.getTime()) / 1000;
      if (missingFor >= opts.lostGraceSeconds) out.push({ kind: "lost", runId: run.id, jobId: run.jobId, missingForSeconds: Math.round(missingFor), isCurrent: run.isCurrent });
      continue;
    }
    if (run.missingSince) out.push({ kind: "found", runId: run.id, jobId: run.jobId });
    const observedChanges = run.isCurrent && run.observedState !== seen.state;
    if (seen.state === run.state && !observedChanges) continue;
    const ends = terminal(seen.state);
    let consequence: Consequence = "none";
    if (ends && run.isCurrent) {
      if (seen.state === "FAILED" && run.desiredState === "running") consequence = "auto-restart";
      else if (seen.state === "CANCELED") consequence = "cancelled-outside";
      else if (seen.state === "FINISHED") consequence = "finished";
    }
    out.push({ kind: "state", runId: run.id, jobId: run.jobId, from: run.isCurrent ? run.observedState : run.state, to: seen.state, observed: run.isCurrent ? seen.state : null, ends, consequence });
  }
  return out;
}
