"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { createChannel, deleteChannel, testChannel, updateChannel } from "@/lib/alerts/channels";
import { acknowledgeAlert, retryAlert, retryFailedAlerts, silenceChannel, silenceJob } from "@/lib/alerts/history";
import { resetTemplate, saveTemplate } from "@/lib/alerts/template-store";
import { runAction } from "@/lib/actions";
import { refSchema } from "@/lib/validation";

/** Each action parses what it needs on the server and leaves the access check to lib/alerts (team, then permission). */

const team = z.object({ team: refSchema });
const channelTarget = team.extend({ channel: refSchema });
const alertTarget = team.extend({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });

export async function createChannelAction(input: unknown) {
  return runAction("createChannelAction", async (p) => {
    const { team: t, channel } = team.extend({ channel: z.unknown() }).parse(input);
    const created = await createChannel(p, t, channel);
    revalidatePath("/", "layout");
    return { id: created.id, name: created.name };
  });
}

export async function updateChannelAction(input: unknown) {
  return runAction("updateChannelAction", async (p) => {
    const { team: t, channel, changes } = channelTarget.extend({ changes: z.unknown() }).parse(input);
    const updated = await updateChannel(p, t, channel, changes);
    revalidatePath("/", "layout");
    return { id: updated.id, name: updated.name };
  });
}

export async function deleteChannelAction(input: unknown) {
  return runAction("deleteChannelAction", async (p) => {
    const { team: t, channel, force } = channelTarget.extend({ force: z.boolean().default(false) }).parse(input);
    const r = await deleteChannel(p, t, channel, { force });
    revalidatePath("/", "layout");
    return r;
  });
}

/** Sends the test message now; a platform's refusal comes back as data (ok:false), not as an error. */
export async function testChannelAction(input: unknown) {
  return runAction("testChannelAction", async (p) => {
    const { team: t, channel } = channelTarget.parse(input);
    const r = await testChannel(p, t, channel);
    revalidatePath("/", "layout");
    return r;
  });
}

export async function silenceChannelAction(input: unknown) {
  return runAction("silenceChannelAction", async (p) => {
    const { team: t, channel, minutes } = channelTarget.extend({ minutes: z.unknown() }).parse(input);
    const r = await silenceChannel(p, t, channel, { minutes });
    revalidatePath("/", "layout");
    return r;
  });
}

export async function silenceJobAction(input: unknown) {
  return runAction("silenceJobAction", async (p) => {
    const { team: t, job, minutes } = team.extend({ job: refSchema, minutes: z.unknown() }).parse(input);
    const r = await silenceJob(p, t, job, { minutes });
    revalidatePath("/", "layout");
    return r;
  });
}

export async function acknowledgeAlertAction(input: unknown) {
  return runAction("acknowledgeAlertAction", async (p) => {
    const { team: t, id } = alertTarget.parse(input);
    const r = await acknowledgeAlert(p, t, id);
    revalidatePath("/", "layout");
    return r;
  });
}

export async function retryAlertAction(input: unknown) {
  return runAction("retryAlertAction", async (p) => {
    const { team: t, id } = alertTarget.parse(input);
    const r = await retryAlert(p, t, id);
    revalidatePath("/", "layout");
    return r;
  });
}

/** Every failed delivery of the team (or of one channel) queued again. */
export async function retryFailedAlertsAction(input: unknown) {
  return runAction("retryFailedAlertsAction", async (p) => {
    const { team: t, channel } = team.extend({ channel: z.string().max(200).optional() }).parse(input);
    const r = await retryFailedAlerts(p, t, { channel });
    revalidatePath("/", "layout");
    return r;
  });
}

export async function saveTemplateAction(input: unknown) {
  return runAction("saveTemplateAction", async (p) => {
    const { team: t, kind, title, body } = team.extend({ kind: z.string().max(64), title: z.unknown(), body: z.unknown() }).parse(input);
    const r = await saveTemplate(p, t, kind, { title, body });
    revalidatePath("/", "layout");
    return { kind: r.kind, custom: r.custom };
  });
}

export async function resetTemplateAction(input: unknown) {
  return runAction("resetTemplateAction", async (p) => {
    const { team: t, kind } = team.extend({ kind: z.string().max(64) }).parse(input);
    const r = await resetTemplate(p, t, kind);
    revalidatePath("/", "layout");
    return { kind: r.kind, title: r.title, body: r.body };
  });
}
