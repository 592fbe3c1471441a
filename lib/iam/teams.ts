import { z } from "zod";
import {
  deleteTeam as deleteTeamRow,
  findTeam,
  insertTeam,
  listAllTeams,
  listTeamsOfUser,
  updateTeam as updateTeamRow,
  type Team,
} from "@/db/queries/teams";
import { audited } from "@/lib/audit";
import { requireAdmin, requirePermission, teamAccess } from "@/lib/auth/access";
import { allPermissions } from "@/lib/auth/permissions";
import type { Principal } from "@/lib/auth/principal";
import { AppError, uniqueOr } from "@/lib/errors";
import { descriptionSchema, refSchema, teamNameSchema } from "@/lib/validation";

export const createTeamInput = z.object({
  name: teamNameSchema,
  description: descriptionSchema.default(""),
});

export const updateTeamInput = z.object({
  team: refSchema,
  name: teamNameSchema.optional(),
  description: descriptionSchema.optional(),
});

export type VisibleTeam = Team & { role: string; permissions: string[]; memberCount?: number };

/** The teams a principal may open: all of them for admins, their memberships for others, one for a token. */
export async function listVisibleTeams(p: Principal): Promise<VisibleTeam[]> {
  if (p.tokenTeamId !== undefined) {
    const access = await teamAccess(p, p.tokenTeamId).catch(() => null);
    return access ? [{ ...access.team, role: access.role, permissions: [...access.permissions] }] : [];
  }
  if (p.user.isAdmin) return (await listAllTeams()).map((t) => ({ ...t, role: "admin", permissions: [...allPermissions] }));
  return listTeamsOfUser(p.user.id);
}

export async function createTeam(p: Principal, input: z.input<typeof createTeamInput>): Promise<Team> {
  const v = createTeamInput.parse(input);
  return audited(p, { action: "team.create", targetType: "team", targetName: v.name }, async (tx, log) => {
    requireAdmin(p);
    const team = await uniqueOr(`A team named “${v.name}” already exists.`, () =>
      insertTeam({ name: v.name, description: v.description, createdBy: p.via === "cli" ? null : p.user.id }, tx),
    );
    log.set({ targetId: team.id, team });
    return team;
  });
}

/** Team admins may edit the description; renaming changes every link to the team, so only admins may. */
export async function updateTeam(p: Principal, input: z.input<typeof updateTeamInput>): Promise<Team> {
  const v = updateTeamInput.parse(input);
  const access = await teamAccess(p, v.team);
  return audited(
    p,
    { action: "team.update", targetType: "team", targetId: access.team.id, targetName: access.team.name, team: access.team, detail: { name: v.name, description: v.description } },
    async (tx) => {
      requirePermission(access, "team:edit");
      if (v.name !== undefined && v.name !== access.team.name) requireAdmin(p);
      const team = await uniqueOr(`A team named “${v.name}” already exists.`, () =>
        updateTeamRow({ id: access.team.id, name: v.name, description: v.description }, tx),
      );
      if (!team) throw new AppError("not_found", `Team “${v.team}” was not found.`);
      return team;
    },
  );
}

export async function deleteTeam(p: Principal, input: { team: string; confirmName?: string }): Promise<void> {
  const team = await findTeam(input.team);
  await audited(p, { action: "team.delete", targetType: "team", targetId: team?.id, targetName: team?.name ?? input.team, team }, async (tx) => {
    requireAdmin(p);
    if (!team) throw new AppError("not_found", `Team “${input.team}” was not found.`);
    if (input.confirmName !== undefined && input.confirmName !== team.name) {
      throw new AppError("invalid_input", "Type the team's name exactly to confirm.", { fields: { confirmName: "This does not match the team's name." } });
    }
    await deleteTeamRow(team.id, tx);
  });
}
