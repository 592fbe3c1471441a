import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { ensureBuilt } from "@/lib/runtime/build";
import { writeSimKubeconfig } from "@/test/flink-sim/kubeconfig";
import { startFlinkSim } from "@/test/flink-sim";
import { startConsole } from "./console-process";

export const E2E_ADMIN_PASSWORD = "e2e-admin-password";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    adminPassword: string;
    dataDir: string;
    simUrl: string;
  }
}

/**
 * Builds the console if the code changed, starts the Flink simulator, then one console that every
 * e2e file uses. The console reaches the simulated Kubernetes through a kubeconfig, as it would a
 * real one, and probes clusters every second so tests see changes quickly.
 */
export default async function setup(project: TestProject) {
  const root = path.resolve(import.meta.dirname, "..", "..");
  await ensureBuilt(root, (l) => console.log(`[e2e] ${l}`));
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "eddy-e2e-"));
  const sim = await startFlinkSim({ dataDir: path.join(dataDir, "flink-sim"), speed: 5 });
  const info = (await (await fetch(`${sim.url}/_sim`)).json()) as { kubernetes: { url: string; ingressUrlTemplate: string }; yarn: { url: string } };
  const kubeconfig = path.join(dataDir, "kubeconfig.json");
  await writeSimKubeconfig(kubeconfig, info.kubernetes.url);
  const app = await startConsole({
    dataDir,
    adminPassword: E2E_ADMIN_PASSWORD,
    env: { KUBECONFIG: kubeconfig, EDDY_K8S_REST_URL_TEMPLATE: info.kubernetes.ingressUrlTemplate, EDDY_YARN_RM_URL: info.yarn.url, EDDY_YARN_USER: "flink", EDDY_CLUSTER_PROBE_SECONDS: "1" },
    publicUrl: true,
  });
  project.provide("baseUrl", app.baseUrl);
  project.provide("adminPassword", E2E_ADMIN_PASSWORD);
  project.provide("dataDir", dataDir);
  project.provide("simUrl", sim.url);
  return async () => {
    await app.stop();
    await sim.close();
    if (process.env.EDDY_E2E_LOG === "1") console.log(app.output());
    await fs.rm(dataDir, { recursive: true, force: true });
  };
}
