import type { TimerGroup } from "../clock";
import { hex } from "../ids";
import { LogFile } from "./logs";

/**
 * TaskManagers and their slots. A "fixed" pool is a standalone deployment (a set number of TMs);
 * an "active" pool is YARN or Kubernetes, where Flink's resource manager starts TaskManagers when
 * jobs need slots and releases idle ones after `resourcemanager.taskmanager-timeout`.
 */
export type TaskManager = {
  id: string;
  host: string;
  dataPort: number;
  slots: number;
  /** Slot index → job id. */
  allocations: Map<number, string>;
  registeredAt: number;
  log: LogFile;
  stdout: LogFile;
  idleRelease?: () => void;
};

export type PoolOptions = {
  provider: "fixed" | "active";
  slotsPerTaskManager: number;
  /** Fixed pools start with this many TaskManagers. */
  taskManagers: number;
  /** How TaskManager ids look: `host:port-6hex`, a YARN container id or a pod name. */
  idStyle: { kind: "standalone" } | { kind: "yarn"; clusterTimestamp: number; appSeq: number } | { kind: "kubernetes"; clusterId: string };
  idleTimeoutMs: number;
  timers: TimerGroup;
  onChange: () => void;
};

const MB = 1024 * 1024;

export class SlotPool {
  readonly taskManagers: TaskManager[] = [];
  private started = 0;

  constructor(private readonly opts: PoolOptions) {
    if (opts.provider === "fixed") for (let i = 0; i < opts.taskManagers; i++) this.startTaskManager();
  }

  get total(): number {
    return this.taskManagers.reduce((n, tm) => n + tm.slots, 0);
  }

  get free(): number {
    return this.taskManagers.reduce((n, tm) => n + tm.slots - tm.allocations.size, 0);
  }

  find(id: string): TaskManager | undefined {
    return this.taskManagers.find((tm) => tm.id === id);
  }

  /** Takes `n` slots for `jobId` (slot sharing: one slot per parallel subtask); false if it cannot. */
  allocate(jobId: string, n: number): boolean {
    if (this.free < n && this.opts.provider === "active") {
      const missing = Math.ceil((n - this.free) / this.opts.slotsPerTaskManager);
      for (let i = 0; i < missing; i++) this.startTaskManager();
    }
    if (this.free < n) return false;
    let left = n;
    for (const tm of this.taskManagers) {
      for (let s = 0; s < tm.slots && left > 0; s++) {
        if (tm.allocations.has(s)) continue;
        tm.allocations.set(s, jobId);
        left -= 1;
      }
      if (tm.allocations.size > 0) {
        tm.idleRelease?.();
        tm.idleRelease = undefined;
      }
    }
    this.opts.onChange();
    return true;
  }

  release(jobId: string): void {
    for (const tm of this.taskManagers) {
      for (const [slot, owner] of tm.allocations) if (owner === jobId) tm.allocations.delete(slot);
      if (this.opts.provider === "active" && tm.allocations.size === 0 && !tm.idleRelease) {
        tm.idleRelease = this.opts.timers.after(this.opts.idleTimeoutMs, () => this.stopTaskManager(tm));
      }
    }
    this.opts.onChange();
  }

  tasksOf(jobId: string): TaskManager[] {
    return this.taskManagers.filter((tm) => [...tm.allocations.values()].includes(jobId));
  }

  private startTaskManager(): TaskManager {
    this.started += 1;
    const n = this.started;
    const host = `10.0.0.${4 + n}`;
    const style = this.opts.idStyle;
    const id =
      style.kind === "yarn"
        ? `container_${style.clusterTimestamp}_${String(style.appSeq).padStart(4, "0")}_01_${String(n + 1).padStart(6, "0")}`
        : style.kind === "kubernetes"
          ? `${style.clusterId}-taskmanager-1-${n}`
          : `${host}:${40000 + n * 113}-${hex(3)}`;
    const tm: TaskManager = {
      id,
      host,
      dataPort: 36000 + n,
      slots: this.opts.slotsPerTaskManager,
      allocations: new Map(),
      registeredAt: Date.now(),
      log: new LogFile("taskmanager.log"),
      stdout: new LogFile("taskmanager.out"),
    };
    tm.log.log("INFO", "org.apache.flink.runtime.taskexecutor.TaskExecutor", `Successful registration at resource manager pekko.tcp://flink@jobmanager:6123/user/rpc/resourcemanager_0 under registration id ${hex(16)}.`);
    this.taskManagers.push(tm);
    return tm;
  }

