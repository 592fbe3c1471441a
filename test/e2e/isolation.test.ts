/**
 * The isolation suite. A member of team B asks for team A's objects through pages, server actions
 * and the REST API (with a token and with a session), by name and by id, and gets "not found" every
 * time; afterwards team A is unchanged.
 *
 * Later issues extend the three tables below with their own objects (jobs, clusters, variables…):
 * create one in team A in `beforeAll`, then add a page, an action call and an API request for it.
 */
import { randomBytes } from "node:crypto";
import yazl from "yazl";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { ensureFlinkVersion } from "../support/e2e-fixtures";
import { HttpSession } from "../support/http-session";
import { callAction } from "../support/server-actions";

const baseUrl = inject("baseUrl");
const simUrl = inject("simUrl");
const adminPassword = inject("adminPassword");
const s = randomBytes(3).toString("hex");
const teamA = `iso-a-${s}`;
const teamB = `iso-b-${s}`;
const memberA = `iso-amy-${s}`;
const memberB = `iso-bo-${s}`;
const password = "isolation-password-1";

const admin = new HttpSession(baseUrl);
const bo = new HttpSession(baseUrl);
let boToken = "";
let teamAId = 0;
let teamATokenId = 0;
let teamAToken = "";
let clusterAId = 0;
const clusterA = `iso-cluster-${s}`;
let versionName = "";
const resourceA = `iso-jar-${s}.jar`;
let resourceAId = 0;
let resourceASha = "";
const variableA = `iso.secret.${s}`;
const variableAValue = `iso-value-${s}`;
let variableAId = 0;
const jobA = `iso-job-${s}`;
let jobAId = 0;
let operationAId = 0;
const channelA = `iso-channel-${s}`;
let channelAId = 0;
let alertAId = 0;
const jobB = `iso-b-job-${s}`;
const JOB_SQL = "CREATE TABLE src (a INT) WITH ('connector' = 'datagen');\nSELECT a FROM src;\n";

/** A small jar, as a multipart upload carries it. */
async function jarForm(name: string): Promise<FormData> {
  const zip = new yazl.ZipFile();
  zip.addBuffer(Buffer.from("Manifest-Version: 1.0\r\nMain-Class: iso.Main\r\n\r\n"), "META-INF/MANIFEST.MF");
  zip.addBuffer(Buffer.from(name), "iso/Main.class");
  zip.end();
  const chunks: Buffer[] = [];
  for await (const c of zip.outputStream) chunks.push(c as Buffer);
  const form = new FormData();
  form.set("kind", "app");
  form.set("file", new File([new Uint8Array(Buffer.concat(chunks))], name));
  return form;
}

async function ok(res: Response): Promise<unknown> {
  const body = await res.json();
  if (!res.ok) throw new Error(`${res.status} ${JSON.stringify(body)}`);
  return body;
}

