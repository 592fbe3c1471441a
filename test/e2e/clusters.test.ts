/**
 * Clusters in the browser, against the Flink simulator: register a Remote cluster, watch its health
 * and All/Running job counts follow what Flink runs; register a FLINK_HOME and read its config; and
 * the REST API sees the same counts.
 */
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
const team = `streams-${s}`;
const jmName = `e2e-jm-${s}`;

type SimInfo = { jobmanagers: { name: string; url: string }[]; flinkHomes: Record<string, string>; yarn: { url: string } };
const sim = async <T>(path: string, body?: unknown): Promise<T> => {
  const res = await fetch(`${simUrl}/_sim${path}`, body === undefined ? {} : { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
};

let browser: Browser;
let page: Page;
let c: Console;
let jmUrl = "";
const admin = new HttpSession(baseUrl);

beforeAll(async () => {
  // A JobManager of this test's own, so other tests' jobs do not change its counts.
  jmUrl = (await sim<{ url: string }>("/jobmanagers", { name: jmName, kind: "session" })).url;
  expect(await admin.signIn("admin", adminPassword)).toBeNull();
  expect((await admin.json("/api/v1/teams", "POST", { name: team })).status).toBe(201);
  browser = await launchBrowser();
  page = await browser.newPage();
  c = await signedIn(page, baseUrl, "admin", adminPassword);
});

afterAll(async () => {
  await browser?.close();
});

const count = (testId: string) => page.getByTestId(testId).first().textContent();

describe("clusters", () => {
  it("registers a Remote cluster in the browser and shows it healthy with its counts", async () => {
    await c.goto(`/teams/${team}/clusters`);
    await page.getByTestId("register-cluster").click();
    await c.waitForPath(/\/clusters\/new$/);
    await page.getByLabel("Name").fill("shared-session");
    await page.getByLabel("JobManager REST URL").fill(jmUrl);
    await page.getByLabel("Labels").fill("simulated");
    await page.getByTestId("save-cluster").click();
    await c.waitForPath(/\/clusters\/shared-session$/);
    await expect.poll(() => page.getByTestId("cluster-health").first().textContent(), { timeout: 20_000 }).toBe("healthy");
    await expect.poll(async () => (await page.reload(), count("stat-jobs-total")), { timeout: 20_000 }).toBe("0");
  });

  it("follows the jobs Flink runs: All and Running counts change", async () => {
    const a = await sim<{ jobId: string }>(`/jobmanagers/${jmName}/jobs`, { name: "orders-enrichment" });
    await sim(`/jobmanagers/${jmName}/jobs`, { name: "clickstream-sessions" });
    await sim(`/jobmanagers/${jmName}/jobs`, { name: "nightly-report", batch: true, durationMs: 500 });
    await c.goto(`/teams/${team}/clusters`);
    await expect.poll(async () => (await page.reload(), [await count("jobs-total"), await count("jobs-running")]), { timeout: 30_000 }).toEqual(["3", "2"]);

    await sim(`/jobmanagers/${jmName}/jobs/${a.jobId}/fail`, { exception: "java.lang.RuntimeException: boom", restarts: "exhaust" });
    await expect.poll(async () => (await page.reload(), [await count("jobs-total"), await count("jobs-running")]), { timeout: 30_000 }).toEqual(["3", "1"]);

    // The cluster page lists the jobs, live, with their states.
    await c.goto(`/teams/${team}/clusters/shared-session`);
    await expect.poll(() => page.getByRole("cell", { name: "orders-enrichment" }).count()).toBe(1);
    expect(await page.getByRole("row", { name: /orders-enrichment/ }).getByText("FAILED").count()).toBe(1);

    // The REST API reports the same.
    const api = (await (await admin.fetch(`/api/v1/teams/${team}/clusters/shared-session`)).json()) as { health: { status: string; jobs: { total: number; running: number } } };
    expect(api.health).toMatchObject({ status: "healthy", jobs: { total: 3, running: 1 } });
  });

  it("shows a cluster that goes down as unreachable, and healthy again when it is back", async () => {
    await sim(`/jobmanagers/${jmName}/down`, {});
    await c.goto(`/teams/${team}/clusters/shared-session`);
    await expect.poll(async () => (await page.reload(), page.getByTestId("cluster-health").first().textContent()), { timeout: 30_000 }).toBe("unreachable");
    await sim(`/jobmanagers/${jmName}/up`, {});
    await expect.poll(async () => (await page.reload(), page.getByTestId("cluster-health").first().textContent()), { timeout: 30_000 }).toBe("healthy");
  });

  it("refuses to remove a cluster that still runs jobs, naming them", async () => {
    await page.getByTestId("delete-cluster").click();
    await page.getByTestId("confirm-delete-cluster").click();
    await expect.poll(() => page.getByRole("dialog").getByRole("alert").textContent()).toMatch(/still runs 1 job: “clickstream-sessions”/);
    await page.keyboard.press("Escape");
  });

  it("registers a FLINK_HOME and shows its version and configuration", async () => {
    const { flinkHomes } = await sim<SimInfo>("");
    await c.goto("/flink-versions");
    await page.getByTestId("register-flink-version").click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("FLINK_HOME").fill(flinkHomes["1.20.1"]!);
    await dialog.getByLabel("Name").fill(`legacy-${s}`);
    await dialog.getByRole("button", { name: "Register" }).click();
    await dialog.waitFor({ state: "detached" });
    await page.getByRole("link", { name: new RegExp(`legacy-${s}`) }).click();
    await c.waitForPath(/^\/flink-versions\/\d+$/);
    expect(await page.getByText("1.20.1").first().isVisible()).toBe(true);
    expect(await page.getByTestId("flink-config").textContent()).toMatch(/taskmanager\.numberOfTaskSlots/);
  });

  it("starts a YARN session from a Flink version, shows it running, and stops it", async () => {
    const { flinkHomes, yarn } = await sim<SimInfo>("");
    const version = await ensureFlinkVersion(admin, flinkHomes["2.1.0"]!, `flink-2-${s}`);
    await c.goto(`/teams/${team}/clusters/new`);
    await page.getByText("YARN session", { exact: true }).click();
    await page.getByLabel("Name").fill("yarn-managed");
    await page.getByLabel("Flink version").selectOption(version);
    await page.getByLabel("YARN ResourceManager URL").fill(yarn.url);
    await page.getByLabel(/Eddy starts a new session/).check();
    await page.getByTestId("save-cluster").click();
    await c.waitForPath(/\/clusters\/yarn-managed$/);
    await expect.poll(async () => (await page.reload(), page.getByText("running", { exact: true }).count()), { timeout: 30_000 }).toBeGreaterThan(0);
    await expect.poll(async () => (await page.reload(), page.getByTestId("cluster-health").first().textContent()), { timeout: 30_000 }).toBe("healthy");
    const appId = (await page.getByText(/^application_\d+_\d+$/).first().textContent())!;

    await page.getByTestId("stop-cluster").click();
    await expect.poll(async () => (await page.reload(), page.getByText("stopped", { exact: true }).count()), { timeout: 30_000 }).toBeGreaterThan(0);
    const state = (await (await fetch(`${yarn.url}/ws/v1/cluster/apps/${appId}/state`)).json()) as { state: string };
    expect(state.state).toBe("KILLED");
  });
});
