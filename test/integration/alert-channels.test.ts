/**
 * Alert channels against a real database and a real HTTP receiver: per-kind input rules, secrets
 * sealed at rest and never returned (not by the services, the REST API or the audit log), an edit
 * that leaves secrets empty keeps them, who may do what (viewer, developer, team admin, outsider),
 * deleting a channel in use (refused with counts, or forced: the jobs get a new version without
 * it), the test message with the platform's own answer, team templates, silences, acknowledge and
 * retry.
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { rawSql } from "@/db/client";
import { countFailedAlerts } from "@/db/queries/alerts";
import { findJob } from "@/db/queries/jobs";
import { createChannel, deleteChannel, failedAlertCount, getChannel, listTeamChannels, testChannel, updateChannel } from "@/lib/alerts/channels";
import { acknowledgeAlert, alertHistory, retryAlert, retryFailedAlerts, silenceChannel, silenceJob } from "@/lib/alerts/history";
import { getTemplates, previewTemplate, resetTemplate, saveTemplate } from "@/lib/alerts/template-store";
import { deleteAlertChannel, getAlertChannel, listAlertChannels, listAlertsEndpoint, patchAlertChannel, postAlertChannel, postAlertChannelTest, putAlertTemplate, retryFailedAlertsEndpoint } from "@/lib/api/v1/alerts";
import { isSealed, openSecret } from "@/lib/crypto/secrets";
import { createCluster } from "@/lib/environments/clusters";
import { createJob, listVersions } from "@/lib/jobs/jobs";
import { describeIssues } from "@/lib/validation";
import { startReceiver, type Receiver } from "../support/alert-receivers";
import { adminPrincipal, callEndpoint, failure, makeMember, makeTeam, makeToken, unique, type ErrorJson } from "../support/fixtures";

let dataDir: string;

const SIGN = "SECsigning-secret-0123456789abcdef";
/** A DingTalk robot that requires signing (test/support/alert-receivers.ts). */
let bot: Receiver;
let TOKEN = "";
let webhookUrl = "";

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), "eddy-alert-channels-"));
  process.env.EDDY_DATA_DIR = dataDir;
  bot = await startReceiver("dingtalk", { secret: SIGN });
  webhookUrl = bot.url;
  TOKEN = bot.token;
});