beforeAll(async () => {
  expect(await admin.signIn("admin", adminPassword)).toBeNull();
  const a = (await ok(await admin.json("/api/v1/teams", "POST", { name: teamA }))) as { id: number };
  teamAId = a.id;
  await ok(await admin.json("/api/v1/teams", "POST", { name: teamB }));
  for (const u of [memberA, memberB]) {
    const r = await callAction(admin, "app/(console)/admin/users/actions.ts", "createUserAction", [{ username: u, password }]);
    expect(r.ok).toBe(true);
  }
  await ok(await admin.json(`/api/v1/teams/${teamA}/members`, "POST", { user: memberA, role: "developer" }));
  // Bo holds the strongest role in B, so every refusal below is about the team, not the role.
  await ok(await admin.json(`/api/v1/teams/${teamB}/members`, "POST", { user: memberB, role: "team admin" }));
  const t = await callAction(admin, "app/(console)/account/tokens/actions.ts", "createTokenAction", [{ team: teamA, name: "team A automation" }]);
  teamATokenId = (t.data as { id: number }).id;
  teamAToken = (t.data as { token: string }).token;

  // A Flink version (installation-wide) and a cluster of team A that uses it (its address need not
  // answer: isolation is decided before any probe).
  const { flinkHomes } = (await (await fetch(`${simUrl}/_sim`)).json()) as { flinkHomes: Record<string, string> };
  versionName = await ensureFlinkVersion(admin, flinkHomes["2.1.0"]!, `iso-flink-${s}`);
  const c = (await ok(await admin.json(`/api/v1/teams/${teamA}/clusters`, "POST", { kind: "remote", name: clusterA, restUrl: "http://127.0.0.1:9/flink", flinkVersion: versionName }))) as { id: number };
  clusterAId = c.id;

  // A jar (uploaded as the console does: multipart from the session, with its Origin) and a secret variable of team A.
  const up = await admin.fetch(`/api/v1/teams/${teamA}/resources`, { method: "POST", headers: { origin: baseUrl }, body: await jarForm(resourceA) });
  const jar = (await ok(up)) as { id: number; sha256: string };
  resourceAId = jar.id;
  resourceASha = jar.sha256;
  const v = (await ok(await admin.json(`/api/v1/teams/${teamA}/variables`, "POST", { name: variableA, value: variableAValue, secret: true }))) as { id: number };
  variableAId = v.id;
  // A job of team A with two versions, so there is a diff to ask for.
  const job = (await ok(await admin.json(`/api/v1/teams/${teamA}/jobs`, "POST", { name: jobA, type: "sql", sql: JOB_SQL, settings: { mode: "remote", cluster: clusterA } }))) as { id: number };
  jobAId = job.id;
  await ok(await admin.json(`/api/v1/teams/${teamA}/jobs/${jobA}`, "PATCH", { sql: `${JOB_SQL}-- second\n`, note: "v2" }));
  // A build of it (the worker runs it), so team A has an operation, a release and events to ask for.
  const build = (await ok(await admin.json(`/api/v1/teams/${teamA}/jobs/${jobA}/actions/build`, "POST", {}))) as { id: number };
  operationAId = build.id;
  for (let i = 0; ; i++) {
    const status = ((await ok(await admin.fetch(`/api/v1/teams/${teamA}/jobs/${jobA}/operations/${operationAId}`))) as { status: string }).status;
    if (status === "succeeded") break;
    if (status === "failed" || i > 120) throw new Error(`team A's build did not succeed: ${status}`);
    await new Promise((r) => setTimeout(r, 250));
  }

  // An alert channel of team A (its address answers nothing) and one alert: its test message, failed.
  const ch = (await ok(await admin.json(`/api/v1/teams/${teamA}/alert-channels`, "POST", { kind: "webhook", name: channelA, secrets: { url: "http://127.0.0.1:9/hook" } }))) as { id: number };
  channelAId = ch.id;
  const tested = (await ok(await admin.json(`/api/v1/teams/${teamA}/alert-channels/${channelA}/test`, "POST"))) as { ok: boolean; alertId: number };
  alertAId = tested.alertId;

  // Team B has a job of its own, so that team A's operation can be asked for under it.
  await ok(await admin.json(`/api/v1/teams/${teamB}/clusters`, "POST", { kind: "remote", name: clusterA, restUrl: "http://127.0.0.1:9/flink" }));
  await ok(await admin.json(`/api/v1/teams/${teamB}/jobs`, "POST", { name: jobB, type: "sql", sql: JOB_SQL, settings: { mode: "remote", cluster: clusterA } }));

  expect(await bo.signIn(memberB, password)).toBeNull();
  const mine = await callAction(bo, "app/(console)/account/tokens/actions.ts", "createTokenAction", [{ team: teamB, name: "bo's script" }]);
  expect(mine.ok).toBe(true);
  boToken = (mine.data as { token: string }).token;
});

/** Team A, as its name and as its id: both must be refused alike. */
const refsToA = () => [teamA, String(teamAId)];

const pages = (ref: string) => [
  `/teams/${ref}`,
  `/teams/${ref}/members`,
  `/teams/${ref}/tokens`,
  `/teams/${ref}/audit`,
  `/teams/${ref}/settings`,
  `/teams/${ref}/clusters`,
  `/teams/${ref}/clusters/new`,
  `/teams/${ref}/clusters/${clusterA}`,
  `/teams/${ref}/clusters/${clusterAId}`,
  `/teams/${ref}/resources`,
  `/teams/${ref}/resources/${resourceA}`,
  `/teams/${ref}/resources/${resourceAId}`,
  `/teams/${ref}/variables`,
  `/teams/${ref}/jobs`,
  `/teams/${ref}/jobs/new`,
  `/teams/${ref}/alerts`,
  `/teams/${ref}/alerts?channel=${channelA}&state=failed`,
  `/teams/${ref}/alerts/channels`,
  `/teams/${ref}/alerts/templates`,
  ...[jobA, String(jobAId)].flatMap((j) =>
    ["", "/sql", "/versions", "/versions/1", "/versions/1...2", "/builds", "/operations", `/operations/${operationAId}`, "/savepoints", "/events", "/logs", "/alerts"].map((t) => `/teams/${ref}/jobs/${j}${t}`),
  ),
];

