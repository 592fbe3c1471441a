import fs from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { startFlinkSim, type FlinkSim } from "@/test/flink-sim";
import { writeSimKubeconfig } from "@/test/flink-sim/kubeconfig";

/** What GET /_sim says of the simulator's world (the parts tests use). */
export type SimInfo = {
  jobmanagers: { name: string; url: string; kind: string; flinkVersion: string }[];
  sqlGateway: { url: string; jobmanager: string };
  yarn: { url: string };
  kubernetes: { url: string; ingressUrlTemplate: string };
  flinkHomes: Record<"1.20.1" | "2.1.0", string>;
};

export type SimEnvironment = { sim: FlinkSim; info: SimInfo; tmp: string; close: () => Promise<void> };

/**
 * Eddy's artifact route served as the console serves it, so Kubernetes JobManagers can fetch jars
 * from signed URLs; its address becomes EDDY_PUBLIC_URL.
 */
async function serveArtifacts(): Promise<http.Server> {
  const { GET } = await import("@/app/api/artifacts/[release]/[file]/route");
  const server = http.createServer((req, res) => {
    void (async () => {
      const u = new URL(req.url ?? "/", "http://eddy.test");
      const m = /^\/api\/artifacts\/([^/]+)\/([^/]+)$/.exec(u.pathname);
      if (!m) return void res.writeHead(404).end();
      const answer = await GET(new Request(u), { params: Promise.resolve({ release: m[1]!, file: m[2]! }) });
      res.writeHead(answer.status, Object.fromEntries(answer.headers));
      res.end(Buffer.from(await answer.arrayBuffer()));
    })().catch(() => res.writeHead(500).end());
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return server;
}

/** Settings a simulator environment sets for the code under test, restored by close(). */
const ENV = ["KUBECONFIG", "EDDY_K8S_REST_URL_TEMPLATE", "EDDY_YARN_USER", "EDDY_DATA_DIR", "EDDY_PUBLIC_URL", "EDDY_YARN_RM_URL"] as const;

/**
 * The Flink simulator (at 20× speed) in this process, and the settings that point Eddy at it: a
 * kubeconfig for its Kubernetes API, the operator's ingress template, a YARN user. `env` adds or
 * overrides settings (e.g. EDDY_YARN_RM_URL); `artifacts` serves Eddy's signed jar downloads.
 * close() stops it all and restores the settings.
 */
export async function startSimEnvironment(
  prefix: string,
  env: Partial<Record<(typeof ENV)[number], string | undefined>> = {},
  opts: { artifacts?: boolean } = {},
): Promise<SimEnvironment> {
  const saved = Object.fromEntries(ENV.map((k) => [k, process.env[k]]));
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), `${prefix}-`));
  const sim = await startFlinkSim({ dataDir: path.join(tmp, "sim"), speed: 20 });
  const info = (await (await fetch(`${sim.url}/_sim`)).json()) as SimInfo;
  const kubeconfig = path.join(tmp, "kubeconfig.json");
  await writeSimKubeconfig(kubeconfig, info.kubernetes.url);
  const settings: Record<string, string | undefined> = { KUBECONFIG: kubeconfig, EDDY_K8S_REST_URL_TEMPLATE: info.kubernetes.ingressUrlTemplate, EDDY_YARN_USER: "flink", ...env };
  const artifacts = opts.artifacts ? await serveArtifacts() : null;
  if (artifacts) settings.EDDY_PUBLIC_URL = `http://127.0.0.1:${(artifacts.address() as AddressInfo).port}`;
  for (const [k, v] of Object.entries(settings)) (v === undefined ? delete process.env[k] : (process.env[k] = v));
  return {
    sim,
    info,
    tmp,
    close: async () => {
      await new Promise((r) => (artifacts ? artifacts.close(r) : r(undefined)));
      await sim.close();
      for (const [k, v] of Object.entries(saved)) (v === undefined ? delete process.env[k] : (process.env[k] = v));
      await fs.rm(tmp, { recursive: true, force: true });
    },
  };
}

/** Calls `fn` every 100 ms until `ok` accepts its value; fails naming `what` and the last value. */
export async function until<T>(what: string, fn: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
