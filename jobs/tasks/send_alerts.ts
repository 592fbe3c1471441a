import type { Task } from "graphile-worker";
import { z } from "zod";
import { findTeam } from "@/db/queries/teams";
import { sendAlerts } from "@/lib/alerts/dispatch";

const payload = z.object({ channelId: z.number().int().positive() });

/**
 * One channel's sender (lib/alerts/dispatch.ts). Queued per channel (`alerts:<id>`), so a channel
 * sends one message at a time, in order, however many workers run.
 */
const task: Task = async (raw, helpers) => {
  const { channelId } = payload.parse(raw);
  const out = await sendAlerts(channelId, async (teamId) => (await findTeam(teamId))?.name ?? String(teamId));
  if (out.messages) helpers.logger.info(`channel ${channelId}: ${out.messages} messages carried ${out.alerts} alerts${out.failed ? `, ${out.failed} failed` : ""}${out.waitUntil ? `; next at ${out.waitUntil.toISOString()}` : ""}`);
};
export default task;