// Strings here must not start with "$": React's action encoding reserves that prefix (a browser escapes it as "$$").
const actions = (ref: string): [file: string, name: string, args: unknown[]][] => [
  ["app/(console)/teams/[team]/members/actions.ts", "addMemberAction", [{ team: ref, user: memberB, role: "team admin" }]],
  ["app/(console)/teams/[team]/members/actions.ts", "changeMemberRoleAction", [{ team: ref, user: memberA, role: "viewer" }]],
  ["app/(console)/teams/[team]/members/actions.ts", "removeMemberAction", [{ team: ref, user: memberA }]],
  ["app/(console)/teams/[team]/settings/actions.ts", "updateTeamAction", [{ team: ref, description: "taken over" }]],
  ["app/(console)/account/tokens/actions.ts", "createTokenAction", [{ team: ref, name: "sneaky" }]],
  ["app/(console)/account/tokens/actions.ts", "revokeTokenAction", [{ id: teamATokenId }]],
  ["app/(console)/teams/[team]/clusters/actions.ts", "createClusterAction", [{ team: ref, cluster: { kind: "remote", name: "planted", restUrl: "http://x:8081" } }]],
  ["app/(console)/teams/[team]/clusters/actions.ts", "updateClusterAction", [{ team: ref, cluster: clusterA, changes: { description: "taken over" } }]],
  ["app/(console)/teams/[team]/clusters/actions.ts", "deleteClusterAction", [{ team: ref, cluster: String(clusterAId) }]],
  ["app/(console)/teams/[team]/clusters/actions.ts", "clusterLifecycleAction", [{ team: ref, cluster: clusterA, action: "stop" }]],
  ["app/(console)/teams/[team]/resources/actions.ts", "deleteResourceAction", [{ team: ref, resource: resourceA }]],
  ["app/(console)/teams/[team]/resources/actions.ts", "deleteResourceAction", [{ team: ref, resource: String(resourceAId) }]],
  ["app/(console)/teams/[team]/variables/actions.ts", "createVariableAction", [{ team: ref, variable: { name: "planted", value: "x" } }]],
  ["app/(console)/teams/[team]/variables/actions.ts", "updateVariableAction", [{ team: ref, variable: variableA, changes: { value: "taken over", secret: false } }]],
  ["app/(console)/teams/[team]/variables/actions.ts", "deleteVariableAction", [{ team: ref, variable: String(variableAId) }]],
  ["app/(console)/teams/[team]/variables/actions.ts", "revealVariableAction", [{ team: ref, variable: variableA }]],
  ["app/(console)/teams/[team]/variables/actions.ts", "revealVariableAction", [{ team: ref, variable: String(variableAId) }]],
  ["app/(console)/teams/[team]/variables/actions.ts", "previewVariablesAction", [{ team: ref, text: `pw=\${${variableA}}`, reveal: true }]],
  ...jobActions(ref),
  ...alertActions(ref),
];

const ALERTS = "app/(console)/teams/[team]/alerts/actions.ts";
const alertActions = (ref: string): [file: string, name: string, args: unknown[]][] => [
  [ALERTS, "createChannelAction", [{ team: ref, channel: { kind: "webhook", name: "planted", secrets: { url: "http://x:8081/hook" } } }]],
  ...[channelA, String(channelAId)].flatMap((c): [string, string, unknown[]][] => [
    [ALERTS, "updateChannelAction", [{ team: ref, channel: c, changes: { description: "taken over", secrets: { url: "http://x:8081/stolen" } } }]],
    [ALERTS, "deleteChannelAction", [{ team: ref, channel: c, force: true }]],
    [ALERTS, "testChannelAction", [{ team: ref, channel: c }]],
    [ALERTS, "silenceChannelAction", [{ team: ref, channel: c, minutes: 60 }]],
  ]),
  [ALERTS, "acknowledgeAlertAction", [{ team: ref, id: alertAId }]],
  [ALERTS, "retryAlertAction", [{ team: ref, id: alertAId }]],
  [ALERTS, "retryFailedAlertsAction", [{ team: ref }]],
  [JOBS, "recoverAllAction", [{ team: ref }]],
  [ALERTS, "silenceJobAction", [{ team: ref, job: jobA, minutes: 60 }]],
  [ALERTS, "silenceJobAction", [{ team: ref, job: String(jobAId), minutes: 60 }]],
  [ALERTS, "saveTemplateAction", [{ team: ref, kind: "job_failed", title: "taken over", body: "{{job}}" }]],
  [ALERTS, "resetTemplateAction", [{ team: ref, kind: "job_failed" }]],
];