afterAll(async () => {
  await bot?.close();
  delete process.env.EDDY_DATA_DIR;
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

async function crew() {
  const team = await makeTeam();
  const [lead, dev, viewer] = await Promise.all([makeMember(team.name, "team admin"), makeMember(team.name, "developer"), makeMember(team.name, "viewer")]);
  return { team, lead: lead.principal, dev: dev.principal, viewer: viewer.principal };
}

const dingtalk = (name = unique("ding"), extra: Record<string, unknown> = {}) => ({ kind: "dingtalk", name, config: { atMobiles: ["13800000000"] }, secrets: { webhookUrl, signSecret: SIGN }, ...extra });

async function storedRow(id: number) {
  const [row] = await rawSql()<{ config: Record<string, unknown>; secrets: string | null; rate_per_minute: number; rate_per_second: number | null }[]>`select config, secrets, rate_per_minute, rate_per_second from alert_channels where id = ${id}`;
  return row!;
}

function fieldsOf(e: unknown): Record<string, string> {
  if (e instanceof z.ZodError) return describeIssues(e).fields;
  return (e as { fields?: Record<string, string> }).fields ?? {};
}

/** Nothing secret in a serialised answer: neither the robot's token nor its signing secret. */
function expectNoSecrets(value: unknown) {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  expect(text).not.toContain(TOKEN);
  expect(text).not.toContain(SIGN);
  expect(text).not.toContain(webhookUrl);
}

// =============================================================================================

describe("creating and reading a channel", () => {
  it("seals the secrets, returns only their names, and starts at the platform's rate", async () => {
    const { team, lead, viewer } = await crew();
    const created = await createChannel(lead, team.name, dingtalk("ops-ding", { description: "on-call robot" }));
    expect(created).toMatchObject({ name: "ops-ding", kind: "dingtalk", kindLabel: "DingTalk", description: "on-call robot", enabled: true, secretsSet: ["signSecret", "webhookUrl"], rate: { perMinute: 20, perSecond: null }, failedAlerts: 0 });
    expect(created.config).toMatchObject({ atMobiles: ["13800000000"], atAll: false });
    expectNoSecrets(created);

    const row = await storedRow(created.id);
    expect(isSealed(row.secrets!)).toBe(true);
    expect(JSON.parse(openSecret(row.secrets!))).toEqual({ webhookUrl, signSecret: SIGN });
    expectNoSecrets(row.config);

    // Viewers see channels, by name and by id, never their secrets.
    for (const ref of ["ops-ding", "OPS-DING", String(created.id)]) {
      const got = await getChannel(viewer, team.name, ref);
      expect(got).toMatchObject({ id: created.id, usage: { jobs: 0, clusters: 0 } });
      expectNoSecrets(got);
    }
    const list = await listTeamChannels(viewer, team.name);
    expect(list.map((c) => c.name)).toEqual(["ops-ding"]);
    expectNoSecrets(list);
  });

  it("keeps a rate someone set, and refuses one below 1 a minute", async () => {
    const { team, lead } = await crew();
    const c = await createChannel(lead, team.name, dingtalk(undefined, { rate: { perMinute: 5, perSecond: 1 } }));
    expect(c.rate).toEqual({ perMinute: 5, perSecond: 1 });
    expect((await storedRow(c.id)).rate_per_second).toBe(1);
    expect(fieldsOf(await failure(createChannel(lead, team.name, dingtalk(undefined, { rate: { perMinute: 0 } }))))).toEqual({ "rate.perMinute": "Allow at least 1 message per minute." });
  });

  it("validates each kind with its platform's rules, naming the field", async () => {
    const { team, lead } = await crew();
    const e1 = fieldsOf(await failure(createChannel(lead, team.name, { kind: "dingtalk", name: "x", config: {}, secrets: {} })));
    expect(Object.keys(e1)).toEqual(["secrets.webhookUrl"]);
    const e2 = fieldsOf(await failure(createChannel(lead, team.name, { kind: "email", name: "mail", config: { host: "smtp.example.com", from: "eddy@example.com", to: [] }, secrets: {} })));
    expect(Object.keys(e2)).toEqual(["config.to"]);
    const e3 = await failure(createChannel(lead, team.name, { kind: "pager", name: "x" }));
    expect(describeIssues(e3 as unknown as z.ZodError).message).toContain("Choose a kind");
    const e4 = fieldsOf(await failure(createChannel(lead, team.name, dingtalk("12345"))));
    expect(e4).toEqual({ name: "A channel name cannot be only digits." });
    // Config left out takes the platform's defaults, or names what it requires.
    const hook = await createChannel(lead, team.name, { kind: "webhook", name: unique("hook"), secrets: { url: "http://127.0.0.1:9/hook" } });
    expect(hook.config).toMatchObject({ method: "POST", contentType: "application/json; charset=utf-8" });
    expect(hook.secretsSet).toEqual(["url"]);
    expect(Object.keys(fieldsOf(await failure(createChannel(lead, team.name, { kind: "email", name: "mail" }))))).toEqual(["config.host", "config.from", "config.to"]);
    // An empty optional secret is "not given", not an error.
    const c = await createChannel(lead, team.name, { ...dingtalk(), secrets: { webhookUrl, signSecret: "" } });
    expect(c.secretsSet).toEqual(["webhookUrl"]);
  });

  it("refuses a second channel with the same name, in any case", async () => {
    const { team, lead } = await crew();
    await createChannel(lead, team.name, dingtalk("pager"));
    const e = await failure(createChannel(lead, team.name, dingtalk("PAGER")));
    expect(e.code).toBe("conflict");
  });
});

describe("editing a channel", () => {
  it("keeps secrets left empty, replaces the ones given, and merges config", async () => {
    const { team, lead } = await crew();
    const c = await createChannel(lead, team.name, dingtalk());
    const before = (await storedRow(c.id)).secrets;
    const renamed = await updateChannel(lead, team.name, c.id, { name: "renamed", description: "new words", secrets: { webhookUrl: "", signSecret: "" }, config: { atAll: true } });
    expect(renamed).toMatchObject({ name: "renamed", description: "new words", secretsSet: ["signSecret", "webhookUrl"] });
    expect(renamed.config).toMatchObject({ atAll: true, atMobiles: ["13800000000"] });
    expect((await storedRow(c.id)).secrets).toBe(before);
    // Still signs with the stored secret: the robot accepts the test.
    expect((await testChannel(lead, team.name, "renamed")).ok).toBe(true);

    await updateChannel(lead, team.name, c.id, { secrets: { signSecret: "SECanother-secret" } });
    expect(JSON.parse(openSecret((await storedRow(c.id)).secrets!))).toEqual({ webhookUrl, signSecret: "SECanother-secret" });
    const refused = await testChannel(lead, team.name, c.id);
    expect(refused).toMatchObject({ ok: false, outcome: "rejected", status: 200 });
    expect(refused.answer).toContain("sign not match");

    // null removes an optional secret; a required one cannot be removed.
    const unsigned = await updateChannel(lead, team.name, c.id, { secrets: { signSecret: null } });
    expect(unsigned.secretsSet).toEqual(["webhookUrl"]);
    expect(fieldsOf(await failure(updateChannel(lead, team.name, c.id, { secrets: { webhookUrl: null } })))).toHaveProperty("secrets.webhookUrl");
    expect(fieldsOf(await failure(updateChannel(lead, team.name, c.id, { config: { atMobiles: ["not a phone"] } })))).toHaveProperty(["config.atMobiles.0"]);
  });

  it("can disable a channel and change its rate", async () => {
    const { team, lead } = await crew();
    const c = await createChannel(lead, team.name, dingtalk());
    expect(await updateChannel(lead, team.name, c.name, { enabled: false, rate: { perMinute: 3 } })).toMatchObject({ enabled: false, rate: { perMinute: 3, perSecond: null } });
  });
});

describe("who may do what", () => {
  it("viewers and developers read; only alert_channel:manage changes, tests or silences a channel; outsiders find nothing", async () => {
    const { team, lead, dev, viewer } = await crew();
    const c = await createChannel(lead, team.name, dingtalk());
    const sent = bot.received.length;
    for (const p of [viewer, dev]) {
      expect((await listTeamChannels(p, team.name)).length).toBe(1);
      expect((await getChannel(p, team.name, c.id)).name).toBe(c.name);
      expect((await alertHistory(p, team.name)).total).toBeGreaterThanOrEqual(0);
      for (const attempt of [
        () => createChannel(p, team.name, dingtalk()),
        () => updateChannel(p, team.name, c.id, { description: "mine" }),
        () => deleteChannel(p, team.name, c.id),
        () => testChannel(p, team.name, c.id),
        () => silenceChannel(p, team.name, c.id, { minutes: 60 }),
        () => saveTemplate(p, team.name, "test", { title: "t", body: "b" }),
        () => resetTemplate(p, team.name, "test"),
      ]) {
        expect((await failure(attempt())).code).toBe("forbidden");
      }
    }
    expect(bot.received.length).toBe(sent);

    const outsider = (await makeMember((await makeTeam()).name, "team admin")).principal;
    for (const attempt of [
      () => listTeamChannels(outsider, team.name),
      () => getChannel(outsider, team.name, c.id),
      () => updateChannel(outsider, team.name, c.id, { description: "x" }),
      () => deleteChannel(outsider, team.name, c.id),
      () => testChannel(outsider, team.name, c.id),
      () => getTemplates(outsider, team.name),
    ]) {
      expect((await failure(attempt())).code).toBe("not_found");
    }
    // Another team's channel by id is not found, even for that team's admin.
    const other = await makeTeam();
    const admin = await adminPrincipal();
    expect((await failure(getChannel(admin, other.name, c.id))).code).toBe("not_found");
  });

  it("developers silence a job (job:edit) but not a channel", async () => {
    const { team, lead, dev, viewer } = await crew();
    const cluster = await createCluster(await adminPrincipal(), team.name, { kind: "remote", name: unique("remote"), restUrl: "http://127.0.0.1:9" });
    const job = await createJob(lead, team.name, { name: unique("job"), type: "sql", sql: "SELECT 1;", settings: { mode: "remote", cluster: cluster.name } });
    const r = await silenceJob(dev, team.name, job.name, { minutes: 60 });
    expect(r.until!.getTime()).toBeGreaterThan(Date.now() + 59 * 60_000);
    expect((await failure(silenceJob(viewer, team.name, job.name, { minutes: 60 }))).code).toBe("forbidden");
    expect((await silenceJob(dev, team.name, job.id, { minutes: 0 })).until).toBeNull();
  });
});

describe("deleting a channel", () => {
  it("is refused while a job sends its alerts there (with the counts), unless forced", async () => {
    const { team, lead } = await crew();
    const c = await createChannel(lead, team.name, dingtalk());
    const cluster = await createCluster(await adminPrincipal(), team.name, { kind: "remote", name: unique("remote"), restUrl: "http://127.0.0.1:9" });
    const job = await createJob(lead, team.name, { name: unique("job"), type: "sql", sql: "SELECT 1;", settings: { mode: "remote", cluster: cluster.name, alertChannel: c.name } });
    expect((await getChannel(lead, team.name, c.id)).usage).toEqual({ jobs: 1, clusters: 0 });

    const refused = await failure(deleteChannel(lead, team.name, c.id));
    expect(refused.code).toBe("conflict");
    expect(refused.message).toContain("1 job");
    expect(refused.fields).toEqual({ jobs: "1", clusters: "0" });
    const viaApi = await callEndpoint(deleteAlertChannel, { token: (await makeToken(lead, team.name)).token, params: { team: team.name, channel: c.name } });
    expect(viaApi.status).toBe(409);
    expect(((await viaApi.json()) as ErrorJson).error.message).toContain("1 job");

    expect(await deleteChannel(lead, team.name, c.id, { force: true })).toEqual({ jobsCleared: 1, clustersCleared: 0 });
    expect((await failure(getChannel(lead, team.name, c.id))).code).toBe("not_found");
    const after = (await findJob({ teamId: team.id, ref: job.id }))!;
    expect(after.headVersion).toBe(2);
    expect((after.settings as { alertChannelId: number | null }).alertChannelId).toBeNull();
    const { versions } = await listVersions(lead, team.name, job.id);
    expect(versions[0]).toMatchObject({ number: 2, note: `Alert channel “${c.name}” deleted` });
  });

  it("is refused while alerts wait to be delivered there (a failed test does not count), unless forced", async () => {
    const { team, lead } = await crew();
    const c = await createChannel(lead, team.name, dingtalk());
    // A "Send test" message does not hold the channel (a failed one is acknowledged by the person who saw it).
    await testChannel(lead, team.name, c.id);
    expect(await deleteChannel(lead, team.name, c.name).then(() => "deleted")).toBe("deleted");

    const d = await createChannel(lead, team.name, dingtalk());
    await rawSql()`insert into alerts (team_id, channel_id, kind, dedup_key, title, body, subject, summary, state) values (${team.id}, ${d.id}, 'job_failed', ${unique("k")}, 't', 'b', 's', 'failed', 'queued')`;
    const refused = await failure(deleteChannel(lead, team.name, d.id));
    expect(refused).toMatchObject({ code: "conflict", fields: { undelivered: "1" } });
    expect(refused.message).toContain("1 alert not delivered yet");
    expect((await getChannel(lead, team.name, d.id)).name).toBe(d.name);
    await deleteChannel(lead, team.name, d.id, { force: true });
    expect((await failure(getChannel(lead, team.name, d.id))).code).toBe("not_found");
  });

  it("deletes an unused channel outright", async () => {
    const { team, lead } = await crew();
    const c = await createChannel(lead, team.name, dingtalk());
    expect(await deleteChannel(lead, team.name, c.name)).toEqual({ jobsCleared: 0, clustersCleared: 0 });
    expect(await listTeamChannels(lead, team.name)).toEqual([]);
  });
});

describe("the test message", () => {
  it("goes to the platform now and answers with its words; it is in the history as sent", async () => {
    const { team, lead, viewer } = await crew();
    const c = await createChannel(lead, team.name, dingtalk(undefined, { enabled: false }));
    const n = bot.received.length;
    const r = await testChannel(lead, team.name, c.name);
    expect(r).toMatchObject({ ok: true, outcome: "sent", status: 200, title: "Eddy test message" });
    expect(JSON.parse(r.answer)).toEqual({ errcode: 0, errmsg: "ok" });
    expect(bot.received.length).toBe(n + 1);
    const got = bot.received.at(-1)!;
    expect((got.body as { msgtype: string }).msgtype).toBe("markdown");
    expect(got.text).toContain(`This is a test from Eddy (${team.name})`);
    expect(got.text).toContain("@13800000000");

    const history = await alertHistory(viewer, team.name, { channel: c.name });
    expect(history.total).toBe(1);
    expect(history.rows[0]).toMatchObject({ id: r.alertId, kind: "test", state: "sent", attempts: 1, channelName: c.name });
    expect(history.rows[0]!.answers).toEqual([expect.objectContaining({ ok: true, status: 200, answer: r.answer })]);
  });

  it("a refusal is an answer (ok:false with the platform's words), recorded failed and already acknowledged", async () => {
    const { team, lead } = await crew();
    const c = await createChannel(lead, team.name, { ...dingtalk(), secrets: { webhookUrl: webhookUrl.replace(TOKEN, "wrong-token") } });
    const r = await testChannel(lead, team.name, c.id);
    expect(r).toMatchObject({ ok: false, outcome: "rejected", status: 200 });
    expect(r.answer).toContain("token is not exist");
    const [row] = (await alertHistory(lead, team.name, { channel: String(c.id) })).rows;
    expect(row).toMatchObject({ state: "failed", acknowledgedBy: expect.any(String) });
    // The platform's words stay in the history of a failed delivery.
    expect(row!.answers).toEqual([expect.objectContaining({ ok: false, status: 200, answer: r.answer })]);
    expect(row!.attempts).toBe(1);
    expect(await countFailedAlerts(team.id)).toBe(0);

    // Through the API too: a 200, never a 5xx.
    const res = await callEndpoint(postAlertChannelTest, { token: (await makeToken(lead, team.name)).token, params: { team: team.name, channel: c.name } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: false, outcome: "rejected" });
  });

  it("reaches the other platforms' robots too (WeCom, Lark signed, a webhook with a bearer token)", async () => {
    const { team, lead } = await crew();
    const wecom = await startReceiver("wecom");
    const lark = await startReceiver("lark", { secret: "lark-signing-secret" });
    const hook = await startReceiver("webhook", { secret: "hook-bearer-token" });
    try {
      const channels = [
        [wecom, { kind: "wecom", name: unique("wecom"), secrets: { webhookUrl: wecom.url } }],
        [lark, { kind: "lark", name: unique("lark"), secrets: { webhookUrl: lark.url, signSecret: "lark-signing-secret" } }],
        [hook, { kind: "webhook", name: unique("hook"), secrets: { url: hook.url, headers: { Authorization: "Bearer hook-bearer-token" } } }],
      ] as const;
      for (const [receiver, input] of channels) {
        const c = await createChannel(lead, team.name, input);
        const r = await testChannel(lead, team.name, c.id);
        expect(r, input.kind).toMatchObject({ ok: true, outcome: "sent" });
        expect(receiver.received.at(-1)!.text, input.kind).toContain(`This is a test from Eddy (${team.name})`);
      }
      // A webhook without its bearer token: the receiver's 401, in its words.
      const c = await createChannel(lead, team.name, { kind: "webhook", name: unique("hook"), secrets: { url: hook.url } });
      expect(await testChannel(lead, team.name, c.id)).toMatchObject({ ok: false, outcome: "rejected", status: 401 });
    } finally {
      await Promise.all([wecom.close(), lark.close(), hook.close()]);
    }
  });

  it("an unreachable platform is an answer too", async () => {
    const { team, lead } = await crew();
    const c = await createChannel(lead, team.name, { ...dingtalk(), secrets: { webhookUrl: "http://127.0.0.1:9/robot/send?access_token=x" } });
    const r = await testChannel(lead, team.name, c.id);
    expect(r).toMatchObject({ ok: false, outcome: "retry", status: null });
    expect(r.answer.length).toBeGreaterThan(0);
  });

  it("keeps to the channel's rate and to a platform's pause: refused with when to try again (429 over REST), nothing sent", async () => {
    const { team, lead } = await crew();
    const c = await createChannel(lead, team.name, dingtalk(undefined, { rate: { perMinute: 1, perSecond: null } }));
    expect(await testChannel(lead, team.name, c.id)).toMatchObject({ ok: true });
    const n = bot.received.length;
    const busy = await failure(testChannel(lead, team.name, c.id));
    expect(busy).toMatchObject({ code: "rate_limited", message: expect.stringMatching(/cannot send now: it has sent as many messages as its rate allows \(1 a minute\)\. Try again in \d+ s\./) });

    const d = await createChannel(lead, team.name, dingtalk());
    await rawSql()`update alert_channels set paused_until = now() + interval '90 seconds' where id = ${d.id}`;
    const res = await callEndpoint(postAlertChannelTest, { token: (await makeToken(lead, team.name)).token, params: { team: team.name, channel: d.name } });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(80);
    expect(((await res.json()) as ErrorJson).error.message).toContain("the platform asked Eddy to wait");
    expect(bot.received.length).toBe(n);
  });

  it("uses the team's own test wording", async () => {
    const { team, lead } = await crew();
    await saveTemplate(lead, team.name, "test", { title: "Ping from {{team}}", body: "Hello {{team}} at {{time}}" });
    const c = await createChannel(lead, team.name, dingtalk());
    const r = await testChannel(lead, team.name, c.id);
    expect(r.title).toBe(`Ping from ${team.name}`);
    expect(bot.received.at(-1)!.title).toBe(`Ping from ${team.name}`);
  });
});

describe("acknowledging and retrying", () => {
  it("a failed delivery lights the badge until acknowledged, and can be sent again", async () => {
    const { team, lead, dev, viewer } = await crew();
    const c = await createChannel(lead, team.name, dingtalk());
    const { alertId } = await testChannel(lead, team.name, c.id);
    // Make it a failure nobody has seen, as the sender leaves one.
    await rawSql()`update alerts set state = 'failed', acknowledged_at = null, acknowledged_by = null where id = ${alertId}`;
    expect(await failedAlertCount(viewer, team.name)).toBe(1);
    expect((await failure(retryAlert(dev, team.name, alertId))).code).toBe("forbidden");
    await acknowledgeAlert(viewer, team.name, alertId);
    expect(await failedAlertCount(viewer, team.name)).toBe(0);
    await retryAlert(lead, team.name, alertId);
    expect((await alertHistory(lead, team.name)).rows[0]).toMatchObject({ id: alertId, state: "queued", attempts: 0 });
    expect((await failure(retryAlert(lead, team.name, alertId))).code).toBe("conflict");
  });

  it("retries every failed delivery at once (of one channel, if named), leaving test messages alone; over REST too", async () => {
    const { team, lead, dev } = await crew();
    const a = await createChannel(lead, team.name, dingtalk());
    const b = await createChannel(lead, team.name, dingtalk());
    const failedAlert = async (channelId: number, kind = "job_failed") =>
      (await rawSql()<{ id: number }[]>`insert into alerts (team_id, channel_id, kind, dedup_key, title, body, subject, summary, state, attempts) values (${team.id}, ${channelId}, ${kind}::alert_kind, ${unique("k")}, 't', 'b', 's', 'failed', 'failed', 8) returning id`)[0]!.id;
    const onA = [await failedAlert(a.id), await failedAlert(a.id)];
    const onB = await failedAlert(b.id);
    const test = await failedAlert(a.id, "test");
    const states = async () => Object.fromEntries((await rawSql()<{ id: number; state: string; attempts: number }[]>`select id, state::text, attempts from alerts where team_id = ${team.id}`).map((r) => [r.id, `${r.state}/${r.attempts}`]));

    expect((await failure(retryFailedAlerts(dev, team.name))).code).toBe("forbidden");
    expect(await retryFailedAlerts(lead, team.name, { channel: a.name })).toEqual({ queued: 2 });
    let now = await states();
    expect(onA.map((id) => now[id])).toEqual(["queued/0", "queued/0"]);
    expect([now[onB], now[test]]).toEqual(["failed/8", "failed/8"]);
    // Each channel's sender is scheduled for them.
    expect((await rawSql()`select 1 from graphile_worker.jobs where queue_name = ${`alerts:${a.id}`}`).length).toBeGreaterThan(0);

    const res = await callEndpoint(retryFailedAlertsEndpoint, { token: (await makeToken(lead, team.name)).token, params: { team: team.name }, body: {} });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ queued: 1 });
    now = await states();
    expect([now[onB], now[test]]).toEqual(["queued/0", "failed/8"]);
    expect((await failure(retryFailedAlerts(lead, team.name, { channel: "nope" }))).code).toBe("not_found");
  });

  it("silencing a channel sets and lifts its silence", async () => {
    const { team, lead } = await crew();
    const c = await createChannel(lead, team.name, dingtalk());
    await silenceChannel(lead, team.name, c.id, { minutes: 8 * 60 });
    expect((await getChannel(lead, team.name, c.id)).silencedUntil!.getTime()).toBeGreaterThan(Date.now() + 7 * 3600_000);
    await silenceChannel(lead, team.name, c.id, { minutes: 0 });
    expect((await getChannel(lead, team.name, c.id)).silencedUntil).toBeNull();
  });
});

