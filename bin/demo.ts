/**
 * `npm run demo`: a working Eddy in one command, on a simulated Flink world. It starts the Flink
 * simulator (JobManagers, a SQL Gateway, YARN, Kubernetes; see test/flink-sim/README.md), then the
 * console exactly as `npm start` does but with its own data directory (.eddy-demo), registers the
 * simulator's FLINK_HOMEs and clusters (labelled "simulated"), and runs a few jobs on them.
 * Nothing here is used by the product; the console talks to the simulator as to real Flink.
 */
import { spawn } from "node:child_process";
import fs from "node:fs/promises";
import path from "node:path";
import { closeDb } from "@/db/client";
import { findCluster } from "@/db/queries/clusters";
import { findFlinkVersion } from "@/db/queries/flink-versions";
import { findJob } from "@/db/queries/jobs";
import { findTeam } from "@/db/queries/teams";
import { cliPrincipal } from "@/lib/auth/principal";
import { loadConfig } from "@/lib/config";
import { createCluster, updateCluster } from "@/lib/environments/clusters";
import { registerVersion } from "@/lib/environments/flink-versions";
import { createJob } from "@/lib/jobs/jobs";
import { requestAction } from "@/lib/lifecycle/operations";
import { freePort } from "@/lib/runtime/embedded-postgres";
import { provideDatabase } from "@/lib/runtime/database";
import { writeSimKubeconfig } from "@/test/flink-sim/kubeconfig";
import { startFlinkSim } from "@/test/flink-sim";

const root = path.resolve(import.meta.dirname, "..");
const log = (l: string) => console.log(`[demo] ${l}`);

type SimInfo = {
  jobmanagers: { name: string; url: string; kind: string; flinkVersion: string }[];
  sqlGateway: { url: string; jobmanager: string };
  yarn: { url: string };
  kubernetes: { url: string; ingressUrlTemplate: string };
  flinkHomes: Record<string, string>;
};