const JOBS = "app/(console)/teams/[team]/jobs/actions.ts";
const JOB = "app/(console)/teams/[team]/jobs/[job]/actions.ts";
const jobActions = (ref: string): [file: string, name: string, args: unknown[]][] => [
  [JOBS, "createJobAction", [{ team: ref, job: { name: "planted", type: "sql", sql: "SELECT 1", settings: { mode: "remote", cluster: clusterA } } }]],
  ...[jobA, String(jobAId)].flatMap((j): [string, string, unknown[]][] => [
    [JOBS, "updateJobAction", [{ team: ref, job: j, changes: { description: "taken over" } }]],
    [JOBS, "saveJobVersionAction", [{ team: ref, job: j, version: { sql: "SELECT 2", note: "taken over" } }]],
    [JOBS, "rollbackJobAction", [{ team: ref, job: j, number: 1 }]],
    [JOBS, "copyJobAction", [{ team: ref, job: j, name: "stolen-copy" }]],
    [JOBS, "deleteJobAction", [{ team: ref, job: j }]],
    ...["build", "start", "stop", "cancel", "savepoint", "restart"].map((kind): [string, string, unknown[]] => [JOB, "jobLifecycleAction", [{ team: ref, job: j, kind, options: {} }]]),
    [JOB, "startChoicesAction", [{ team: ref, job: j }]],
    [JOB, "restorePreviewAction", [{ team: ref, job: j, restore: "latest" }]],
    [JOB, "readLogAction", [{ team: ref, job: j, source: "jobmanager" }]],
    [JOB, "forgetSnapshotAction", [{ team: ref, job: j, id: 1 }]],
  ]),
  ...["start", "stop", "cancel", "recover"].map((action): [string, string, unknown[]] => [JOBS, "bulkLifecycleAction", [{ team: ref, jobs: [jobAId], action }]]),
  [JOBS, "bulkDeleteJobsAction", [{ team: ref, jobs: [jobAId] }]],
  [JOBS, "bulkTagJobsAction", [{ team: ref, jobs: [jobAId], add: "taken" }]],
  [JOBS, "verifyWithFlinkAction", [{ team: ref, sql: "SELECT 1", cluster: clusterA }]],
  [JOBS, "completeSqlAction", [{ team: ref, sql: "SELECT 1", pos: 3, cluster: clusterA }]],
];

/**
 * Team A's objects by id under team B's own name, which Bo may use: every lookup is by team and id
 * together, so these are not found either (team B has a cluster and a job of its own, and team A's
 * cluster's name is also a cluster of team B's, so only ids can reach across).
 */
const pagesUnderB = () => [
  `/teams/${teamB}/clusters/${clusterAId}`,
  `/teams/${teamB}/resources/${resourceAId}`,
  `/teams/${teamB}/resources/${resourceA}`,
  ...["", "/sql", "/versions/1...2", "/operations", `/operations/${operationAId}`, "/logs", "/alerts"].map((t) => `/teams/${teamB}/jobs/${jobAId}${t}`),
  `/teams/${teamB}/jobs/${jobB}/operations/${operationAId}`,
];

const actionsUnderB = (): [file: string, name: string, args: unknown[]][] => [
  ["app/(console)/teams/[team]/clusters/actions.ts", "updateClusterAction", [{ team: teamB, cluster: String(clusterAId), changes: { description: "taken over" } }]],
  ["app/(console)/teams/[team]/clusters/actions.ts", "deleteClusterAction", [{ team: teamB, cluster: String(clusterAId) }]],
  ["app/(console)/teams/[team]/resources/actions.ts", "deleteResourceAction", [{ team: teamB, resource: String(resourceAId) }]],
  ["app/(console)/teams/[team]/variables/actions.ts", "updateVariableAction", [{ team: teamB, variable: String(variableAId), changes: { value: "taken over", secret: false } }]],
  ["app/(console)/teams/[team]/variables/actions.ts", "revealVariableAction", [{ team: teamB, variable: String(variableAId) }]],
  ["app/(console)/teams/[team]/variables/actions.ts", "deleteVariableAction", [{ team: teamB, variable: String(variableAId) }]],
  [JOBS, "updateJobAction", [{ team: teamB, job: String(jobAId), changes: { description: "taken over" } }]],
  [JOBS, "deleteJobAction", [{ team: teamB, job: String(jobAId) }]],
  [JOB, "jobLifecycleAction", [{ team: teamB, job: String(jobAId), kind: "build", options: {} }]],
  [JOB, "readLogAction", [{ team: teamB, job: String(jobAId), source: "jobmanager" }]],
  [ALERTS, "updateChannelAction", [{ team: teamB, channel: String(channelAId), changes: { description: "taken over" } }]],
  [ALERTS, "deleteChannelAction", [{ team: teamB, channel: String(channelAId), force: true }]],
  [ALERTS, "acknowledgeAlertAction", [{ team: teamB, id: alertAId }]],
  [ALERTS, "retryAlertAction", [{ team: teamB, id: alertAId }]],
  [ALERTS, "silenceJobAction", [{ team: teamB, job: String(jobAId), minutes: 60 }]],
];

