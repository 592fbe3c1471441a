/**
 * A job's life in the browser, against the Flink simulator: a FlinkSQL job on a Remote cluster is
 * built and started from the job header, watched to RUNNING, its operation's steps read, a
 * savepoint taken and listed, stopped with a savepoint and started again from that savepoint
 * through "Start from this"; its JobManager log opened and a line link shared to a fresh page;
 * the events timeline drawn; two jobs cancelled at once from the job center, one refused; and a
 * job that failed for good shows Flink's root cause and is recovered from the job center.
 */
import { randomBytes } from "node:crypto";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser } from "../support/browser";
import { ensureFlinkVersion } from "../support/e2e-fixtures";
import { HttpSession } from "../support/http-session";
import { type Console, signedIn } from "./pages/console";

const baseUrl = inject("baseUrl");
const adminPassword = inject("adminPassword");
const simUrl = inject("simUrl");
const s = randomBytes(3).toString("hex");
const team = `life-${s}`;
const job = `orders-${s}`;
const idle = `idle-${s}`;
const fragile = `fragile-${s}`;
const jobPath = `/teams/${team}/jobs/${job}`;

const SQL = `CREATE TABLE orders (
  order_id BIGINT,
  amount DECIMAL(10, 2)
) WITH ('connector' = 'datagen', 'rows-per-second' = '5');

CREATE TABLE sink (
  order_id BIGINT,
  amount DECIMAL(10, 2)
) WITH ('connector' = 'print');

INSERT INTO sink SELECT order_id, amount FROM orders;
`;

type SimInfo = { jobmanagers: { name: string; url: string }[]; sqlGateway: { url: string; jobmanager: string }; flinkHomes: Record<string, string> };

let browser: Browser;
let context: BrowserContext;
let page: Page;
let c: Console;
const admin = new HttpSession(baseUrl);

const state = () => page.getByTestId("job-state").first().textContent();
const operationStatus = () => page.getByTestId("operation-status").first().textContent();

/** Clicks a header action and lands on the operation it queued; answers the operation's id. */
async function act(testId: string): Promise<number> {
  const before = new URL(page.url()).pathname;
  await page.getByTestId(testId).click();
  // Possibly from another operation's page: wait for this one's.
  await page.waitForURL((u) => /\/operations\/\d+$/.test(u.pathname) && u.pathname !== before, { timeout: 30_000 });
  return Number(/\/operations\/(\d+)$/.exec(new URL(page.url()).pathname)![1]);
}

/** Asks for an action over the REST API and waits for its operation to succeed. */
async function apiAction(name: string, action: string, options: unknown = {}) {
  const res = await admin.json(`/api/v1/teams/${team}/jobs/${name}/actions/${action}`, "POST", options);
  expect(res.status, await res.clone().text()).toBe(202);
  const { id } = (await res.json()) as { id: number };
  await expect
    .poll(async () => ((await (await admin.fetch(`/api/v1/teams/${team}/jobs/${name}/operations/${id}`)).json()) as { status: string }).status, { timeout: 60_000, interval: 500 })
    .toMatch(/succeeded|failed/);
}

async function waitForOperation(status: "succeeded" | "failed" = "succeeded") {
  await expect.poll(operationStatus, { timeout: 60_000, interval: 500 }).toMatch(/succeeded|failed/);
  if ((await operationStatus()) !== status) {
    const outcome = await page.getByTestId("operation-outcome").textContent().catch(() => "");
    throw new Error(`operation ended ${await operationStatus()}: ${outcome}`);
  }
}

