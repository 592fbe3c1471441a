/**
 * FlinkKubernetesClient (lib/flink/kubernetes.ts, kubernetes-crd.ts) against the simulator's
 * Kubernetes API at `${url}/k8s` and its Flink operator: FlinkDeployments and FlinkSessionJobs
 * created from the CRD builders, driven by merge patches, observed through status(), and their
 * JobManagers reached at the ingress `${url}/k8s-ingress/<ns>/<name>/` (flink-apis.md §4).
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { FlinkError, FlinkUnreachableError } from "@/lib/flink/errors";
import { JobManagerClient } from "@/lib/flink/jobmanager";
import { FlinkKubernetesClient, loadKubeConfig } from "@/lib/flink/kubernetes";
import {
  applicationDeployment,
  jobManagerRestUrl,
  sessionClusterDeployment,
  sessionJob,
  type FlinkResourceStatusView,
} from "@/lib/flink/kubernetes-crd";
import { clearCalls, closedPortUrl, describeWorld, errorOf, failJob, failure, simCalls, until, useFlinkSim } from "./sim";

const sim = useFlinkSim();
const NS = "flink";
const IMAGE = "flink:2.1";

/**
 * A kubeconfig as a user would write it: the simulator's API server, a bearer token, a namespace.
 * client-node refuses a plain-http server unless TLS verification is off, as here.
 */
const kubeconfig = (server: string) => `apiVersion: v1
kind: Config
clusters:
  - name: sim
    cluster:
      server: ${server}
      insecure-skip-tls-verify: true
users:
  - name: eddy
    user:
      token: eddy-test-token
contexts:
  - name: sim
    context:
      cluster: sim
      user: eddy
      namespace: ${NS}
current-context: sim
`;

const k8s = () => new FlinkKubernetesClient({ kubeconfigText: kubeconfig(`${sim().url}/k8s`), timeoutMs: 5_000 });

/** The JobManager of cluster `name` through the ingress (GET /_sim `kubernetes.ingressUrlTemplate`). */
async function ingressJobManager(name: string, namespace = NS): Promise<JobManagerClient> {
  const template = (await describeWorld(sim())).kubernetes.ingressUrlTemplate;
  return new JobManagerClient({ baseUrl: template.replace("{{namespace}}", namespace).replace("{{name}}", name), retryDelayMs: 10 });
}

/** Polls status() until `done`, failing with the last status seen after the deadline. */
function statusUntil(kind: "deployments" | "sessionJobs", name: string, done: (s: FlinkResourceStatusView) => boolean, what: string) {
  return until(() => k8s()[kind].status(name), done, { what, timeoutMs: 20_000 });
}

