import { expect } from "vitest";
import type { Page } from "playwright-core";

/** Page objects: what a person does in the console, in the console's own words. */
export class LoginPage {
  constructor(private page: Page, private baseUrl: string) {}

  async open(): Promise<void> {
    await this.page.goto(`${this.baseUrl}/login`);
  }

  async signIn(username: string, password: string): Promise<void> {
    await this.page.getByLabel("Username").fill(username);
    await this.page.getByLabel("Password").fill(password);
    await this.page.getByRole("button", { name: "Sign in" }).click();
  }

  async error(): Promise<string> {
    return (await this.page.getByRole("alert").first().textContent()) ?? "";
  }
}

/** Signs in through the login page and waits for the console: the console's page object. */
export async function signedIn(page: Page, baseUrl: string, username: string, password: string): Promise<Console> {
  const login = new LoginPage(page, baseUrl);
  await login.open();
  await login.signIn(username, password);
  const c = new Console(page, baseUrl);
  await c.waitForPath(/^\/teams\//);
  return c;
}

export class Console {
  constructor(readonly page: Page, private baseUrl: string) {}

  async goto(path: string): Promise<void> {
    await this.page.goto(`${this.baseUrl}${path}`);
  }

  async waitForPath(re: RegExp): Promise<void> {
    await this.page.waitForURL((u) => re.test(u.pathname), { timeout: 30_000 });
  }

  /** The team names the team switcher offers. */
  async switcherTeams(): Promise<string[]> {
    await this.page.getByTestId("team-switcher").click();
    const options = this.page.getByTestId("team-option");
    await options.first().waitFor({ timeout: 10_000 }).catch(() => {});
    const names = (await options.allTextContents()).map((t) => t.trim());
    await this.page.keyboard.press("Escape");
    return names;
  }

  async createTeam(name: string, description = ""): Promise<void> {
    await this.goto("/admin/teams");
    await this.page.getByTestId("new-team").click();
    const dialog = this.page.getByRole("dialog");
    await dialog.getByLabel("Name").fill(name);
    if (description) await dialog.getByLabel("Description").fill(description);
    await dialog.getByRole("button", { name: "Create team" }).click();
    await dialog.waitFor({ state: "detached" });
  }

  async createUser(username: string, password: string): Promise<void> {
    await this.goto("/admin/users");
    await this.page.getByTestId("new-user").click();
    const dialog = this.page.getByRole("dialog");
    await dialog.getByLabel("Username").fill(username);
    await dialog.getByLabel("Password").fill(password);
    await dialog.getByRole("button", { name: "Create user" }).click();
    await dialog.waitFor({ state: "detached" });
    await expect.poll(() => this.page.getByRole("cell", { name: username, exact: true }).count()).toBeGreaterThan(0);
  }

  async addMember(team: string, username: string, role: string): Promise<void> {
    await this.goto(`/teams/${encodeURIComponent(team)}/members`);
    await this.page.getByTestId("add-member").click();
    const dialog = this.page.getByRole("dialog");
    await dialog.getByLabel("User").selectOption(username);
    await dialog.getByLabel("Role").selectOption(role);
    await dialog.getByRole("button", { name: "Add member" }).click();
    await dialog.waitFor({ state: "detached" });
  }

  async signOut(): Promise<void> {
    await this.page.getByTestId("user-menu").click();
    await this.page.getByTestId("sign-out").click();
    await this.waitForPath(/^\/login/);
  }
}
