import { uuid } from "../ids";
import type { CrdKind } from "./crd-schema";

/**
 * Custom resources as the API server keeps them: metadata.uid, a cluster-wide resourceVersion
 * bumped on every change, generation bumped only when the spec changes, creationTimestamp, and
 * deletion through finalizers (deletionTimestamp first, gone once the finalizers are removed).
 */
export type ObjectMeta = {
  name: string;
  namespace: string;
  uid: string;
  resourceVersion: string;
  generation: number;
  creationTimestamp: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  finalizers?: string[];
  [key: string]: unknown;
};

export type K8sObject = {
  apiVersion: string;
  kind: CrdKind;
  metadata: ObjectMeta;
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
};

/** Kubernetes timestamps are RFC 3339 with second precision. */
function k8sTime(ms = Date.now()): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

export class ResourceStore {
  private rv = 1000;
  private readonly objects = new Map<string, K8sObject>();

  get resourceVersion(): string {
    return String(this.rv);
  }

  list(kind: CrdKind, namespace?: string): K8sObject[] {
    return [...this.objects.values()].filter((o) => o.kind === kind && (namespace === undefined || o.metadata.namespace === namespace)).map(clone);
  }

  get(kind: CrdKind, namespace: string, name: string): K8sObject | undefined {
    const o = this.objects.get(key(kind, namespace, name));
    return o ? clone(o) : undefined;
  }

  create(obj: K8sObject): K8sObject {
    const m = obj.metadata;
    const stored: K8sObject = {
      ...obj,
      metadata: { ...m, uid: uuid(), resourceVersion: this.bump(), generation: 1, creationTimestamp: k8sTime() },
    };
    delete stored.metadata.deletionTimestamp;
    this.objects.set(key(obj.kind, m.namespace, m.name), stored);
    return clone(stored);
  }

  /** Replaces spec and user metadata (not status); generation follows spec changes. */
  update(obj: K8sObject): K8sObject {
    const current = this.objects.get(key(obj.kind, obj.metadata.namespace, obj.metadata.name))!;
    const specChanged = JSON.stringify(current.spec ?? null) !== JSON.stringify(obj.spec ?? null);
    const next: K8sObject = {
      ...current,
      spec: obj.spec,
      metadata: {
        ...current.metadata,
        labels: obj.metadata.labels,
        annotations: obj.metadata.annotations,
        finalizers: obj.metadata.finalizers,
        generation: current.metadata.generation + (specChanged ? 1 : 0),
      },
    };
    return this.store(current, next);
  }

  updateStatus(kind: CrdKind, namespace: string, name: string, status: Record<string, unknown> | undefined): K8sObject | undefined {
    const current = this.objects.get(key(kind, namespace, name));
    if (!current) return undefined;
    return this.store(current, { ...current, status });
  }

  /** DELETE: with finalizers the object only gets a deletionTimestamp; without, it is gone. */
  delete(kind: CrdKind, namespace: string, name: string): { gone: boolean; object: K8sObject } | undefined {
    const current = this.objects.get(key(kind, namespace, name));
    if (!current) return undefined;
    if ((current.metadata.finalizers ?? []).length === 0) {
      this.objects.delete(key(kind, namespace, name));
      this.bump();
      return { gone: true, object: clone(current) };
    }
    if (current.metadata.deletionTimestamp) return { gone: false, object: clone(current) };
    return { gone: false, object: this.store(current, { ...current, metadata: { ...current.metadata, deletionTimestamp: k8sTime() } }) };
  }

  private store(current: K8sObject, next: K8sObject): K8sObject {
    if (JSON.stringify(current) === JSON.stringify(next)) return clone(current);
    next.metadata.resourceVersion = this.bump();
    const k = key(next.kind, next.metadata.namespace, next.metadata.name);
    if (next.metadata.deletionTimestamp && (next.metadata.finalizers ?? []).length === 0) this.objects.delete(k);
    else this.objects.set(k, next);
    return clone(next);
  }

  private bump(): string {
    this.rv += 1;
    return String(this.rv);
  }
}

function key(kind: string, namespace: string, name: string): string {
  return `${kind}/${namespace}/${name}`;
}

function clone<T>(o: T): T {
  return structuredClone(o);
}
