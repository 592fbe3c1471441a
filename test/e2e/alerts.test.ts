/**
 * An alert from end to end: a Lark channel (signed) pointing at a local Lark-like receiver, a
 * FlinkSQL job that alerts to it and never restarts by itself, a failure injected in the
 * simulator. The alert arrives, signed and well formed, with a link that opens the failed job in
 * the console; the history records it as sent with Lark's answer.
 */
import { randomBytes } from "node:crypto";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startReceiver, type Receiver } from "../support/alert-receivers";
import { launchBrowser } from "../support/browser";
import { ensureFlinkVersion } from "../support/e2e-fixtures";
import { HttpSession } from "../support/http-session";
import { signedIn } from "./pages/console";

const baseUrl = inject("baseUrl");
const adminPassword = inject("adminPassword");
const simUrl = inject("simUrl");
const s = randomBytes(3).toString("hex");
const team = `alerting-${s}`;
const job = `payments-${s}`;
const SQL = `CREATE TABLE payments (id BIGINT, amount DOUBLE) WITH ('connector' = 'datagen');
CREATE TABLE sink (id BIGINT, amount DOUBLE) WITH ('connector' = 'blackhole');
INSERT INTO sink SELECT id, amount FROM payments;
`;

type SimInfo = { jobmanagers: { name: string; url: string }[]; sqlGateway: { url: string; jobmanager: string }; flinkHomes: Record<string, string> };

const admin = new HttpSession(baseUrl);
let receiver: Receiver;
let sim: SimInfo;
let browser: Browser;
let page: Page;

async function ok<T>(res: Response): Promise<T> {
  const text = await res.text();
  if (!res.ok) throw new Error(`${res.status} ${text}`);
  return JSON.parse(text) as T;
}

async function operation(action: string) {
  const { id } = await ok<{ id: number }>(await admin.json(`/api/v1/teams/${team}/jobs/${job}/actions/${action}`, "POST", {}));
  await expect
    .poll(async () => (await ok<{ status: string }>(await admin.fetch(`/api/v1/teams/${team}/jobs/${job}/operations/${id}`))).status, { timeout: 60_000, interval: 500 })
    .toBe("succeeded");
}

beforeAll(async () => {
  receiver = await startReceiver("lark", { secret: `lark-secret-${s}` });
  expect(await admin.signIn("admin", adminPassword)).toBeNull();
  await ok(await admin.json("/api/v1/teams", "POST", { name: team }));
  sim = (await (await fetch(`${simUrl}/_sim`)).json()) as SimInfo;
  const version = await ensureFlinkVersion(admin, sim.flinkHomes["2.1.0"]!, `flink-2-${s}`);
  const jm = sim.jobmanagers.find((j) => j.name === sim.sqlGateway.jobmanager)!;
  await ok(await admin.json(`/api/v1/teams/${team}/clusters`, "POST", { kind: "remote", name: "sim-remote", restUrl: jm.url, sqlGatewayUrl: sim.sqlGateway.url, flinkVersion: version }));
  await ok(await admin.json(`/api/v1/teams/${team}/alert-channels`, "POST", { kind: "lark", name: "oncall-lark", config: {}, secrets: { webhookUrl: receiver.url, signSecret: `lark-secret-${s}` } }));
  const settings = { mode: "remote", cluster: "sim-remote", alertChannel: "oncall-lark", restart: { maxAttempts: 0, windowMinutes: 30 } };
  await ok(await admin.json(`/api/v1/teams/${team}/jobs`, "POST", { name: job, type: "sql", sql: SQL, settings }));
  browser = await launchBrowser();
  page = await (await browser.newContext()).newPage();
  await signedIn(page, baseUrl, "admin", adminPassword);
});

afterAll(async () => {
  await browser?.close();
  await receiver?.close();
});

describe("alerts to a Lark group", () => {
  it("a job that fails for good reaches the group, with a link back to it", { timeout: 120_000 }, async () => {
    await operation("start");
    const runs = await ok<{ runs: { flinkJobId: string }[] }>(await admin.fetch(`/api/v1/teams/${team}/jobs/${job}/runs`));
    const flinkJobId = runs.runs[0]!.flinkJobId;
    const fail = await fetch(`${simUrl}/_sim/jobmanagers/${sim.sqlGateway.jobmanager}/jobs/${flinkJobId}/fail`, { method: "POST", body: JSON.stringify({ exception: "java.io.IOException: No space left on device", restarts: "exhaust" }) });
    expect(fail.status).toBe(200);

    await expect.poll(() => receiver.received.length, { timeout: 60_000, interval: 250 }).toBe(1);
    const message = receiver.received[0]!;
    expect(receiver.rejected, "the receiver checked Lark's signature and payload").toBe(0);
    expect(message.title).toContain(job);
    expect(message.title).toMatch(/failed/i);
    expect(message.link).toBe(`${baseUrl}/teams/${team}/jobs/${job}`);
    // Why, in Flink's words: the root cause the watcher read from the JobManager.
    expect(message.text).toContain("java.io.IOException: No space left on device");

    // The link opens the job, failed.
    await page.goto(message.link!);
    await expect.poll(() => page.getByTestId("job-state").first().textContent(), { timeout: 30_000 }).toBe("failed");
    expect(await page.getByRole("heading", { level: 1 }).first().textContent()).toContain(job);
  });

  it("the team's alert history shows it sent, with Lark's answer", async () => {
    const history = await ok<{ alerts: { kind: string; state: string; answers: { ok: boolean; answer: string }[] }[] }>(await admin.fetch(`/api/v1/teams/${team}/alerts`));
    const failed = history.alerts.find((a) => a.kind === "job_failed");
    expect(failed?.state).toBe("sent");
    expect(failed?.answers.at(-1)).toMatchObject({ ok: true });
    expect(failed?.answers.at(-1)?.answer).toMatch(/"code":0/);
  });

  it("someone on call acknowledges the delivered alert from the history", async () => {
    await page.goto(`${baseUrl}/teams/${team}/alerts`);
    await page.getByTestId("acknowledge-alert").first().click();
    await expect
      .poll(async () => (await ok<{ alerts: { kind: string; acknowledgedBy: string | null }[] }>(await admin.fetch(`/api/v1/teams/${team}/alerts`))).alerts.find((a) => a.kind === "job_failed")?.acknowledgedBy)
      .toBe("admin");
  });
});

describe("a cluster's unreachable alert", () => {
  it("is chosen, and cleared, in the cluster's edit dialog", async () => {
    const cluster = async () => (await ok<{ alertChannelId: number | null }>(await admin.fetch(`/api/v1/teams/${team}/clusters/sim-remote`))).alertChannelId;
    const channel = await ok<{ id: number }>(await admin.fetch(`/api/v1/teams/${team}/alert-channels/oncall-lark`));
    expect(await cluster()).toBeNull();
    const edit = async (choice: string) => {
      await page.goto(`${baseUrl}/teams/${team}/clusters/sim-remote`);
      await page.getByRole("button", { name: "Edit" }).click();
      await page.getByLabel("Alert when unreachable").selectOption(choice);
      await page.getByRole("button", { name: "Save" }).click();
      await page.getByRole("dialog").waitFor({ state: "hidden" });
    };
    await edit("oncall-lark");
    expect(await cluster()).toBe(channel.id);
    await expect.poll(async () => (await page.reload(), await page.getByText("Alert when unreachable").locator("xpath=..").textContent())).toContain("oncall-lark");
    await edit("");
    expect(await cluster()).toBeNull();
  });
});
