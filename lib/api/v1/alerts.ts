import { z } from "zod";
import type { AlertRow } from "@/db/queries/alerts";
import { endpoint } from "@/lib/api/endpoint";
import { channelKinds, createChannelInput, createChannel, deleteChannel, failedAlertCount, getChannel, listTeamChannels, testChannel, updateChannel, updateChannelInput, type ChannelView } from "@/lib/alerts/channels";
import { acknowledgeAlert, alertHistory, retryAlert, retryFailedAlerts, silenceChannel, silenceJob } from "@/lib/alerts/history";
import { alertKindSchema, getTemplate, getTemplates, placeholderList, resetTemplate, saveTemplate, templateInput, type TeamTemplate } from "@/lib/alerts/template-store";
import { alertKinds } from "@/lib/alerts/templates";
import { jobRefSchema } from "@/lib/jobs/input";
import { refSchema } from "@/lib/validation";
import { isoDate, teamRef } from "./schemas";

const teamParams = z.object({ team: teamRef });
const channelRef = refSchema.meta({ description: "An alert channel's name or id.", param: { description: "An alert channel's name or id." } });
const channelParams = z.object({ team: teamRef, channel: channelRef });
const alertId = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).meta({ param: { description: "An alert's id." } });
const alertParams = z.object({ team: teamRef, id: alertId });
const jobRef = jobRefSchema.meta({ description: "A job's name or id.", param: { description: "A job's name or id." } });
const kindParam = alertKindSchema.meta({ param: { description: `An alert kind: ${alertKinds.join(", ")}.` } });

const alertStates = ["queued", "sent", "failed", "grouped", "suppressed"] as const;
const rateView = z.object({ perMinute: z.number().int(), perSecond: z.number().int().nullable() });

export const alertChannelSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    kind: z.enum(channelKinds),
    kindLabel: z.string().meta({ example: "DingTalk" }),
    description: z.string(),
    config: z.record(z.string(), z.unknown()).meta({ description: "The settings that may be shown again." }),
    secretsSet: z.array(z.string()).meta({ description: "Which secret fields hold a value; their values are never returned.", example: ["webhookUrl", "secret"] }),
    rate: rateView.meta({ description: "Messages per minute, and per second (null: no per-second limit), this channel keeps to." }),
    defaultRate: rateView.meta({ description: "The platform's documented limit." }),
    enabled: z.boolean(),
    silencedUntil: isoDate.nullable().meta({ description: "No alerts go out until then (they are recorded as suppressed)." }),
    failedAlerts: z.number().int().meta({ description: "Deliveries that gave up and wait for a retry." }),
    createdAt: isoDate,
    updatedAt: isoDate,
  })
  .meta({ id: "AlertChannel" });

const alertChannelDetailSchema = alertChannelSchema
  .extend({ usage: z.object({ jobs: z.number().int(), clusters: z.number().int() }).meta({ description: "Jobs and clusters that send their alerts here." }) })
  .meta({ id: "AlertChannelDetail" });

const channelView = (c: ChannelView) => c;

export const alertSchema = z
  .object({
    id: z.number().int(),
    kind: z.enum(alertKinds),
    state: z.enum(alertStates).meta({ description: "queued (waiting to be sent), sent, grouped (sent inside a digest), failed (gave up; retry it), suppressed (silenced, not sent)." }),
    title: z.string(),
    body: z.string(),
    link: z.string().nullable(),
    attempts: z.number().int(),
    notBefore: isoDate.nullable().meta({ description: "Waiting until then (after throttling or a network error)." }),
    suppressedReason: z.string().nullable(),
    createdAt: isoDate,
    sentAt: isoDate.nullable(),
    acknowledgedAt: isoDate.nullable(),
    acknowledgedBy: z.string().nullable(),
    job: z.object({ id: z.number().int(), name: z.string() }).nullable(),
    cluster: z.object({ id: z.number().int(), name: z.string() }).nullable(),
    channel: z.object({ id: z.number().int(), name: z.string(), kind: z.enum(channelKinds) }),
    message: z.object({ id: z.number().int(), alertCount: z.number().int() }).nullable().meta({ description: "The message that carried it: alone, or a digest of alertCount alerts." }),
    answers: z
      .array(z.object({ at: z.string(), ok: z.boolean(), status: z.number().int().nullable(), answer: z.string() }))
      .meta({ description: "The platform's answer to each attempt, in its own words." }),
  })
  .meta({ id: "Alert" });