beforeAll(async () => {
  expect(await admin.signIn("admin", adminPassword)).toBeNull();
  expect((await admin.json("/api/v1/teams", "POST", { name: team })).status).toBe(201);
  const sim = (await (await fetch(`${simUrl}/_sim`)).json()) as SimInfo;
  const version = await ensureFlinkVersion(admin, sim.flinkHomes["2.1.0"]!, `flink-2-${s}`);
  // The simulator's SQL Gateway submits to one JobManager: register that one as the Remote cluster.
  const jm = sim.jobmanagers.find((j) => j.name === sim.sqlGateway.jobmanager)!;
  const cluster = await admin.json(`/api/v1/teams/${team}/clusters`, "POST", { kind: "remote", name: "sim-remote", restUrl: jm.url, sqlGatewayUrl: sim.sqlGateway.url, flinkVersion: version });
  expect(cluster.status, await cluster.clone().text()).toBe(201);
  for (const name of [job, idle, fragile]) {
    // The fragile job never restarts by itself, so a failure stays FAILED until someone recovers it.
    const settings = { mode: "remote", cluster: "sim-remote", parallelism: 1, ...(name === fragile ? { restart: { maxAttempts: 0, windowMinutes: 30 } } : {}) };
    const res = await admin.json(`/api/v1/teams/${team}/jobs`, "POST", { name, type: "sql", sql: SQL, settings });
    expect(res.status, await res.clone().text()).toBe(201);
  }

  browser = await launchBrowser();
  context = await browser.newContext();
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseUrl });
  page = await context.newPage();
  c = await signedIn(page, baseUrl, "admin", adminPassword);
});

afterAll(async () => {
  await browser?.close();
});

