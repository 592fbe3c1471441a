/**
 * Alert storms at scale: 1,000 jobs fail at once on one simulated cluster, all alerting to one
 * channel with its platform's default limits, delivered by a worker in this process to a local
 * receiver that enforces those limits. Per platform: the time from the failures until the
 * receiver has every one of them, and how many messages that took.
 */
import { rawSql } from "@/db/client";
import { findTeam } from "@/db/queries/teams";
import { cliPrincipal } from "@/lib/auth/principal";
import { createChannel } from "@/lib/alerts/channels";
import { platformFor } from "@/lib/alerts/platforms";
import { mapLimit } from "@/lib/concurrency";
import { probeAndRecord } from "@/lib/environments/cluster-lifecycle";
import { createCluster } from "@/lib/environments/clusters";
import { startWorker } from "@/jobs/worker";
import { startReceiver, startSmtpReceiver } from "../support/alert-receivers";
import { seedRunningJobs } from "../support/seed-runs";
import { post, startSimProcess } from "./watch";

const FAILURES = 1000;
type Kind = "dingtalk" | "wecom" | "lark" | "webhook" | "email";

export async function benchAlerts(connectionString: string) {
  process.env.EDDY_PUBLIC_URL ??= "https://eddy.example.com";
  const sim = await startSimProcess();
  const worker = await startWorker({ connectionString, concurrency: 4 });
  const op = cliPrincipal("bench");
  const team = (await findTeam("bench"))!;
  console.log(`\nAlert storms: ${FAILURES} jobs fail at once, one channel per run at its platform's default limits:`);
  try {
    for (const kind of ["dingtalk", "wecom", "lark", "webhook", "email"] as Kind[]) {
      const rate = platformFor(kind).defaultRate;
      // The receiver enforces the platform's limit: a sender that exceeded it would see throttling answers.
      const smtp = kind === "email" ? await startSmtpReceiver({ user: "eddy", password: "bench-smtp", tls: "none" }) : null;
      const receiver = kind === "email" ? null : await startReceiver(kind, { ratePerMinute: rate.perMinute, ratePerSecond: rate.perSecond ?? undefined });
      const channel =
        kind === "email"
          ? await createChannel(op, "bench", { kind, name: `storm-${kind}`, config: { host: "127.0.0.1", port: smtp!.port, security: "none", user: "eddy", from: "eddy@example.com", to: ["oncall@example.com"] }, secrets: { password: "bench-smtp" } })
          : await createChannel(op, "bench", { kind, name: `storm-${kind}`, config: {}, secrets: kind === "webhook" ? { url: receiver!.url } : { webhookUrl: receiver!.url } });
      const jm = (await post(`${sim.url}/_sim/jobmanagers`, { name: `alerts-${kind}`, kind: "session", flinkVersion: "2.1.0" })) as { name: string; url: string };
      const cluster = await createCluster(op, "bench", { kind: "remote", name: `alerts-${kind}`, restUrl: jm.url });
      const flinkIds = await mapLimit(Array.from({ length: FAILURES }, (_, i) => i), 16, async (i) => ((await post(`${sim.url}/_sim/jobmanagers/${jm.name}/jobs`, { name: `a-${i}` })) as { jobId: string }).jobId);
      await seedRunningJobs({ teamId: team.id, clusterId: cluster.id, flinkJobIds: flinkIds, prefix: `${kind}-alert`, settings: { alertChannelId: channel.id }, desired: "suspended" });
      await mapLimit(flinkIds, 16, (id) => post(`${sim.url}/_sim/jobmanagers/${jm.name}/jobs/${id}/fail`, { restarts: "exhaust" }));

      const started = Date.now();
      await probeAndRecord(cluster.id); // the watch cycle that records the 1,000 failures and raises their alerts
      const recorded = Date.now() - started;
      let delivered = 0;
      for (;;) {
        const [row] = (await rawSql()`select count(*) filter (where state in ('sent', 'grouped'))::int as done, count(*) filter (where state = 'failed')::int as failed from alerts where channel_id = ${channel.id}`) as unknown as { done: number; failed: number }[];
        if (row!.done + row!.failed >= FAILURES) {
          delivered = Date.now() - started;
          if (row!.failed) console.log(`  ${row!.failed} failed deliveries!`);
          break;
        }
        if (Date.now() - started > 10 * 60_000) throw new Error(`${kind}: not delivered after 10 minutes (${row!.done} of ${FAILURES})`);
        await new Promise((r) => setTimeout(r, 50));
      }
      const texts = receiver ? receiver.received.map((m) => `${m.title}\n${m.text}`) : smtp!.messages.map((m) => `${m.subject}\n${m.text}`);
      const missing = Array.from({ length: FAILURES }, (_, i) => `${kind}-alert-${i}`).filter((n) => !texts.some((t) => new RegExp(`${n}(?!\\d)`).test(t)));
      const limit = `${rate.perMinute}/min${rate.perSecond ? `, ${rate.perSecond}/s` : ""}`;
      console.log(
        `${kind.padEnd(9)} (${limit.padEnd(12)}) failures recorded in ${String(recorded).padStart(5)} ms; every failure at the receiver after ${String(delivered).padStart(5)} ms, in ${texts.length} messages${receiver ? `, ${receiver.throttled} throttling answers` : ""}${missing.length ? `; MISSING ${missing.length}` : ""}`,
      );
      await receiver?.close();
      await smtp?.close();
    }
  } finally {
    await worker.stop();
    sim.child.kill("SIGTERM");
  }
}
