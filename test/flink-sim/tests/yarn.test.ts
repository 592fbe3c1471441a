/** The YARN ResourceManager: apps REST with Hadoop's shapes, kill protocol, proxy, app lifecycles. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FlinkSim } from "../index";
import { call, get, post, runningJob, simulator, until } from "./support";

let sim: FlinkSim;
let rm: string;

beforeAll(async () => {
  sim = await simulator();
  rm = `${sim.url}/yarn`;
});
afterAll(() => sim.close());

const apps = async (query = "") => (await get(`${rm}/ws/v1/cluster/apps${query}`)).body;

async function submit(body: Record<string, unknown>): Promise<string> {
  const appId = (await post(`${sim.url}/_sim/yarn/apps`, body)).body.applicationId as string;
  await until(() => get(`${rm}/ws/v1/cluster/apps/${appId}/state`), (r) => r.body.state === "RUNNING");
  return appId;
}

describe("ResourceManager REST", () => {
  it("lists the default session application the way Hadoop does", async () => {
    const [app] = (await apps("?applicationTypes=Apache%20Flink&states=RUNNING,ACCEPTED")).apps.app;
    expect(app).toMatchObject({ name: "flink-session", state: "RUNNING", finalStatus: "UNDEFINED", applicationType: "Apache Flink", queue: "default", trackingUI: "ApplicationMaster" });
    expect(app.id).toMatch(/^application_\d{13}_0001$/);
    expect(app.trackingUrl).toBe(`${rm}/proxy/${app.id}/`);
    expect((await get(`${rm}/ws/v1/cluster/apps/${app.id}`)).body.app.id).toBe(app.id);
  });

  it("filters by type, state, queue, user and name; nothing matching is {apps: null}", async () => {
    expect(await apps("?applicationTypes=MAPREDUCE")).toEqual({ apps: null });
    expect(await apps("?states=FINISHED")).toEqual({ apps: null });
    expect((await apps("?applicationTypes=apache%20flink&queue=default&user=flink&name=flink-session")).apps.app).toHaveLength(1);
    expect(await apps("?name=other")).toEqual({ apps: null });
    const bad = await get(`${rm}/ws/v1/cluster/apps?states=DONE`);
    expect(bad.status).toBe(400);
    expect(bad.body.RemoteException.message).toContain("Invalid application-state DONE");
  });

  it("answers unknown and malformed application ids like Hadoop", async () => {
    const missing = await get(`${rm}/ws/v1/cluster/apps/application_1_9999`);
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ RemoteException: { exception: "NotFoundException", message: "java.lang.Exception: app with id: application_1_9999 not found", javaClassName: "org.apache.hadoop.yarn.webapp.NotFoundException" } });
    expect((await get(`${rm}/ws/v1/cluster/apps/nope`)).status).toBe(400);
  });

  it("reaches the JobManager directly at amRPCAddress, as Flink registers it", async () => {
    const [app] = (await apps()).apps.app;
    const direct = `http://${app.amRPCAddress}`;
    expect((await get(`${direct}/overview`)).body["flink-version"]).toBe("2.1.0");
    const config = (await get(`${rm}/proxy/${app.id}/jobmanager/config`)).body as { key: string; value: string }[];
    const value = (k: string) => config.find((e) => e.key === k)?.value;
    expect(`${value("rest.address")}:${value("rest.port")}`).toBe(app.amRPCAddress);
    expect(value("yarn.application.id")).toBe(app.id);
  });
});

describe("killing an application", () => {
  it("needs a user, accepts only KILLED, answers 202 then 200, and takes the JobManager down", async () => {
    const appId = await submit({ name: "doomed", mode: "session" });
    const app = (await get(`${rm}/ws/v1/cluster/apps/${appId}`)).body.app;
    const url = `${rm}/ws/v1/cluster/apps/${appId}/state`;
    expect((await call("PUT", url, { state: "KILLED" })).status).toBe(403);
    const wrong = await call("PUT", `${url}?user.name=flink`, { state: "FINISHED" });
    expect(wrong.status).toBe(400);
    expect(wrong.body.RemoteException.message).toBe("java.lang.Exception: Only 'KILLED' is allowed as a target state.");
    const first = await call("PUT", `${url}?user.name=flink`, { state: "KILLED" });
    expect(first).toMatchObject({ status: 202, body: { state: "RUNNING" } });
    const last = await until(() => call("PUT", `${url}?user.name=flink`, { state: "KILLED" }), (r) => r.status === 200);
    expect(last.body).toEqual({ state: "KILLED" });
    expect((await get(`${rm}/ws/v1/cluster/apps/${appId}`)).body.app).toMatchObject({ state: "KILLED", finalStatus: "KILLED", trackingUI: "History" });
    await expect(get(`http://${app.amRPCAddress}/overview`)).rejects.toMatchObject({ code: "ECONNREFUSED" });
    expect(sim.world.jobmanagers.has(appId)).toBe(false);
  });
});

describe("the web proxy", () => {
  it("forwards GET and PUT to the JobManager, refuses other methods, and redirects once the app ended", async () => {
    const appId = await submit({ name: "proxied", mode: "session" });
    const proxy = `${rm}/proxy/${appId}`;
    await call("DELETE", `${sim.url}/_sim/calls`);
    expect((await get(`${proxy}/jobs/overview`)).body).toEqual({ jobs: [] });
    expect((await call("PUT", `${proxy}/jobs/overview`)).body).toEqual({ errors: ["Not found: /jobs/overview"] }); // reached Flink's router
    expect((await post(`${proxy}/jars/upload`)).status).toBe(405);
    expect((await call("PATCH", `${proxy}/jobs/${"a".repeat(32)}`)).status).toBe(405);
    const calls = (await get(`${sim.url}/_sim/calls?component=jobmanager:${appId}`)).body.calls;
    expect(calls.map((c: { method: string; via: string }) => `${c.method} ${c.via}`)).toEqual(["GET yarn-proxy", "PUT yarn-proxy"]);

    await post(`${sim.url}/_sim/yarn/apps/${appId}/finish`, { finalStatus: "SUCCEEDED" });
    const after = await get(`${proxy}/jobs/overview`);
    expect(after.status).toBe(302);
    expect(after.headers.location).toBe(`${rm}/cluster/app/${appId}`);
    expect((await get(`${rm}/ws/v1/cluster/apps/${appId}`)).body.app).toMatchObject({ state: "FINISHED", finalStatus: "SUCCEEDED" });
  });
});

describe("application lifecycles", () => {
  it("an application-mode app runs one job and finishes with it (cancelled → KILLED)", async () => {
    const appId = await submit({ name: "app-mode", mode: "application", job: { name: "etl", jobId: "c".repeat(32) } });
    const jm = `${sim.url}/jm/${appId}`;
    await until(() => get(`${jm}/jobs/${"c".repeat(32)}/status`), (r) => r.body.status === "RUNNING");
    expect((await get(`${jm}/jars`)).status).toBe(404); // no web submission in application mode
    await call("PATCH", `${jm}/jobs/${"c".repeat(32)}?mode=cancel`);
    const app = await until(async () => (await get(`${rm}/ws/v1/cluster/apps/${appId}`)).body.app, (a) => a.state === "FINISHED");
    expect(app.finalStatus).toBe("KILLED");
    expect(sim.world.jobmanagers.has(appId)).toBe(false);
  });

  it("a vanished app is gone from the RM while its JobManager keeps running", async () => {
    const appId = await submit({ name: "ghost", mode: "session" });
    const jobId = await runningJob(sim, appId);
    await post(`${sim.url}/_sim/yarn/apps/${appId}/vanish`);
    expect((await get(`${rm}/ws/v1/cluster/apps/${appId}`)).status).toBe(404);
    expect(((await apps()).apps?.app ?? []).map((a: { id: string }) => a.id)).not.toContain(appId);
    expect((await get(`${sim.url}/jm/${appId}/jobs/${jobId}/status`)).body.status).toBe("RUNNING");
  });

  it("a failing AM is recorded with its final status", async () => {
    const appId = await submit({ name: "sad", mode: "session", queue: "etl", tags: ["team-a"] });
    await post(`${sim.url}/_sim/yarn/apps/${appId}/finish`, { finalStatus: "FAILED" });
    const app = (await get(`${rm}/ws/v1/cluster/apps/${appId}`)).body.app;
    expect(app).toMatchObject({ state: "FINISHED", finalStatus: "FAILED", queue: "etl", applicationTags: "team-a", progress: 100 });
    expect((await apps("?finalStatus=FAILED&applicationTags=team-a")).apps.app).toHaveLength(1);
  });
});
