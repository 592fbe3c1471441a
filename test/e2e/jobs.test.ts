/**
 * The FlinkSQL IDE, end to end in the browser: a job using a variable and an uploaded connector
 * jar; a diagnostic for a broken statement and none for a valid window TVF query; two versions,
 * and their diff opened through a copied link by another member of the team, after signing in.
 */
import { randomBytes } from "node:crypto";
import type { Browser, BrowserContext, Page } from "playwright-core";
import yazl from "yazl";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser } from "../support/browser";
import { callAction } from "../support/server-actions";
import { HttpSession } from "../support/http-session";
import { Console, LoginPage, signedIn } from "./pages/console";

const baseUrl = inject("baseUrl");
const adminPassword = inject("adminPassword");
const simUrl = inject("simUrl");
const s = randomBytes(3).toString("hex");
const team = `ide-${s}`;
const job = `orders-per-minute-${s}`;
const reader = `reader-${s}`;
const readerPassword = "reader-password-1";

const VALID_SQL = `CREATE TABLE orders (
  order_id BIGINT,
  amount DECIMAL(10, 2),
  ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (
  'connector' = 'datagen',
  'rows-per-second' = '\${orders_rate}'
);

CREATE TABLE totals (
  window_start TIMESTAMP(3),
  window_end TIMESTAMP(3),
  total DECIMAL(10, 2)
) WITH ('connector' = 'print');

INSERT INTO totals
SELECT window_start, window_end, SUM(amount)
FROM TABLE(TUMBLE(TABLE orders, DESCRIPTOR(ts), INTERVAL '1' MINUTES))
GROUP BY window_start, window_end;
`;

/** A small real jar, as a connector would be. */
function connectorJar(): Promise<Buffer> {
  return new Promise((resolve) => {
    const zip = new yazl.ZipFile();
    zip.addBuffer(Buffer.from("Manifest-Version: 1.0\r\nCreated-By: e2e\r\n\r\n"), "META-INF/MANIFEST.MF");
    zip.addBuffer(Buffer.from([0xca, 0xfe, 0xba, 0xbe]), "org/example/connector/ExampleTableFactory.class");
    const chunks: Buffer[] = [];
    zip.outputStream.on("data", (c: Buffer) => chunks.push(c)).on("end", () => resolve(Buffer.concat(chunks)));
    zip.end();
  });
}

let browser: Browser;
let context: BrowserContext;
let page: Page;
let c: Console;
const admin = new HttpSession(baseUrl);

/** Replaces the editor's text as a person would: select all, then type (insertText keeps it fast). */
async function setEditorText(p: Page, text: string) {
  const content = p.locator(".cm-content").first();
  await content.click();
  await p.keyboard.press("Control+A");
  await p.keyboard.insertText(text);
}

const diagnosticsSummary = (p: Page) => p.getByTestId("sql-diagnostics").first().textContent();

beforeAll(async () => {
  expect(await admin.signIn("admin", adminPassword)).toBeNull();
  expect((await admin.json("/api/v1/teams", "POST", { name: team })).status).toBe(201);
  const created = await callAction(admin, "app/(console)/admin/users/actions.ts", "createUserAction", [{ username: reader, password: readerPassword }]);
  expect(created.ok).toBe(true);
  expect((await admin.json(`/api/v1/teams/${team}/members`, "POST", { user: reader, role: "viewer" })).status).toBe(201);
  const { jobmanagers } = (await (await fetch(`${simUrl}/_sim`)).json()) as { jobmanagers: { name: string; url: string }[] };
  const jm = jobmanagers.find((j) => j.name === "standalone-1")!;
  expect((await admin.json(`/api/v1/teams/${team}/clusters`, "POST", { kind: "remote", name: "sim-remote", restUrl: jm.url })).status).toBe(201);
  const sim = (await (await fetch(`${simUrl}/_sim`)).json()) as { jobmanagers: { name: string; url: string }[]; sqlGateway: { url: string; jobmanager: string } };
  const gatewayJm = sim.jobmanagers.find((j) => j.name === sim.sqlGateway.jobmanager)!;
  expect((await admin.json(`/api/v1/teams/${team}/clusters`, "POST", { kind: "remote", name: "sim-gateway", restUrl: gatewayJm.url, sqlGatewayUrl: sim.sqlGateway.url })).status).toBe(201);

  browser = await launchBrowser();
  context = await browser.newContext();
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseUrl });
  page = await context.newPage();
  c = await signedIn(page, baseUrl, "admin", adminPassword);
});

afterAll(async () => {
  await browser?.close();
});

