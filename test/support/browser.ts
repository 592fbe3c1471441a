import fs from "node:fs";
import { chromium, type Browser } from "playwright-core";

const CHROMIUM = process.env.EDDY_CHROMIUM ?? "/usr/bin/chromium";

/** Debian's Chromium, headless, with the flags this sandbox needs (no network besides localhost). */
export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: install it with \`apt-get install -y chromium\` (.ci/run does this).`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run"],
  });
}
