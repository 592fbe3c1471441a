/**
 * Simulated time. Every delay in the simulator is written in "speed 1" milliseconds and runs
 * `speed` times faster, so tests can use speed 20 while a demo uses 1. Timers live in groups so a
 * job, a JobManager or the whole world can be torn down without leaving callbacks behind.
 */
export class TimerGroup {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly children = new Set<TimerGroup>();
  private cancelled = false;

  constructor(readonly speed: number) {}

  /** Real milliseconds for `ms` of simulated time. */
  scale(ms: number): number {
    return Math.max(0, ms / this.speed);
  }

  /** Runs `fn` once after `ms` of simulated time; returns a cancel function. */
  after(ms: number, fn: () => void): () => void {
    if (this.cancelled) return () => {};
    const t = setTimeout(() => {
      this.timers.delete(t);
      guarded(fn);
    }, this.scale(ms));
    this.timers.add(t);
    return () => {
      clearTimeout(t);
      this.timers.delete(t);
    };
  }

  /** Runs `fn` every `ms` of simulated time; returns a cancel function. */
  every(ms: number, fn: () => void): () => void {
    if (this.cancelled) return () => {};
    const t = setInterval(() => guarded(fn), Math.max(1, this.scale(ms)));
    this.timers.add(t);
    return () => {
      clearInterval(t);
      this.timers.delete(t);
    };
  }

  /** A sub-group cancelled with this one (or on its own). */
  group(): TimerGroup {
    const g = new TimerGroup(this.speed);
    this.children.add(g);
    return g;
  }

  cancelAll(): void {
    this.cancelled = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const c of this.children) c.cancelAll();
    this.children.clear();
  }
}

function guarded(fn: () => void): void {
  try {
    fn();
  } catch (e) {
    console.error("[flink-sim] timer callback failed:", e);
  }
}

/** Resolves after `ms` of real time (fault injection latency is real, not simulated). */
export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