const apiUnderB = (): [method: string, path: string, body?: unknown][] => [
  ["GET", `/api/v1/teams/${teamB}/clusters/${clusterAId}`],
  ["PATCH", `/api/v1/teams/${teamB}/clusters/${clusterAId}`, { description: "taken over" }],
  ["DELETE", `/api/v1/teams/${teamB}/clusters/${clusterAId}`],
  ["POST", `/api/v1/teams/${teamB}/clusters/${clusterAId}/actions/stop`],
  ["GET", `/api/v1/teams/${teamB}/resources/${resourceAId}`],
  ["GET", `/api/v1/teams/${teamB}/resources/${resourceAId}/file`],
  ["DELETE", `/api/v1/teams/${teamB}/resources/${resourceAId}`],
  ["GET", `/api/v1/teams/${teamB}/variables/${variableAId}?reveal=true`],
  ["PATCH", `/api/v1/teams/${teamB}/variables/${variableAId}`, { value: "taken over" }],
  ["DELETE", `/api/v1/teams/${teamB}/variables/${variableAId}`],
  ["GET", `/api/v1/teams/${teamB}/jobs/${jobAId}`],
  ["PATCH", `/api/v1/teams/${teamB}/jobs/${jobAId}`, { sql: "SELECT 2" }],
  ["DELETE", `/api/v1/teams/${teamB}/jobs/${jobAId}`],
  ["GET", `/api/v1/teams/${teamB}/jobs/${jobAId}/versions`],
  ["POST", `/api/v1/teams/${teamB}/jobs/${jobAId}/actions/build`, {}],
  ["GET", `/api/v1/teams/${teamB}/jobs/${jobAId}/operations/${operationAId}`],
  ["GET", `/api/v1/teams/${teamB}/jobs/${jobB}/operations/${operationAId}`],
  ["GET", `/api/v1/teams/${teamB}/jobs/${jobAId}/logs/jobmanager`],
  ["GET", `/api/v1/teams/${teamB}/alert-channels/${channelAId}`],
  ["PATCH", `/api/v1/teams/${teamB}/alert-channels/${channelAId}`, { description: "taken over" }],
  ["DELETE", `/api/v1/teams/${teamB}/alert-channels/${channelAId}?force=true`],
  ["POST", `/api/v1/teams/${teamB}/alert-channels/${channelAId}/test`],
  ["POST", `/api/v1/teams/${teamB}/alerts/${alertAId}/acknowledge`],
  ["POST", `/api/v1/teams/${teamB}/alerts/${alertAId}/retry`],
  ["POST", `/api/v1/teams/${teamB}/jobs/${jobAId}/silence`, { minutes: 60 }],
];

