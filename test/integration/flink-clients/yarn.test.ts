/**
 * YarnClient (lib/flink/yarn.ts) against the simulator's ResourceManager at `${url}/yarn`: listing
 * and reading Flink applications, killing them, and reaching their JobManagers — reads through the
 * RM's web proxy, writes directly to `http://<amRPCAddress>` because the proxy forwards only GET and
 * PUT (flink-apis.md §3).
 */
import { describe, expect, it } from "vitest";
import { FlinkError, FlinkUnreachableError } from "@/lib/flink/errors";
import { YarnClient, type YarnClientOptions } from "@/lib/flink/yarn";
import { addJob, clearCalls, closedPortUrl, control, describeWorld, failure, simCalls, until, untilState, useFlinkSim } from "./sim";

const sim = useFlinkSim();
const USER = "eddy";

const yarn = (opts: Partial<YarnClientOptions> = {}) => new YarnClient({ rmUrl: `${sim().url}/yarn`, user: USER, retryDelayMs: 10, ...opts });

/** The default world's running session application (`flink-session`, JobManager `yarn-session-1`). */
async function sessionApp() {
  const [app] = await yarn().listFlinkApps({ name: "flink-session" });
  return app!;
}

/** Submits an application the way yarn-session.sh / flink run -t yarn-* would, and waits until it runs. */
async function runningApp(body: Record<string, unknown>): Promise<string> {
  const { applicationId } = await control<{ applicationId: string }>(sim(), "POST", "/yarn/apps", { user: USER, ...body });
  await untilState(() => yarn().appState(applicationId), "RUNNING", applicationId);
  return applicationId;
}

describe("applications", () => {
  it("lists Flink applications: the default session, with filters, and [] when none match", async () => {
    const y = yarn();
    const apps = await y.listFlinkApps();
    expect(apps.map((a) => a.name)).toEqual(["flink-session"]);
    const jm = (await describeWorld(sim())).jobmanagers.find((j) => j.name === "yarn-session-1")!;
    expect(apps[0]).toMatchObject({ state: "RUNNING", finalStatus: "UNDEFINED", applicationType: "Apache Flink", queue: "default", user: "flink", amRPCAddress: jm.restAddress });
    expect(apps[0]?.id).toMatch(/^application_\d+_0001$/);

    expect((await y.listFlinkApps({ states: ["RUNNING", "ACCEPTED"], queue: "default" })).map((a) => a.name)).toEqual(["flink-session"]);
    expect(await y.listFlinkApps({ states: ["FINISHED"] })).toEqual([]);
    expect(await y.listFlinkApps({ queue: "nowhere" })).toEqual([]);
    expect(await y.listFlinkApps({ name: "someone-else" })).toEqual([]);
    expect(await y.listFlinkApps({ applicationTypes: ["SPARK"] })).toEqual([]);

    await clearCalls(sim());
    await y.listFlinkApps({ states: ["RUNNING", "ACCEPTED"] });
    const [call] = await simCalls(sim(), "yarn");
    expect(call).toMatchObject({ method: "GET", path: "/ws/v1/cluster/apps", status: 200 });
    expect(new URLSearchParams(call!.query)).toEqual(new URLSearchParams({ applicationTypes: "Apache Flink", states: "RUNNING,ACCEPTED", "user.name": USER }));
  });

  it("reads one application, its state and its proxy URL", async () => {
    const y = yarn();
    const { id } = await sessionApp();
    const app = await y.getApp(id);
    expect(app).toMatchObject({ id, name: "flink-session", state: "RUNNING", trackingUI: "ApplicationMaster" });
    expect(app.trackingUrl).toBe(`${sim().url}/yarn/proxy/${id}/`);
    expect(y.proxyUrl(id)).toBe(app.trackingUrl);
    expect(await y.appState(id)).toBe("RUNNING");
    expect(() => y.proxyUrl("not-an-app")).toThrow("is not a YARN application id");
    await expect(y.getApp("application_1_x")).rejects.toThrow("is not a YARN application id");
  });

  it("is FlinkError 404 with the RM's message for an application the RM no longer knows", async () => {
    const y = yarn();
    const id = await runningApp({ name: "vanishing", mode: "session" });
    await control(sim(), "POST", `/yarn/apps/${id}/vanish`);
    const e = await failure(y.getApp(id));
    expect(e).toBeInstanceOf(FlinkError);
    expect(e).toMatchObject({ upstream: "YARN ResourceManager", upstreamStatus: 404, message: `app with id: ${id} not found` });
    expect(await failure(y.appState(id))).toMatchObject({ upstreamStatus: 404 });
    expect((await y.listFlinkApps()).map((a) => a.id)).not.toContain(id);
  });

  it("is FlinkUnreachableError when the RM does not answer", async () => {
    const rmUrl = await closedPortUrl();
    const e = await failure(yarn({ rmUrl, retries: 0 }).listFlinkApps());
    expect(e).toBeInstanceOf(FlinkUnreachableError);
    expect(e.message).toBe(`The YARN ResourceManager at ${rmUrl}ws/v1/cluster/apps refused the connection; is it running?`);
  });
});

