/** YarnClient against a stub ResourceManager (and a stub JobManager for direct writes). */
import { afterEach, describe, expect, it } from "vitest";
import { FlinkError } from "@/lib/flink/errors";
import { parseHostPort, YarnClient } from "@/lib/flink/yarn";
import { sendJson, startStub, type Stub } from "./flink-stub-server";

const APP = "application_1700000000000_0042";
const JOB = "7f3a0c1e2d4b5a6978695a4b3c2d1e0f";
const stubs: Stub[] = [];
afterEach(async () => {
  await Promise.all(stubs.splice(0).map((s) => s.close()));
});
async function stubOf(handler: Parameters<typeof startStub>[0]): Promise<Stub> {
  const s = await startStub(handler);
  stubs.push(s);
  return s;
}

const app = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  id: APP,
  user: "etl",
  name: "orders-etl",
  queue: "default",
  state: "RUNNING",
  finalStatus: "UNDEFINED",
  applicationType: "Apache Flink",
  trackingUrl: `http://rm:8088/proxy/${APP}/`,
  amHostHttpAddress: "node7.cluster:8042",
  amRPCAddress: "node7.cluster:40213",
  ...extra,
});

describe("applications", () => {
  it("lists Flink applications with the default type filter and user.name", async () => {
    const rm = await stubOf((_req, res) => sendJson(res, 200, { apps: { app: [app(), app({ id: "application_1700000000000_0043", name: "other" })] } }));
    const yarn = new YarnClient({ rmUrl: `${rm.origin}/yarn/`, user: "etl" });
    const apps = await yarn.listFlinkApps({ states: ["RUNNING", "ACCEPTED"], name: "orders-etl" });
    expect(apps.map((a) => a.id)).toEqual([APP]);
    expect(rm.requests[0]?.url).toBe("/yarn/ws/v1/cluster/apps?applicationTypes=Apache%20Flink&states=RUNNING,ACCEPTED&name=orders-etl&user.name=etl");
  });

  it("reads {\"apps\":null} as no applications", async () => {
    const rm = await stubOf((_req, res) => sendJson(res, 200, { apps: null }));
    expect(await new YarnClient({ rmUrl: rm.origin }).listFlinkApps()).toEqual([]);
  });

  it("reads one application and its state", async () => {
    const rm = await stubOf((req, res) => sendJson(res, 200, req.url.includes("/state") ? { state: "ACCEPTED" } : { app: app() }));
    const yarn = new YarnClient({ rmUrl: rm.origin });
    expect((await yarn.getApp(APP)).amRPCAddress).toBe("node7.cluster:40213");
    expect(await yarn.appState(APP)).toBe("ACCEPTED");
  });

  it("surfaces the RemoteException of an unknown application", async () => {
    const rm = await stubOf((_req, res) =>
      sendJson(res, 404, { RemoteException: { exception: "NotFoundException", message: `java.lang.Exception: app with id: ${APP} not found`, javaClassName: "org.apache.hadoop.yarn.webapp.NotFoundException" } }),
    );
    const e = (await new YarnClient({ rmUrl: rm.origin }).getApp(APP).catch((x: unknown) => x)) as FlinkError;
    expect(e).toBeInstanceOf(FlinkError);
    expect(e.message).toBe(`app with id: ${APP} not found`);
    expect(e.upstream).toBe("YARN ResourceManager");
  });

  it("refuses something that is not an application id before asking", async () => {
    const yarn = new YarnClient({ rmUrl: "http://rm:8088" });
    await expect(yarn.getApp("../../etc")).rejects.toThrow(/not a YARN application id/);
  });
});

describe("kill", () => {
  it("repeats the PUT while YARN answers 202, until 200 KILLED", async () => {
    let puts = 0;
    const rm = await stubOf((_req, res) => (++puts < 3 ? sendJson(res, 202, { state: "RUNNING" }) : sendJson(res, 200, { state: "KILLED" })));
    const yarn = new YarnClient({ rmUrl: rm.origin, user: "etl" });
    expect(await yarn.kill(APP, { pollMs: 5, timeoutMs: 2000 })).toBe("KILLED");
    expect(rm.requests).toHaveLength(3);
    for (const r of rm.requests) {
      expect(`${r.method} ${r.url}`).toBe(`PUT /ws/v1/cluster/apps/${APP}/state?user.name=etl`);
      expect(r.headers["content-type"]).toBe("application/json");
      expect(JSON.parse(r.body.toString())).toEqual({ state: "KILLED" });
    }
  });

  it("reports the final state of an application that had already ended", async () => {
    const rm = await stubOf((_req, res) => sendJson(res, 200, { state: "FINISHED" }));
    expect(await new YarnClient({ rmUrl: rm.origin }).kill(APP, { pollMs: 5 })).toBe("FINISHED");
  });

  it("surfaces a 400 with YARN's message", async () => {
    const rm = await stubOf((_req, res) =>
      sendJson(res, 400, { RemoteException: { exception: "BadRequestException", message: "java.lang.Exception: Only 'KILLED' is allowed as a target state.", javaClassName: "org.apache.hadoop.yarn.webapp.BadRequestException" } }),
    );
    await expect(new YarnClient({ rmUrl: rm.origin }).kill(APP)).rejects.toMatchObject({ message: "Only 'KILLED' is allowed as a target state.", upstreamStatus: 400 });
  });
});