describe("templates", () => {
  it("merges the team's wording with the defaults, refuses unknown placeholders by name, and resets", async () => {
    const { team, lead, viewer } = await crew();
    const all = await getTemplates(viewer, team.name);
    expect(all.map((t) => t.kind)).toContain("job_failed");
    expect(all.every((t) => !t.custom)).toBe(true);

    const bad = await failure(saveTemplate(lead, team.name, "job_failed", { title: "{{job}} down", body: "Cause: {{resaon}} on {{clustr}}" }));
    expect(bad.code).toBe("invalid_input");
    expect(bad.message).toContain("{{resaon}}");
    expect(Object.keys(bad.fields!)).toEqual(["body"]);
    expect(bad.fields!.body).toContain("{{clustr}}");

    const saved = await saveTemplate(lead, team.name, "job_failed", { title: "{{job}} down", body: "Cause: {{reason}}" });
    expect(saved).toMatchObject({ custom: true, title: "{{job}} down" });
    expect((await getTemplates(viewer, team.name)).find((t) => t.kind === "job_failed")).toMatchObject({ custom: true, body: "Cause: {{reason}}" });
    expect(await resetTemplate(lead, team.name, "job_failed")).toMatchObject({ custom: false });
    expect((await failure(saveTemplate(lead, team.name, "nope", { title: "x", body: "y" }))).message).toContain("The kind is one of");

    expect(previewTemplate({ title: "{{job}} down", body: "{{oops}}" })).toEqual({ title: "orders-per-minute down", body: "{{oops}}", unknown: ["oops"] });
  });

  it("the API answers 422 with the field for an unknown placeholder", async () => {
    const { team, lead } = await crew();
    const res = await callEndpoint(putAlertTemplate, { token: (await makeToken(lead, team.name)).token, params: { team: team.name, kind: "test" }, body: { title: "{{nope}}", body: "ok" } });
    expect(res.status).toBe(422);
    expect(((await res.json()) as ErrorJson).error.fields).toEqual({ title: expect.stringContaining("{{nope}}") });
  });
});

