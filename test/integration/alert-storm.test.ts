/**
 * Alert storms, end to end: jobs fail together on a simulated cluster, the watcher records the
 * failures and raises their alerts (the outbox), and a real worker process sends them to a local
 * receiver that behaves like the platform (its payload checks and its throttling). Every failure
 * must arrive exactly once, alone or in a digest, also when the worker is killed mid-storm.
 */
import path from "node:path";
import os from "node:os";
import fs from "node:fs/promises";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { rawSql } from "@/db/client";
import type { Principal } from "@/lib/auth/principal";
import { createChannel } from "@/lib/alerts/channels";
import { probeAndRecord } from "@/lib/environments/cluster-lifecycle";
import { createCluster } from "@/lib/environments/clusters";
import { startFlinkSim, type FlinkSim } from "@/test/flink-sim";
import { startReceiver, type Receiver, type ReceiverKind } from "../support/alert-receivers";
import { adminPrincipal, makeTeam, unique } from "../support/fixtures";
import { seedRunningJobs } from "../support/seed-runs";
import { startWorkerProcess, type WorkerProcess } from "../support/worker-process";

let sim: FlinkSim;
let tmp: string;
let admin: Principal;
const receivers: Receiver[] = [];
const workers: WorkerProcess[] = [];

async function post(url: string, body: unknown) {
  const r = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  if (!r.ok) throw new Error(`POST ${url}: ${r.status} ${await r.text()}`);
  return r.json() as Promise<Record<string, unknown>>;
}

/**
 * `count` jobs running on a fresh simulated cluster of a fresh team, all alerting to a new channel
 * of `kind` whose receiver keeps to `limits`. Returns what a test needs to fail them and look.
 */
async function storm(kind: ReceiverKind, count: number, limits: { ratePerSecond?: number; ratePerMinute?: number }) {
  const team = await makeTeam();
  const receiver = await startReceiver(kind, limits);
  receivers.push(receiver);
  const channel = await createChannel(admin, team.name, { kind, name: unique(kind), config: {}, secrets: { webhookUrl: receiver.url } });
  const jm = (await post(`${sim.url}/_sim/jobmanagers`, { name: unique("storm"), kind: "session", flinkVersion: "2.1.0" })) as { name: string; url: string };
  const cluster = await createCluster(admin, team.name, { kind: "remote", name: unique("storm"), restUrl: jm.url });
  const flinkIds: string[] = [];
  for (let i = 0; i < count; i++) flinkIds.push(((await post(`${sim.url}/_sim/jobmanagers/${jm.name}/jobs`, { name: `storm-${i}` })) as { jobId: string }).jobId);
  // Wanted suspended: each failure is a plain "failed" alert, not a restart.
  const { names } = await seedRunningJobs({ teamId: team.id, clusterId: cluster.id, flinkJobIds: flinkIds, prefix: `${kind}-storm`, settings: { alertChannelId: channel.id }, desired: "suspended" });
  await probeAndRecord(cluster.id);
  const failAll = async () => {
    for (const id of flinkIds) await post(`${sim.url}/_sim/jobmanagers/${jm.name}/jobs/${id}/fail`, { restarts: "exhaust", exception: "java.io.IOException: disk full" });
    await new Promise((r) => setTimeout(r, 300));
    await probeAndRecord(cluster.id);
  };
  return { team, receiver, channel, names, failAll };
}

/** In how many accepted messages each job is named (a name is never a prefix of another: digits end it). */
function arrivals(receiver: Receiver, names: string[]): Map<string, number> {
  const texts = receiver.received.map((m) => `${m.title}\n${m.text}`);
  return new Map(names.map((n) => [n, texts.filter((t) => new RegExp(`${n}(?!\\d)`).test(t)).length]));
}

async function alertStates(channelId: number): Promise<Record<string, number>> {
  const rows = (await rawSql()`select state::text, count(*)::int as n from alerts where channel_id = ${channelId} group by state`) as unknown as { state: string; n: number }[];
  return Object.fromEntries(rows.map((r) => [r.state, r.n]));
}