/** A body is JSON, or a FormData (an upload) sent as multipart. */
const apiCalls = (ref: string): [method: string, path: string, body?: unknown][] => [
  ["GET", `/api/v1/teams/${ref}/members`],
  ["POST", `/api/v1/teams/${ref}/members`, { user: memberB, role: "team admin" }],
  ["PATCH", `/api/v1/teams/${ref}/members`, { user: memberA, role: "viewer" }],
  ["DELETE", `/api/v1/teams/${ref}/members?user=${memberA}`],
  ["GET", `/api/v1/teams/${ref}/clusters`],
  ["POST", `/api/v1/teams/${ref}/clusters`, { kind: "remote", name: "planted", restUrl: "http://x:8081" }],
  ["GET", `/api/v1/teams/${ref}/clusters/${clusterA}`],
  ["GET", `/api/v1/teams/${ref}/clusters/${clusterAId}`],
  ["PATCH", `/api/v1/teams/${ref}/clusters/${clusterA}`, { description: "taken over" }],
  ["DELETE", `/api/v1/teams/${ref}/clusters/${clusterAId}`],
  ["POST", `/api/v1/teams/${ref}/clusters/${clusterA}/actions/stop`],
  ["GET", `/api/v1/teams/${ref}/resources`],
  ["POST", `/api/v1/teams/${ref}/resources`, "upload"],
  ["GET", `/api/v1/teams/${ref}/resources/${resourceA}`],
  ["GET", `/api/v1/teams/${ref}/resources/${resourceAId}`],
  ["GET", `/api/v1/teams/${ref}/resources/${resourceA}/file`],
  ["GET", `/api/v1/teams/${ref}/resources/${resourceAId}/file`],
  ["DELETE", `/api/v1/teams/${ref}/resources/${resourceA}`],
  ["DELETE", `/api/v1/teams/${ref}/resources/${resourceAId}`],
  ["GET", `/api/v1/teams/${ref}/variables?reveal=true`],
  ["POST", `/api/v1/teams/${ref}/variables`, { name: "planted", value: "x" }],
  ["GET", `/api/v1/teams/${ref}/variables/${variableA}?reveal=true`],
  ["GET", `/api/v1/teams/${ref}/variables/${variableAId}`],
  ["PATCH", `/api/v1/teams/${ref}/variables/${variableA}`, { value: "taken over" }],
  ["PATCH", `/api/v1/teams/${ref}/variables/${variableAId}`, { secret: false }],
  ["DELETE", `/api/v1/teams/${ref}/variables/${variableA}`],
  ["DELETE", `/api/v1/teams/${ref}/variables/${variableAId}`],
  ["POST", `/api/v1/teams/${ref}/variables/preview`, { text: `\${${variableA}}`, reveal: true }],
  ["GET", `/api/v1/teams/${ref}/jobs`],
  ["POST", `/api/v1/teams/${ref}/jobs`, { name: "planted", type: "sql", sql: "SELECT 1", settings: { mode: "remote", cluster: clusterA } }],
  ...[jobA, String(jobAId)].flatMap((j): [string, string, unknown?][] => [
    ["GET", `/api/v1/teams/${ref}/jobs/${j}`],
    ["PATCH", `/api/v1/teams/${ref}/jobs/${j}`, { sql: "SELECT 2" }],
    ["DELETE", `/api/v1/teams/${ref}/jobs/${j}`],
    ["GET", `/api/v1/teams/${ref}/jobs/${j}/versions`],
    ["GET", `/api/v1/teams/${ref}/jobs/${j}/versions/1`],
    ["POST", `/api/v1/teams/${ref}/jobs/${j}/versions/1/rollback`],
    ...["build", "start", "stop", "cancel", "savepoint", "restart"].map((a): [string, string, unknown] => ["POST", `/api/v1/teams/${ref}/jobs/${j}/actions/${a}`, {}]),
    ["GET", `/api/v1/teams/${ref}/jobs/${j}/operations`],
    ["GET", `/api/v1/teams/${ref}/jobs/${j}/operations/${operationAId}`],
    ["GET", `/api/v1/teams/${ref}/jobs/${j}/builds`],
    ["GET", `/api/v1/teams/${ref}/jobs/${j}/runs`],
    ["GET", `/api/v1/teams/${ref}/jobs/${j}/savepoints`],
    ["DELETE", `/api/v1/teams/${ref}/jobs/${j}/savepoints/1`],
    ["GET", `/api/v1/teams/${ref}/jobs/${j}/events`],
    ["GET", `/api/v1/teams/${ref}/jobs/${j}/logs`],
    ["GET", `/api/v1/teams/${ref}/jobs/${j}/logs/jobmanager`],
    ["GET", `/api/v1/teams/${ref}/jobs/${j}/exceptions`],
  ]),
  ["POST", `/api/v1/teams/${ref}/job-actions/cancel`, { jobs: [jobAId] }],
  ["GET", `/api/v1/teams/${ref}/alert-channels`],
  ["POST", `/api/v1/teams/${ref}/alert-channels`, { kind: "webhook", name: "planted", secrets: { url: "http://x:8081/hook" } }],
  ...[channelA, String(channelAId)].flatMap((c): [string, string, unknown?][] => [
    ["GET", `/api/v1/teams/${ref}/alert-channels/${c}`],
    ["PATCH", `/api/v1/teams/${ref}/alert-channels/${c}`, { description: "taken over", secrets: { url: "http://x:8081/stolen" } }],
    ["DELETE", `/api/v1/teams/${ref}/alert-channels/${c}?force=true`],
    ["POST", `/api/v1/teams/${ref}/alert-channels/${c}/test`],
    ["POST", `/api/v1/teams/${ref}/alert-channels/${c}/silence`, { minutes: 60 }],
  ]),
  ["GET", `/api/v1/teams/${ref}/alerts`],
  ["GET", `/api/v1/teams/${ref}/alerts?channel=${channelA}&job=${jobA}&state=failed`],
  ["POST", `/api/v1/teams/${ref}/alerts/${alertAId}/acknowledge`],
  ["POST", `/api/v1/teams/${ref}/alerts/${alertAId}/retry`],
  ["POST", `/api/v1/teams/${ref}/alerts/retry-failed`, {}],
  ["POST", `/api/v1/teams/${ref}/job-actions/recover`, {}],
  ...[jobA, String(jobAId)].map((j): [string, string, unknown] => ["POST", `/api/v1/teams/${ref}/jobs/${j}/silence`, { minutes: 60 }]),
  ["GET", `/api/v1/teams/${ref}/alert-templates`],
  ["GET", `/api/v1/teams/${ref}/alert-templates/job_failed`],
  ["PUT", `/api/v1/teams/${ref}/alert-templates/job_failed`, { title: "taken over", body: "{{job}}" }],
  ["DELETE", `/api/v1/teams/${ref}/alert-templates/job_failed`],
];