async function post(url: string, body: unknown): Promise<unknown> {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${url}: ${res.status} ${await res.text()}`);
  return res.json();
}

const DEMO_SQL = `CREATE TABLE orders (
  order_id BIGINT,
  amount DECIMAL(10, 2),
  order_time AS LOCALTIMESTAMP,
  WATERMARK FOR order_time AS order_time - INTERVAL '5' SECOND
) WITH ('connector' = 'datagen', 'rows-per-second' = '10');

CREATE TABLE orders_per_minute (
  window_start TIMESTAMP(3),
  orders BIGINT,
  revenue DECIMAL(38, 2)
) WITH ('connector' = 'blackhole');

INSERT INTO orders_per_minute
SELECT window_start, COUNT(*), SUM(amount)
FROM TABLE(TUMBLE(TABLE orders, DESCRIPTOR(order_time), INTERVAL '1' MINUTE))
GROUP BY window_start, window_end;
`;

async function main() {
  const dataDir = path.resolve(process.env.EDDY_DATA_DIR ?? path.join(root, ".eddy-demo"));
  const port = Number(process.env.PORT ?? 3000);
  const password = process.env.EDDY_ADMIN_PASSWORD ?? "eddy-demo";
  await fs.mkdir(dataDir, { recursive: true });

  // The same port as last time when it is free, so links into the simulator stay valid.
  const portFile = path.join(dataDir, "flink-sim.port");
  const lastPort = Number(await fs.readFile(portFile, "utf8").catch(() => "0")) || 0;
  const sim = await startFlinkSim({ port: await freePort(lastPort), dataDir: path.join(dataDir, "flink-sim") });
  await fs.writeFile(portFile, String(new URL(sim.url).port));
  const info = (await (await fetch(`${sim.url}/_sim`)).json()) as SimInfo;
  log(`Flink simulator on ${sim.url}`);

  // The console reaches the simulated Kubernetes like a real one: through a kubeconfig.
  const kubeconfig = path.join(dataDir, "kubeconfig");
  await writeSimKubeconfig(kubeconfig, info.kubernetes.url);

  const env = {
    ...process.env,
    EDDY_DATA_DIR: dataDir,
    DATABASE_URL: "",
    PORT: String(port),
    HOST: process.env.HOST ?? "127.0.0.1",
    EDDY_ADMIN_PASSWORD: password,
    KUBECONFIG: kubeconfig,
    EDDY_K8S_REST_URL_TEMPLATE: info.kubernetes.ingressUrlTemplate,
    EDDY_CLUSTER_PROBE_SECONDS: process.env.EDDY_CLUSTER_PROBE_SECONDS ?? "5",
    // A restarted simulator has forgotten the jobs of the last demo; say so soon rather than after a minute.
    EDDY_LOST_GRACE_SECONDS: process.env.EDDY_LOST_GRACE_SECONDS ?? "10",
    // YARN application and per-job jobs go to the simulated ResourceManager; Kubernetes JobManagers fetch jars from the console.
    EDDY_YARN_RM_URL: process.env.EDDY_YARN_RM_URL ?? info.yarn.url,
    EDDY_PUBLIC_URL: process.env.EDDY_PUBLIC_URL ?? `http://127.0.0.1:${port}`,
  };
  const console_ = spawn(process.execPath, ["--import", "tsx", "server.ts"], { cwd: root, env, stdio: "inherit" });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (console_.exitCode !== null) throw new Error("The console stopped during start; see above.");
    if (await fetch(`${base}/api/health`).then((r) => r.ok, () => false)) break;
    if (i > 900) throw new Error("The console did not start within 15 minutes.");
    await new Promise((r) => setTimeout(r, 1000));
  }

  // Register the simulated world through Eddy's own services, as an operator at the server would.
  const { embedded } = await provideDatabase({ ...loadConfig(env), dataDir }, () => {});
  const op = cliPrincipal("demo");
  const team = (await findTeam("default"))!;
  for (const [version, home] of Object.entries(info.flinkHomes)) {
    if (!(await findFlinkVersion(`flink-${version}`))) await registerVersion(op, { home, name: `flink-${version}`, description: "Simulated FLINK_HOME", isDefault: version.startsWith("2.") });
  }
  const jm = (name: string) => info.jobmanagers.find((j) => j.name === name)!;
  const yarnApp = ((await (await fetch(`${info.yarn.url}/ws/v1/cluster/apps?states=RUNNING`)).json()) as { apps: { app: { id: string }[] } | null }).apps?.app[0]?.id;
  const clusters = [
    { kind: "remote", name: "sim-standalone", restUrl: jm("standalone-1").url, flinkVersion: "flink-2.1.0", description: "A simulated standalone cluster (Flink 2.1)." },
    { kind: "remote", name: "sim-session", restUrl: jm(info.sqlGateway.jobmanager).url, sqlGatewayUrl: info.sqlGateway.url, flinkVersion: "flink-2.1.0", description: "A simulated session cluster with a SQL Gateway." },
    { kind: "remote", name: "sim-legacy", restUrl: jm("legacy-1").url, flinkVersion: "flink-1.20.1", description: "A simulated Flink 1.20 cluster." },
    ...(yarnApp ? [{ kind: "yarn-session", name: "sim-yarn-session", yarnRmUrl: info.yarn.url, yarnApplicationId: yarnApp, flinkVersion: "flink-2.1.0", description: "A simulated YARN session." }] : []),
    { kind: "k8s-session", name: "sim-k8s-session", k8sNamespace: "flink", k8sClusterId: "k8s-session-1", flinkVersion: "flink-2.1.0", description: "A simulated Kubernetes session (operator FlinkDeployment)." },
  ];
  for (const { name, kind, flinkVersion, description, ...where } of clusters) {
    // A simulator started again has new addresses (and a new YARN application): point the demo's clusters at them.
    if (await findCluster({ teamId: team.id, ref: name })) await updateCluster(op, team.id, name, kind === "k8s-session" ? {} : where);
    else await createCluster(op, team.id, { kind, name, flinkVersion, description, ...where, labels: ["simulated"] });
  }
  // An Eddy job started through its own lifecycle (the console's worker builds and deploys it).
  const existing = await findJob({ teamId: team.id, ref: "orders-per-minute" });
  if (!existing) {
    const job = await createJob(op, team.id, { name: "orders-per-minute", type: "sql", description: "Orders per minute, from generated data (demo).", sql: DEMO_SQL, settings: { mode: "remote", cluster: "sim-session", savepointDir: "file:///tmp/eddy-demo/savepoints" } });
    await requestAction(op, team.id, job.id, "start", {});
  }

  // Some work on the clusters, so their job counts mean something.
  const jobs: [string, string][] = [
    ["standalone-1", "orders-enrichment"],
    ["standalone-1", "clickstream-sessions"],
    [info.sqlGateway.jobmanager, "payments-fraud-scoring"],
    [info.sqlGateway.jobmanager, "inventory-cdc"],
    ["legacy-1", "legacy-billing"],
  ];
  for (const [name, job] of jobs) await post(`${sim.url}/_sim/jobmanagers/${name}/jobs`, { name: job, parallelism: 2 });

  const lines = [
    `Eddy demo: ${base}`,
    "  username: admin",
    `  password: ${password}`,
    `Flink, YARN and Kubernetes are SIMULATED (${sim.url}).`,
    `Data lives in ${dataDir}`,
    "Ctrl-C stops everything.",
  ];
  const width = Math.max(...lines.map((l) => l.length));
  console.log(`\n+${"-".repeat(width + 2)}+\n${lines.map((l) => `| ${l.padEnd(width)} |`).join("\n")}\n+${"-".repeat(width + 2)}+\n`);

  // The last demo's job ran on the simulator that stopped with it. Eddy marks it LOST, as it would
  // a job whose cluster was restarted; the demo then starts it again, as a person would.
  const resumed = existing?.desiredState === "running" ? startAgainWhenLost(op, team.id, existing.id) : Promise.resolve();
  void resumed.finally(async () => {
    await closeDb();
    await embedded?.stop();
  });

  const stop = async () => {
    console_.kill("SIGTERM");
    await new Promise((r) => console_.once("exit", r));
    await sim.close();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());
}

async function startAgainWhenLost(op: ReturnType<typeof cliPrincipal>, teamId: number, jobId: number): Promise<void> {
  log("orders-per-minute ran on the last demo's simulator; it starts again once Eddy notices it is gone.");
  for (let i = 0; i < 60; i++) {
    await new Promise((r) => setTimeout(r, 2000));
    const job = await findJob({ teamId, ref: jobId });
    if (!job || job.desiredState !== "running") return;
    if (["LOST", "FAILED", "CANCELED"].includes(job.observedState)) {
      await requestAction(op, teamId, jobId, "start", {}).then(
        () => log("orders-per-minute: started again."),
        (e) => log(`orders-per-minute was not started again: ${e instanceof Error ? e.message : e}`),
      );
      return;
    }
    if (job.observedState === "RUNNING" && i > 30) return;
  }
}

main().catch((e) => {
  console.error(`[demo] ${e instanceof Error ? e.message : e}`);
  process.exit(1);
});