describe("the REST API", () => {
  it("creates, reads, edits and lists without ever returning a secret", async () => {
    const { team, lead, dev } = await crew();
    const token = (await makeToken(lead, team.name)).token;
    const created = await callEndpoint(postAlertChannel, { token, params: { team: team.name }, body: dingtalk("api-ding") });
    expect(created.status).toBe(201);
    const text = await created.text();
    expectNoSecrets(text);
    expect(JSON.parse(text)).toMatchObject({ name: "api-ding", secretsSet: ["signSecret", "webhookUrl"], rate: { perMinute: 20, perSecond: null } });

    const patched = await callEndpoint(patchAlertChannel, { token, params: { team: team.name, channel: "api-ding" }, body: { description: "edited", secrets: { webhookUrl: "" } } });
    expect(patched.status).toBe(200);
    expectNoSecrets(await patched.text());

    // A developer's token reads channels and history (viewers cannot make tokens) but changes nothing.
    const vt = (await makeToken(dev, team.name)).token;
    for (const [e, params] of [
      [listAlertChannels, { team: team.name }],
      [getAlertChannel, { team: team.name, channel: "api-ding" }],
      [listAlertsEndpoint, { team: team.name }],
    ] as const) {
      const res = await callEndpoint(e, { token: vt, params });
      expect(res.status).toBe(200);
      expectNoSecrets(await res.text());
    }
    const forbidden = await callEndpoint(patchAlertChannel, { token: vt, params: { team: team.name, channel: "api-ding" }, body: { description: "x" } });
    expect(forbidden.status).toBe(403);
    const bad = await callEndpoint(postAlertChannel, { token, params: { team: team.name }, body: { kind: "dingtalk", name: "x", secrets: { webhookUrl: "ftp://x" } } });
    expect(bad.status).toBe(422);
  });

  it("history lists with filters and the failed, unacknowledged count", async () => {
    const { team, lead } = await crew();
    const c = await createChannel(lead, team.name, dingtalk());
    await testChannel(lead, team.name, c.id);
    const token = (await makeToken(lead, team.name)).token;
    const res = await callEndpoint(listAlertsEndpoint, { token, params: { team: team.name }, query: { state: "sent", channel: c.name } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { alerts: { kind: string; state: string; channel: { name: string }; answers: unknown[] }[]; total: number; failedUnacknowledged: number };
    expect(body).toMatchObject({ total: 1, failedUnacknowledged: 0 });
    expect(body.alerts[0]).toMatchObject({ kind: "test", state: "sent", channel: { name: c.name } });
    expect(body.alerts[0]!.answers).toHaveLength(1);
    const none = (await (await callEndpoint(listAlertsEndpoint, { token, params: { team: team.name }, query: { state: "failed" } })).json()) as { total: number };
    expect(none.total).toBe(0);
  });
});

describe("the audit log", () => {
  it("records channel changes and tests without secret values", async () => {
    const { team, lead } = await crew();
    const c = await createChannel(lead, team.name, dingtalk());
    await updateChannel(lead, team.name, c.id, { secrets: { signSecret: "SECrotated-0123456789" } });
    await testChannel(lead, team.name, c.id);
    const rows = await rawSql()<{ action: string; detail: unknown; message: string | null }[]>`select action, detail, message from audit_events where team_id = ${team.id} and target_type = 'alert_channel' order by id`;
    expect(rows.map((r) => r.action)).toEqual(["alert_channel.create", "alert_channel.update", "alert_channel.test"]);
    expect(rows[1]!.detail).toMatchObject({ changed: ["secrets.signSecret"] });
    const text = JSON.stringify(rows);
    expectNoSecrets(text);
    expect(text).not.toContain("SECrotated");
  });
});
