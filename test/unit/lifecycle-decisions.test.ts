import { describe, expect, it } from "vitest";
import { decideRestart } from "@/lib/lifecycle/auto-restart";
import { isRestorablePath, judgeCheckpoints } from "@/lib/lifecycle/checkpoints";
import { reconcile, type PlaceReport, type WatchedRun } from "@/lib/lifecycle/reconcile";

const now = new Date("2026-11-24T10:00:00Z");
const run = (over: Partial<WatchedRun> = {}): WatchedRun => ({
  id: 1,
  jobId: 10,
  key: "a".repeat(32),
  state: "RUNNING",
  isCurrent: true,
  observedState: "RUNNING",
  desiredState: "running",
  missingSince: null,
  busy: false,
  ...over,
});
const seen = (entries: [string, string][]): PlaceReport => ({ reachable: true, jobs: new Map(entries.map(([k, state]) => [k, { state }])) });
const opts = { now, lostGraceSeconds: 60 };

describe("reconcile", () => {
  it("changes nothing while the place reports what Eddy has on record", () => {
    expect(reconcile([run()], seen([["a".repeat(32), "RUNNING"]]), opts)).toEqual([]);
  });

  it("restarts a job that failed while it was wanted running", () => {
    const [d] = reconcile([run()], seen([["a".repeat(32), "FAILED"]]), opts);
    expect(d).toMatchObject({ kind: "state", to: "FAILED", observed: "FAILED", ends: true, consequence: "auto-restart" });
  });

  it("does not restart a failure the job was not wanted running for", () => {
    const [d] = reconcile([run({ desiredState: "suspended" })], seen([["a".repeat(32), "FAILED"]]), opts);
    expect(d).toMatchObject({ consequence: "none", ends: true });
  });

  it("notes a cancel made outside Eddy, and a finished batch job", () => {
    expect(reconcile([run()], seen([["a".repeat(32), "CANCELED"]]), opts)[0]).toMatchObject({ consequence: "cancelled-outside" });
    expect(reconcile([run()], seen([["a".repeat(32), "FINISHED"]]), opts)[0]).toMatchObject({ consequence: "finished" });
  });

  it("leaves a job alone while an operation owns it", () => {
    expect(reconcile([run({ busy: true })], seen([]), opts)).toEqual([]);
    expect(reconcile([run({ busy: true })], { reachable: false, why: "timeout" }, opts)).toEqual([]);
  });

  it("says UNKNOWN, never FAILED, when the place cannot be asked", () => {
    expect(reconcile([run()], { reachable: false, why: "connection refused" }, opts)).toEqual([{ kind: "unknown", runId: 1, jobId: 10, why: "connection refused" }]);
    expect(reconcile([run({ observedState: "UNKNOWN" })], { reachable: false, why: "x" }, opts)).toEqual([]);
  });

  it("marks a missing job, then LOST only after the grace period, and clears the mark when it reappears", () => {
    expect(reconcile([run()], seen([]), opts)).toEqual([{ kind: "missing", runId: 1, jobId: 10, since: now }]);
    const early = new Date(now.getTime() - 30_000);
    expect(reconcile([run({ missingSince: early })], seen([]), opts)).toEqual([]);
    const late = new Date(now.getTime() - 61_000);
    expect(reconcile([run({ missingSince: late })], seen([]), opts)).toEqual([{ kind: "lost", runId: 1, jobId: 10, missingForSeconds: 61, isCurrent: true }]);
    expect(reconcile([run({ missingSince: late })], seen([["a".repeat(32), "RUNNING"]]), opts)).toEqual([{ kind: "found", runId: 1, jobId: 10 }]);
  });

  it("updates an old run without touching the job's state, and finds each run by its own key", () => {
    const old = run({ id: 2, key: "b".repeat(32), isCurrent: false });
    const ds = reconcile([run(), old], seen([["a".repeat(32), "RUNNING"], ["b".repeat(32), "CANCELED"]]), opts);
    expect(ds).toEqual([{ kind: "state", runId: 2, jobId: 10, from: "RUNNING", to: "CANCELED", observed: null, ends: true, consequence: "none" }]);
  });

  it("decides a thousand failures in one pass", () => {
    const runs = Array.from({ length: 1000 }, (_, i) => run({ id: i + 1, jobId: i + 1, key: i.toString(16).padStart(32, "0") }));
    const report = seen(runs.map((r) => [r.key, "FAILED"]));
    const ds = reconcile(runs, report, opts);
    expect(ds).toHaveLength(1000);
    expect(ds.every((d) => d.kind === "state" && d.consequence === "auto-restart")).toBe(true);
  });
});