/** A pass-through proxy in front of the API server that records each request's method and Content-Type. */
async function recordingProxy(target: string): Promise<{ url: string; seen: { method: string; contentType?: string }[]; close(): Promise<void> }> {
  const seen: { method: string; contentType?: string }[] = [];
  const server = http.createServer((req, res) => {
    seen.push({ method: req.method ?? "", contentType: req.headers["content-type"] });
    const upstream = http.request(`${target}${req.url}`, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, seen, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const input = (name: string) => ({ name, namespace: NS, image: IMAGE, flinkVersion: "2.1.0", flinkConfiguration: { "taskmanager.numberOfTaskSlots": 2 } });
const STATE_MACHINE = "local:///opt/flink/examples/streaming/StateMachineExample.jar";

describe("FlinkDeployments", () => {
  it("uses the kubeconfig's namespace and lists the default session deployment, STABLE and healthy", async () => {
    const client = k8s();
    expect(client.namespace).toBe(NS);
    const names = (await client.deployments.list()).map((d) => d.metadata.name);
    expect(names).toContain("k8s-session-1");
    expect(await client.deployments.list({ namespace: "elsewhere" })).toEqual([]);
    const status = await client.deployments.status("k8s-session-1");
    expect(status).toMatchObject({ lifecycleState: "STABLE", jobManagerDeploymentStatus: "READY", error: null, healthy: true });
    expect(status.jobStatus?.jobId ?? null).toBeNull(); // a session cluster runs no job of its own
    // A KubeConfig object works as well as kubeconfig text.
    const fromObject = new FlinkKubernetesClient({ kubeConfig: loadKubeConfig({ kubeconfigText: kubeconfig(`${sim().url}/k8s`) }) });
    expect((await fromObject.deployments.get("k8s-session-1")).metadata.namespace).toBe(NS);
  });

  it("creates a session cluster that becomes STABLE, its JobManager at the ingress URL", async () => {
    const client = k8s();
    const dep = sessionClusterDeployment(input("eddy-session"));
    // The operator exposes the REST API through an Ingress made from this template (flink-apis.md §4).
    const template = (await describeWorld(sim())).kubernetes.ingressUrlTemplate;
    dep.spec.ingress = { template: template.replace(/^https?:\/\//, "") };
    const created = await client.deployments.create(dep);
    expect(created.metadata).toMatchObject({ name: "eddy-session", namespace: NS, generation: 1 });
    expect(created.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.spec.flinkConfiguration).toEqual({ "taskmanager.numberOfTaskSlots": "2" });

    const stable = await statusUntil("deployments", "eddy-session", (s) => s.healthy, "the session cluster healthy");
    expect(stable).toMatchObject({ lifecycleState: "STABLE", jobManagerDeploymentStatus: "READY", reconciliationState: "DEPLOYED", observedGeneration: 1, error: null });

    const restUrl = jobManagerRestUrl(await client.deployments.get("eddy-session"));
    expect(restUrl).toBe(`${sim().url}/k8s-ingress/${NS}/eddy-session/`);
    const jm = new JobManagerClient({ baseUrl: restUrl, retryDelayMs: 10 });
    expect((await jm.overview())["flink-version"]).toBe("2.1.0");
    expect((await jm.jobManagerConfig())["taskmanager.numberOfTaskSlots"]).toBe("2");
  });

  it("patches with a JSON merge patch on the wire (strategic merge would be 415, JSON patch 400)", async () => {
    const proxy = await recordingProxy(`${sim().url}/k8s`);
    try {
      const client = new FlinkKubernetesClient({ kubeconfigText: kubeconfig(proxy.url), timeoutMs: 5_000 });
      await clearCalls(sim());
      const patched = await client.deployments.patch("k8s-session-1", { metadata: { labels: { owner: "eddy" } } });
      expect(patched.metadata.labels).toMatchObject({ owner: "eddy" });
      expect(proxy.seen).toEqual([{ method: "PATCH", contentType: "application/merge-patch+json" }]);
      const patches = (await simCalls(sim(), "kubernetes")).filter((c) => c.method === "PATCH");
      expect(patches).toEqual([expect.objectContaining({ path: `/apis/flink.apache.org/v1beta1/namespaces/${NS}/flinkdeployments/k8s-session-1`, status: 200 })]);
      expect((await client.deployments.list({ labelSelector: "owner=eddy" })).map((d) => d.metadata.name)).toEqual(["k8s-session-1"]);
      // null removes a field in a merge patch.
      await client.deployments.patch("k8s-session-1", { metadata: { labels: { owner: null } } });
      expect(await client.deployments.list({ labelSelector: "owner=eddy" })).toEqual([]);
    } finally {
      await proxy.close();
    }
  });

  it("runs an application deployment's job, suspends it with a savepoint and resumes from it", async () => {
    const client = k8s();
    await client.deployments.create(applicationDeployment({ ...input("eddy-app"), job: { jarURI: STATE_MACHINE, parallelism: 2, upgradeMode: "savepoint" } }));
    const running = await statusUntil("deployments", "eddy-app", (s) => s.healthy, "the application healthy");
    expect(running.jobStatus).toMatchObject({ jobName: "State machine job", state: "RUNNING", jobId: expect.stringMatching(/^[0-9a-f]{32}$/) });
    expect(running.jobStatus?.startTime).toEqual(expect.any(Number));
    const firstJob = running.jobStatus!.jobId!;
    expect(await (await ingressJobManager("eddy-app")).jobStatus(firstJob)).toBe("RUNNING");

    await client.deployments.setJobState("eddy-app", "suspended");
    const suspended = await statusUntil("deployments", "eddy-app", (s) => s.lifecycleState === "SUSPENDED", "the application suspended");
    expect(suspended.upgradeSavepointPath).toMatch(new RegExp(`/savepoint-${firstJob.slice(0, 6)}-[0-9a-f]{12}$`));
    expect(suspended.lastSavepoint).toMatchObject({ location: suspended.upgradeSavepointPath, triggerType: "UPGRADE" });
    expect(suspended).toMatchObject({ jobManagerDeploymentStatus: "MISSING", healthy: false });
    expect(suspended.jobStatus?.state).toBe("FINISHED");

    await client.deployments.setJobState("eddy-app", "running");
    const resumed = await statusUntil("deployments", "eddy-app", (s) => s.healthy && s.jobStatus?.jobId !== firstJob, "the application resumed");
    const restored = (await (await ingressJobManager("eddy-app")).jobCheckpoints(resumed.jobStatus!.jobId!)).latest?.restored;
    expect(restored).toMatchObject({ is_savepoint: true, external_path: suspended.upgradeSavepointPath });
  });

  it("takes a savepoint when the trigger nonce changes", async () => {
    const client = k8s();
    await client.deployments.create(applicationDeployment({ ...input("eddy-nonce"), job: { jarURI: STATE_MACHINE, upgradeMode: "stateless" } }));
    await statusUntil("deployments", "eddy-nonce", (s) => s.healthy, "the application healthy");
    const nonce = await client.deployments.triggerSavepoint("eddy-nonce");
    expect((await client.deployments.get("eddy-nonce")).spec.job?.savepointTriggerNonce).toBe(nonce);
    const done = await statusUntil("deployments", "eddy-nonce", (s) => s.lastSavepoint?.triggerNonce === nonce, "the MANUAL savepoint");
    expect(done.lastSavepoint).toMatchObject({ triggerType: "MANUAL", formatType: "CANONICAL", location: expect.stringMatching(/savepoint-[0-9a-f]{6}-[0-9a-f]{12}$/) });
    expect(done.lastSavepoint?.timeStamp).toEqual(expect.any(Number));
    expect(done.jobStatus?.state).toBe("RUNNING");
  });

  it("restarts the cluster when the restart nonce changes: a new job", async () => {
    const client = k8s();
    await client.deployments.create(applicationDeployment({ ...input("eddy-restart"), job: { jarURI: STATE_MACHINE, upgradeMode: "stateless" } }));
    const before = await statusUntil("deployments", "eddy-restart", (s) => s.healthy, "the application healthy");
    const nonce = await client.deployments.restart("eddy-restart");
    const dep = await client.deployments.get("eddy-restart");
    expect(dep.spec.restartNonce).toBe(nonce);
    expect(dep.metadata.generation).toBe(2);
    const after = await statusUntil("deployments", "eddy-restart", (s) => s.healthy && s.jobStatus?.jobId !== before.jobStatus?.jobId, "the restarted application");
    expect(after.observedGeneration).toBe(2);
  });

  it("parses the operator's error: a validation error, and a failed job", async () => {
    const client = k8s();
    const invalid = sessionClusterDeployment(input("eddy-unversioned"));
    delete invalid.spec.flinkVersion;
    await client.deployments.create(invalid);
    const rejected = await statusUntil("deployments", "eddy-unversioned", (s) => s.error !== null, "the validation error");
    expect(rejected.error).toMatchObject({ type: "org.apache.flink.kubernetes.operator.exception.ValidationException", message: "Flink Version must be defined." });
    expect(rejected.healthy).toBe(false);

    await client.deployments.create(applicationDeployment({ ...input("eddy-doomed"), job: { jarURI: STATE_MACHINE } }));
    const running = await statusUntil("deployments", "eddy-doomed", (s) => s.healthy, "the application healthy");
    await failJob(sim(), `eddy-doomed.${NS}`, running.jobStatus!.jobId!, "java.lang.OutOfMemoryError: Java heap space", "exhaust");
    const failed = await statusUntil("deployments", "eddy-doomed", (s) => s.lifecycleState === "FAILED", "the failed application");
    expect(failed).toMatchObject({ healthy: false, jobStatus: { state: "FAILED" } });
    expect(failed.error?.message).toContain("Recovery is suppressed");
  });

  it("deletes a deployment: gone (404), its JobManager with it", async () => {
    const client = k8s();
    await client.deployments.create(sessionClusterDeployment(input("eddy-temporary")));
    await statusUntil("deployments", "eddy-temporary", (s) => s.healthy, "the session healthy");
    await client.deployments.delete("eddy-temporary");
    const gone = await until(() => errorOf(client.deployments.get("eddy-temporary")), (e) => e instanceof FlinkError, { what: "the deployment gone" });
    expect(gone).toMatchObject({ upstream: "Kubernetes API server", upstreamStatus: 404, message: 'flinkdeployments.flink.apache.org "eddy-temporary" not found' });
    expect((await describeWorld(sim())).jobmanagers.map((j) => j.name)).not.toContain(`eddy-temporary.${NS}`);
    expect(await failure(client.deployments.delete("eddy-temporary"))).toMatchObject({ upstreamStatus: 404 });
  });

  it("refuses an invalid object with the API server's 422 message, and a duplicate with 409", async () => {
    const client = k8s();
    const bad = applicationDeployment({ ...input("eddy-invalid"), job: { jarURI: STATE_MACHINE } });
    bad.spec.job!.upgradeMode = "sometimes" as never;
    const e = await failure(client.deployments.create(bad));
    expect(e).toBeInstanceOf(FlinkError);
    expect(e).toMatchObject({ upstreamStatus: 422 });
    expect(e.message).toMatch(/^FlinkDeployment\.flink\.apache\.org "eddy-invalid" is invalid: spec\.job\.upgradeMode: Unsupported value: "sometimes"/);
    const dup = await failure(client.deployments.create(sessionClusterDeployment(input("k8s-session-1"))));
    expect(dup).toMatchObject({ upstreamStatus: 409, message: 'flinkdeployments.flink.apache.org "k8s-session-1" already exists' });
  });

  it("is FlinkUnreachableError when the API server does not answer", async () => {
    const client = new FlinkKubernetesClient({ kubeconfigText: kubeconfig((await closedPortUrl()).replace(/\/$/, "")), timeoutMs: 2_000 });
    const e = await failure(client.deployments.list());
    expect(e).toBeInstanceOf(FlinkUnreachableError);
    expect(e.message).toMatch(/^The Kubernetes API server at http:\/\/127\.0\.0\.1:\d+\S* refused the connection; is it running\?$/);
  });
});

describe("FlinkSessionJobs", () => {
  it("runs a job on a session cluster, observed through status(), and cancels it on delete", async () => {
    const client = k8s();
    const created = await client.sessionJobs.create(
      sessionJob({
        name: "eddy-etl",
        namespace: NS,
        deploymentName: "k8s-session-1",
        job: { jarURI: "https://repo.example.com/jobs/etl.jar", entryClass: "com.example.Etl", parallelism: 1, upgradeMode: "stateless" },
        flinkConfiguration: { "pipeline.name": "etl-on-session" },
      }),
    );
    expect(created.kind).toBe("FlinkSessionJob");
    const stable = await statusUntil("sessionJobs", "eddy-etl", (s) => s.healthy, "the session job healthy");
    expect(stable).toMatchObject({ lifecycleState: "STABLE", jobManagerDeploymentStatus: null, jobStatus: { jobName: "etl-on-session", state: "RUNNING" } });
    const jobId = stable.jobStatus!.jobId!;
    const jm = await ingressJobManager("k8s-session-1");
    expect(await jm.jobStatus(jobId)).toBe("RUNNING");
    expect((await client.sessionJobs.list()).map((j) => j.metadata.name)).toContain("eddy-etl");

    await client.sessionJobs.delete("eddy-etl");
    await until(() => errorOf(client.sessionJobs.get("eddy-etl")), (e) => e instanceof FlinkError && e.upstreamStatus === 404, { what: "the session job gone" });
    await until(() => jm.jobStatus(jobId), (s) => s === "CANCELED", { what: "its job cancelled" });
  });

  it("reports a session job whose deployment does not exist in status().error", async () => {
    const client = k8s();
    await client.sessionJobs.create(sessionJob({ name: "eddy-orphan", deploymentName: "missing", job: { jarURI: "https://repo.example.com/x.jar" } }));
    const orphan = await statusUntil("sessionJobs", "eddy-orphan", (s) => s.error !== null, "the session job's error");
    expect(orphan.error?.message).toContain(`${NS}/missing does not exist`);
    expect(orphan.healthy).toBe(false);
  });
});
