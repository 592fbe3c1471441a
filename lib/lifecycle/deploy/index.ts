import type { ExecutionMode } from "@/lib/jobs/settings";
import { kubernetesApplicationAdapter } from "./kubernetes";
import { sessionAdapter } from "./session";
import type { ModeAdapter } from "./types";
import { yarnApplicationAdapter, yarnPerJobAdapter } from "./yarn";

export type { DeployContext, ModeAdapter, Observed, OperateContext, RunPlacement, RunRef } from "./types";

const adapters: Record<ExecutionMode, ModeAdapter> = {
  remote: sessionAdapter,
  "yarn-session": sessionAdapter,
  "k8s-session": sessionAdapter,
  "yarn-application": yarnApplicationAdapter,
  "yarn-per-job": yarnPerJobAdapter,
  "k8s-application": kubernetesApplicationAdapter,
};

/** How Eddy deploys and operates a job in `mode` (lib/jobs/settings.ts executionModes). */
export function adapterFor(mode: ExecutionMode): ModeAdapter {
  const adapter = adapters[mode];
  if (!adapter) throw new Error(`No deploy adapter for execution mode "${String(mode)}".`);
  return adapter;
}
