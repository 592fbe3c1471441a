/**
 * One watch of a place at a time, whichever process runs it: each place's watch task has its own
 * graphile-worker queue, because replacing a keyed job that is running creates a second one (the
 * running job gives up its key). Here: a second watch, asked for while the first one runs, waits
 * for it.
 */
import { describe, expect, it } from "vitest";
import { rawSql } from "@/db/client";
import { scheduleClusterWatch, scheduleK8sWatch, scheduleYarnWatch, yarnWatchKey } from "@/lib/lifecycle/watch-schedule";

async function pending(key: string) {
  return rawSql()<{ id: string; queue_name: string | null; locked_at: Date | null }[]>`select id, queue_name, locked_at from graphile_worker.jobs where key = ${key} or (key is null and queue_name = ${key}) order by id`;
}

describe("watch scheduling", () => {
  it("puts each place's watch in a queue of its own", async () => {
    await scheduleClusterWatch(424242);
    await scheduleYarnWatch("http://rm.example:8088");
    await scheduleK8sWatch("flink-prod");
    for (const key of ["probe_cluster:424242", yarnWatchKey("http://rm.example:8088"), "watch_k8s:flink-prod"]) {
      expect((await pending(key)).map((j) => j.queue_name)).toEqual([key]);
    }
  });

  it("a watch asked for while one runs is a second job in the same queue, so it waits for the first", async () => {
    await scheduleClusterWatch(434343);
    // The first watch starts: a worker locks it (as graphile-worker does when it takes a job).
    await rawSql()`update graphile_worker._private_jobs set locked_at = now(), locked_by = 'test-worker' where key = 'probe_cluster:434343'`;
    await scheduleClusterWatch(434343, { fastUntil: Date.now() + 60_000 });
    const jobs = await pending("probe_cluster:434343");
    expect(jobs).toHaveLength(2);
    expect(new Set(jobs.map((j) => j.queue_name))).toEqual(new Set(["probe_cluster:434343"]));
  });
});