describe("decideRestart", () => {
  const policy = { maxAttempts: 3, windowMinutes: 30 };
  it("restarts up to the limit inside the window, then stops with a sentence", () => {
    const first = decideRestart(policy, { count: 0, windowStartedAt: null }, now);
    expect(first).toEqual({ restart: true, attempt: 1, windowStartedAt: now });
    const third = decideRestart(policy, { count: 2, windowStartedAt: new Date(now.getTime() - 60_000) }, now);
    expect(third).toMatchObject({ restart: true, attempt: 3 });
    const fourth = decideRestart(policy, { count: 3, windowStartedAt: new Date(now.getTime() - 60_000) }, now);
    expect(fourth.restart).toBe(false);
    expect(!fourth.restart && fourth.reason).toMatch(/3 automatic restarts in the last 30 minutes/);
  });
  it("opens a new window once the old one has passed", () => {
    const d = decideRestart(policy, { count: 3, windowStartedAt: new Date(now.getTime() - 31 * 60_000) }, now);
    expect(d).toEqual({ restart: true, attempt: 1, windowStartedAt: now });
  });
  it("never restarts when the policy allows 0 attempts", () => {
    expect(decideRestart({ maxAttempts: 0, windowMinutes: 30 }, { count: 0, windowStartedAt: null }, now).restart).toBe(false);
  });
});

describe("judgeCheckpoints", () => {
  const policy = { action: "restart" as const, count: 3, windowMinutes: 10 };
  const stats = (failed: number, path: string | null = "s3://ck/job/chk-7") => ({
    counts: { total: 10, inProgress: 0, completed: 10 - failed, failed, restored: 0 },
    latestCompleted: path === null ? null : { id: 7, externalPath: path, triggerTimestamp: 1, latestAckTimestamp: 2, stateSize: 3 },
  });
  const t = now.getTime();

  it("records the newest retained checkpoint, and only a restorable one", () => {
    expect(judgeCheckpoints({ failedCount: 0, failures: [] }, stats(0), policy, t).record).toEqual({ id: 7, path: "s3://ck/job/chk-7" });
    expect(judgeCheckpoints({ failedCount: 0, failures: [] }, stats(0, "<checkpoint-not-externalized>"), policy, t).record).toBeNull();
    expect(isRestorablePath("/data/chk-1")).toBe(true);
  });

  it("takes the first look as the baseline: failures from before are not counted", () => {
    const v = judgeCheckpoints({ failedCount: null, failures: [] }, stats(50), policy, t);
    expect(v).toMatchObject({ newFailures: 0, failures: [], act: "none" });
  });

  it("acts once when failures inside the window reach the threshold, then starts counting again", () => {
    const a = judgeCheckpoints({ failedCount: 0, failures: [] }, stats(2), policy, t);
    expect(a).toMatchObject({ newFailures: 2, act: "none" });
    expect(a.failures).toHaveLength(2);
    const b = judgeCheckpoints({ failedCount: 2, failures: a.failures }, stats(3), policy, t + 1000);
    expect(b).toMatchObject({ newFailures: 1, act: "restart", failures: [] });
  });

  it("forgets failures older than the window", () => {
    const old = [t - 11 * 60_000, t - 11 * 60_000];
    expect(judgeCheckpoints({ failedCount: 2, failures: old }, stats(3), policy, t)).toMatchObject({ act: "none", failures: [t] });
  });

  it("only counts when the policy is none", () => {
    expect(judgeCheckpoints({ failedCount: 0, failures: [] }, stats(5), { ...policy, action: "none" }, t).act).toBe("none");
  });
});
