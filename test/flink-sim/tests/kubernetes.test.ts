/**
 * The Kubernetes API and the operator loop. Every object read back is validated against its CRD
 * schema, including the status the operator writes.
 */
import { CustomObjectsApi, KubeConfig, KubernetesObjectApi, PatchStrategy, setHeaderOptions } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FlinkSim } from "../index";
import { validateCrd } from "../spec-validator";
import { call, get, post, simulator, until } from "./support";

let sim: FlinkSim;
let api: string;
const GROUP = "apis/flink.apache.org/v1beta1";

beforeAll(async () => {
  sim = await simulator();
  api = `${sim.url}/k8s`;
});
afterAll(() => sim.close());

type Obj = { metadata: Record<string, any>; spec: Record<string, any>; status?: Record<string, any> };

async function read(kind: "flinkdeployments" | "flinksessionjobs", name: string, ns = "flink"): Promise<Obj> {
  const r = await get(`${api}/${GROUP}/namespaces/${ns}/${kind}/${name}`);
  expect(r.status).toBe(200);
  expect(validateCrd(kind === "flinkdeployments" ? "FlinkDeployment" : "FlinkSessionJob", r.body)).toEqual([]);
  return r.body;
}

/** Polls an object until `done`, validating each version, and returns the states seen on the way. */
async function watch(kind: "flinkdeployments" | "flinksessionjobs", name: string, done: (o: Obj) => boolean, pick: (o: Obj) => string = (o) => `${o.status?.lifecycleState}/${o.status?.jobManagerDeploymentStatus}`) {
  const seen: string[] = [];
  const last = await until(
    async () => {
      const o = await read(kind, name);
      const s = pick(o);
      if (seen.at(-1) !== s) seen.push(s);
      return o;
    },
    done,
  );
  return { last, seen };
}

const deployment = (name: string, spec: Record<string, unknown> = {}) => ({
  apiVersion: "flink.apache.org/v1beta1",
  kind: "FlinkDeployment",
  metadata: { name, labels: { team: "data" } },
  spec: { image: "flink:2.1", flinkVersion: "v2_1", serviceAccount: "flink", jobManager: { resource: { memory: "2048m", cpu: 1 } }, taskManager: { resource: { memory: "2048m", cpu: 1 } }, ...spec },
});

