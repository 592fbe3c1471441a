/**
 * Session clusters Eddy starts and stops, against the Flink simulator: a YARN session through the
 * FLINK_HOME's yarn-session.sh and the ResourceManager, a Kubernetes session through a
 * FlinkDeployment and the operator. A start retried after a crash adopts what the first one made.
 */
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rawSql } from "@/db/client";
import { findClusterById } from "@/db/queries/clusters";
import { probeAndRecord, startSessionCluster, stopSessionCluster, yarnSessionName } from "@/lib/environments/cluster-lifecycle";
import { clusterAction, createCluster } from "@/lib/environments/clusters";
import { registerVersion } from "@/lib/environments/flink-versions";
import { writeSimKubeconfig } from "@/test/flink-sim/kubeconfig";
import { startFlinkSim, type FlinkSim } from "@/test/flink-sim";
import { until } from "../support/sim-environment";
import { adminPrincipal, unique } from "../support/fixtures";

let sim: FlinkSim;
let info: { yarn: { url: string }; kubernetes: { url: string; ingressUrlTemplate: string }; flinkHomes: Record<string, string> };
let tmp: string;
const saved = { KUBECONFIG: process.env.KUBECONFIG, EDDY_K8S_REST_URL_TEMPLATE: process.env.EDDY_K8S_REST_URL_TEMPLATE, EDDY_YARN_USER: process.env.EDDY_YARN_USER };

type YarnApps = { apps: { app: { id: string; name: string; state: string }[] } | null };
const yarnApps = async () => ((await (await fetch(`${info.yarn.url}/ws/v1/cluster/apps`)).json()) as YarnApps).apps?.app ?? [];

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), "eddy-lifecycle-"));
  sim = await startFlinkSim({ dataDir: path.join(tmp, "sim"), speed: 20 });
  info = (await (await fetch(`${sim.url}/_sim`)).json()) as typeof info;
  const kubeconfig = path.join(tmp, "kubeconfig.json");
  await writeSimKubeconfig(kubeconfig, info.kubernetes.url);
  process.env.KUBECONFIG = kubeconfig;
  process.env.EDDY_K8S_REST_URL_TEMPLATE = info.kubernetes.ingressUrlTemplate;
  process.env.EDDY_YARN_USER = "flink";
  await registerVersion(await adminPrincipal(), { home: info.flinkHomes["2.1.0"]!, name: "flink-2.1.0" });
});

afterAll(async () => {
  await sim?.close();
  for (const [k, v] of Object.entries(saved)) (v === undefined ? delete process.env[k] : (process.env[k] = v));
  await fs.rm(tmp, { recursive: true, force: true });
});

describe("a YARN session Eddy starts", () => {
  let id = 0;

  it("starts with yarn-session.sh, records the application, and becomes healthy", async () => {
    const c = await createCluster(await adminPrincipal(), "default", { kind: "yarn-session", name: unique("yarn"), yarnRmUrl: info.yarn.url, start: true, flinkVersion: "flink-2.1.0" });
    id = c.id;
    expect(c.state).toBe("starting");
    await startSessionCluster(id);
    const started = (await findClusterById(id))!;
    expect(started.state).toBe("running");
    expect(started.yarnApplicationId).toMatch(/^application_\d+_\d+$/);
    const app = (await yarnApps()).find((a) => a.id === started.yarnApplicationId);
    expect(app).toMatchObject({ name: yarnSessionName(started), state: "RUNNING" });
    const probed = await until("probe", () => probeAndRecord(id), (c) => c?.health === "healthy");
    expect(probed?.jobsTotal).toBe(0);
  });

  it("adopts the application a crashed start left behind instead of starting a second", async () => {
    const before = (await findClusterById(id))!;
    // As if the worker died after yarn-session.sh succeeded but before the database heard of it.
    await rawSql()`update clusters set state = 'starting', yarn_application_id = null where id = ${id}`;
    await startSessionCluster(id);
    const after = (await findClusterById(id))!;
    expect(after.yarnApplicationId).toBe(before.yarnApplicationId);
    expect((await yarnApps()).filter((a) => a.name === yarnSessionName(after) && a.state === "RUNNING")).toHaveLength(1);
  });

  it("stops: the application is killed and the cluster is stopped", async () => {
    await clusterAction(await adminPrincipal(), "default", String(id), "stop");
    expect((await findClusterById(id))!.state).toBe("stopping");
    await stopSessionCluster(id);
    const c = (await findClusterById(id))!;
    expect(c.state).toBe("stopped");
    expect((await yarnApps()).find((a) => a.id === c.yarnApplicationId)?.state).toBe("KILLED");
    const probed = await probeAndRecord(id);
    expect(probed?.health).toBe("unreachable");
    expect(probed?.healthMessage).toMatch(/KILLED/);
  });

  it("notices a session killed outside Eddy", async () => {
    await clusterAction(await adminPrincipal(), "default", String(id), "start");
    await startSessionCluster(id);
    const c = (await findClusterById(id))!;
    expect(c.state).toBe("running");
    await fetch(`${info.yarn.url}/ws/v1/cluster/apps/${c.yarnApplicationId}/state?user.name=ops`, { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify({ state: "KILLED" }) });
    const after = await until("probe", () => probeAndRecord(id), (x) => x?.state === "stopped");
    expect(after?.stateMessage).toMatch(/Ended outside Eddy/);
  });
});

describe("a Kubernetes session Eddy starts", () => {
  it("creates a FlinkDeployment, runs once the JobManager answers, and stops by deleting it", async () => {
    const name = unique("k8s").toLowerCase().replace(/[^a-z0-9-]/g, "-");
    const c = await createCluster(await adminPrincipal(), "default", { kind: "k8s-session", name, k8sNamespace: "flink", k8sClusterId: name, start: true, flinkVersion: "flink-2.1.0" });
    await startSessionCluster(c.id);
    const dep = await fetch(`${info.kubernetes.url}/apis/flink.apache.org/v1beta1/namespaces/flink/flinkdeployments/${name}`);
    expect(dep.status).toBe(200);
    const running = await until("running", () => probeAndRecord(c.id), (x) => x?.state === "running");
    expect(running?.health).toBe("healthy");

    // A retried start finds the deployment and does not fail on "already exists".
    await rawSql()`update clusters set state = 'starting' where id = ${c.id}`;
    await startSessionCluster(c.id);
    expect((await findClusterById(c.id))!.state).toBe("starting");

    await rawSql()`update clusters set state = 'running' where id = ${c.id}`;
    await clusterAction(await adminPrincipal(), "default", String(c.id), "stop");
    await stopSessionCluster(c.id);
    expect((await findClusterById(c.id))!.state).toBe("stopped");
    await until("deleted", async () => (await fetch(`${info.kubernetes.url}/apis/flink.apache.org/v1beta1/namespaces/flink/flinkdeployments/${name}`)).status, (s) => s === 404);
  });
});
