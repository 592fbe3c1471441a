import {
  ApiException,
  CustomObjectsApi,
  KubeConfig,
  Observable,
  PatchStrategy,
  setHeaderOptions,
  type ConfigurationOptions,
  type ObservableMiddleware,
} from "@kubernetes/client-node";
import { invalidInput } from "@/lib/errors";
import { DEFAULT_TIMEOUT_MS, retryRead, type RetryOptions } from "@/lib/flink/http";
import {
  FLINK_CRD_VERSION,
  FLINK_GROUP,
  flinkResourceStatus,
  type FlinkDeployment,
  type FlinkResource,
  type FlinkResourceStatusView,
  type FlinkSessionJob,
  type JobState,
} from "@/lib/flink/kubernetes-crd";
import { unreachableError, upstreamError } from "@/lib/flink/upstream-error";

const UPSTREAM = "Kubernetes API server";

export interface KubernetesClientOptions {
  /** A kubeconfig file; without it and `kubeconfigText`, the default (KUBECONFIG, ~/.kube/config, in-cluster). */
  kubeconfigPath?: string;
  kubeconfigText?: string;
  /** A context of that kubeconfig; its current one by default. */
  context?: string;
  /** The default namespace of calls; else the context's, else "default". */
  namespace?: string;
  /** Per request, default 10 s. */
  timeoutMs?: number;
  /** Extra attempts for reads (get, list, status) that failed to connect, timed out, or got 502/503/504; default 2. Writes are never retried. */
  retries?: number;
  /** First backoff between retries, doubled each time; default 250 ms. */
  retryDelayMs?: number;
}

/**
 * A merge patch: every field optional, `null` removes it, arrays are replaced whole. Optional
 * objects (`metadata.labels`, `spec.job`) are patched field by field too, hence NonNullable.
 */
export type MergePatch<T> = {
  [K in keyof T]?: NonNullable<T[K]> extends readonly unknown[]
    ? T[K] | null
    : NonNullable<T[K]> extends object
      ? MergePatch<NonNullable<T[K]>> | null
      : T[K] | null;
};

export function loadKubeConfig(opts: Pick<KubernetesClientOptions, "kubeconfigPath" | "kubeconfigText" | "context">): KubeConfig {
  const kc = new KubeConfig();
  if (opts.kubeconfigText) kc.loadFromString(opts.kubeconfigText);
  else if (opts.kubeconfigPath) kc.loadFromFile(opts.kubeconfigPath);
  else kc.loadFromDefault();
  if (opts.context) {
    if (!kc.getContextObject(opts.context)) throw invalidInput(`The kubeconfig has no context named "${opts.context}".`);
    kc.setCurrentContext(opts.context);
  }
  return kc;
}

/** A Kubernetes failure as FlinkError (a `Status` answer) or FlinkUnreachableError (no answer in time, refused, …). */
function kubernetesError(e: unknown, server: string, timeoutMs: number): unknown {
  if (e instanceof ApiException) {
    const body: unknown = e.body;
    const text = typeof body === "string" ? body : body === undefined ? "" : JSON.stringify(body);
    return upstreamError(UPSTREAM, e.code, e.code === 401 ? "Unauthorized" : "", text);
  }
  const err = e as { name?: unknown; type?: unknown } | null;
  // node-fetch (used by client-node) reports our timeout signal as an AbortError.
  if (err?.name === "AbortError") return unreachableError(UPSTREAM, server, { name: "TimeoutError" }, timeoutMs);
  if (err?.name === "FetchError" || err?.type === "system") return unreachableError(UPSTREAM, server, e, timeoutMs);
  return e;
}

function timeoutMiddleware(timeoutMs: number): ObservableMiddleware {
  return {
    pre: (ctx) => {
      ctx.setSignal(AbortSignal.timeout(timeoutMs));
      return new Observable(Promise.resolve(ctx));
    },
    post: (ctx) => new Observable(Promise.resolve(ctx)),
  };
}

type Kind = { plural: "flinkdeployments" | "flinksessionjobs" };

/** Create, read, list, delete and merge-patch one kind of Flink custom resource. */
export class FlinkResourceApi<T extends FlinkResource> {
  constructor(
    private readonly api: CustomObjectsApi,
    private readonly kind: Kind,
    private readonly defaultNamespace: string,
    private readonly server: string,
    private readonly timeoutMs: number,
    private readonly retry: RetryOptions = { retries: 2, retryDelayMs: 250 },
  ) {}

  private options(): ConfigurationOptions<ObservableMiddleware> {
    return { middleware: [timeoutMiddleware(this.timeoutMs)], middlewareMergeStrategy: "append" };
  }

  /** One request, its failure mapped; not retried (writes). */
  private async call<R>(fn: () => Promise<R>): Promise<R> {
    try {
      return await fn();
    } catch (e) {
      throw kubernetesError(e, this.server, this.timeoutMs);
    }
  }

