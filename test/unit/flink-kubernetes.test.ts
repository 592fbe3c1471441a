/** FlinkDeployment / FlinkSessionJob through @kubernetes/client-node against a stub API server; builders and status views. */
import { KubeConfig } from "@kubernetes/client-node";
import { afterEach, describe, expect, it } from "vitest";
import { FlinkError, FlinkUnreachableError } from "@/lib/flink/errors";
import {
  applicationDeployment,
  flinkResourceStatus,
  flinkVersionEnum,
  jobManagerRestUrl,
  sessionClusterDeployment,
  sessionJob,
  type FlinkDeployment,
} from "@/lib/flink/kubernetes-crd";
import { FlinkKubernetesClient, loadKubeConfig } from "@/lib/flink/kubernetes";
import { closedPort, sendJson, startStub, type Stub } from "./flink-stub-server";

let stub: Stub | undefined;
afterEach(async () => {
  await stub?.close();
  stub = undefined;
});

function kubeConfig(server: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: "test", server, skipTLSVerify: true }],
    users: [{ name: "eddy", token: "t0ken" }],
    contexts: [{ name: "test", cluster: "test", user: "eddy", namespace: "flink" }],
    currentContext: "test",
  });
  return kc;
}

const input = { name: "orders-etl", image: "flink:1.20", flinkVersion: "1.20.1", flinkConfiguration: { "taskmanager.numberOfTaskSlots": 2, "state.savepoints.dir": "s3://sp" } };
const BASE = "/apis/flink.apache.org/v1beta1/namespaces/flink/flinkdeployments";