export function alertView(a: AlertRow): z.input<typeof alertSchema> {
  return {
    id: a.id,
    kind: a.kind,
    state: a.state,
    title: a.title,
    body: a.body,
    link: a.link,
    attempts: a.attempts,
    notBefore: a.notBefore,
    suppressedReason: a.suppressedReason,
    createdAt: a.createdAt,
    sentAt: a.sentAt,
    acknowledgedAt: a.acknowledgedAt,
    acknowledgedBy: a.acknowledgedBy,
    job: a.jobId != null && a.jobName != null ? { id: a.jobId, name: a.jobName } : null,
    cluster: a.clusterId != null && a.clusterName != null ? { id: a.clusterId, name: a.clusterName } : null,
    channel: { id: a.channelId, name: a.channelName, kind: a.channelKind },
    message: a.messageId != null ? { id: a.messageId, alertCount: a.messageAlertCount ?? 1 } : null,
    answers: a.answers ?? [],
  };
}

const templateSchema = z
  .object({
    kind: z.enum(alertKinds),
    label: z.string(),
    title: z.string(),
    body: z.string(),
    custom: z.boolean().meta({ description: "The team wrote its own; false: the default applies." }),
    updatedAt: isoDate.nullable(),
    default: z.object({ title: z.string(), body: z.string() }),
  })
  .meta({ id: "AlertTemplate" });
const templateView = (t: TeamTemplate) => t;

const silenceBody = z.object({
  minutes: z.coerce
    .number()
    .int("Give a whole number of minutes.")
    .min(0, "Give a number of minutes (0 lifts the silence).")
    .max(30 * 24 * 60, "At most 30 days.")
    .meta({ description: "How long; 0 lifts the silence.", example: 60 }),
});
const silenceAnswer = z.object({ until: isoDate.nullable().meta({ description: "Silenced until then; null: not silenced." }) });

// ---------------------------------------------------------------------------- channels

export const listAlertChannels = endpoint({
  method: "GET",
  path: "/teams/{team}/alert-channels",
  tag: "Alerts",
  summary: "List a team's alert channels",
  description: "Secrets are never returned: secretsSet names the secret fields that hold a value.",
  params: teamParams,
  response: z.object({ channels: z.array(alertChannelSchema) }),
  errors: [403, 404],
  handler: async ({ principal, params }) => ({ channels: (await listTeamChannels(principal, params.team)).map(channelView) }),
});

export const postAlertChannel = endpoint({
  method: "POST",
  path: "/teams/{team}/alert-channels",
  tag: "Alerts",
  summary: "Add an alert channel",
  description:
    "kind dingtalk, wecom, lark, webhook or email, with that platform's config (shown again) and secrets (sealed at rest, never returned). rate defaults to the platform's documented limit.",
  params: teamParams,
  body: createChannelInput,
  response: alertChannelSchema,
  successStatus: 201,
  errors: [403, 404, 409],
  handler: async ({ principal, params, body }) => channelView(await createChannel(principal, params.team, body)),
});

export const getAlertChannel = endpoint({
  method: "GET",
  path: "/teams/{team}/alert-channels/{channel}",
  tag: "Alerts",
  summary: "An alert channel, with the jobs and clusters that use it",
  params: channelParams,
  response: alertChannelDetailSchema,
  errors: [403, 404],
  handler: async ({ principal, params }) => getChannel(principal, params.team, params.channel),
});