  /** A read: retried with backoff when the API server did not answer or answered 502/503/504, like the HTTP clients' GETs. */
  private read<R>(fn: () => Promise<R>): Promise<R> {
    return retryRead(() => this.call(fn), this.retry);
  }

  private params(namespace?: string): { group: string; version: string; plural: string; namespace: string } {
    return { group: FLINK_GROUP, version: FLINK_CRD_VERSION, plural: this.kind.plural, namespace: namespace ?? this.defaultNamespace };
  }

  create(resource: T): Promise<T> {
    return this.call(() => this.api.createNamespacedCustomObject({ ...this.params(resource.metadata.namespace), body: resource }, this.options()));
  }

  get(name: string, namespace?: string): Promise<T> {
    return this.read(() => this.api.getNamespacedCustomObject({ ...this.params(namespace), name }, this.options()));
  }

  async list(opts: { namespace?: string; labelSelector?: string } = {}): Promise<T[]> {
    const body = await this.read<{ items?: T[] }>(() =>
      this.api.listNamespacedCustomObject({ ...this.params(opts.namespace), labelSelector: opts.labelSelector }, this.options()),
    );
    return body.items ?? [];
  }

  async delete(name: string, namespace?: string): Promise<void> {
    await this.call(() => this.api.deleteNamespacedCustomObject({ ...this.params(namespace), name }, this.options()));
  }

  /**
   * A JSON merge patch. client-node 1.x would send `application/json-patch+json` (the first type in
   * its list), so the Content-Type is set by a header middleware.
   */
  patch(name: string, patch: MergePatch<Omit<T, "apiVersion" | "kind" | "status">>, namespace?: string): Promise<T> {
    const options = setHeaderOptions("Content-Type", PatchStrategy.MergePatch, this.options());
    return this.call(() => this.api.patchNamespacedCustomObject({ ...this.params(namespace), name, body: patch }, options));
  }

  /** `running` resumes, `suspended` stops (with a savepoint first when upgradeMode is savepoint). */
  setJobState(name: string, state: JobState, namespace?: string): Promise<T> {
    return this.patch(name, { spec: { job: { state } } } as MergePatch<Omit<T, "apiVersion" | "kind" | "status">>, namespace);
  }

  /**
   * Asks the operator for a savepoint by changing `job.savepointTriggerNonce`; returns the nonce,
   * which reappears as `status.jobStatus.savepointInfo.lastSavepoint.triggerNonce` when done.
   */
  async triggerSavepoint(name: string, namespace?: string): Promise<number> {
    const nonce = Date.now();
    await this.patch(name, { spec: { job: { savepointTriggerNonce: nonce } } } as MergePatch<Omit<T, "apiVersion" | "kind" | "status">>, namespace);
    return nonce;
  }

  /** Restarts the cluster or job by changing `spec.restartNonce`; returns the nonce. */
  async restart(name: string, namespace?: string): Promise<number> {
    const nonce = Date.now();
    await this.patch(name, { spec: { restartNonce: nonce } } as MergePatch<Omit<T, "apiVersion" | "kind" | "status">>, namespace);
    return nonce;
  }

  async status(name: string, namespace?: string): Promise<FlinkResourceStatusView> {
    return flinkResourceStatus(await this.get(name, namespace));
  }
}

/** FlinkDeployments and FlinkSessionJobs (flink.apache.org/v1beta1) through @kubernetes/client-node. */
export class FlinkKubernetesClient {
  readonly namespace: string;
  readonly deployments: FlinkResourceApi<FlinkDeployment>;
  readonly sessionJobs: FlinkResourceApi<FlinkSessionJob>;

  constructor(
    opts: KubernetesClientOptions | ({ kubeConfig: KubeConfig } & Pick<KubernetesClientOptions, "namespace" | "timeoutMs" | "retries" | "retryDelayMs">) = {},
  ) {
    const kc = "kubeConfig" in opts ? opts.kubeConfig : loadKubeConfig(opts);
    this.namespace = opts.namespace ?? kc.getContextObject(kc.getCurrentContext())?.namespace ?? "default";
    const api = kc.makeApiClient(CustomObjectsApi);
    const server = kc.getCurrentCluster()?.server ?? "(no server in the kubeconfig)";
    const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const retry: RetryOptions = { retries: opts.retries ?? 2, retryDelayMs: opts.retryDelayMs ?? 250 };
    this.deployments = new FlinkResourceApi(api, { plural: "flinkdeployments" }, this.namespace, server, timeoutMs, retry);
    this.sessionJobs = new FlinkResourceApi(api, { plural: "flinksessionjobs" }, this.namespace, server, timeoutMs, retry);
  }
}