describe("FlinkKubernetesClient", () => {
  it("creates, reads and lists FlinkDeployments in the context's namespace", async () => {
    const dep = applicationDeployment({ ...input, job: { jarURI: "local:///opt/flink/usrlib/etl.jar", parallelism: 2 } });
    stub = await startStub((req, res) => {
      if (req.method === "POST") return sendJson(res, 201, { ...JSON.parse(req.body.toString()), metadata: { name: "orders-etl", namespace: "flink", resourceVersion: "1" } });
      if (req.url.startsWith(`${BASE}?`)) return sendJson(res, 200, { apiVersion: "flink.apache.org/v1beta1", kind: "FlinkDeploymentList", items: [dep] });
      sendJson(res, 200, dep);
    });
    const k8s = new FlinkKubernetesClient({ kubeConfig: kubeConfig(stub.origin) });
    expect(k8s.namespace).toBe("flink");
    expect((await k8s.deployments.create(dep)).metadata.resourceVersion).toBe("1");
    expect((await k8s.deployments.get("orders-etl")).spec.job?.jarURI).toBe("local:///opt/flink/usrlib/etl.jar");
    expect(await k8s.deployments.list({ labelSelector: "team=data" })).toHaveLength(1);
    expect(stub.requests.map((r) => `${r.method} ${r.url}`)).toEqual([`POST ${BASE}`, `GET ${BASE}/orders-etl`, `GET ${BASE}?labelSelector=team%3Ddata`]);
    expect(stub.requests[0]?.headers.authorization).toBe("Bearer t0ken");
    expect(JSON.parse(stub.requests[0]?.body.toString() ?? "")).toEqual(dep);
  });

  it("patches with application/merge-patch+json: job state, savepoint nonce, restart nonce", async () => {
    stub = await startStub((_req, res) => sendJson(res, 200, sessionClusterDeployment(input)));
    const k8s = new FlinkKubernetesClient({ kubeConfig: kubeConfig(stub.origin) });
    await k8s.deployments.setJobState("orders-etl", "suspended");
    const nonce = await k8s.deployments.triggerSavepoint("orders-etl", "other-ns");
    const restart = await k8s.sessionJobs.restart("orders-etl-job");
    const bodies = stub.requests.map((r) => JSON.parse(r.body.toString()) as unknown);
    expect(stub.requests.map((r) => `${r.method} ${r.url} ${r.headers["content-type"]}`)).toEqual([
      `PATCH ${BASE}/orders-etl application/merge-patch+json`,
      "PATCH /apis/flink.apache.org/v1beta1/namespaces/other-ns/flinkdeployments/orders-etl application/merge-patch+json",
      "PATCH /apis/flink.apache.org/v1beta1/namespaces/flink/flinksessionjobs/orders-etl-job application/merge-patch+json",
    ]);
    expect(bodies).toEqual([{ spec: { job: { state: "suspended" } } }, { spec: { job: { savepointTriggerNonce: nonce } } }, { spec: { restartNonce: restart } }]);
    expect(nonce).toBeGreaterThan(0);
  });

  it("deletes", async () => {
    stub = await startStub((_req, res) => sendJson(res, 200, { kind: "Status", apiVersion: "v1", status: "Success" }));
    const k8s = new FlinkKubernetesClient({ kubeConfig: kubeConfig(stub.origin) });
    await k8s.sessionJobs.delete("orders-etl-job");
    expect(`${stub.requests[0]?.method} ${stub.requests[0]?.url}`).toBe("DELETE /apis/flink.apache.org/v1beta1/namespaces/flink/flinksessionjobs/orders-etl-job");
  });

  it("maps a Kubernetes Status to FlinkError", async () => {
    stub = await startStub((_req, res) =>
      sendJson(res, 404, { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message: 'flinkdeployments.flink.apache.org "nope" not found', reason: "NotFound", details: { name: "nope" }, code: 404 }),
    );
    const k8s = new FlinkKubernetesClient({ kubeConfig: kubeConfig(stub.origin) });
    const e = (await k8s.deployments.get("nope").catch((x: unknown) => x)) as FlinkError;
    expect(e).toBeInstanceOf(FlinkError);
    expect(e.message).toBe('flinkdeployments.flink.apache.org "nope" not found');
    expect(e.upstreamStatus).toBe(404);
  });

  it("maps a 422 from admission (the operator's webhook) the same way", async () => {
    stub = await startStub((_req, res) =>
      sendJson(res, 422, { kind: "Status", status: "Failure", message: 'admission webhook "flinkoperator.flink.apache.org" denied the request: Job could not be upgraded with last-state while HA disabled', code: 422 }),
    );
    const k8s = new FlinkKubernetesClient({ kubeConfig: kubeConfig(stub.origin) });
    await expect(k8s.deployments.patch("orders-etl", { spec: { job: { upgradeMode: "last-state" } } })).rejects.toMatchObject({ upstreamStatus: 422, message: expect.stringContaining("denied the request") });
  });

  it("says the API server refused the connection", async () => {
    const port = await closedPort();
    const k8s = new FlinkKubernetesClient({ kubeConfig: kubeConfig(`http://127.0.0.1:${port}`) });
    const e = await k8s.deployments.get("x").catch((x: unknown) => x);
    expect(e).toBeInstanceOf(FlinkUnreachableError);
    expect((e as Error).message).toBe(`The Kubernetes API server at http://127.0.0.1:${port}/ refused the connection; is it running?`);
  });

  it("times out with a sentence", async () => {
    stub = await startStub(() => undefined);
    const k8s = new FlinkKubernetesClient({ kubeConfig: kubeConfig(stub.origin), timeoutMs: 150 });
    await expect(k8s.deployments.list()).rejects.toThrow(`The Kubernetes API server at ${stub.origin}/ did not answer within 150 ms.`);
  });

  it("retries reads (get, list, status) on 502/503/504 with backoff, like the HTTP clients' GETs", async () => {
    const dep = sessionClusterDeployment(input);
    let calls = 0;
    stub = await startStub((req, res) => {
      calls++;
      // Every read fails once: 503 for the get, 502 for the list, 504 for the status.
      if (calls === 1) return sendJson(res, 503, { kind: "Status", status: "Failure", message: "the server is currently unable to handle the request", code: 503 });
      if (calls === 3) return sendJson(res, 502, { kind: "Status", status: "Failure", message: "bad gateway", code: 502 });
      if (calls === 5) return sendJson(res, 504, { kind: "Status", status: "Failure", message: "gateway timeout", code: 504 });
      if (req.url === BASE) return sendJson(res, 200, { kind: "FlinkDeploymentList", items: [dep] });
      sendJson(res, 200, { ...dep, status: { lifecycleState: "STABLE", jobManagerDeploymentStatus: "READY" } });
    });
    const k8s = new FlinkKubernetesClient({ kubeConfig: kubeConfig(stub.origin), retryDelayMs: 1 });
    expect((await k8s.deployments.get("orders-etl")).metadata.name).toBe("orders-etl");
    expect(await k8s.deployments.list()).toHaveLength(1);
    expect((await k8s.deployments.status("orders-etl")).healthy).toBe(true);
    expect(stub.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      `GET ${BASE}/orders-etl`,
      `GET ${BASE}/orders-etl`,
      `GET ${BASE}`,
      `GET ${BASE}`,
      `GET ${BASE}/orders-etl`,
      `GET ${BASE}/orders-etl`,
    ]);
  });

  it("retries a read whose connection was dropped or timed out, and gives up after the last retry", async () => {
    let calls = 0;
    stub = await startStub((req, res) => {
      calls++;
      if (calls === 1) return void req.headers; // no answer: the first get times out
      if (calls === 2) return void res.socket?.destroy(); // the retry's connection is dropped
      sendJson(res, 200, sessionClusterDeployment(input));
    });
    const k8s = new FlinkKubernetesClient({ kubeConfig: kubeConfig(stub.origin), timeoutMs: 150, retries: 2, retryDelayMs: 1 });
    expect((await k8s.deployments.get("orders-etl")).metadata.name).toBe("orders-etl");
    expect(stub.requests).toHaveLength(3);

    const port = await closedPort();
    const once = new FlinkKubernetesClient({ kubeConfig: kubeConfig(`http://127.0.0.1:${port}`), retries: 1, retryDelayMs: 1 });
    await expect(once.deployments.list()).rejects.toThrow(`The Kubernetes API server at http://127.0.0.1:${port}/ refused the connection; is it running?`);
  });

  it("does not retry a 4xx read, nor a read with retries: 0", async () => {
    stub = await startStub((_req, res) => sendJson(res, 503, { kind: "Status", status: "Failure", message: "unavailable", code: 503 }));
    const none = new FlinkKubernetesClient({ kubeConfig: kubeConfig(stub.origin), retries: 0 });
    await expect(none.deployments.get("orders-etl")).rejects.toMatchObject({ upstreamStatus: 503 });
    expect(stub.requests).toHaveLength(1);
    await stub.close();
    stub = await startStub((_req, res) => sendJson(res, 404, { kind: "Status", status: "Failure", message: "not found", code: 404 }));
    const k8s = new FlinkKubernetesClient({ kubeConfig: kubeConfig(stub.origin), retries: 3, retryDelayMs: 1 });
    await expect(k8s.deployments.get("nope")).rejects.toMatchObject({ upstreamStatus: 404 });
    expect(stub.requests).toHaveLength(1);
  });

  it("never retries writes (create, patch, delete), even on 503", async () => {
    stub = await startStub((_req, res) => sendJson(res, 503, { kind: "Status", status: "Failure", message: "the server is currently unable to handle the request", code: 503 }));
    const k8s = new FlinkKubernetesClient({ kubeConfig: kubeConfig(stub.origin), retries: 3, retryDelayMs: 1 });
    const unavailable = { upstreamStatus: 503, message: "the server is currently unable to handle the request" };
    await expect(k8s.deployments.create(sessionClusterDeployment(input))).rejects.toMatchObject(unavailable);
    await expect(k8s.deployments.setJobState("orders-etl", "suspended")).rejects.toMatchObject(unavailable);
    await expect(k8s.sessionJobs.delete("orders-etl-job")).rejects.toMatchObject(unavailable);
    expect(stub.requests.map((r) => r.method)).toEqual(["POST", "PATCH", "DELETE"]);
  });

  it("never retries a write whose connection was refused", async () => {
    const port = await closedPort();
    const k8s = new FlinkKubernetesClient({ kubeConfig: kubeConfig(`http://127.0.0.1:${port}`), retries: 3, retryDelayMs: 1_000 });
    const started = Date.now();
    await expect(k8s.deployments.create(sessionClusterDeployment(input))).rejects.toBeInstanceOf(FlinkUnreachableError);
    // A single retry would have waited 1 s first.
    expect(Date.now() - started).toBeLessThan(900);
  });

  it("loads a kubeconfig from text and picks a context", () => {
    const text = [
      "apiVersion: v1",
      "kind: Config",
      "clusters:",
      "- name: a",
      "  cluster: { server: 'https://a:6443' }",
      "users:",
      "- name: u",
      "  user: { token: x }",
      "contexts:",
      "- name: one",
      "  context: { cluster: a, user: u, namespace: ns1 }",
      "- name: two",
      "  context: { cluster: a, user: u, namespace: ns2 }",
      "current-context: one",
    ].join("\n");
    expect(new FlinkKubernetesClient({ kubeconfigText: text, context: "two" }).namespace).toBe("ns2");
    expect(() => loadKubeConfig({ kubeconfigText: text, context: "three" })).toThrow('The kubeconfig has no context named "three".');
  });
});

