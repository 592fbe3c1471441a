/** The control API (/_sim) and the two ways to start the simulator. */
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FlinkSim } from "../index";
import { call, get, post, runningJob, simulator } from "./support";

let sim: FlinkSim;

beforeAll(async () => {
  sim = await simulator();
});
afterAll(() => sim.close());

describe("GET /_sim", () => {
  it("describes the default world", async () => {
    const w = (await get(`${sim.url}/_sim`)).body;
    expect(w.jobmanagers.map((j: { name: string; kind: string; flinkVersion: string }) => `${j.name} ${j.kind} ${j.flinkVersion}`)).toEqual([
      "standalone-1 standalone 2.1.0",
      "session-1 session 2.1.0",
      "legacy-1 standalone 1.20.1",
      "yarn-session-1 session 2.1.0",
      "k8s-session-1.flink session 2.1.0",
    ]);
    expect(w.jobmanagers[0]).toMatchObject({ url: `${sim.url}/jm/standalone-1`, restAddress: expect.stringMatching(/^127\.0\.0\.1:\d+$/) });
    expect(w.sqlGateway).toEqual({ url: `${sim.url}/sql-gateway`, jobmanager: "session-1" });
    expect(w.yarn).toEqual({ url: `${sim.url}/yarn` });
    expect(w.kubernetes).toEqual({ url: `${sim.url}/k8s`, ingressUrlTemplate: `${sim.url}/k8s-ingress/{{namespace}}/{{name}}` });
    expect(w.flinkHome).toBe(w.flinkHomes["2.1.0"]);
    expect(fs.existsSync(path.join(w.flinkHomes["1.20.1"], "bin", "flink"))).toBe(true);
  });
});

describe("JobManagers and jobs", () => {
  it("adds and removes JobManagers", async () => {
    const created = await post(`${sim.url}/_sim/jobmanagers`, { name: "extra", kind: "standalone", flinkVersion: "1.20.1" });
    expect(created.status).toBe(201);
    expect((await get(`${created.body.url}/config`)).body["flink-version"]).toBe("1.20.1");
    expect((await post(`${sim.url}/_sim/jobmanagers`, { name: "extra", kind: "standalone" })).status).toBe(409);
    expect((await post(`${sim.url}/_sim/jobmanagers`, { name: "x", kind: "cluster" })).status).toBe(400);
    expect((await post(`${sim.url}/_sim/jobmanagers`, { name: "x", kind: "session", flinkVersion: "1.9" })).status).toBe(400);
    expect((await call("DELETE", `${sim.url}/_sim/jobmanagers/extra`)).status).toBe(200);
    await expect(get(`${sim.url}/jm/extra/config`)).rejects.toThrow();
    await expect(get(`http://${created.body.restAddress}/config`)).rejects.toMatchObject({ code: "ECONNREFUSED" });
    expect((await call("DELETE", `${sim.url}/_sim/jobmanagers/extra`)).status).toBe(404);
  });

  it("runs jobs directly and fails them", async () => {
    const r = await post(`${sim.url}/_sim/jobmanagers/session-1/jobs`, { name: "direct", parallelism: 2 });
    expect(r.body.jobId).toMatch(/^[0-9a-f]{32}$/);
    expect((await post(`${sim.url}/_sim/jobmanagers/nope/jobs`, {})).status).toBe(404);
    expect((await post(`${sim.url}/_sim/jobmanagers/session-1/jobs/${"0".repeat(32)}/fail`, {})).status).toBe(404);
  });
});

describe("calls", () => {
  it("logs requests per component, and clears", async () => {
    await call("DELETE", `${sim.url}/_sim/calls`);
    await get(`${sim.url}/jm/standalone-1/overview`);
    await get(`http://${sim.world.jobmanagers.get("standalone-1")!.restAddress}/jobs?x=1`);
    await get(`${sim.url}/yarn/ws/v1/cluster/apps`);
    await get(`${sim.url}/sql-gateway/v1/info`);
    await get(`${sim.url}/k8s/version`);
    const jm = (await get(`${sim.url}/_sim/calls?component=jobmanager:standalone-1`)).body.calls;
    expect(jm.map((c: { method: string; path: string; query: string; via: string; status: number }) => [c.method, c.path, c.query, c.via, c.status])).toEqual([
      ["GET", "/overview", "", "prefix", 200],
      ["GET", "/jobs", "?x=1", "direct", 200],
    ]);
    expect((await get(`${sim.url}/_sim/calls?component=jobmanager`)).body.calls).toHaveLength(2);
    for (const component of ["yarn", "sql-gateway", "kubernetes"]) expect((await get(`${sim.url}/_sim/calls?component=${component}`)).body.calls).toHaveLength(1);
    await call("DELETE", `${sim.url}/_sim/calls`);
    expect((await get(`${sim.url}/_sim/calls`)).body.calls).toEqual([]);
  });
});

describe("POST /_sim/reset", () => {
  it("restores the default world, keeping the default JobManagers' addresses", async () => {
    const before = (await get(`${sim.url}/_sim`)).body;
    await post(`${sim.url}/_sim/jobmanagers`, { name: "temporary", kind: "session" });
    await runningJob(sim, "standalone-1");
    await post(`${sim.url}/_sim/yarn/apps`, { name: "another", mode: "session" });
    const after = (await post(`${sim.url}/_sim/reset`)).body;
    expect((await get(`${sim.url}/_sim/calls`)).body.calls).toEqual([]);
    expect(after.jobmanagers.map((j: { name: string }) => j.name)).toEqual(before.jobmanagers.map((j: { name: string }) => j.name));
    expect(after.jobmanagers.find((j: { name: string }) => j.name === "standalone-1").restAddress).toBe(before.jobmanagers.find((j: { name: string }) => j.name === "standalone-1").restAddress);
    expect((await get(`${sim.url}/jm/standalone-1/jobs`)).body.jobs).toEqual([]);
    expect((await get(`${sim.url}/yarn/ws/v1/cluster/apps`)).body.apps.app).toHaveLength(1);
    expect((await get(`${sim.url}/k8s/apis/flink.apache.org/v1beta1/namespaces/flink/flinkdeployments`)).body.items).toHaveLength(1);
  });
});

describe("npm run flink-sim", () => {
  it("prints the world and stops on SIGTERM", async () => {
    const root = path.resolve(import.meta.dirname, "../../..");
    const child = spawn(process.execPath, ["--import", "tsx", "test/flink-sim/main.ts", "--port", "0", "--speed", "5"], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    const described = await new Promise<Record<string, any>>((resolve, reject) => {
      child.stdout.on("data", () => {
        try {
          resolve(JSON.parse(out));
        } catch {
          // the JSON is not complete yet
        }
      });
      child.on("exit", (code) => reject(new Error(`exited ${code}: ${out}`)));
    });
    expect(described.jobmanagers).toHaveLength(5);
    expect((await get(`${described.sqlGateway.url}/v1/api_versions`)).body).toEqual({ versions: ["V1", "V2", "V3", "V4"] });
    const exit = new Promise<number | null>((resolve) => child.on("exit", resolve));
    child.kill("SIGTERM");
    expect(await exit).toBe(0);
  });
});
