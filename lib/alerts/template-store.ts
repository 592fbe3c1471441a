import { z } from "zod";
import { deleteTemplate, listTemplates, upsertTemplate } from "@/db/queries/alerts";
import { audited } from "@/lib/audit";
import { requirePermission, requireTeamPermission, teamAccess } from "@/lib/auth/access";
import type { Principal } from "@/lib/auth/principal";
import { AppError } from "@/lib/errors";
import { alertKinds, defaultTemplates, kindLabel, placeholders, renderTemplate, sampleFacts, unknownPlaceholders, type AlertKind, type Template } from "./templates";

/**
 * A team's alert wording: the defaults of lib/alerts/templates.ts, each replaced by the team's own
 * where it wrote one. Reading needs alert_channel:view, changing alert_channel:manage. A template
 * that names a placeholder nothing fills is refused with the names, beside the field that uses it.
 */

export const alertKindSchema = z.enum(alertKinds, { error: () => `The kind is one of ${alertKinds.join(", ")}.` });

// Free text with line breaks, but not NUL or other control characters (Postgres text cannot hold NUL).
const control = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

export const templateInput = z.object({
  title: z
    .string()
    .trim()
    .min(1, "A template needs a title.")
    .max(200, "A title can have at most 200 characters.")
    .refine((s) => !/[\r\n]/.test(s), "A title is one line.")
    .refine((s) => !control.test(s), "A title cannot contain control characters."),
  body: z
    .string()
    .trim()
    .min(1, "A template needs a body.")
    .max(4000, "A body can have at most 4,000 characters.")
    .refine((s) => !control.test(s), "A body cannot contain control characters."),
});
export type TemplateInput = z.input<typeof templateInput>;

export type TeamTemplate = {
  kind: AlertKind;
  label: string;
  title: string;
  body: string;
  /** The team wrote its own; false: the default applies. */
  custom: boolean;
  updatedAt: Date | null;
  default: Template;
};

export const placeholderList = Object.entries(placeholders).map(([name, description]) => ({ name, description }));

function merged(kind: AlertKind, own?: { title: string; body: string; updatedAt: Date }): TeamTemplate {
  const d = defaultTemplates[kind];
  return { kind, label: kindLabel[kind], title: own?.title ?? d.title, body: own?.body ?? d.body, custom: Boolean(own), updatedAt: own?.updatedAt ?? null, default: d };
}

export async function getTemplates(p: Principal, team: string | number): Promise<TeamTemplate[]> {
  const access = await requireTeamPermission(p, team, "alert_channel:view");
  const own = new Map((await listTemplates(access.team.id)).map((t) => [t.kind, t]));
  return alertKinds.map((k) => merged(k, own.get(k)));
}

export async function getTemplate(p: Principal, team: string | number, kind: unknown): Promise<TeamTemplate> {
  const k = alertKindSchema.parse(kind);
  return (await getTemplates(p, team)).find((t) => t.kind === k)!;
}

/** The inline error for placeholders nothing fills, beside the field(s) that use them. */
function checkPlaceholders(t: Template): void {
  const unknown = unknownPlaceholders(t);
  if (!unknown.length) return;
  const names = (list: string[]) => list.map((n) => `{{${n}}}`).join(", ");
  const sentence = (list: string[]) => `Unknown placeholder${list.length === 1 ? "" : "s"} ${names(list)}: use ${Object.keys(placeholders).map((n) => `{{${n}}}`).join(", ")}.`;
  const fields: Record<string, string> = {};
  for (const f of ["title", "body"] as const) {
    const here = unknownPlaceholders({ title: f === "title" ? t.title : "", body: f === "body" ? t.body : "" });
    if (here.length) fields[f] = sentence(here);
  }
  throw new AppError("invalid_input", sentence(unknown), { fields });
}

export async function saveTemplate(p: Principal, team: string | number, kind: unknown, input: unknown): Promise<TeamTemplate> {
  const k = alertKindSchema.parse(kind);
  const t = templateInput.parse(input);
  const access = await teamAccess(p, team);
  return audited(p, { action: "alert_template.save", targetType: "alert_template", targetName: k, team: access.team }, async (tx) => {
    requirePermission(access, "alert_channel:manage");
    checkPlaceholders(t);
    await upsertTemplate({ teamId: access.team.id, kind: k, title: t.title, body: t.body }, tx);
    const own = (await listTemplates(access.team.id, tx)).find((x) => x.kind === k);
    return merged(k, own);
  });
}

/** Back to the default wording. */
export async function resetTemplate(p: Principal, team: string | number, kind: unknown): Promise<TeamTemplate> {
  const k = alertKindSchema.parse(kind);
  const access = await teamAccess(p, team);
  return audited(p, { action: "alert_template.reset", targetType: "alert_template", targetName: k, team: access.team }, async (tx) => {
    requirePermission(access, "alert_channel:manage");
    await deleteTemplate({ teamId: access.team.id, kind: k }, tx);
    return merged(k);
  });
}

/** What a template becomes with example facts, and the placeholders it uses that nothing fills. Pure, so the editor previews as it types. */
export function previewTemplate(t: Template): { title: string; body: string; unknown: string[] } {
  return { ...renderTemplate(t, sampleFacts), unknown: unknownPlaceholders(t) };
}