describe("CRD builders", () => {
  it("maps Flink versions to the CRD enum", () => {
    expect(flinkVersionEnum("1.20.1")).toBe("v1_20");
    expect(flinkVersionEnum("2.0.0")).toBe("v2_0");
    expect(flinkVersionEnum("1.13")).toBe("v1_13");
    expect(() => flinkVersionEnum("1.12.7")).toThrow('The Flink Kubernetes Operator supports Flink 1.13 to 2.4, not "1.12.7".');
  });

  it("builds a session cluster without a job, configuration as strings", () => {
    const dep = sessionClusterDeployment({ ...input, namespace: "flink", jobManager: { memory: "2048m" }, taskManager: { cpu: 2, replicas: 3 } });
    expect(dep).toEqual({
      apiVersion: "flink.apache.org/v1beta1",
      kind: "FlinkDeployment",
      metadata: { name: "orders-etl", namespace: "flink" },
      spec: {
        image: "flink:1.20",
        flinkVersion: "v1_20",
        flinkConfiguration: { "taskmanager.numberOfTaskSlots": "2", "state.savepoints.dir": "s3://sp" },
        jobManager: { resource: { cpu: 1, memory: "2048m" } },
        taskManager: { resource: { cpu: 2, memory: "1728m" }, replicas: 3 },
      },
    });
  });

  it("builds an application cluster with lowercase job state and upgrade mode", () => {
    const dep = applicationDeployment({
      ...input,
      flinkVersion: "v2_1",
      job: { jarURI: "local:///opt/flink/usrlib/etl.jar", entryClass: "com.example.Etl", args: ["--env", "prod"], parallelism: 4, upgradeMode: "savepoint", initialSavepointPath: "s3://sp/savepoint-1", allowNonRestoredState: true },
    });
    expect(dep.spec.flinkVersion).toBe("v2_1");
    expect(dep.spec.job).toEqual({
      jarURI: "local:///opt/flink/usrlib/etl.jar",
      entryClass: "com.example.Etl",
      args: ["--env", "prod"],
      parallelism: 4,
      state: "running",
      upgradeMode: "savepoint",
      initialSavepointPath: "s3://sp/savepoint-1",
      allowNonRestoredState: true,
    });
  });

  it("builds a session job and refuses names the operator would refuse", () => {
    expect(sessionJob({ name: "etl-job", deploymentName: "shared-session", job: { jarURI: "https://repo/etl.jar" } }).spec).toEqual({
      deploymentName: "shared-session",
      job: { jarURI: "https://repo/etl.jar", args: [], state: "running", upgradeMode: "stateless" },
    });
    expect(() => sessionClusterDeployment({ ...input, name: "Orders_ETL" })).toThrow(/cannot name a FlinkDeployment/);
    expect(() => sessionClusterDeployment({ ...input, name: "a".repeat(46) })).toThrow(/at most 45 characters/);
  });
});