describe("the JobManager of an application", () => {
  it("finds the direct address from amRPCAddress", async () => {
    const app = await sessionApp();
    expect(await yarn().jobManagerDirectUrl(app.id)).toBe(`http://${app.amRPCAddress}/`);
  });

  it("reads through the RM proxy and writes directly to the JobManager", async () => {
    const { id } = await sessionApp();
    const jm = yarn().jobManagerFor(id);
    const jobId = await addJob(sim(), "yarn-session-1", { name: "on-yarn" });
    await until(() => jm.job(jobId), (j) => j.state === "RUNNING" && (j.vertices ?? []).every((v) => v.status === "RUNNING"), { what: "the job's tasks running" });

    await clearCalls(sim());
    expect((await jm.overview())["flink-version"]).toBe("2.1.0");
    const savepoint = await jm.awaitSavepoint(jobId, await jm.triggerSavepoint(jobId, { targetDirectory: "hdfs:///savepoints" }), { pollMs: 20, timeoutMs: 10_000 });
    expect(savepoint).toMatchObject({ status: "COMPLETED", location: expect.stringMatching(/^hdfs:\/\/\/savepoints\/savepoint-/) });
    expect(await jm.cancel(jobId)).toEqual({ outcome: "requested" });
    await untilState(() => jm.jobStatus(jobId), "CANCELED", "the job on YARN");

    const rm = await simCalls(sim(), "yarn");
    const onJm = await simCalls(sim(), "jobmanager:yarn-session-1");
    // Reads: through the proxy, seen by the RM and by the JobManager as "yarn-proxy".
    expect(rm.filter((c) => c.path.startsWith(`/proxy/${id}/`)).map((c) => c.method)).toEqual(expect.arrayContaining(["GET"]));
    expect(rm.some((c) => c.path === `/proxy/${id}/overview` && c.status === 200)).toBe(true);
    expect(onJm.filter((c) => c.method === "GET").every((c) => c.via === "yarn-proxy")).toBe(true);
    // Writes: never through the proxy (it would answer 405), straight to the JobManager's port.
    expect(rm.filter((c) => c.method !== "GET" && c.path.startsWith("/proxy/"))).toEqual([]);
    expect(onJm.filter((c) => c.method !== "GET").map((c) => [c.method, c.path, c.via, c.status])).toEqual([
      ["POST", `/jobs/${jobId}/savepoints`, "direct", 202],
      ["PATCH", `/jobs/${jobId}`, "direct", 202],
    ]);
    // Only the application lookup (amRPCAddress) went to the RM's REST API, once.
    expect(rm.filter((c) => c.path.startsWith("/ws/")).map((c) => c.path)).toEqual([`/ws/v1/cluster/apps/${id}`]);
  });

  it("the proxy refuses writes, which is why they go direct", async () => {
    const { id } = await sessionApp();
    const res = await fetch(`${yarn().proxyUrl(id)}jobs/${"0".repeat(32)}/savepoints`, { method: "POST", body: "{}", headers: { "content-type": "application/json" } });
    await res.body?.cancel();
    expect(res.status).toBe(405);
  });

  it("cancels the job of an application cluster directly; the application then finishes", async () => {
    const id = await runningApp({ name: "app-mode", mode: "application", job: { name: "etl", parallelism: 1 } });
    const jm = yarn().jobManagerFor(id);
    const [job] = await until(() => jm.jobsOverview(), (jobs) => jobs.length === 1 && jobs[0]?.state === "RUNNING", { what: "the application's job" });
    expect(job?.name).toBe("etl");
    expect(await jm.cancel(job!.jid!)).toEqual({ outcome: "requested" });
    const app = await until(() => yarn().getApp(id), (a) => a.state === "FINISHED", { what: "the application finishing" });
    expect(app.finalStatus).toBe("KILLED");
  });

  it("reports a JobManager that is down behind the proxy as a FlinkError from the proxy", async () => {
    const id = await runningApp({ name: "flaky", mode: "session" });
    await control(sim(), "POST", `/jobmanagers/${id}/down`);
    try {
      const e = await failure(yarn().jobManagerFor(id, { retries: 0 }).overview());
      expect(e).toBeInstanceOf(FlinkError);
      expect((e as FlinkError).upstreamStatus).toBe(500);
    } finally {
      await control(sim(), "POST", `/jobmanagers/${id}/up`);
    }
  });
});

