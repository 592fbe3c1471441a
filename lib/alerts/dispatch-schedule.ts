import type { DbOrTx } from "@/db/queries/tx";
import { enqueue } from "@/jobs/enqueue";

/**
 * One sender per channel: the `send_alerts` task runs in the queue `alerts:<channel>`, so a
 * channel's messages go one at a time and in order, whichever worker runs them. The job key keeps
 * at most one pending run per channel (graphile-worker adds a new one if the current is running).
 */
export const senderQueue = (channelId: number) => `alerts:${channelId}`;

export async function scheduleSender(channelId: number, tx?: DbOrTx, runAt?: Date): Promise<void> {
  await enqueue("send_alerts", { channelId }, { queueName: senderQueue(channelId), jobKey: `send_alerts:${channelId}`, jobKeyMode: runAt ? "replace" : "preserve_run_at", runAt, maxAttempts: 25 }, tx);
}
