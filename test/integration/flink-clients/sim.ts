import net from "node:net";
import { afterAll, beforeAll, expect } from "vitest";
import { startFlinkSim, type FlinkSim } from "@/test/flink-sim";

/**
 * Shared by the client suites: one Flink simulator per test file (started in beforeAll, closed in
 * afterAll, at a high speed so jobs, savepoints and operators move quickly), its control API
 * (`/_sim`, README "Control API"), and polling with a deadline instead of fixed sleeps.
 */

/** Simulated time runs this many times faster than the speed-1 durations of the README. */
export const SPEED = 20;

/** Starts a simulator for the current test file; call the returned function inside tests. */
export function useFlinkSim(speed = SPEED): () => FlinkSim {
  let sim: FlinkSim | undefined;
  beforeAll(async () => {
    sim = await startFlinkSim({ speed });
  });
  afterAll(async () => {
    await sim?.close();
  });
  return () => {
    if (!sim) throw new Error("The Flink simulator is not started yet (use it inside a test or hook).");
    return sim;
  };
}

/** A call to the control API; a non-2xx answer fails the test with the simulator's `error`. */
export async function control<T = any>(sim: FlinkSim, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${sim.url}/_sim${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} /_sim${path} answered ${res.status}: ${text}`);
  return (text ? JSON.parse(text) : {}) as T;
}

export interface SimJobManagerInfo {
  name: string;
  url: string;
  kind: string;
  flinkVersion: string;
  restAddress: string;
  deployment?: Record<string, string>;
}

export interface SimWorld {
  jobmanagers: SimJobManagerInfo[];
  sqlGateway: { url: string; jobmanager: string };
  yarn: { url: string };
  kubernetes: { url: string; ingressUrlTemplate: string };
  flinkHome: string;
  flinkHomes: Record<"1.20.1" | "2.1.0", string>;
  speed: number;
}

/** GET /_sim. */
export const describeWorld = (sim: FlinkSim): Promise<SimWorld> => control<SimWorld>(sim, "GET", "");

export interface SimCall {
  component: string;
  method: string;
  path: string;
  query: string;
  status: number;
  via?: string;
}

/** Requests a component received (`jobmanager:<name>`, `sql-gateway`, `yarn`, `kubernetes`). */
export async function simCalls(sim: FlinkSim, component: string): Promise<SimCall[]> {
  return (await control<{ calls: SimCall[] }>(sim, "GET", `/calls?component=${encodeURIComponent(component)}`)).calls;
}

export const clearCalls = (sim: FlinkSim): Promise<unknown> => control(sim, "DELETE", "/calls");

export interface AddJob {
  name?: string;
  parallelism?: number;
  batch?: boolean;
  durationMs?: number;
  jobId?: string;
  savepointPath?: string;
  flinkConfiguration?: Record<string, string>;
}

/** Runs a job on a JobManager directly (POST /_sim/jobmanagers/<name>/jobs) → its id. */
export async function addJob(sim: FlinkSim, jobManager: string, job: AddJob = {}): Promise<string> {
  const body = await control<{ jobId: string }>(sim, "POST", `/jobmanagers/${encodeURIComponent(jobManager)}/jobs`, { name: "client-suite-job", ...job });
  return body.jobId;
}

/** Injects a task failure: `exception` as "class: message"; `exhaust` fails the job for good. */
export function failJob(sim: FlinkSim, jobManager: string, jobId: string, exception: string, restarts: "allow" | "exhaust" = "allow"): Promise<unknown> {
  return control(sim, "POST", `/jobmanagers/${encodeURIComponent(jobManager)}/jobs/${jobId}/fail`, { exception, restarts });
}

export interface Faults {
  latencyMs?: number;
  status503?: number;
  failNextSavepoint?: boolean;
  failNextCheckpoint?: boolean;
}

export const setFaults = (sim: FlinkSim, jobManager: string, faults: Faults): Promise<unknown> =>
  control(sim, "POST", `/jobmanagers/${encodeURIComponent(jobManager)}/faults`, faults);

export const clearFaults = (sim: FlinkSim, jobManager: string): Promise<unknown> => control(sim, "DELETE", `/jobmanagers/${encodeURIComponent(jobManager)}/faults`);

/**
 * Calls `probe` until `done` holds; after `timeoutMs` fails with what was awaited and the last
 * value seen. Errors thrown by `probe` end the wait at once (they are the test's failure).
 */
export async function until<T>(probe: () => Promise<T>, done: (v: T) => boolean, opts: { timeoutMs?: number; intervalMs?: number; what?: string } = {}): Promise<T> {
  const timeoutMs = opts.timeoutMs ?? 15_000;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) {
      const last = JSON.stringify(value)?.slice(0, 1500);
      throw new Error(`${opts.what ?? "The condition"} did not hold within ${timeoutMs} ms; last value: ${last}`);
    }
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 20));
  }
}

/** Waits until `probe` returns `state`. */
export function untilState<T>(probe: () => Promise<T>, state: T, what: string, timeoutMs?: number): Promise<T> {
  return until(probe, (s) => s === state, { what: `${what} reaching ${String(state)}`, timeoutMs });
}

/** The error a promise rejects with; fails the test when it resolves. */
export async function failure(promise: Promise<unknown>): Promise<Error> {
  let value: unknown;
  try {
    value = await promise;
  } catch (e) {
    return e as Error;
  }
  return expect.unreachable(`expected a failure, got ${JSON.stringify(value)?.slice(0, 500)}`);
}

/** The error a promise rejects with, or undefined when it resolves (a probe for `until`). */
export async function errorOf(promise: Promise<unknown>): Promise<Error | undefined> {
  try {
    await promise;
    return undefined;
  } catch (e) {
    return e as Error;
  }
}

/** A random 32-hex Flink id. */
export function flinkId(): string {
  return Array.from({ length: 32 }, () => Math.floor(Math.random() * 16).toString(16)).join("");
}

/** `http://127.0.0.1:<port>/` where nothing listens (a port that was just free), for "connection refused". */
export async function closedPortUrl(): Promise<string> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/`;
}