describe("the API server", () => {
  it("serves discovery, and the default session deployment STABLE/READY with its JobManager behind the ingress", async () => {
    expect((await get(`${api}/version`)).body.gitVersion).toMatch(/^v1\.\d+/);
    expect((await get(`${api}/apis`)).body.groups[0].name).toBe("flink.apache.org");
    const resources = (await get(`${api}/${GROUP}`)).body.resources.map((r: { name: string }) => r.name);
    expect(resources).toEqual(expect.arrayContaining(["flinkdeployments", "flinkdeployments/status", "flinksessionjobs", "flinksessionjobs/status"]));
    const dep = await read("flinkdeployments", "k8s-session-1");
    expect(dep.status).toMatchObject({ lifecycleState: "STABLE", jobManagerDeploymentStatus: "READY" });
    expect((await get(`${sim.url}/k8s-ingress/flink/k8s-session-1/overview`)).body["flink-version"]).toBe("2.1.0");
    expect((await get(`${sim.url}/k8s-ingress/flink/nothing/overview`)).status).toBe(404);
  });

  it("creates with metadata, refuses duplicates and invalid objects, prunes unknown fields", async () => {
    const created = await post(`${api}/${GROUP}/namespaces/flink/flinkdeployments`, { ...deployment("crud-1"), spec: { ...deployment("crud-1").spec, bogus: true } });
    expect(created.status).toBe(201);
    expect(created.headers.warning).toContain('unknown field \\"spec.bogus\\"');
    expect(created.body.metadata).toMatchObject({ name: "crud-1", namespace: "flink", generation: 1, labels: { team: "data" } });
    expect(created.body.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.body.metadata.creationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(created.body.spec).not.toHaveProperty("bogus");
    const dup = await post(`${api}/${GROUP}/namespaces/flink/flinkdeployments`, deployment("crud-1"));
    expect(dup.body).toMatchObject({ kind: "Status", status: "Failure", reason: "AlreadyExists", code: 409 });
    const invalid = await post(`${api}/${GROUP}/namespaces/flink/flinkdeployments`, deployment("crud-2", { job: { jarURI: "local:///x.jar", upgradeMode: "sometimes" } }));
    expect(invalid.status).toBe(422);
    expect(invalid.body.reason).toBe("Invalid");
    expect(invalid.body.details.causes[0]).toMatchObject({ reason: "FieldValueNotSupported", field: "spec.job.upgradeMode" });
    expect(invalid.body.message).toContain('FlinkDeployment.flink.apache.org "crud-2" is invalid: spec.job.upgradeMode: Unsupported value: "sometimes"');
    expect((await get(`${api}/${GROUP}/namespaces/flink/flinkdeployments/crud-2`)).body).toMatchObject({ reason: "NotFound", code: 404 });
    const list = await get(`${api}/${GROUP}/namespaces/flink/flinkdeployments?labelSelector=team%3Ddata`);
    expect(list.body.kind).toBe("FlinkDeploymentList");
    expect(list.body.items.map((o: Obj) => o.metadata.name)).toEqual(["crud-1"]);
  });

  it("patches with merge and JSON patches, refuses strategic merge, detects conflicts, keeps status to /status", async () => {
    await post(`${api}/${GROUP}/namespaces/flink/flinkdeployments`, deployment("patchy"));
    const url = `${api}/${GROUP}/namespaces/flink/flinkdeployments/patchy`;
    const merged = await call("PATCH", url, { spec: { flinkConfiguration: { "taskmanager.numberOfTaskSlots": "2" } } }, { "content-type": "application/merge-patch+json" });
    expect(merged.status).toBe(200);
    expect(merged.body.metadata.generation).toBe(2);
    const patched = await call("PATCH", url, [{ op: "replace", path: "/spec/image", value: "flink:2.1.0" }], { "content-type": "application/json-patch+json" });
    expect(patched.body.spec.image).toBe("flink:2.1.0");
    expect(patched.body.metadata.generation).toBe(3);
    expect((await call("PATCH", url, { spec: { image: "x" } }, { "content-type": "application/strategic-merge-patch+json" })).status).toBe(415);
    expect((await call("PATCH", url, { spec: { image: "x" } }, { "content-type": "application/json-patch+json" })).status).toBe(400);
    const labelsOnly = await call("PATCH", url, { metadata: { labels: { tier: "gold" } } }, { "content-type": "application/merge-patch+json" });
    expect(labelsOnly.body.metadata.generation).toBe(3);

    const current = (await get(url)).body;
    const stale = await call("PUT", url, { ...current, metadata: { ...current.metadata, resourceVersion: "1" } });
    expect(stale.body).toMatchObject({ reason: "Conflict", code: 409 });
    // A resourceVersion in a merge patch is a precondition too.
    const stalePatch = await call("PATCH", url, { metadata: { resourceVersion: "1" }, spec: { image: "y" } }, { "content-type": "application/merge-patch+json" });
    expect(stalePatch.body).toMatchObject({ reason: "Conflict", code: 409 });
    // A fresh resourceVersion passes. The operator may write the status in between (which moves the
    // resourceVersion, as in Kubernetes), so read and patch again on a conflict, as clients do.
    let freshPatch = { status: 0 };
    for (let i = 0; i < 5 && freshPatch.status !== 200; i++) {
      const latest = (await get(url)).body;
      freshPatch = await call("PATCH", url, { metadata: { resourceVersion: latest.metadata.resourceVersion }, spec: { image: "flink:2.1.0" } }, { "content-type": "application/merge-patch+json" });
    }
    expect(freshPatch.status).toBe(200);
    const ignoredStatus = await call("PUT", url, { ...current, status: { lifecycleState: "FAILED" } });
    expect(ignoredStatus.body.status?.lifecycleState).not.toBe("FAILED");
    const status = await call("PATCH", `${url}/status`, { status: { error: "x" } }, { "content-type": "application/merge-patch+json" });
    expect(status.body.status.error).toBe("x");
    expect(status.body.metadata.generation).toBe(3);
  });

  it("works with @kubernetes/client-node (CustomObjectsApi and KubernetesObjectApi)", async () => {
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [{ name: "sim", server: api, skipTLSVerify: true }],
      users: [{ name: "u", token: "t" }],
      contexts: [{ name: "c", cluster: "sim", user: "u" }],
      currentContext: "c",
    });
    const custom = kc.makeApiClient(CustomObjectsApi);
    const base = { group: "flink.apache.org", version: "v1beta1", namespace: "flink", plural: "flinkdeployments" };
    await custom.createNamespacedCustomObject({ ...base, body: deployment("via-client") });
    const list = (await custom.listNamespacedCustomObject(base)) as { items: Obj[] };
    expect(list.items.map((o) => o.metadata.name)).toContain("via-client");
    const patched = (await custom.patchNamespacedCustomObject({ ...base, name: "via-client", body: { spec: { job: undefined, image: "flink:2.1.1" } } }, setHeaderOptions("Content-Type", PatchStrategy.MergePatch))) as Obj;
    expect(patched.spec.image).toBe("flink:2.1.1");
    const objects = KubernetesObjectApi.makeApiClient(kc);
    const read = await objects.read({ apiVersion: "flink.apache.org/v1beta1", kind: "FlinkDeployment", metadata: { name: "via-client", namespace: "flink" } });
    expect(read.metadata?.name).toBe("via-client");
    await custom.deleteNamespacedCustomObject({ ...base, name: "via-client" });
  });
});

