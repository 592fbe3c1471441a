import { DROP_CONNECTION, text, type Reply, type SimRequest } from "../http";
import type { JobManager } from "../jobmanager/jobmanager";
import { isGloballyTerminal, type SimJob } from "../jobmanager/jobs";
import { programJobSpec, type ProgramSubmission } from "../jobmanager/programs";
import type { FlinkVersion } from "../jobmanager/versions";
import type { World } from "../world";
import { routeKubernetesRequest } from "./api";
import { GROUP, VERSION } from "./crd-schema";
import { FINALIZER, Operator } from "./operator";
import { ResourceStore, type K8sObject } from "./store";

/**
 * The Kubernetes side of the world: the API server (store + REST), the operator, and native
 * clusters started by `kubernetes-session.sh` / `flink run --target kubernetes-application`.
 * A cluster `<name>` in namespace `<ns>` runs the JobManager named `<name>.<ns>` (like its service
 * DNS name), reachable through the ingress URL `${url}/k8s-ingress/<ns>/<name>/`.
 */
export class Kubernetes {
  readonly store = new ResourceStore();
  readonly operator: Operator;

  constructor(private readonly world: World) {
    this.operator = new Operator({
      timers: world.timers.group(),
      store: this.store,
      startJobManager: (o) => this.startJobManager({ ...o, managedBy: "operator" }),
      stopJobManager: (jm) => world.removeJobManager(jm),
      jobManagerOf: (ns, name) => this.jobManagerOf(ns, name),
    });
  }

  get url(): string {
    return `${this.world.baseUrl}/k8s`;
  }

  /** Where an ingress exposes a cluster's REST API (the operator's `{{namespace}}/{{name}}` template). */
  get ingressUrlTemplate(): string {
    return `${this.world.baseUrl}/k8s-ingress/{{namespace}}/{{name}}`;
  }

  jobManagerOf(namespace: string, name: string): JobManager | undefined {
    return this.world.jobmanagers.get(`${name}.${namespace}`);
  }

  handle(req: SimRequest): Reply {
    return routeKubernetesRequest({ store: this.store, onChange: () => this.operator.reconcileAll() }, this.world.calls, req);
  }

  /** `${url}/k8s-ingress/<ns>/<name>/…`: nginx answers 404 for unknown hosts, 503 while the JM is not up. */
  async ingress(namespace: string, name: string, req: SimRequest): Promise<Reply> {
    const jm = this.jobManagerOf(namespace, name);
    if (!jm) {
      const known = this.store.get("FlinkDeployment", namespace, name);
      return known ? nginx(503, "Service Temporarily Unavailable") : nginx(404, "Not Found");
    }
    const reply = await jm.handle(req, "ingress");
    return reply === DROP_CONNECTION ? nginx(502, "Bad Gateway") : reply;
  }

  /** The default world's session deployment, created STABLE/READY at once. */
  async createReadySession(namespace: string, name: string): Promise<void> {
    const obj = this.store.create({
      apiVersion: `${GROUP}/${VERSION}`,
      kind: "FlinkDeployment",
      metadata: { name, namespace, uid: "", resourceVersion: "", generation: 0, creationTimestamp: "", finalizers: [FINALIZER] },
      spec: {
        image: "flink:2.1",
        flinkVersion: "v2_1",
        flinkConfiguration: { "taskmanager.numberOfTaskSlots": "4" },
        serviceAccount: "flink",
        jobManager: { resource: { memory: "2048m", cpu: 1 } },
        taskManager: { resource: { memory: "2048m", cpu: 1 } },
      },
    } as K8sObject);
    await this.operator.deployReadySession(obj);
  }

  /** A native cluster (no custom resource): kubernetes-session.sh, kubernetes-application, SQL scripts. */
  async deployNative(o: { clusterId: string; namespace: string; mode: "session" | "application"; flinkVersion: FlinkVersion; program?: ProgramSubmission; config?: Record<string, string> }): Promise<JobManager> {
    const jm = await this.startJobManager({ name: o.clusterId, namespace: o.namespace, mode: o.mode, flinkVersion: o.flinkVersion, config: o.config ?? {}, managedBy: "native" });
    if (o.mode === "application" && o.program) {
      const job = jm.submitJob(programJobSpec(jm, o.program));
      // Without the operator, an application cluster shuts down once its job is globally terminal.
      jm.on("job", (j: SimJob) => {
        if (j.id === job.id && isGloballyTerminal(j.state)) void jm.resultsServed(j).then(() => this.world.removeJobManager(jm));
      });
    }
    return jm;
  }

  close(): void {
    this.operator.close();
  }

  private startJobManager(o: { name: string; namespace: string; mode: "session" | "application"; flinkVersion: FlinkVersion; config: Record<string, string>; managedBy: "operator" | "native" }): Promise<JobManager> {
    return this.world.createJobManager({
      name: `${o.name}.${o.namespace}`,
      kind: o.mode,
      flinkVersion: o.flinkVersion,
      entrypoint: o.mode === "session" ? "org.apache.flink.kubernetes.entrypoint.KubernetesSessionClusterEntrypoint" : "org.apache.flink.kubernetes.entrypoint.KubernetesApplicationClusterEntrypoint",
      pool: { provider: "active", taskManagers: 0, idStyle: { kind: "kubernetes", clusterId: o.name } },
      config: { "execution.target": `kubernetes-${o.mode}`, "kubernetes.cluster-id": o.name, "kubernetes.namespace": o.namespace, "taskmanager.numberOfTaskSlots": "4", ...o.config },
      deployment: { type: "kubernetes", namespace: o.namespace, clusterId: o.name, managedBy: o.managedBy },
    });
  }
}

function nginx(status: number, title: string): Reply {
  return text(status, `<html>\r\n<head><title>${status} ${title}</title></head>\r\n<body>\r\n<center><h1>${status} ${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`, "text/html");
}
