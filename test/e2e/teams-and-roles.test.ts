/**
 * The end-to-end story in a real browser: the admin signs in, creates a team and a user,
 * adds the user with a role; the user signs in and sees that team and no other.
 */
import { randomBytes } from "node:crypto";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser } from "../support/browser";
import { Console, LoginPage } from "./pages/console";

const baseUrl = inject("baseUrl");
const adminPassword = inject("adminPassword");
const suffix = randomBytes(3).toString("hex");
const team = `payments-${suffix}`;
const user = `dana-${suffix}`;
const userPassword = "dana-password-1";

let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  browser = await launchBrowser();
  context = await browser.newContext();
  page = await context.newPage();
});

afterAll(async () => {
  await browser?.close();
});

describe("teams and roles, in the browser", () => {
  it("refuses a wrong password with a clear message", async () => {
    const login = new LoginPage(page, baseUrl);
    await login.open();
    await login.signIn("admin", "not-the-password");
    await expect.poll(() => login.error()).toContain("Wrong username or password.");
  });

  it("admin signs in and lands on a team (the one last opened; default on a fresh install)", async () => {
    const login = new LoginPage(page, baseUrl);
    await login.open();
    await login.signIn("admin", adminPassword);
    const c = new Console(page, baseUrl);
    await c.waitForPath(/^\/teams\/[^/]+$/);
    const landed = decodeURIComponent(new URL(page.url()).pathname.split("/")[2]!);
    expect(await page.getByTestId("team-name").textContent()).toBe(landed);
  });

  it("admin creates a team, a user, and adds the user as a developer", async () => {
    const c = new Console(page, baseUrl);
    await c.createTeam(team, "Card payments");
    await c.waitForPath(new RegExp(`^/teams/${team}/members$`));
    await c.createUser(user, userPassword);
    await c.addMember(team, user, "developer");
    const row = page.getByRole("row", { name: new RegExp(user) });
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.getByLabel(`Role of ${user}`).inputValue()).toBe("developer");
  });

  it("a team name with HTML renders as text, not markup", async () => {
    const c = new Console(page, baseUrl);
    const htmlName = `<img src=x onerror="window.__xss=1">${suffix}`;
    await c.createTeam(htmlName);
    await c.goto("/admin/teams");
    await expect.poll(() => page.getByRole("link", { name: htmlName }).count()).toBe(1);
    expect(await page.locator("td img").count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  });

  it("the new member signs in and sees that team and no other", async () => {
    const c = new Console(page, baseUrl);
    await c.signOut();
    const login = new LoginPage(page, baseUrl);
    await login.signIn(user, userPassword);
    await c.waitForPath(new RegExp(`^/teams/${team}$`));
    expect(await page.getByTestId("team-name").textContent()).toBe(team);
    expect(await c.switcherTeams()).toEqual([`${team}developer`]);
    expect(await page.getByRole("link", { name: "Users" }).count()).toBe(0);

    const res = await page.goto(`${baseUrl}/teams/default`);
    expect(res?.status()).toBe(404);
    expect(await page.getByRole("heading", { name: "Not found" }).count()).toBe(1);
  });
});
