import { flinkId } from "../ids";
import { javaStackTrace } from "./logs";

/**
 * Flink's asynchronous operations (savepoint, stop-with-savepoint, checkpoint trigger): a POST
 * returns 202 `{"request-id"}` and `GET …/:triggerid` answers IN_PROGRESS, then COMPLETED with
 * either a result or a failure cause. Savepoint results use `location`/`failure-cause`,
 * checkpoint results `checkpointId`/`failureCause` (flink-apis.md §1).
 */
export type FailureCause = { class: string; "stack-trace": string; "serialized-throwable": string };

type Operation =
  | { kind: "savepoint"; status: "IN_PROGRESS" }
  | { kind: "savepoint"; status: "COMPLETED"; location: string }
  | { kind: "savepoint"; status: "COMPLETED"; failure: FailureCause }
  | { kind: "checkpoint"; status: "IN_PROGRESS" }
  | { kind: "checkpoint"; status: "COMPLETED"; checkpointId: number }
  | { kind: "checkpoint"; status: "COMPLETED"; failure: FailureCause };

export class Operations {
  private readonly ops = new Map<string, Operation>();
  /** Completed operations whose result no REST client has fetched yet (see JobManager.resultsServed). */
  private readonly unserved = new Set<string>();

  /** Starts an operation; a client-chosen `triggerId` that is already known is reused (idempotent retry). */
  start(kind: "savepoint" | "checkpoint", triggerId?: string): { triggerId: string; isNew: boolean } {
    const id = triggerId ?? flinkId();
    if (this.ops.has(id)) return { triggerId: id, isNew: false };
    this.ops.set(id, { kind, status: "IN_PROGRESS" });
    return { triggerId: id, isNew: true };
  }

  completeSavepoint(id: string, location: string): void {
    this.ops.set(id, { kind: "savepoint", status: "COMPLETED", location });
    this.unserved.add(id);
  }

  completeCheckpoint(id: string, checkpointId: number): void {
    this.ops.set(id, { kind: "checkpoint", status: "COMPLETED", checkpointId });
    this.unserved.add(id);
  }

  fail(id: string, failure: FailureCause): void {
    const op = this.ops.get(id);
    if (op?.kind === "savepoint") this.ops.set(id, { kind: "savepoint", status: "COMPLETED", failure });
    if (op?.kind === "checkpoint") this.ops.set(id, { kind: "checkpoint", status: "COMPLETED", failure });
    if (op) this.unserved.add(id);
  }

  /** A REST client fetched the operation's (completed) result. */
  served(id: string): void {
    this.unserved.delete(id);
  }

  get unservedCount(): number {
    return this.unserved.size;
  }

  has(id: string): boolean {
    return this.ops.has(id);
  }

  pendingIds(): string[] {
    return [...this.ops].filter(([, op]) => op.status === "IN_PROGRESS").map(([id]) => id);
  }

  /** The AsynchronousOperationResult body, or undefined for an unknown trigger id. */
  toJson(id: string, kind: "savepoint" | "checkpoint"): Record<string, unknown> | undefined {
    const op = this.ops.get(id);
    if (!op || op.kind !== kind) return undefined;
    if (op.status === "IN_PROGRESS") return { status: { id: "IN_PROGRESS" } };
    if ("location" in op) return { status: { id: "COMPLETED" }, operation: { location: op.location } };
    if ("checkpointId" in op) return { status: { id: "COMPLETED" }, operation: { checkpointId: op.checkpointId } };
    return { status: { id: "COMPLETED" }, operation: op.kind === "savepoint" ? { "failure-cause": op.failure } : { failureCause: op.failure } };
  }
}

/**
 * A SerializedThrowable as Flink's custom serializer writes it: the class, the printed stack
 * trace, and the Java-serialized bytes in base64 (here: the Java serialization magic followed by
 * the text, which is enough for a client that only checks the field is there).
 */
export function failureCause(exceptionClass: string, message: string, frames: string[], causedBy?: string): FailureCause {
  const trace = javaStackTrace(`${exceptionClass}: ${message}`, frames, causedBy);
  const serialized = Buffer.concat([Buffer.from([0xac, 0xed, 0x00, 0x05]), Buffer.from(trace)]).toString("base64");
  return { class: exceptionClass, "stack-trace": trace, "serialized-throwable": serialized };
}
