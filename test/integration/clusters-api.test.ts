/**
 * The cluster REST endpoints' success paths, through the route modules Next serves
 * (app/api/v1/teams/[team]/clusters/[cluster]/route.ts and …/actions/[action]/route.ts) with a
 * team admin's API token: editing a cluster and reading it back, deleting one (and the refusal
 * while Flink runs jobs on it), and stopping and starting a YARN session Eddy manages, against
 * the Flink simulator.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findClusterById } from "@/db/queries/clusters";
import { DELETE, GET, PATCH } from "@/app/api/v1/teams/[team]/clusters/[cluster]/route";
import { POST as ACTION } from "@/app/api/v1/teams/[team]/clusters/[cluster]/actions/[action]/route";
import { createChannel } from "@/lib/alerts/channels";
import { probeAndRecord, startSessionCluster, stopSessionCluster } from "@/lib/environments/cluster-lifecycle";
import { createCluster } from "@/lib/environments/clusters";
import { registerVersion } from "@/lib/environments/flink-versions";
import { createJob } from "@/lib/jobs/jobs";
import type { Principal } from "@/lib/auth/principal";
import { adminPrincipal, makeMember, makeTeam, makeToken, unique, type ErrorJson } from "../support/fixtures";
import { startSimEnvironment, until, type SimEnvironment } from "../support/sim-environment";

let env: SimEnvironment;
let team: { id: number; name: string };
let lead: Principal;
let token: string;

beforeAll(async () => {
  env = await startSimEnvironment("eddy-clusters-api");
  // Alert channels seal their secrets with the key in the data directory (restored by env.close()).
  process.env.EDDY_DATA_DIR = path.join(env.tmp, "data");
  team = await makeTeam();
  lead = (await makeMember(team.name, "team admin")).principal;
  token = (await makeToken(lead, team.name)).token;
  await registerVersion(await adminPrincipal(), { home: env.info.flinkHomes["2.1.0"], name: "flink-2.1.0" });
});

afterAll(async () => {
  await env?.close();
});

type ClusterJson = {
  id: number;
  name: string;
  labels: string[];
  sqlGatewayUrl: string | null;
  alertChannelId: number | null;
  state: string;
  managed: boolean;
  yarnApplicationId: string | null;
};

type RouteHandler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

/** Calls a route module's handler the way Next does: a Request in, the path's params, a Response out. */
async function call(handler: RouteHandler, method: string, params: { cluster: string; action?: string }, body?: unknown): Promise<Response> {
  const action = params.action ? `/actions/${params.action}` : "";
  const url = `http://eddy.test/api/v1/teams/${encodeURIComponent(team.name)}/clusters/${encodeURIComponent(params.cluster)}${action}`;
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (body !== undefined) headers["content-type"] = "application/json";
  const request = new Request(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  return handler(request, { params: Promise.resolve({ team: team.name, ...params }) });
}

const get = (cluster: string) => call(GET as RouteHandler, "GET", { cluster });
const patch = (cluster: string, body: unknown) => call(PATCH as RouteHandler, "PATCH", { cluster }, body);
const del = (cluster: string) => call(DELETE as RouteHandler, "DELETE", { cluster });
const act = (cluster: string, action: string) => call(ACTION as RouteHandler, "POST", { cluster, action });

/** A new JobManager in the simulator (its own port), with `jobs` running on it. */
async function simJobManager(jobs: string[] = []): Promise<string> {
  const name = unique("jm").toLowerCase().replace(/[^a-z0-9-]/g, "-");
  const res = await fetch(`${env.sim.url}/_sim/jobmanagers`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ name, kind: "session" }) });
  expect(res.status).toBe(201);
  const jm = (await res.json()) as { name: string; url: string };
  for (const job of jobs) {
    const submitted = await fetch(`${env.sim.url}/_sim/jobmanagers/${jm.name}/jobs`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ name: job }) });
    expect(submitted.status).toBe(201);
  }
  return jm.url;
}

describe("PATCH /teams/{team}/clusters/{cluster}", () => {
  it("edits name, labels, SQL Gateway URL and alert channel, then clears them; GET reads back each change", async () => {
    const c = await createCluster(lead, team.name, { kind: "remote", name: unique("edit-me"), restUrl: await simJobManager() });
    const channel = await createChannel(lead, team.name, { kind: "webhook", name: unique("hook"), secrets: { url: "http://127.0.0.1:9/hook" } });
    const newName = unique("edited");

    const edited = await patch(c.name, { name: newName, labels: ["prod", "team:data", "prod"], sqlGatewayUrl: `${env.info.sqlGateway.url}/`, alertChannel: channel.name });
    expect(edited.status).toBe(200);
    const expected = { id: c.id, name: newName, labels: ["prod", "team:data"], sqlGatewayUrl: env.info.sqlGateway.url.replace(/\/+$/, ""), alertChannelId: channel.id };
    expect(await edited.json()).toMatchObject(expected);

    const read = await get(newName);
    expect(read.status).toBe(200);
    expect(await read.json()).toMatchObject(expected);
    // The old name is gone; the id still finds it.
    expect((await get(c.name)).status).toBe(404);
    expect(await (await get(String(c.id))).json()).toMatchObject({ name: newName });

    const cleared = await patch(String(c.id), { labels: [], alertChannel: null });
    expect(cleared.status).toBe(200);
    const none = { id: c.id, name: newName, labels: [], alertChannelId: null };
    expect(await cleared.json()).toMatchObject(none);
    expect(await (await get(newName)).json()).toMatchObject(none);
    expect(await findClusterById(c.id)).toMatchObject(none);
  });

  it("clears the SQL Gateway URL with an empty string", async () => {
    const c = await createCluster(lead, team.name, { kind: "remote", name: unique("clear-gw"), restUrl: await simJobManager(), sqlGatewayUrl: env.info.sqlGateway.url });
    expect(c.sqlGatewayUrl).not.toBeNull();
    const cleared = await patch(c.name, { sqlGatewayUrl: "" });
    expect(cleared.status).toBe(200);
    expect(await (await get(c.name)).json()).toMatchObject({ sqlGatewayUrl: null });
  });

  it("answers 404 for a cluster that does not exist and 422 for an unknown alert channel", async () => {
    const missing = await patch(unique("nope"), { labels: ["x"] });
    expect(missing.status).toBe(404);
    const c = await createCluster(lead, team.name, { kind: "remote", name: unique("edit-bad"), restUrl: await simJobManager() });
    const bad = await patch(c.name, { alertChannel: "no-such-channel" });
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as ErrorJson).error).toMatchObject({ code: "invalid_input", message: "Alert channel “no-such-channel” was not found in this team." });
  });
});