describe("the JobManager of an application", () => {
  it("builds the proxy URL under the RM's prefix", () => {
    expect(new YarnClient({ rmUrl: "http://gateway/yarn/" }).proxyUrl(APP)).toBe(`http://gateway/yarn/proxy/${APP}/`);
  });

  it("reads through the proxy and writes to amRPCAddress", async () => {
    const jm = await stubOf((_req, res) => sendJson(res, 202, { "request-id": "trig-1" }));
    const jmPort = Number(new URL(jm.origin).port);
    const rm = await stubOf((req, res) => {
      if (req.url === `/ws/v1/cluster/apps/${APP}`) return sendJson(res, 200, { app: app({ amRPCAddress: `127.0.0.1:${jmPort}` }) });
      if (req.url === `/proxy/${APP}/jobs/overview`) return sendJson(res, 200, { jobs: [] });
      sendJson(res, 405, { errors: ["proxy forwards only GET and PUT"] });
    });
    const client = new YarnClient({ rmUrl: rm.origin }).jobManagerFor(APP);
    expect(await client.jobsOverview()).toEqual([]);
    expect(await client.triggerSavepoint(JOB)).toBe("trig-1");
    expect(await client.triggerSavepoint(JOB)).toBe("trig-1");
    expect(rm.requests.map((r) => `${r.method} ${r.url}`)).toEqual([`GET /proxy/${APP}/jobs/overview`, `GET /ws/v1/cluster/apps/${APP}`]);
    expect(jm.requests.map((r) => `${r.method} ${r.url}`)).toEqual([`POST /jobs/${JOB}/savepoints`, `POST /jobs/${JOB}/savepoints`]);
  });

  it("falls back to rest.address and rest.port from the JobManager's config via the proxy", async () => {
    const jm = await stubOf((_req, res) => sendJson(res, 202, {}));
    const jmPort = new URL(jm.origin).port;
    const rm = await stubOf((req, res) => {
      if (req.url === `/ws/v1/cluster/apps/${APP}`) return sendJson(res, 200, { app: app({ amRPCAddress: "N/A" }) });
      if (req.url === `/proxy/${APP}/jobmanager/config`) return sendJson(res, 200, [{ key: "rest.address", value: "127.0.0.1" }, { key: "rest.port", value: jmPort }]);
      sendJson(res, 404, { errors: ["Not found"] });
    });
    const client = new YarnClient({ rmUrl: rm.origin }).jobManagerFor(APP);
    expect(await client.cancel(JOB)).toEqual({ outcome: "requested" });
    expect(jm.requests.map((r) => `${r.method} ${r.url}`)).toEqual([`PATCH /jobs/${JOB}?mode=cancel`]);
  });

  it("prefers an explicit direct URL without asking YARN", async () => {
    const jm = await stubOf((_req, res) => sendJson(res, 200, {}));
    const rm = await stubOf((_req, res) => sendJson(res, 500, { errors: ["should not be asked"] }));
    const client = new YarnClient({ rmUrl: rm.origin }).jobManagerFor(APP, { directUrl: `${jm.origin}/jm/` });
    await client.deleteJar("x.jar");
    expect(jm.requests[0]?.url).toBe("/jm/jars/x.jar");
    expect(rm.requests).toHaveLength(0);
  });

  it("says so when no address can be found", async () => {
    const rm = await stubOf((req, res) => {
      if (req.url === `/ws/v1/cluster/apps/${APP}`) return sendJson(res, 200, { app: app({ amRPCAddress: "node7:-1", amHostHttpAddress: undefined }) });
      sendJson(res, 200, [{ key: "jobmanager.rpc.address", value: "x" }]);
    });
    const client = new YarnClient({ rmUrl: rm.origin }).jobManagerFor(APP);
    await expect(client.cancel(JOB)).rejects.toThrow(`The JobManager address of ${APP} is unknown`);
  });

  it("parses host:port addresses", () => {
    expect(parseHostPort("node7.cluster:40213")).toEqual({ host: "node7.cluster", port: 40213 });
    expect(parseHostPort("[fe80::1]:8081")).toEqual({ host: "fe80::1", port: 8081 });
    expect(parseHostPort("N/A")).toBeNull();
    expect(parseHostPort("node7:0")).toBeNull();
    expect(parseHostPort(undefined)).toBeNull();
  });
});