export const patchAlertChannel = endpoint({
  method: "PATCH",
  path: "/teams/{team}/alert-channels/{channel}",
  tag: "Alerts",
  summary: "Edit an alert channel",
  description: "Absent fields stay as they are. config is merged field by field; a secret left out or empty keeps its stored value. The kind cannot change.",
  params: channelParams,
  body: updateChannelInput,
  response: alertChannelSchema,
  errors: [403, 404, 409],
  handler: async ({ principal, params, body }) => channelView(await updateChannel(principal, params.team, params.channel, body)),
});

export const deleteAlertChannel = endpoint({
  method: "DELETE",
  path: "/teams/{team}/alert-channels/{channel}",
  tag: "Alerts",
  summary: "Delete an alert channel and its alert history",
  description: "Refused (409, with the counts) while jobs or clusters send their alerts to it, unless force=true: each such job then gets a new version without an alert channel.",
  params: channelParams,
  query: z.object({ force: z.enum(["true", "false"], { error: () => "force is true or false." }).optional().meta({ description: "true: clear the channel from the jobs and clusters that use it." }) }),
  response: null,
  successStatus: 204,
  errors: [403, 404, 409],
  handler: async ({ principal, params, query }) => {
    await deleteChannel(principal, params.team, params.channel, { force: query.force === "true" });
  },
});

export const postAlertChannelTest = endpoint({
  method: "POST",
  path: "/teams/{team}/alert-channels/{channel}/test",
  tag: "Alerts",
  summary: "Send a test message through a channel now",
  description: "Uses the team's test template and answers with the platform's own answer; a refusal by the platform is ok:false (200), not an error. The test appears in the alert history.",
  params: channelParams,
  response: z.object({
    ok: z.boolean(),
    outcome: z.enum(["sent", "throttled", "retry", "rejected"]),
    status: z.number().int().nullable().meta({ description: "The platform's HTTP status (or SMTP reply code); null when it could not be reached." }),
    answer: z.string().meta({ description: "The platform's own words." }),
    title: z.string(),
    body: z.string(),
    alertId: z.number().int(),
  }),
  errors: [403, 404],
  handler: async ({ principal, params }) => testChannel(principal, params.team, params.channel),
});

export const postAlertChannelSilence = endpoint({
  method: "POST",
  path: "/teams/{team}/alert-channels/{channel}/silence",
  tag: "Alerts",
  summary: "Silence a channel for a while",
  description: "Alerts raised meanwhile are recorded as suppressed, not sent. minutes 0 lifts the silence.",
  params: channelParams,
  body: silenceBody,
  response: silenceAnswer,
  errors: [403, 404],
  handler: async ({ principal, params, body }) => silenceChannel(principal, params.team, params.channel, body),
});

// ---------------------------------------------------------------------------- history