describe("killing an application", () => {
  it("PUTs KILLED until the RM answers 200: the application KILLED, its JobManager gone", async () => {
    const y = yarn();
    const id = await runningApp({ name: "to-kill", mode: "session", queue: "etl" });
    expect((await y.listFlinkApps({ queue: "etl" })).map((a) => a.id)).toEqual([id]);
    await clearCalls(sim());

    expect(await y.kill(id, { pollMs: 20, timeoutMs: 10_000 })).toBe("KILLED");
    const puts = (await simCalls(sim(), "yarn")).filter((c) => c.method === "PUT");
    expect(puts.every((c) => c.path === `/ws/v1/cluster/apps/${id}/state` && c.query.includes(`user.name=${USER}`))).toBe(true);
    expect(puts[0]?.status).toBe(202);
    expect(puts.at(-1)?.status).toBe(200);

    expect(await y.getApp(id)).toMatchObject({ state: "KILLED", finalStatus: "KILLED", trackingUI: "History" });
    expect(await y.listFlinkApps({ states: ["RUNNING"], queue: "etl" })).toEqual([]);
    expect((await describeWorld(sim())).jobmanagers.map((j) => j.name)).not.toContain(id);
    // The proxy no longer reaches a JobManager: it redirects to the RM's (HTML) page of the app.
    const e = await failure(y.jobManagerFor(id, { retries: 0 }).overview());
    expect(e).toBeInstanceOf(FlinkError);
    expect(e.message).toBe("The JobManager answered with something that is not JSON (text/html; charset=UTF-8).");

    // Killing it again: already KILLED.
    expect(await y.kill(id, { pollMs: 20, timeoutMs: 5_000 })).toBe("KILLED");
  });

  it("is refused (403) without a user on a non-secure RM", async () => {
    const id = await runningApp({ name: "anonymous", mode: "session" });
    const e = await failure(yarn({ user: undefined }).kill(id, { pollMs: 20, timeoutMs: 2_000 }));
    expect(e).toBeInstanceOf(FlinkError);
    expect(e).toMatchObject({ upstreamStatus: 403, message: "Unable to obtain user name, user not authenticated" });
    expect(await yarn().appState(id)).toBe("RUNNING");
  });
});
