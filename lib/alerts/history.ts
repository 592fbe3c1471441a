import { z } from "zod";
import { findChannel, updateChannel } from "@/db/queries/alert-channels";
import { acknowledge, findAlert, listAlerts, requeue, requeueFailed, type AlertState } from "@/db/queries/alerts";
import { findJob } from "@/db/queries/jobs";
import { setJobAlertSilence } from "@/db/queries/jobs";
import { audited } from "@/lib/audit";
import { requirePermission, requireTeamPermission, teamAccess } from "@/lib/auth/access";
import type { Principal } from "@/lib/auth/principal";
import { AppError } from "@/lib/errors";
import { refSchema } from "@/lib/validation";
import { scheduleSender } from "./dispatch-schedule";

/**
 * What people do with alerts: read the history (per team, job or channel), acknowledge one, retry
 * a failed delivery, silence a job or a channel for a while. Every call checks the caller's role
 * in the team; a hidden team or another team's alert is not found.
 */

const alertStates = ["queued", "sent", "failed", "grouped", "suppressed"] as const;

export const alertListQuery = z.object({
  job: z.string().min(1).max(200).optional(),
  channel: z.string().min(1).max(200).optional(),
  state: z
    .string()
    .optional()
    .transform((s, ctx) => {
      const states = (s ?? "").split(",").map((x) => x.trim()).filter(Boolean);
      const bad = states.filter((x) => !(alertStates as readonly string[]).includes(x));
      if (bad.length) ctx.addIssue({ code: "custom", message: `Unknown state ${bad.join(", ")}: use ${alertStates.join(", ")}.` });
      return states as AlertState[];
    }),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type AlertListQuery = z.input<typeof alertListQuery>;

export async function alertHistory(p: Principal, team: string | number, rawQuery: AlertListQuery = {}) {
  const q = alertListQuery.parse(rawQuery);
  const access = await requireTeamPermission(p, team, "alert_channel:view");
  const job = q.job ? await findJob({ teamId: access.team.id, ref: q.job }) : undefined;
  if (q.job && !job) throw new AppError("not_found", `Job “${q.job}” was not found.`);
  const channel = q.channel ? await findChannel({ teamId: access.team.id, ref: q.channel }) : undefined;
  if (q.channel && !channel) throw new AppError("not_found", `Alert channel “${q.channel}” was not found.`);
  const r = await listAlerts({ teamId: access.team.id, jobId: job?.id, channelId: channel?.id, states: q.state, limit: q.pageSize, offset: (q.page - 1) * q.pageSize });
  return { ...r, page: q.page, pageSize: q.pageSize, team: access.team };
}

export async function acknowledgeAlert(p: Principal, team: string | number, id: number) {
  const access = await teamAccess(p, team);
  return audited(p, { action: "alert.acknowledge", targetType: "alert", targetName: String(id), team: access.team }, async (tx) => {
    requirePermission(access, "alert_channel:view");
    const alert = await findAlert({ teamId: access.team.id, id }, tx);
    if (!alert) throw new AppError("not_found", `Alert ${id} was not found.`);
    await acknowledge({ id, by: p.user.username }, tx);
    return { id };
  });
}

/** Sends a failed alert again (its attempts start over). */
export async function retryAlert(p: Principal, team: string | number, id: number) {
  const access = await teamAccess(p, team);
  return audited(p, { action: "alert.retry", targetType: "alert", targetName: String(id), team: access.team }, async (tx) => {
    requirePermission(access, "alert_channel:manage");
    const alert = await findAlert({ teamId: access.team.id, id }, tx);
    if (!alert) throw new AppError("not_found", `Alert ${id} was not found.`);
    if (alert.state !== "failed") throw new AppError("conflict", `Alert ${id} is ${alert.state}; only a failed delivery can be retried.`);
    await requeue(id, tx);
    await scheduleSender(alert.channelId, tx);
    return { id };
  });
}

/**
 * Sends every failed delivery of the team again (of one channel, if named): after a platform was
 * down or a secret was fixed, nobody should have to retry a hundred alerts one by one. Each
 * channel's sender sends them in order, at its rate, as digests when many wait.
 */
export async function retryFailedAlerts(p: Principal, team: string | number, raw: unknown = {}) {
  const { channel: channelRef } = z.object({ channel: refSchema.optional() }).parse(raw ?? {});
  const access = await teamAccess(p, team);
  return audited(p, { action: "alert.retry_failed", targetType: "team", targetName: access.team.name, team: access.team, detail: { channel: channelRef ?? null } }, async (tx, log) => {
    requirePermission(access, "alert_channel:manage");
    const channel = channelRef === undefined ? undefined : await findChannel({ teamId: access.team.id, ref: channelRef }, tx);
    if (channelRef !== undefined && !channel) throw new AppError("not_found", `Alert channel “${channelRef}” was not found.`);
    const requeued = await requeueFailed({ teamId: access.team.id, channelId: channel?.id }, tx);
    for (const channelId of new Set(requeued.map((r) => r.channelId))) await scheduleSender(channelId, tx);
    log.set({ detail: { channel: channel?.name ?? null, alerts: requeued.length } });
    return { queued: requeued.length };
  });
}

const silenceInput = z.object({ minutes: z.coerce.number().int().min(0, "Give a number of minutes (0 lifts the silence).").max(30 * 24 * 60, "At most 30 days.") });

/** No alerts for a job until then; 0 minutes lifts the silence. */
export async function silenceJob(p: Principal, team: string | number, jobRef: string | number, raw: unknown) {
  const { minutes } = silenceInput.parse(raw);
  const access = await teamAccess(p, team);
  return audited(p, { action: "job.silence_alerts", targetType: "job", targetName: String(jobRef), team: access.team, detail: { minutes } }, async (tx, log) => {
    requirePermission(access, "job:edit");
    const job = await findJob({ teamId: access.team.id, ref: jobRef }, tx);
    if (!job) throw new AppError("not_found", `Job “${String(jobRef)}” was not found.`);
    log.set({ targetId: job.id, targetName: job.name });
    const until = minutes > 0 ? new Date(Date.now() + minutes * 60_000) : null;
    await setJobAlertSilence({ jobId: job.id, until }, tx);
    return { until };
  });
}

/** No alerts through a channel until then (they are recorded as suppressed); 0 minutes lifts it. */
export async function silenceChannel(p: Principal, team: string | number, channelRef: string | number, raw: unknown) {
  const { minutes } = silenceInput.parse(raw);
  const access = await teamAccess(p, team);
  return audited(p, { action: "alert_channel.silence", targetType: "alert_channel", targetName: String(channelRef), team: access.team, detail: { minutes } }, async (tx, log) => {
    requirePermission(access, "alert_channel:manage");
    const channel = await findChannel({ teamId: access.team.id, ref: channelRef }, tx);
    if (!channel) throw new AppError("not_found", `Alert channel “${String(channelRef)}” was not found.`);
    log.set({ targetId: channel.id, targetName: channel.name });
    const until = minutes > 0 ? new Date(Date.now() + minutes * 60_000) : null;
    await updateChannel(channel.id, { silencedUntil: until }, tx);
    return { until };
  });
}