export const listAlertsEndpoint = endpoint({
  method: "GET",
  path: "/teams/{team}/alerts",
  tag: "Alerts",
  summary: "The team's alert history",
  description: "Newest first, with each delivery's state, attempts and the platform's answers. failedUnacknowledged counts failed deliveries nobody acknowledged yet.",
  params: teamParams,
  query: z.object({
    job: z.string().min(1).max(200).optional().meta({ description: "A job's name or id." }),
    channel: z.string().min(1).max(200).optional().meta({ description: "An alert channel's name or id." }),
    state: z.string().max(100).optional().meta({ description: `States, comma-separated: ${alertStates.join(", ")}.` }),
    page: z.coerce.number().int().min(1).max(100_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(200).default(50),
  }),
  response: z.object({ alerts: z.array(alertSchema), total: z.number().int(), page: z.number().int(), pageSize: z.number().int(), failedUnacknowledged: z.number().int() }),
  errors: [403, 404],
  handler: async ({ principal, params, query }) => {
    const r = await alertHistory(principal, params.team, query);
    return { alerts: r.rows.map(alertView), total: r.total, page: r.page, pageSize: r.pageSize, failedUnacknowledged: await failedAlertCount(principal, r.team.id) };
  },
});

export const acknowledgeAlertEndpoint = endpoint({
  method: "POST",
  path: "/teams/{team}/alerts/{id}/acknowledge",
  tag: "Alerts",
  summary: "Acknowledge an alert",
  description: "Someone has seen it: a failed delivery no longer counts in the team's badge.",
  params: alertParams,
  response: z.object({ id: z.number().int() }),
  errors: [403, 404],
  handler: async ({ principal, params }) => acknowledgeAlert(principal, params.team, params.id),
});

export const retryAlertEndpoint = endpoint({
  method: "POST",
  path: "/teams/{team}/alerts/{id}/retry",
  tag: "Alerts",
  summary: "Send a failed alert again",
  description: "Only a failed delivery can be retried (409 otherwise); its attempts start over.",
  params: alertParams,
  response: z.object({ id: z.number().int() }),
  successStatus: 202,
  errors: [403, 404, 409],
  handler: async ({ principal, params }) => retryAlert(principal, params.team, params.id),
});

export const retryFailedAlertsEndpoint = endpoint({
  method: "POST",
  path: "/teams/{team}/alerts/retry-failed",
  tag: "Alerts",
  summary: "Send every failed alert of the team again",
  description: "Every failed delivery (of one channel, if `channel` is given) goes back in its channel's queue, attempts starting over; each channel sends them in order, at its rate. Test messages are left as they were.",
  params: teamParams,
  body: z.object({ channel: z.union([z.string(), z.number()]).optional().meta({ description: "A channel's name or id." }) }),
  response: z.object({ queued: z.number().int().meta({ description: "How many alerts were queued again." }) }),
  successStatus: 202,
  errors: [403, 404],
  handler: async ({ principal, params, body }) => retryFailedAlerts(principal, params.team, body),
});

export const silenceJobEndpoint = endpoint({
  method: "POST",
  path: "/teams/{team}/jobs/{job}/silence",
  tag: "Alerts",
  summary: "Silence a job's alerts for a while",
  description: "Needs job:edit. minutes 0 lifts the silence.",
  params: z.object({ team: teamRef, job: jobRef }),
  body: silenceBody,
  response: silenceAnswer,
  errors: [403, 404],
  handler: async ({ principal, params, body }) => silenceJob(principal, params.team, params.job, body),
});

// ---------------------------------------------------------------------------- templates

export const listAlertTemplates = endpoint({
  method: "GET",
  path: "/teams/{team}/alert-templates",
  tag: "Alerts",
  summary: "The team's alert wording per kind, and the placeholders it may use",
  params: teamParams,
  response: z.object({ templates: z.array(templateSchema), placeholders: z.array(z.object({ name: z.string(), description: z.string() })) }),
  errors: [403, 404],
  handler: async ({ principal, params }) => ({ templates: (await getTemplates(principal, params.team)).map(templateView), placeholders: placeholderList }),
});

const templateParams = z.object({ team: teamRef, kind: kindParam });

export const getAlertTemplate = endpoint({
  method: "GET",
  path: "/teams/{team}/alert-templates/{kind}",
  tag: "Alerts",
  summary: "One kind's wording",
  params: templateParams,
  response: templateSchema,
  errors: [403, 404],
  handler: async ({ principal, params }) => templateView(await getTemplate(principal, params.team, params.kind)),
});

export const putAlertTemplate = endpoint({
  method: "PUT",
  path: "/teams/{team}/alert-templates/{kind}",
  tag: "Alerts",
  summary: "Replace one kind's wording",
  description: "{{placeholders}} are filled from the alert's facts; an unknown one is refused (422) with its name, beside the field that uses it.",
  params: templateParams,
  body: templateInput,
  response: templateSchema,
  errors: [403, 404],
  handler: async ({ principal, params, body }) => templateView(await saveTemplate(principal, params.team, params.kind, body)),
});

export const deleteAlertTemplate = endpoint({
  method: "DELETE",
  path: "/teams/{team}/alert-templates/{kind}",
  tag: "Alerts",
  summary: "Reset one kind's wording to the default",
  params: templateParams,
  response: templateSchema,
  errors: [403, 404],
  handler: async ({ principal, params }) => templateView(await resetTemplate(principal, params.team, params.kind)),
});