describe("the FlinkSQL IDE", () => {
  it("uploads a connector jar and defines a variable", async () => {
    await c.goto(`/teams/${team}/resources`);
    await page.getByRole("button", { name: /upload/i }).first().click();
    const dialog = page.getByRole("dialog");
    await dialog.locator('input[type="file"]').setInputFiles({ name: "example-connector-1.0.jar", mimeType: "application/java-archive", buffer: await connectorJar() });
    await dialog.getByLabel(/kind/i).selectOption("connector");
    await dialog.getByRole("button", { name: /upload/i }).click();
    await dialog.waitFor({ state: "detached", timeout: 20_000 });
    await expect.poll(() => page.getByText("example-connector-1.0.jar").count()).toBeGreaterThan(0);

    expect((await admin.json(`/api/v1/teams/${team}/variables`, "POST", { name: "orders_rate", value: "20" })).status).toBe(201);
  });

  it("shows no problem for a valid window TVF query, and a diagnostic for a broken statement", async () => {
    await c.goto(`/teams/${team}/jobs/new`);
    await page.getByLabel("Name").first().fill(job);
    await page.getByLabel("Cluster").selectOption("sim-remote");
    await setEditorText(page, VALID_SQL);
    await expect.poll(() => diagnosticsSummary(page), { timeout: 10_000 }).toBe("No problems");

    await setEditorText(page, `${VALID_SQL}\nSELECT order_id FROM orders WHERE (amount > 10;\n`);
    await expect.poll(() => diagnosticsSummary(page), { timeout: 10_000 }).toMatch(/1 error/);
    // The mark sits on the broken statement's line.
    expect(await page.locator(".cm-lintRange-error").count()).toBeGreaterThan(0);

    await setEditorText(page, VALID_SQL);
    await expect.poll(() => diagnosticsSummary(page), { timeout: 10_000 }).toBe("No problems");
  });

  it("creates the job with the connector as a dependency (version 1)", async () => {
    await page.getByLabel("Depend on example-connector-1.0.jar").check();
    await page.getByTestId("save-job-bottom").click();
    await c.waitForPath(new RegExp(`/jobs/${job}$`));
    expect(await page.getByTestId("job-name").textContent()).toBe(job);
    await expect.poll(() => page.getByText("example-connector-1.0.jar").count()).toBeGreaterThan(0);
  });

  it("saves a second version with a note", async () => {
    await c.goto(`/teams/${team}/jobs/${job}/sql`);
    await setEditorText(page, VALID_SQL.replace("INTERVAL '1' MINUTES", "INTERVAL '5' MINUTES"));
    await page.getByLabel("Note for this version").fill("Five-minute windows");
    await page.getByTestId("save-job-bottom").click();
    await expect.poll(() => page.getByText(/Saved as version 2/).count(), { timeout: 10_000 }).toBeGreaterThan(0);
  });

  it("a teammate opens the copied link to the diff, signing in first, and lands on it", async () => {
    await c.goto(`/teams/${team}/jobs/${job}/versions`);
    await page.getByTestId("compare-versions").click();
    await c.waitForPath(/\/versions\/1\.\.\.2$/);
    await page.getByRole("button", { name: "Copy link to this comparison" }).click();
    const link = await page.evaluate(() => navigator.clipboard.readText());
    expect(link).toBe(`${baseUrl.replace("127.0.0.1", new URL(page.url()).hostname)}/teams/${team}/jobs/${job}/versions/1...2`);

    const teammate = await (await browser.newContext()).newPage();
    await teammate.goto(link);
    await teammate.waitForURL(/\/login/);
    await new LoginPage(teammate, baseUrl).signIn(reader, readerPassword);
    await teammate.waitForURL((u) => u.pathname === `/teams/${team}/jobs/${job}/versions/1...2`, { timeout: 30_000 });
    expect(await teammate.getByTestId("diff-title").textContent()).toBe("Version 1 → version 2");
    // Both sides of the change are on screen.
    await expect.poll(() => teammate.getByText("INTERVAL '1' MINUTES").count()).toBeGreaterThan(0);
    await expect.poll(() => teammate.getByText("INTERVAL '5' MINUTES").count()).toBeGreaterThan(0);
    await teammate.context().close();
  });

  it("a link to a job in a team the teammate is not in answers not found", async () => {
    const other = await (await browser.newContext()).newPage();
    await new LoginPage(other, baseUrl).open();
    await new LoginPage(other, baseUrl).signIn(reader, readerPassword);
    await other.waitForURL(/\/teams\//);
    const res = await other.goto(`${baseUrl}/teams/default/jobs/${job}/versions/1...2`);
    expect(res?.status()).toBe(404);
    await other.context().close();
  });
});

describe("the editor's tools", () => {
  const editorText = () => page.locator(".cm-content").first().innerText();

  it("Format rewrites the script in Flink's style, and full screen opens and closes with Escape", async () => {
    await c.goto(`/teams/${team}/jobs/new`);
    await setEditorText(page, "select order_id,amount from orders where amount>10");
    await page.getByRole("button", { name: /^Format/ }).click();
    await expect.poll(editorText).toMatch(/^SELECT\s+order_id,\s+amount\s+FROM\s+orders\s+WHERE\s+amount > 10/);

    await page.getByRole("button", { name: /^Full screen/ }).click();
    await expect.poll(() => page.locator('[data-slot="sql-editor"][data-fullscreen]').count()).toBe(1);
    await page.keyboard.press("Escape");
    await expect.poll(() => page.locator('[data-slot="sql-editor"][data-fullscreen]').count()).toBe(0);
  });

  it("completes the columns of a table the script declares", async () => {
    await c.goto(`/teams/${team}/jobs/new`);
    await setEditorText(page, `${VALID_SQL}\nSELECT amo`);
    await page.keyboard.press("Control+Space");
    const options = page.locator(".cm-tooltip-autocomplete li");
    await expect.poll(() => options.allInnerTexts(), { timeout: 10_000 }).toContainEqual(expect.stringContaining("amount"));
  });

  it("Verify with Flink shows Flink's plan, and Flink's own error for an unknown table", async () => {
    await c.goto(`/teams/${team}/jobs/new`);
    await page.getByLabel("Cluster").selectOption("sim-gateway");
    await setEditorText(page, VALID_SQL);
    await page.getByTestId("verify-with-flink").click();
    const results = page.getByTestId("verify-result");
    await expect.poll(() => results.count(), { timeout: 30_000 }).toBe(3);
    expect(await results.last().textContent()).toMatch(/planned/);
    expect(await results.last().textContent()).toContain("== Optimized Execution Plan ==");
    await page.keyboard.press("Escape");

    await setEditorText(page, VALID_SQL.replace("INSERT INTO totals", "INSERT INTO nowhere"));
    await page.getByTestId("verify-with-flink").click();
    await expect.poll(() => results.last().textContent(), { timeout: 30_000 }).toMatch(/rejected.*Object 'nowhere' not found/s);
    await page.keyboard.press("Escape");
  });

  it("asks before a link takes away unsaved changes, and stays when told to", async () => {
    await c.goto(`/teams/${team}/jobs/${job}/sql`);
    await setEditorText(page, `${VALID_SQL}\n-- an unsaved thought\n`);
    await expect.poll(() => page.getByText("Unsaved changes").count()).toBeGreaterThan(0);
    const asked: string[] = [];
    page.once("dialog", (d) => (asked.push(d.message()), void d.dismiss()));
    await page.locator(`a[href="/teams/${team}/jobs/${job}/versions"]`).first().click();
    await expect.poll(() => asked.length).toBe(1);
    expect(asked[0]).toBe("Your changes to this job are not saved. Leave anyway?");
    expect(new URL(page.url()).pathname).toBe(`/teams/${team}/jobs/${job}/sql`);
    expect(await editorText()).toContain("an unsaved thought");

    page.once("dialog", (d) => void d.accept());
    await page.locator(`a[href="/teams/${team}/jobs/${job}/versions"]`).first().click();
    await c.waitForPath(new RegExp(`/jobs/${job}/versions$`));
  });
});

describe("links after a rename", () => {
  it("a link with the job's old name opens the same tab under its new name", async () => {
    const before = `renamed-${s}`;
    const after = `renamed-again-${s}`;
    const created = await admin.json(`/api/v1/teams/${team}/jobs`, "POST", { name: before, type: "sql", sql: "SELECT 1;", settings: { mode: "remote", cluster: "sim-remote" } });
    expect(created.status, await created.clone().text()).toBe(201);
    const renamed = await admin.json(`/api/v1/teams/${team}/jobs/${before}`, "PATCH", { name: after });
    expect(renamed.status, await renamed.clone().text()).toBe(200);
    await page.goto(`${baseUrl}/teams/${team}/jobs/${before}/versions`);
    await c.waitForPath(new RegExp(`/teams/${team}/jobs/${after}/versions$`));
    expect(await page.getByTestId("job-name").textContent()).toBe(after);
    // A name no job ever had is still not found.
    expect((await page.goto(`${baseUrl}/teams/${team}/jobs/never-${s}`))?.status()).toBe(404);
  });
});