describe("a job's lifecycle in the console", () => {
  it("refuses what the state does not allow, and says why", async () => {
    await c.goto(jobPath);
    expect(await state()).toBe("never started");
    expect(await page.getByTestId("job-versions").textContent()).toContain("never deployed");
    const stop = page.getByTestId("job-action-stop");
    expect(await stop.isDisabled()).toBe(true);
    expect(await stop.getAttribute("data-reason")).toMatch(/never started/);
  });

  it("builds, then starts from the header and shows RUNNING", async () => {
    await act("job-action-build");
    await waitForOperation();
    expect(await page.getByTestId("operation-step").count()).toBe(5);
    expect(await page.getByTestId("operation-step").first().getAttribute("data-status")).toBe("done");

    await page.getByTestId("job-action-start").click();
    const dialog = page.getByTestId("start-dialog");
    // Nothing recorded yet: the newest savepoint or checkpoint is none at all.
    await expect.poll(() => dialog.getByTestId("restore-preview").textContent()).toMatch(/empty state/);
    await dialog.getByTestId("confirm-start").click();
    await c.waitForPath(/\/operations\/\d+$/);
    await expect.poll(state, { timeout: 60_000, interval: 500 }).toBe("running");
    await waitForOperation();
    expect(await page.getByTestId("job-desired").textContent()).toContain("running");
    expect(await page.getByTestId("job-versions").textContent()).toBe("v1 deployed");
  });

  it("lists operations, and an operation page shows its steps and log", async () => {
    await page.getByRole("link", { name: "Operations", exact: true }).first().click();
    await c.waitForPath(/\/operations$/);
    await expect.poll(() => page.getByTestId("operation-row").count()).toBe(2);
    // Newest first: the start, by admin.
    const first = page.getByTestId("operation-row").first();
    expect(await first.textContent()).toContain("Start");
    expect(await first.textContent()).toContain("admin");
    await first.getByRole("link").first().click();
    await c.waitForPath(/\/operations\/\d+$/);
    const steps = page.getByTestId("operation-step");
    const names = await steps.allTextContents();
    expect(names.join("|")).toMatch(/Choose snapshot.*Deploy.*Wait for RUNNING/);
    for (const st of await steps.all()) expect(await st.getAttribute("data-status")).toBe("done");
    expect(await page.getByTestId("log-viewer").textContent()).toContain("Deploy");
  });

  it("takes a savepoint and lists it under Savepoints", async () => {
    await act("job-action-savepoint");
    await waitForOperation();
    // Flink's retained checkpoints are listed too; the kind filter is part of the address.
    await c.goto(`${jobPath}/savepoints?kind=savepoint`);
    await expect.poll(() => page.getByTestId("savepoint-row").count()).toBe(1);
    expect(await page.getByTestId("savepoint-row").first().textContent()).toMatch(/savepoint.*on request/);
  });

  it("stops with a savepoint, then starts again from it with “Start from this”", async () => {
    await c.goto(jobPath);
    await page.getByTestId("job-action-stop").click();
    await page.getByTestId("confirm-stop").click();
    await c.waitForPath(/\/operations\/\d+$/);
    await waitForOperation();
    await expect.poll(async () => page.getByTestId("job-action-start").isEnabled(), { timeout: 30_000 }).toBe(true);
    expect(await page.getByTestId("job-desired").textContent()).toContain("stopped");

    await c.goto(`${jobPath}/savepoints?kind=savepoint`);
    await expect.poll(() => page.getByTestId("savepoint-row").count()).toBe(2);
    const newest = page.getByTestId("savepoint-row").first();
    expect(await newest.textContent()).toContain("on stop");
    const path = (await newest.getByTestId("savepoint-path").textContent())!;
    await newest.getByTestId("start-from-this").click();
    const dialog = page.getByTestId("start-dialog");
    await expect.poll(() => dialog.getByTestId("restore-preview").textContent()).toContain(path);
    await dialog.getByTestId("confirm-start").click();
    await c.waitForPath(/\/operations\/\d+$/);
    await waitForOperation();
    await expect.poll(state, { timeout: 60_000, interval: 500 }).toBe("running");
    expect(await page.getByTestId("operation-steps").textContent()).toContain(path);
  });

  let lineLink = "";
  it("opens the JobManager log and links to a range of lines", async () => {
    await c.goto(`${jobPath}/logs`);
    const viewer = page.getByTestId("log-viewer");
    await expect.poll(() => viewer.textContent(), { timeout: 20_000 }).toContain("Rest endpoint listening at");
    // The address names the log and the run, so a link to lines opens this log.
    await expect.poll(() => new URL(page.url()).searchParams.get("source")).toBe("jobmanager");
    expect(new URL(page.url()).searchParams.get("run")).toMatch(/^\d+$/);

    await page.getByTestId("line-number-3").click();
    await page.getByTestId("line-number-5").click({ modifiers: ["Shift"] });
    await expect.poll(() => new URL(page.url()).hash).toBe("#L3-L5");
    expect(await page.locator('[data-line="4"][data-selected]').count()).toBe(1);

    await page.getByTestId("copy-log-link").click();
    lineLink = await page.evaluate(() => navigator.clipboard.readText());
    expect(new URL(lineLink).hash).toBe("#L3-L5");
    expect(new URL(lineLink).searchParams.get("source")).toBe("jobmanager");

    // Search highlights matches and counts them.
    await viewer.getByLabel("Search the log").fill("Rest endpoint");
    await expect.poll(() => page.getByTestId("log-match-count").textContent()).toMatch(/^1 of \d+$/);
    expect(await viewer.locator("mark").count()).toBeGreaterThan(0);

    // The keyboard way to a line link: type it.
    await viewer.getByLabel(/Go to line/).fill("7-8");
    await viewer.getByLabel(/Go to line/).press("Enter");
    await expect.poll(() => new URL(page.url()).hash).toBe("#L7-L8");
  });

  it("a copied line link opens the same lines, highlighted, in a fresh page", async () => {
    const fresh = await context.newPage();
    await fresh.goto(lineLink);
    const line = fresh.locator('[data-line="3"]');
    await line.waitFor({ timeout: 20_000 });
    await expect.poll(() => fresh.locator("[data-selected]").count()).toBe(3);
    expect(await fresh.locator('[data-line="3"]').getAttribute("data-selected")).toBe("true");
    expect(await fresh.locator('[data-line="6"]').getAttribute("data-selected")).toBeNull();
    expect(await line.isVisible()).toBe(true);
    await fresh.close();
  });

  it("draws the state timeline above the event list", async () => {
    await c.goto(`${jobPath}/events`);
    const timeline = page.getByTestId("state-timeline");
    await timeline.waitFor();
    // Two runs: two bands, each with a RUNNING stretch.
    expect(await page.getByTestId("timeline-band").count()).toBeGreaterThanOrEqual(2);
    expect(await timeline.locator('[data-testid="timeline-segment"][data-state="RUNNING"]').count()).toBeGreaterThanOrEqual(2);
    await timeline.locator('[data-testid="timeline-segment"][data-state="RUNNING"]').first().hover();
    await expect.poll(() => page.getByRole("tooltip").first().textContent()).toMatch(/^running · from .* (for|so far)/);
    expect(await page.getByTestId("event-row").count()).toBeGreaterThan(3);
  });

  it("cancels two jobs at once from the job center, with a result per job", async () => {
    await c.goto(`/teams/${team}/jobs`);
    await page.getByLabel(`Select ${job}`).check();
    await page.getByLabel(`Select ${idle}`).check();
    expect(await page.getByTestId("selected-count").textContent()).toBe("2 selected");
    await page.getByTestId("bulk-cancel").click();
    const confirm = page.getByRole("dialog");
    expect(await confirm.getByRole("heading").textContent()).toBe("Cancel 2 jobs?");
    await confirm.getByTestId("confirm-bulk").click();

    const results = page.getByTestId("bulk-result");
    await expect.poll(() => results.count(), { timeout: 20_000 }).toBe(2);
    const queued = page.locator('[data-testid="bulk-result"][data-ok="true"]');
    const refused = page.locator('[data-testid="bulk-result"][data-ok="false"]');
    expect(await queued.textContent()).toMatch(new RegExp(`${job}Operation #\\d+ queued`));
    expect(await refused.textContent()).toContain(idle);
    expect(await refused.textContent()).toContain("nothing to cancel");

    await queued.getByRole("link").click();
    await c.waitForPath(/\/operations\/\d+$/);
    await waitForOperation();
    await expect.poll(state, { timeout: 30_000 }).toBe("canceled");
  });

  it("shows Flink's root cause of a failure first, and recovers the failed job from the job center", async () => {
    await apiAction(fragile, "build");
    await apiAction(fragile, "start");
    const runs = (await (await admin.fetch(`/api/v1/teams/${team}/jobs/${fragile}/runs`)).json()) as { runs: { flinkJobId: string }[] };
    const sim = (await (await fetch(`${simUrl}/_sim`)).json()) as SimInfo;
    const failed = await fetch(`${simUrl}/_sim/jobmanagers/${sim.sqlGateway.jobmanager}/jobs/${runs.runs[0]!.flinkJobId}/fail`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ exception: "java.lang.IllegalStateException: orders topic is gone", restarts: "exhaust" }),
    });
    expect(failed.status, await failed.clone().text()).toBe(200);

    await c.goto(`/teams/${team}/jobs/${fragile}`);
    await expect.poll(async () => (await page.reload(), state()), { timeout: 45_000, interval: 1000 }).toBe("failed");
    await c.goto(`/teams/${team}/jobs/${fragile}/logs?view=exceptions`);
    const root = page.getByTestId("root-cause");
    await root.waitFor();
    expect(await root.textContent()).toContain("java.lang.IllegalStateException");
    expect(await root.textContent()).toContain("orders topic is gone");
    // The stack trace is there, folded.
    expect(await root.locator("details").getAttribute("open")).toBeNull();

    // Whatever the table shows (here: only running jobs), the job center says a job needs attention.
    await c.goto(`/teams/${team}/jobs?state=RUNNING`);
    const banner = page.getByTestId("recover-all-banner");
    expect(await banner.textContent()).toMatch(/need(s)? attention: 1 failed/);
    expect(await banner.textContent()).toContain(fragile);
    expect(await banner.getByTestId("recover-all").textContent()).toContain("Recover all 1");

    await c.goto(`/teams/${team}/jobs?state=FAILED`);
    await page.getByLabel(`Select ${fragile}`).check();
    await page.getByTestId("bulk-recover").click();
    const confirm = page.getByRole("dialog");
    expect(await confirm.getByRole("heading").textContent()).toBe("Recover 1 job?");
    await confirm.getByTestId("confirm-bulk").click();
    const queued = page.locator('[data-testid="bulk-result"][data-ok="true"]');
    await queued.waitFor({ timeout: 20_000 });
    await queued.getByRole("link").click();
    await c.waitForPath(/\/operations\/\d+$/);
    await waitForOperation();
    await expect.poll(state, { timeout: 30_000 }).toBe("running");
    // Recovery restores from the newest savepoint or checkpoint.
    expect(await page.getByTestId("operation-steps").textContent()).toMatch(/Choose snapshot[\s\S]*(Restoring from checkpoint|No savepoint or checkpoint on record)/);
  });
});
