/**
 * Alert wording: a title and a body per kind, with {{placeholders}} filled from the alert's facts.
 * Teams may rewrite any kind's wording (alert_templates); these are the defaults. Pure, so the
 * template editor previews exactly what will be sent.
 */

export const alertKinds = ["job_failed", "job_lost", "job_restarted", "restart_limit", "checkpoint_failures", "cancelled_outside", "cluster_unreachable", "test"] as const;
export type AlertKind = (typeof alertKinds)[number];

export type Template = { title: string; body: string };

export const kindLabel: Record<AlertKind, string> = {
  job_failed: "Job failed",
  job_lost: "Job lost",
  job_restarted: "Job restarted automatically",
  restart_limit: "Restart limit reached",
  checkpoint_failures: "Checkpoint failures over the threshold",
  cancelled_outside: "Cancelled outside Eddy",
  cluster_unreachable: "Cluster unreachable",
  test: "Test message",
};

/** Every placeholder a template may use, with what it holds (the editor lists them). */
export const placeholders: Record<string, string> = {
  team: "The team's name",
  job: "The job's name",
  state: "The job's state when it happened (FAILED, LOST, …)",
  time: "When it happened (UTC)",
  duration: "How long the job had been running",
  reason: "Flink's root cause, or why Eddy decided what it did",
  restarts: "Automatic restarts so far in the policy's window",
  maxRestarts: "The restart policy's limit",
  cluster: "The cluster's name",
  count: "How many jobs (cluster alerts)",
  jobs: "The affected jobs, one per line (cluster alerts)",
  link: "A link into Eddy (the job, or the cluster)",
};

export const defaultTemplates: Record<AlertKind, Template> = {
  job_failed: {
    title: "❌ {{job}} failed",
    body: "Job **{{job}}** ({{team}}) is FAILED since {{time}}, after running {{duration}}.\nCause: {{reason}}\n{{link}}",
  },
  job_lost: {
    title: "❓ {{job}} is lost",
    body: "Job **{{job}}** ({{team}}) has not been seen on {{cluster}} since {{time}}: marked LOST.\n{{reason}}\n{{link}}",
  },
  job_restarted: {
    title: "🔁 {{job}} restarted ({{restarts}} of {{maxRestarts}})",
    body: "Job **{{job}}** ({{team}}) failed at {{time}} and Eddy restarted it from its latest savepoint or checkpoint (restart {{restarts}} of {{maxRestarts}}).\nCause: {{reason}}\n{{link}}",
  },
  restart_limit: {
    title: "🛑 {{job}}: restart limit reached",
    body: "Job **{{job}}** ({{team}}) failed at {{time}} and was not restarted: {{restarts}} automatic restarts already, the policy's limit of {{maxRestarts}}.\nCause: {{reason}}\nStart it by hand once the cause is fixed: {{link}}",
  },
  checkpoint_failures: {
    title: "⚠️ {{job}}: checkpoints failing",
    body: "Job **{{job}}** ({{team}}): {{reason}} (at {{time}}).\n{{link}}",
  },
  cancelled_outside: {
    title: "✋ {{job}} was cancelled outside Eddy",
    body: "Job **{{job}}** ({{team}}) was cancelled at {{time}} from outside Eddy (the Flink UI, the CLI or YARN). Eddy will not restart it.\n{{link}}",
  },
  cluster_unreachable: {
    title: "🔌 Cluster {{cluster}} is unreachable ({{count}} jobs)",
    body: "Cluster **{{cluster}}** ({{team}}) stopped answering at {{time}}: {{reason}}\n{{count}} jobs run there:\n{{jobs}}\n{{link}}",
  },
  test: {
    title: "Eddy test message",
    body: "This is a test from Eddy ({{team}}), sent at {{time}}. If you can read it, the channel works.\n{{link}}",
  },
};

/** Replaces {{name}} with the fact's value; unknown placeholders stay visible, so a typo shows in the preview. */
export function render(text: string, facts: Record<string, string | undefined>): string {
  return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) => facts[name] ?? whole);
}

export function renderTemplate(t: Template, facts: Record<string, string | undefined>): Template {
  return { title: render(t.title, facts).trim(), body: render(t.body, facts).trim() };
}

/** Placeholders a template uses that do not exist, for the editor's inline error. */
export function unknownPlaceholders(t: Template): string[] {
  const used = [...`${t.title}\n${t.body}`.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]!);
  return [...new Set(used.filter((u) => !(u in placeholders)))];
}

/** Example facts for the editor's preview. */
export const sampleFacts: Record<string, string> = {
  team: "analytics",
  job: "orders-per-minute",
  state: "FAILED",
  time: "2026-11-24 10:02:11 UTC",
  duration: "3 h 12 min",
  reason: "java.io.IOException: No space left on device",
  restarts: "2",
  maxRestarts: "3",
  cluster: "yarn-session-prod-1",
  count: "3",
  jobs: "• orders-per-minute\n• payments-fraud-scoring\n• inventory-cdc",
  link: "https://eddy.example.com/teams/analytics/jobs/orders-per-minute",
};

/** "2026-11-24 10:02:11 UTC": when, in alerts (read in many time zones). */
export const utcTime = (d: Date) => `${d.toISOString().slice(0, 19).replace("T", " ")} UTC`;

/** "3 h 12 min", "45 s": how long, for people. */
export function humanDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h ${m % 60} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}
