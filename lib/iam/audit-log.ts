import { z } from "zod";
import { auditSortable, listAuditEvents } from "@/db/queries/audit";
import { requireAdmin, requireTeamPermission } from "@/lib/auth/access";
import type { Principal } from "@/lib/auth/principal";

/** The audit page's URL parameters; the page, its table and the API all read them through this. */
export const auditQuery = z.object({
  q: z.string().trim().max(200).refine((s) => !s.includes("\u0000")).optional().catch(undefined),
  outcome: z.enum(["success", "denied", "failed"]).optional().catch(undefined),
  action: z.string().trim().max(100).refine((s) => !s.includes("\u0000")).optional().catch(undefined),
  sort: z.enum(auditSortable).default("at").catch("at"),
  dir: z.enum(["asc", "desc"]).default("desc").catch("desc"),
  page: z.coerce.number().int().min(1).max(100_000).default(1).catch(1),
  pageSize: z.coerce.number().int().min(10).max(200).default(50).catch(50),
});
export type AuditQuery = z.infer<typeof auditQuery>;

export async function readTeamAuditLog(p: Principal, team: string | number, query: AuditQuery) {
  const access = await requireTeamPermission(p, team, "audit:view");
  return listAuditEvents({ filter: { ...query, teamId: access.team.id }, sort: query.sort, dir: query.dir, page: query.page, pageSize: query.pageSize });
}

export async function readFullAuditLog(p: Principal, query: AuditQuery) {
  requireAdmin(p);
  return listAuditEvents({ filter: query, sort: query.sort, dir: query.dir, page: query.page, pageSize: query.pageSize });
}