describe("DELETE /teams/{team}/clusters/{cluster}", () => {
  it("deletes a cluster that runs no jobs (204), after which it is 404", async () => {
    const c = await createCluster(lead, team.name, { kind: "remote", name: unique("empty"), restUrl: await simJobManager() });
    const res = await del(c.name);
    expect(res.status).toBe(204);
    expect(await res.text()).toBe("");
    expect(await findClusterById(c.id)).toBeUndefined();
    expect((await get(c.name)).status).toBe(404);
    expect((await del(c.name)).status).toBe(404);
  });

  it("refuses (409) while Flink runs jobs on it, naming them, and keeps the cluster", async () => {
    const c = await createCluster(lead, team.name, { kind: "remote", name: unique("busy"), restUrl: await simJobManager(["orders-enrichment", "clickstream-sessions"]) });
    const res = await del(c.name);
    expect(res.status).toBe(409);
    const { error } = (await res.json()) as ErrorJson;
    expect(error.code).toBe("conflict");
    expect(error.message).toMatch(new RegExp(`^“${c.name}” still runs 2 jobs: “(orders-enrichment|clickstream-sessions)”, “(orders-enrichment|clickstream-sessions)”\\. Stop them first\\.$`));
    expect(error.message).toContain("“orders-enrichment”");
    expect(error.message).toContain("“clickstream-sessions”");
    expect((await get(c.name)).status).toBe(200);
  });

  it("refuses (409) while jobs are set to run on it, naming them, instead of failing on the database's reference", async () => {
    const c = await createCluster(lead, team.name, { kind: "remote", name: unique("assigned"), restUrl: await simJobManager() });
    const job = await createJob(lead, team.name, { name: unique("etl"), type: "sql", sql: "SELECT 1;", settings: { mode: "remote", cluster: c.name } });
    const res = await del(c.name);
    expect(res.status).toBe(409);
    const { error } = (await res.json()) as ErrorJson;
    expect(error.message).toBe(`1 job of ${team.name} is set to run on “${c.name}”: “${job.name}”. Choose another cluster in its settings, or delete it, first.`);
    expect((await get(c.name)).status).toBe(200);
  });
});

describe("POST /teams/{team}/clusters/{cluster}/actions/{start|stop}", () => {
  it("stops and starts a YARN session Eddy manages; the state follows", async () => {
    const c = await createCluster(lead, team.name, { kind: "yarn-session", name: unique("yarn-api"), yarnRmUrl: env.info.yarn.url, start: true, flinkVersion: "flink-2.1.0" });
    await startSessionCluster(c.id);
    const first = await until("healthy", () => probeAndRecord(c.id), (x) => x?.health === "healthy");
    expect(first).toMatchObject({ state: "running" });
    const appId = first!.yarnApplicationId;

    const stop = await act(c.name, "stop");
    expect(stop.status).toBe(200);
    expect(await stop.json()).toMatchObject({ id: c.id, managed: true, state: "stopping" });
    // A second stop while stopping is refused with the state named.
    const again = await act(c.name, "stop");
    expect(again.status).toBe(409);
    expect(((await again.json()) as ErrorJson).error.message).toBe(`“${c.name}” is stopping; it cannot stop now.`);
    await stopSessionCluster(c.id); // the stop_session_cluster task the action enqueued
    expect(await (await get(c.name)).json()).toMatchObject({ state: "stopped" });

    const start = await act(String(c.id), "start");
    expect(start.status).toBe(200);
    expect(await start.json()).toMatchObject({ id: c.id, state: "starting" });
    await startSessionCluster(c.id); // the start_session_cluster task
    const restarted = (await (await get(c.name)).json()) as ClusterJson;
    expect(restarted.state).toBe("running");
    expect(restarted.yarnApplicationId).toMatch(/^application_\d+_\d+$/);
    expect(restarted.yarnApplicationId).not.toBe(appId);
    expect(await until("healthy again", () => probeAndRecord(c.id), (x) => x?.health === "healthy")).toMatchObject({ state: "running" });

    // An unknown action is refused, not a state change.
    const bogus = await act(c.name, "restart");
    expect(bogus.status).toBe(400);
    expect((await findClusterById(c.id))!.state).toBe("running");
  });
});