describe("a member of team B asking for team A's objects", () => {
  it("gets the 404 page for every team A page", async () => {
    for (const ref of refsToA()) {
      for (const p of pages(ref)) {
        const res = await bo.fetch(p);
        expect(res.status, p).toBe(404);
      }
    }
  });

  it("gets not_found from every server action", async () => {
    for (const ref of refsToA()) {
      for (const [file, name, args] of actions(ref)) {
        const r = await callAction(bo, file, name, args);
        expect(r.ok, `${name}(${JSON.stringify(args)})`).toBe(false);
        expect(r.error?.code, `${name}(${JSON.stringify(args)})`).toBe("not_found");
      }
    }
  });

  it("gets 404 from every API route, with a token and with a session", async () => {
    for (const ref of refsToA()) {
      for (const [method, path, body] of apiCalls(ref)) {
        // An upload is a real jar, so that nothing but the team can be what refuses it.
        const upload = body === "upload" ? await jarForm(`planted-${s}.jar`) : undefined;
        const withToken = await fetch(new URL(path, baseUrl), {
          method,
          headers: { authorization: `Bearer ${boToken}`, ...(body && !upload ? { "content-type": "application/json" } : {}) },
          body: upload ?? (body ? JSON.stringify(body) : undefined),
        });
        expect(withToken.status, `token ${method} ${path}`).toBe(404);
        expect(((await withToken.json()) as { error: { code: string } }).error.code).toBe("not_found");
        const withSession = upload
          ? await bo.fetch(path, { method, headers: { origin: baseUrl }, body: await jarForm(`planted-${s}.jar`) })
          : await bo.json(path, method, body);
        expect(withSession.status, `session ${method} ${path}`).toBe(404);
      }
    }
  });

  it("does not see team A in any list", async () => {
    const viaToken = (await (await fetch(new URL("/api/v1/teams", baseUrl), { headers: { authorization: `Bearer ${boToken}` } })).json()) as { teams: { name: string }[] };
    expect(viaToken.teams.map((t) => t.name)).toEqual([teamB]);
    const viaSession = (await (await bo.fetch("/api/v1/me")).json()) as { teams: { name: string }[] };
    expect(viaSession.teams.map((t) => t.name)).toEqual([teamB]);
    const home = await (await bo.fetch(`/teams/${teamB}`)).text();
    expect(home.includes(teamA), "team B's page mentions team A").toBe(false);
  });

  it("gets not found for team A's objects by id under team B's own name: pages, actions and API", async () => {
    for (const p of pagesUnderB()) expect((await bo.fetch(p)).status, p).toBe(404);
    for (const [file, name, args] of actionsUnderB()) {
      const r = await callAction(bo, file, name, args);
      expect(r.error?.code, `${name}(${JSON.stringify(args)})`).toBe("not_found");
    }
    for (const [method, path, body] of apiUnderB()) {
      const withToken = await fetch(new URL(path, baseUrl), { method, headers: { authorization: `Bearer ${boToken}`, ...(body ? { "content-type": "application/json" } : {}) }, body: body ? JSON.stringify(body) : undefined });
      expect(withToken.status, `token ${method} ${path}`).toBe(404);
      expect((await bo.json(path, method, body)).status, `session ${method} ${path}`).toBe(404);
    }
  });

  it("left team A exactly as it was", async () => {
    const members = (await ok(await admin.fetch(`/api/v1/teams/${teamA}/members`))) as { members: { username: string; role: string }[] };
    expect(members.members.map((m) => [m.username, m.role])).toEqual([[memberA, "developer"]]);
    // Team A's token was not revoked: it still opens the API.
    const me = await fetch(new URL("/api/v1/me", baseUrl), { headers: { authorization: `Bearer ${teamAToken}` } });
    expect(me.status).toBe(200);
    const team = (await ok(await admin.fetch("/api/v1/teams"))) as { teams: { name: string; description: string }[] };
    expect(team.teams.find((t) => t.name === teamA)?.description).toBe("");
    const clusters = (await ok(await admin.fetch(`/api/v1/teams/${teamA}/clusters`))) as { clusters: { name: string; description: string }[] };
    expect(clusters.clusters.map((c) => [c.name, c.description])).toEqual([[clusterA, ""]]);
    const resources = (await ok(await admin.fetch(`/api/v1/teams/${teamA}/resources`))) as { resources: { name: string; sha256: string }[] };
    expect(resources.resources.map((r) => [r.name, r.sha256])).toEqual([[resourceA, resourceASha]]);
    const file = await admin.fetch(`/api/v1/teams/${teamA}/resources/${resourceAId}/file`);
    expect(file.status).toBe(200);
    expect(file.headers.get("etag")).toBe(`"${resourceASha}"`);
    const variables = (await ok(await admin.fetch(`/api/v1/teams/${teamA}/variables?reveal=true`))) as { variables: { name: string; value: string; secret: boolean }[] };
    expect(variables.variables.map((v) => [v.name, v.value, v.secret])).toEqual([[variableA, variableAValue, true]]);
    const jobs = (await ok(await admin.fetch(`/api/v1/teams/${teamA}/jobs`))) as { jobs: { name: string; headVersion: number; description: string; tags: string[] }[] };
    expect(jobs.jobs.map((j) => [j.name, j.headVersion, j.description, j.tags])).toEqual([[jobA, 2, "", []]]);
    // Nothing was done to team A's job: only the admin's build.
    const ops = (await ok(await admin.fetch(`/api/v1/teams/${teamA}/jobs/${jobA}/operations`))) as { operations: { id: number; kind: string }[] };
    expect(ops.operations.map((o) => [o.id, o.kind])).toEqual([[operationAId, "build"]]);
  });

  it("cannot reach team A's jobs through a bulk action in team B either: each is not found", async () => {
    for (const auth of ["session", "token"] as const) {
      const init = { method: "POST", headers: { "content-type": "application/json", ...(auth === "token" ? { authorization: `Bearer ${boToken}` } : { origin: baseUrl }) }, body: JSON.stringify({ jobs: [jobAId] }) };
      const res = auth === "token" ? await fetch(new URL(`/api/v1/teams/${teamB}/job-actions/cancel`, baseUrl), init) : await bo.fetch(`/api/v1/teams/${teamB}/job-actions/cancel`, init);
      expect(res.status).toBe(202);
      const body = (await res.json()) as { results: { jobId: number; ok: boolean; message?: string }[] };
      expect(body.results).toEqual([{ jobId: jobAId, ok: false, message: expect.stringMatching(/was not found/) }]);
    }
  });

  it("sees the shared Flink versions but learns nothing of team A through them", async () => {
    const list = (await (await bo.fetch("/api/v1/flink-versions")).json()) as { flinkVersions: { name: string }[] };
    expect(list.flinkVersions.map((v) => v.name)).toContain(versionName);
    const del = await bo.json(`/api/v1/flink-versions/${versionName}`, "DELETE");
    expect(del.status).toBe(409);
    const message = ((await del.json()) as { error: { message: string } }).error.message;
    expect(message).toMatch(/used by \d+ clusters? in \d+ teams?/);
    expect(message.includes(clusterA) || message.includes(teamA), message).toBe(false);
  });

  it("is refused the administrators' pages and actions", async () => {
    for (const p of ["/admin/users", "/admin/teams", "/admin/roles", "/admin/audit"]) {
      expect((await bo.fetch(p)).status, p).toBe(404);
    }
    const r = await callAction(bo, "app/(console)/admin/teams/actions.ts", "deleteTeamAction", [{ team: teamA, confirmName: teamA }]);
    expect(r.error?.code).toBe("forbidden");
    expect((await bo.json("/api/v1/teams", "POST", { name: `x-${s}` })).status).toBe(403);
  });
});
