import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { ensureBuilt } from "@/lib/runtime/build";
import { startConsole } from "./console-process";

export const E2E_ADMIN_PASSWORD = "e2e-admin-password";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    adminPassword: string;
    dataDir: string;
  }
}

/** Builds the console if the code changed, then starts one instance that every e2e file uses. */
export default async function setup(project: TestProject) {
  const root = path.resolve(import.meta.dirname, "..", "..");
  await ensureBuilt(root, (l) => console.log(`[e2e] ${l}`));
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "eddy-e2e-"));
  const app = await startConsole({ dataDir, adminPassword: E2E_ADMIN_PASSWORD });
  project.provide("baseUrl", app.baseUrl);
  project.provide("adminPassword", E2E_ADMIN_PASSWORD);
  project.provide("dataDir", dataDir);
  return async () => {
    await app.stop();
    if (process.env.EDDY_E2E_LOG === "1") console.log(app.output());
    await fs.rm(dataDir, { recursive: true, force: true });
  };
}
