/**
 * A JAR job in each application mode, in the browser, against the simulator's Kubernetes API and
 * operator and its YARN ResourceManager: the uploaded jar is the job's main jar, it is built and
 * started from the job header, its application cluster comes up RUNNING, and when Flink gives up
 * on it the job restarts by itself (attempt 1 of 3) and runs again, all of which the timeline shows.
 */
import fs from "node:fs/promises";
import path from "node:path";
import { randomBytes } from "node:crypto";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser } from "../support/browser";
import { ensureFlinkVersion } from "../support/e2e-fixtures";
import { HttpSession } from "../support/http-session";
import { type Console, signedIn } from "./pages/console";

const baseUrl = inject("baseUrl");
const adminPassword = inject("adminPassword");
const simUrl = inject("simUrl");
const s = randomBytes(3).toString("hex");
const team = `apps-${s}`;
const modes = [
  { mode: "k8s-application", job: `top-speed-k8s-${s}`, where: /FlinkDeployment flink\// },
  { mode: "yarn-application", job: `top-speed-yarn-${s}`, where: /YARN application/ },
] as const;

type SimInfo = { jobmanagers: { name: string; url: string }[]; flinkHomes: Record<string, string> };

const admin = new HttpSession(baseUrl);
let browser: Browser;
let page: Page;
let c: Console;

const state = () => page.getByTestId("job-state").first().textContent();

async function ok<T>(res: Response): Promise<T> {
  const text = await res.text();
  if (!res.ok) throw new Error(`${res.status} ${text}`);
  return JSON.parse(text) as T;
}

async function operationDone() {
  await expect.poll(() => page.getByTestId("operation-status").first().textContent(), { timeout: 90_000, interval: 500 }).toMatch(/succeeded|failed/);
  expect(await page.getByTestId("operation-status").first().textContent(), (await page.getByTestId("operation-outcome").textContent().catch(() => "")) ?? "").toBe("succeeded");
}

/** The simulator's JobManager that runs a Flink job (an application cluster has its own). */
async function jobManagerRunning(flinkJobId: string): Promise<string> {
  const sim = (await (await fetch(`${simUrl}/_sim`)).json()) as SimInfo;
  for (const jm of sim.jobmanagers) {
    const r = await fetch(`${jm.url}/jobs/${flinkJobId}`).catch(() => null);
    if (r?.ok) return jm.name;
  }
  throw new Error(`no JobManager runs ${flinkJobId}`);
}

beforeAll(async () => {
  expect(await admin.signIn("admin", adminPassword)).toBeNull();
  await ok(await admin.json("/api/v1/teams", "POST", { name: team }));
  const sim = (await (await fetch(`${simUrl}/_sim`)).json()) as SimInfo;
  const version = await ensureFlinkVersion(admin, sim.flinkHomes["2.1.0"]!, `flink-2-${s}`);
  // The jar as a person uploads it: multipart, from the console's origin.
  const bytes = await fs.readFile(path.join(sim.flinkHomes["2.1.0"]!, "examples/streaming/TopSpeedWindowing.jar"));
  const form = new FormData();
  form.set("kind", "app");
  form.set("file", new File([new Uint8Array(bytes)], `top-speed-${s}.jar`));
  await ok(await admin.fetch(`/api/v1/teams/${team}/resources`, { method: "POST", headers: { origin: baseUrl }, body: form }));
  for (const m of modes) {
    const settings = { mode: m.mode, flinkVersion: version, ...(m.mode === "k8s-application" ? { k8sNamespace: "flink" } : {}), jar: `top-speed-${s}.jar`, savepointDir: "file:///tmp/eddy-sp" };
    await ok(await admin.json(`/api/v1/teams/${team}/jobs`, "POST", { name: m.job, type: "jar", settings }));
  }

  browser = await launchBrowser();
  page = await (await browser.newContext()).newPage();
  c = await signedIn(page, baseUrl, "admin", adminPassword);
});

afterAll(async () => {
  await browser?.close();
});

describe.each(modes)("a JAR job in $mode mode", ({ job, where }) => {
  const jobPath = `/teams/${team}/jobs/${job}`;

  it("builds and starts from the header; its application cluster comes up RUNNING", { timeout: 120_000 }, async () => {
    await c.goto(jobPath);
    await page.getByTestId("job-action-build").click();
    await page.waitForURL(/\/operations\/\d+$/, { timeout: 30_000 });
    await operationDone();

    await c.goto(jobPath);
    await page.getByTestId("job-action-start").click();
    await page.getByTestId("start-dialog").getByTestId("confirm-start").click();
    await c.waitForPath(/\/operations\/\d+$/);
    await operationDone();
    await expect.poll(async () => (await page.reload(), state()), { timeout: 60_000, interval: 1000 }).toBe("running");
    // One click to where it runs: the FlinkDeployment or the YARN application is named on the logs tab.
    await c.goto(`${jobPath}/logs`);
    await expect.poll(() => page.getByText(where).count(), { timeout: 30_000 }).toBeGreaterThan(0);
  });

  it("restarts by itself when Flink gives up on it, and runs again", { timeout: 150_000 }, async () => {
    const runs = await ok<{ runs: { id: number; flinkJobId: string }[] }>(await admin.fetch(`/api/v1/teams/${team}/jobs/${job}/runs`));
    const first = runs.runs[0]!;
    const jm = await jobManagerRunning(first.flinkJobId);
    await ok(await fetch(`${simUrl}/_sim/jobmanagers/${jm}/jobs/${first.flinkJobId}/fail`, { method: "POST", body: JSON.stringify({ exception: "java.io.IOException: disk full", restarts: "exhaust" }) }));

    await c.goto(`${jobPath}/events`);
    await expect.poll(async () => (await page.reload(), page.getByText(/Restarting automatically \(attempt 1 of 3/).count()), { timeout: 90_000, interval: 1000 }).toBeGreaterThan(0);
    await c.goto(jobPath);
    await expect.poll(async () => (await page.reload(), state()), { timeout: 90_000, interval: 1000 }).toBe("running");
    const after = await ok<{ runs: { id: number }[] }>(await admin.fetch(`/api/v1/teams/${team}/jobs/${job}/runs`));
    expect(after.runs[0]!.id).not.toBe(first.id);
  });
});