  private stopTaskManager(tm: TaskManager): void {
    if (tm.allocations.size > 0) return;
    const i = this.taskManagers.indexOf(tm);
    if (i >= 0) this.taskManagers.splice(i, 1);
    this.opts.onChange();
  }
}

/** The `/taskmanagers` entry (TaskManagerInfo); `details` adds metrics and allocatedSlots. */
export function taskManagerJson(tm: TaskManager, details: boolean): Record<string, unknown> {
  const slotResource = { cpuCores: 1.0, taskHeapMemory: 96, taskOffHeapMemory: 0, managedMemory: 128, networkMemory: 32, extendedResources: {} };
  const scaled = (k: number) => ({
    cpuCores: slotResource.cpuCores * k,
    taskHeapMemory: slotResource.taskHeapMemory * k,
    taskOffHeapMemory: 0,
    managedMemory: slotResource.managedMemory * k,
    networkMemory: slotResource.networkMemory * k,
    extendedResources: {},
  });
  const free = tm.slots - tm.allocations.size;
  const body: Record<string, unknown> = {
    id: tm.id,
    path: `pekko.tcp://flink@${tm.host}:${tm.dataPort - 1000}/user/rpc/taskmanager_0`,
    dataPort: tm.dataPort,
    jmxPort: -1,
    // Flink's field name says "since", but the value is the epoch-ms of the last heartbeat.
    timeSinceLastHeartbeat: Date.now() - 500,
    slotsNumber: tm.slots,
    freeSlots: free,
    totalResource: scaled(tm.slots),
    freeResource: scaled(free),
    hardware: { cpuCores: 8, physicalMemory: 16 * 1024 * MB, freeMemory: 536_870_912, managedMemory: 536_870_912 },
    memoryConfiguration: {
      frameworkHeap: 128 * MB,
      taskHeap: 384 * MB,
      frameworkOffHeap: 128 * MB,
      taskOffHeap: 0,
      networkMemory: 128 * MB,
      managedMemory: 512 * MB,
      jvmMetaspace: 256 * MB,
      jvmOverhead: 192 * MB,
      totalFlinkMemory: 1280 * MB,
      totalProcessMemory: 1728 * MB,
    },
    blocked: false,
  };
  if (details) {
    body.allocatedSlots = [...tm.allocations.values()].map((jobId) => ({ jobId, resource: slotResource }));
    body.metrics = {
      heapUsed: 120 * MB,
      heapCommitted: 512 * MB,
      heapMax: 512 * MB,
      nonHeapUsed: 80 * MB,
      nonHeapCommitted: 90 * MB,
      nonHeapMax: -1,
      directCount: 40,
      directUsed: 140 * MB,
      directMax: 140 * MB,
      mappedCount: 0,
      mappedUsed: 0,
      mappedMax: 0,
      nettyShuffleMemorySegmentsAvailable: 4096,
      nettyShuffleMemorySegmentsUsed: 0,
      nettyShuffleMemorySegmentsTotal: 4096,
      nettyShuffleMemoryAvailable: 128 * MB,
      nettyShuffleMemoryUsed: 0,
      nettyShuffleMemoryTotal: 128 * MB,
      garbageCollectors: [
        { name: "G1_Young_Generation", count: 12, time: 95 },
        { name: "G1_Old_Generation", count: 0, time: 0 },
      ],
    };
  }
  return body;
}
