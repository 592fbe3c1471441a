import { randomBytes, randomUUID } from "node:crypto";

/** `n` random bytes as lowercase hex. */
export function hex(bytes: number): string {
  return randomBytes(bytes).toString("hex");
}

/**
 * Flink's JobID, TriggerId, JobVertexID, ResourceID and AllocationID are 16 random bytes shown as
 * 32 lowercase hex characters (the spec's `[0-9a-f]{32}`).
 */
export function flinkId(): string {
  return hex(16);
}

export const FLINK_ID = /^[0-9a-f]{32}$/;

export function uuid(): string {
  return randomUUID();
}

/** A deterministic pseudo-random generator (mulberry32), so generated data repeats per seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A stable 32-bit hash of a string (FNV-1a), to seed generators from names. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