describe("status view", () => {
  const dep = (status: FlinkDeployment["status"], job = true): FlinkDeployment => ({
    ...(job ? applicationDeployment({ ...input, job: { jarURI: "local:///x.jar" } }) : sessionClusterDeployment(input)),
    status,
  });

  it("normalises times to numbers, parses the error JSON and reads the last savepoint", () => {
    const view = flinkResourceStatus(
      dep({
        lifecycleState: "STABLE",
        jobManagerDeploymentStatus: "READY",
        jobStatus: {
          jobName: "orders-etl",
          jobId: "7f3a0c1e2d4b5a6978695a4b3c2d1e0f",
          state: "RUNNING",
          startTime: "1700000000000",
          updateTime: "1700000005000",
          upgradeSavepointPath: "s3://sp/savepoint-up",
          savepointInfo: { lastSavepoint: { location: "s3://sp/savepoint-1", timeStamp: 1700000003000, triggerType: "MANUAL", formatType: "CANONICAL", triggerNonce: 42 } },
        },
        error: JSON.stringify({ type: "org.apache.flink.kubernetes.operator.exception.ReconciliationException", message: "Could not upgrade", additionalMetadata: {}, throwableList: [{ type: "java.io.IOException", message: "disk" }] }),
        reconciliationStatus: { state: "DEPLOYED" },
        observedGeneration: 3,
      }),
    );
    expect(view).toEqual({
      lifecycleState: "STABLE",
      jobManagerDeploymentStatus: "READY",
      jobStatus: { jobId: "7f3a0c1e2d4b5a6978695a4b3c2d1e0f", jobName: "orders-etl", state: "RUNNING", startTime: 1700000000000, updateTime: 1700000005000 },
      lastSavepoint: { location: "s3://sp/savepoint-1", timeStamp: 1700000003000, triggerType: "MANUAL", formatType: "CANONICAL", triggerNonce: 42 },
      upgradeSavepointPath: "s3://sp/savepoint-up",
      error: { type: "org.apache.flink.kubernetes.operator.exception.ReconciliationException", message: "Could not upgrade", additionalMetadata: {}, throwableList: [{ type: "java.io.IOException", message: "disk" }] },
      reconciliationState: "DEPLOYED",
      observedGeneration: 3,
      healthy: true,
    });
  });

  it("is not healthy while the job is not running, and a session cluster is healthy when ready", () => {
    expect(flinkResourceStatus(dep({ lifecycleState: "STABLE", jobStatus: { state: "RESTARTING" } })).healthy).toBe(false);
    expect(flinkResourceStatus(dep({ lifecycleState: "STABLE", jobManagerDeploymentStatus: "READY" }, false)).healthy).toBe(true);
    expect(flinkResourceStatus(dep(undefined))).toMatchObject({ lifecycleState: null, jobStatus: null, error: null, healthy: false });
    expect(flinkResourceStatus(dep({ error: "plain text error" })).error).toEqual({ type: "Unknown", message: "plain text error" });
  });

  it("finds the REST URL from the ingress template or the -rest service", () => {
    const plain = sessionClusterDeployment({ ...input, namespace: "flink" });
    expect(jobManagerRestUrl(plain)).toBe("http://orders-etl-rest.flink.svc:8081/");
    const withIngress = { ...plain, spec: { ...plain.spec, ingress: { template: "{{name}}.{{namespace}}.flink.example.com" } } };
    expect(jobManagerRestUrl(withIngress)).toBe("http://orders-etl.flink.flink.example.com/");
    const pathIngress = { ...plain, spec: { ...plain.spec, ingress: { template: "/{{namespace}}/{{name}}(/|$)(.*)" } } };
    expect(jobManagerRestUrl(pathIngress, { ingressBaseUrl: "https://ingress.example.com/" })).toBe("https://ingress.example.com/flink/orders-etl/");
  });
});