describe("the operator", () => {
  it("brings a session deployment to STABLE/READY and starts its JobManager", async () => {
    await post(`${api}/${GROUP}/namespaces/flink/flinkdeployments`, deployment("session-a"));
    const { last, seen } = await watch("flinkdeployments", "session-a", (o) => o.status?.lifecycleState === "STABLE");
    expect(seen).toEqual(["undefined/undefined", "CREATED/MISSING", "DEPLOYED/DEPLOYING", "DEPLOYED/DEPLOYED_NOT_READY", "DEPLOYED/READY", "STABLE/READY"].filter((s) => seen.includes(s)));
    expect(seen).toContain("DEPLOYED/DEPLOYING");
    expect(seen.at(-1)).toBe("STABLE/READY");
    expect(last.metadata.finalizers).toEqual(["flinkdeployments.flink.apache.org/finalizer"]);
    expect(last.status!.observedGeneration).toBe(1);
    expect(JSON.parse(last.status!.reconciliationStatus.lastReconciledSpec).spec.image).toBe("flink:2.1");
    expect(last.status!.clusterInfo["flink-version"]).toBe("2.1.0");
    expect((await get(`${sim.url}/k8s-ingress/flink/session-a/config`)).body["flink-version"]).toBe("2.1.0");
  });

  it("runs an application deployment's job, suspends it with a savepoint, and resumes from it", async () => {
    const job = { jarURI: "local:///opt/flink/examples/streaming/StateMachineExample.jar", parallelism: 2, upgradeMode: "savepoint", state: "running" };
    await post(`${api}/${GROUP}/namespaces/flink/flinkdeployments`, deployment("app-a", { job }));
    const running = (await watch("flinkdeployments", "app-a", (o) => o.status?.lifecycleState === "STABLE")).last;
    const js = running.status!.jobStatus;
    expect(js).toMatchObject({ jobName: "State machine job", state: "RUNNING" });
    expect(js.startTime).toMatch(/^\d{13}$/);
    expect(js.updateTime).toMatch(/^\d{13}$/);
    expect((await get(`${sim.url}/k8s-ingress/flink/app-a/jobs/${js.jobId}/status`)).body.status).toBe("RUNNING");

    await call("PATCH", `${api}/${GROUP}/namespaces/flink/flinkdeployments/app-a`, { spec: { job: { state: "suspended" } } }, { "content-type": "application/merge-patch+json" });
    const suspended = (await watch("flinkdeployments", "app-a", (o) => o.status?.lifecycleState === "SUSPENDED")).last;
    const savepoint = suspended.status!.jobStatus.upgradeSavepointPath as string;
    expect(savepoint).toMatch(new RegExp(`/savepoint-${js.jobId.slice(0, 6)}-[0-9a-f]{12}$`));
    expect(suspended.status).toMatchObject({ jobManagerDeploymentStatus: "MISSING", jobStatus: { state: "FINISHED", savepointInfo: { lastSavepoint: { location: savepoint, triggerType: "UPGRADE" } } } });
    expect((await get(`${sim.url}/k8s-ingress/flink/app-a/overview`)).status).toBe(503);

    await call("PATCH", `${api}/${GROUP}/namespaces/flink/flinkdeployments/app-a`, { spec: { job: { state: "running" } } }, { "content-type": "application/merge-patch+json" });
    const resumed = (await watch("flinkdeployments", "app-a", (o) => o.status?.lifecycleState === "STABLE" && o.status?.jobStatus?.state === "RUNNING")).last;
    expect(resumed.status!.jobStatus.jobId).not.toBe(js.jobId);
    const restored = (await get(`${sim.url}/k8s-ingress/flink/app-a/jobs/${resumed.status!.jobStatus.jobId}/checkpoints`)).body.latest.restored;
    expect(restored).toMatchObject({ is_savepoint: true, external_path: savepoint });
  });

  it("takes a MANUAL savepoint when savepointTriggerNonce changes", async () => {
    const job = { jarURI: "local:///opt/flink/examples/streaming/TopSpeedWindowing.jar", upgradeMode: "stateless", savepointTriggerNonce: 0 };
    await post(`${api}/${GROUP}/namespaces/flink/flinkdeployments`, deployment("app-b", { job }));
    await watch("flinkdeployments", "app-b", (o) => o.status?.lifecycleState === "STABLE");
    await call("PATCH", `${api}/${GROUP}/namespaces/flink/flinkdeployments/app-b`, { spec: { job: { savepointTriggerNonce: 7 } } }, { "content-type": "application/merge-patch+json" });
    const done = (await watch("flinkdeployments", "app-b", (o) => o.status?.jobStatus?.savepointInfo?.lastSavepoint !== undefined)).last;
    expect(done.status!.jobStatus.savepointInfo.lastSavepoint).toMatchObject({ triggerType: "MANUAL", formatType: "CANONICAL", triggerNonce: 7 });
    expect(done.status!.jobStatus.savepointInfo.lastSavepoint.location).toMatch(/savepoint-[0-9a-f]{6}-[0-9a-f]{12}$/);
    expect(done.status!.jobStatus.state).toBe("RUNNING");
  });

  it("reports errors as a JSON string in status.error, and a failed job as FAILED", async () => {
    await post(`${api}/${GROUP}/namespaces/flink/flinkdeployments`, { ...deployment("broken"), spec: { image: "flink:2.1" } });
    const broken = (await watch("flinkdeployments", "broken", (o) => o.status?.error !== undefined)).last;
    expect(JSON.parse(broken.status!.error)).toMatchObject({ type: "org.apache.flink.kubernetes.operator.exception.ValidationException", message: "Flink Version must be defined." });

    await post(`${api}/${GROUP}/namespaces/flink/flinkdeployments`, deployment("app-c", { job: { jarURI: "local:///opt/flink/examples/streaming/TopSpeedWindowing.jar", upgradeMode: "stateless" } }));
    const stable = (await watch("flinkdeployments", "app-c", (o) => o.status?.lifecycleState === "STABLE")).last;
    await post(`${sim.url}/_sim/jobmanagers/app-c.flink/jobs/${stable.status!.jobStatus.jobId}/fail`, { exception: "java.lang.OutOfMemoryError: Java heap space", restarts: "exhaust" });
    const failed = (await watch("flinkdeployments", "app-c", (o) => o.status?.lifecycleState === "FAILED")).last;
    expect(failed.status!.jobStatus.state).toBe("FAILED");
    expect(JSON.parse(failed.status!.error).message).toContain("Recovery is suppressed");
  });

  it("deletes through DELETING, taking the JobManager away", async () => {
    await post(`${api}/${GROUP}/namespaces/flink/flinkdeployments`, deployment("short-lived"));
    await watch("flinkdeployments", "short-lived", (o) => o.status?.lifecycleState === "STABLE");
    const url = `${api}/${GROUP}/namespaces/flink/flinkdeployments/short-lived`;
    const deleted = await call("DELETE", url);
    expect(deleted.status).toBe(200);
    expect(deleted.body.metadata.deletionTimestamp).toBeDefined();
    const states = new Set<string>();
    await until(async () => {
      const r = await get(url);
      if (r.status === 200) states.add(r.body.status.lifecycleState);
      return r.status;
    }, (s) => s === 404);
    expect(states).toContain("DELETING");
    expect(sim.world.jobmanagers.has("short-lived.flink")).toBe(false);
  });

  it("runs a FlinkSessionJob on its session deployment, suspends it with a savepoint and deletes it", async () => {
    const job = { jarURI: "https://repo/jobs/etl.jar", entryClass: "com.example.Etl", parallelism: 1, upgradeMode: "savepoint" };
    const created = await post(`${api}/${GROUP}/namespaces/flink/flinksessionjobs`, { apiVersion: "flink.apache.org/v1beta1", kind: "FlinkSessionJob", metadata: { name: "etl" }, spec: { deploymentName: "k8s-session-1", job, flinkConfiguration: { "pipeline.name": "etl-job" } } });
    expect(created.status).toBe(201);
    const stable = (await watch("flinksessionjobs", "etl", (o) => o.status?.lifecycleState === "STABLE")).last;
    expect(stable.status!.jobStatus).toMatchObject({ jobName: "etl-job", state: "RUNNING" });
    const jobId = stable.status!.jobStatus.jobId;
    expect((await get(`${sim.url}/k8s-ingress/flink/k8s-session-1/jobs/${jobId}/status`)).body.status).toBe("RUNNING");

    await call("PATCH", `${api}/${GROUP}/namespaces/flink/flinksessionjobs/etl`, { spec: { job: { state: "suspended" } } }, { "content-type": "application/merge-patch+json" });
    const suspended = (await watch("flinksessionjobs", "etl", (o) => o.status?.lifecycleState === "SUSPENDED")).last;
    expect(suspended.status!.jobStatus.upgradeSavepointPath).toMatch(/savepoint-/);
    expect((await get(`${sim.url}/k8s-ingress/flink/k8s-session-1/jobs/${jobId}/status`)).body.status).toBe("FINISHED");

    await call("PATCH", `${api}/${GROUP}/namespaces/flink/flinksessionjobs/etl`, { spec: { job: { state: "running" } } }, { "content-type": "application/merge-patch+json" });
    const resumed = (await watch("flinksessionjobs", "etl", (o) => o.status?.lifecycleState === "STABLE" && o.status?.jobStatus?.jobId !== jobId)).last;
    await call("DELETE", `${api}/${GROUP}/namespaces/flink/flinksessionjobs/etl`);
    await until(() => get(`${api}/${GROUP}/namespaces/flink/flinksessionjobs/etl`), (r) => r.status === 404);
    expect((await get(`${sim.url}/k8s-ingress/flink/k8s-session-1/jobs/${resumed.status!.jobStatus.jobId}/status`)).body.status).toMatch(/CANCELLING|CANCELED/);
  });

  it("reports a session job whose deployment does not exist", async () => {
    await post(`${api}/${GROUP}/namespaces/flink/flinksessionjobs`, { apiVersion: "flink.apache.org/v1beta1", kind: "FlinkSessionJob", metadata: { name: "orphan" }, spec: { deploymentName: "missing", job: { jarURI: "https://x/y.jar" } } });
    const orphan = (await watch("flinksessionjobs", "orphan", (o) => o.status?.error !== undefined)).last;
    expect(JSON.parse(orphan.status!.error).message).toContain("flink/missing does not exist");
  });
});