async function untilDelivered(channelId: number, total: number, worker: WorkerProcess, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const s = await alertStates(channelId);
    if ((s.sent ?? 0) + (s.grouped ?? 0) === total) return s;
    if (Date.now() > deadline) throw new Error(`not delivered: ${JSON.stringify(s)}\nworker:\n${worker.output()}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const savedPublicUrl = process.env.EDDY_PUBLIC_URL;

beforeAll(async () => {
  // Alerts carry absolute links into the console (raised here, sent by the worker processes).
  process.env.EDDY_PUBLIC_URL = "https://eddy.example.com";
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), "eddy-storm-"));
  sim = await startFlinkSim({ dataDir: path.join(tmp, "sim"), speed: 20 });
  admin = await adminPrincipal();
});

// A worker left running would send the next test's alerts.
afterEach(async () => {
  for (const w of workers.splice(0)) await w.stop();
});

afterAll(async () => {
  if (savedPublicUrl === undefined) delete process.env.EDDY_PUBLIC_URL;
  else process.env.EDDY_PUBLIC_URL = savedPublicUrl;
  for (const r of receivers) await r.close();
  await sim?.close();
  await fs.rm(tmp, { recursive: true, force: true });
});

describe("an alert storm", () => {
  it("200 jobs fail at once, the receiver allows 5 messages/s: every failure arrives exactly once, in a few digests", { timeout: 120_000 }, async () => {
    const s = await storm("lark", 200, { ratePerSecond: 5 });
    await s.failAll();
    expect(await alertStates(s.channel.id)).toEqual({ queued: 200 });
    const worker = startWorkerProcess();
    workers.push(worker);
    const states = await untilDelivered(s.channel.id, 200, worker);
    expect(states.failed ?? 0).toBe(0);
    const seen = arrivals(s.receiver, s.names);
    expect([...seen.values()].filter((n) => n !== 1), "every job named exactly once").toEqual([]);
    expect(s.receiver.received.length).toBeLessThanOrEqual(5);
    expect(s.receiver.received.every((m) => m.link?.startsWith("https://eddy.example.com/teams/"))).toBe(true);
    await worker.stop();
  });

  it("100 failures reach a DingTalk robot (20 per minute) as a handful of messages", { timeout: 120_000 }, async () => {
    const s = await storm("dingtalk", 100, { ratePerMinute: 20 });
    await s.failAll();
    const worker = startWorkerProcess();
    workers.push(worker);
    await untilDelivered(s.channel.id, 100, worker);
    expect([...arrivals(s.receiver, s.names).values()].every((n) => n === 1)).toBe(true);
    expect(s.receiver.received.length).toBeLessThanOrEqual(5);
    expect(s.receiver.throttled).toBe(0);
    await worker.stop();
  });

  it("a throttling platform pauses the channel without losing or repeating anything", { timeout: 120_000 }, async () => {
    // The robot allows fewer than the channel believes (1/s against 1,000/s): it answers 11232.
    const s = await storm("lark", 12, { ratePerSecond: 1 });
    await rawSql()`update alert_channels set rate_per_minute = 1000, rate_per_second = 1000 where id = ${s.channel.id}`;
    await rawSql()`update jobs set settings = jsonb_set(settings, '{alerts}', '{"quietMinutes": 0}') where team_id = ${s.team.id}`;
    await s.failAll();
    const worker = startWorkerProcess();
    workers.push(worker);
    await untilDelivered(s.channel.id, 12, worker, 90_000);
    expect(s.receiver.throttled).toBeGreaterThan(0);
    expect([...arrivals(s.receiver, s.names).values()].every((n) => n === 1)).toBe(true);
    // After a throttling answer the platform hears nothing for the pause (Lark gives no Retry-After: 2 s).
    const log = s.receiver.log;
    const gaps = log.flatMap((e, i) => (e.outcome === "throttled" && log[i + 1] ? [log[i + 1]!.at.getTime() - e.at.getTime()] : []));
    expect(gaps.length).toBeGreaterThan(0);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(1900);
    await worker.stop();
  });

  describe.each(["alerts:before-send@2", "alerts:after-send@2"])("with the worker killed mid-storm (%s)", (point) => {
    it("another worker sends the rest: none lost, none twice", { timeout: 120_000 }, async () => {
      // WeCom's small messages (4 KB) and 1 message/s make a storm of several digests, so the kill lands in its middle.
      const s = await storm("wecom", 200, {});
      await rawSql()`update alert_channels set rate_per_minute = 60, rate_per_second = 1 where id = ${s.channel.id}`;
      await s.failAll();
      const doomed = startWorkerProcess({ EDDY_FAILPOINTS: point });
      expect(await doomed.exited, doomed.output()).toBeNull();
      expect(s.receiver.received.length).toBe(point.startsWith("alerts:after") ? 2 : 1);
      const rescuer = startWorkerProcess();
      workers.push(rescuer);
      await untilDelivered(s.channel.id, 200, rescuer, 90_000);
      const seen = arrivals(s.receiver, s.names);
      expect([...seen.entries()].filter(([, n]) => n !== 1), "every job named exactly once").toEqual([]);
      expect(s.receiver.received.length).toBeGreaterThan(2);
    });
  });
});

describe("a cluster that stops answering", () => {
  it("alerts its channel once, naming the jobs that run there", { timeout: 60_000 }, async () => {
    const team = await makeTeam();
    const receiver = await startReceiver("webhook", {});
    receivers.push(receiver);
    const channel = await createChannel(admin, team.name, { kind: "webhook", name: unique("hook"), config: {}, secrets: { url: receiver.url } });
    const jm = (await post(`${sim.url}/_sim/jobmanagers`, { name: unique("dying"), kind: "session", flinkVersion: "2.1.0" })) as { name: string; url: string };
    const cluster = await createCluster(admin, team.name, { kind: "remote", name: unique("dying"), restUrl: jm.url, alertChannel: channel.name });
    const flinkIds: string[] = [];
    for (let i = 0; i < 3; i++) flinkIds.push(((await post(`${sim.url}/_sim/jobmanagers/${jm.name}/jobs`, { name: `d-${i}` })) as { jobId: string }).jobId);
    const { names } = await seedRunningJobs({ teamId: team.id, clusterId: cluster.id, flinkJobIds: flinkIds, prefix: "on-dying", settings: {}, desired: "running" });
    expect((await probeAndRecord(cluster.id))?.health).toBe("healthy");
    await post(`${sim.url}/_sim/jobmanagers/${jm.name}/down`, {});
    expect((await probeAndRecord(cluster.id))?.health).toBe("unreachable");
    await probeAndRecord(cluster.id); // still down: no second alert
    const worker = startWorkerProcess();
    workers.push(worker);
    await untilDelivered(channel.id, 1, worker);
    expect(receiver.received).toHaveLength(1);
    const text = `${receiver.received[0]!.title}\n${receiver.received[0]!.text}`;
    expect(text).toContain(cluster.name);
    for (const n of names) expect(text).toContain(n);
  });
});
