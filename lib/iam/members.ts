import { z } from "zod";
import { deleteMember, findMember, insertMember, listMembers, listUsersOutsideTeam, updateMemberRole, type Member } from "@/db/queries/members";
import { findRole } from "@/db/queries/roles";
import { findUser } from "@/db/queries/users";
import { audited } from "@/lib/audit";
import { requirePermission, requireTeamPermission, teamAccess } from "@/lib/auth/access";
import type { Principal } from "@/lib/auth/principal";
import { AppError, conflict, uniqueOr } from "@/lib/errors";
import { refSchema } from "@/lib/validation";

export const memberInput = z.object({ team: refSchema, user: refSchema, role: refSchema });
export const removeMemberInput = z.object({ team: refSchema, user: refSchema });

export async function listTeamMembers(p: Principal, team: string | number): Promise<Member[]> {
  const access = await requireTeamPermission(p, team, "member:view");
  return listMembers(access.team.id);
}

/** Enabled users who are not yet members: the choices when adding one. */
export async function listCandidateUsers(p: Principal, team: string | number) {
  const access = await requireTeamPermission(p, team, "member:manage");
  return listUsersOutsideTeam(access.team.id);
}

async function resolveUserAndRole(v: { user: string; role?: string }) {
  const user = await findUser(v.user);
  if (!user) throw new AppError("not_found", `User “${v.user}” was not found.`, { fields: { user: "No such user." } });
  const role = v.role === undefined ? undefined : await findRole(v.role);
  if (v.role !== undefined && !role) {
    throw new AppError("not_found", `Role “${v.role}” was not found.`, { fields: { role: "No such role." } });
  }
  return { user, role };
}

export async function addMember(p: Principal, input: z.input<typeof memberInput>): Promise<Member> {
  const v = memberInput.parse(input);
  const access = await teamAccess(p, v.team);
  return audited(p, { action: "member.add", targetType: "user", targetName: v.user, team: access.team, detail: { role: v.role } }, async (tx, log) => {
    requirePermission(access, "member:manage");
    const { user, role } = await resolveUserAndRole(v);
    log.set({ targetId: user.id, targetName: user.username, detail: { role: role!.name } });
    if (!user.enabled) throw conflict(`“${user.username}” is disabled; enable the account first.`);
    await uniqueOr(`“${user.username}” is already a member of “${access.team.name}”.`, () =>
      insertMember({ teamId: access.team.id, userId: user.id, roleId: role!.id }, tx),
    );
    return (await findMember({ teamId: access.team.id, userId: user.id }, tx))!;
  });
}

export async function changeMemberRole(p: Principal, input: z.input<typeof memberInput>): Promise<Member> {
  const v = memberInput.parse(input);
  const access = await teamAccess(p, v.team);
  return audited(p, { action: "member.change_role", targetType: "user", targetName: v.user, team: access.team, detail: { role: v.role } }, async (tx, log) => {
    requirePermission(access, "member:manage");
    const { user, role } = await resolveUserAndRole(v);
    log.set({ targetId: user.id, targetName: user.username, detail: { role: role!.name } });
    const changed = await updateMemberRole({ teamId: access.team.id, userId: user.id, roleId: role!.id }, tx);
    if (!changed) throw new AppError("not_found", `“${user.username}” is not a member of “${access.team.name}”.`);
    return (await findMember({ teamId: access.team.id, userId: user.id }, tx))!;
  });
}

export async function removeMember(p: Principal, input: z.input<typeof removeMemberInput>): Promise<void> {
  const v = removeMemberInput.parse(input);
  const access = await teamAccess(p, v.team);
  await audited(p, { action: "member.remove", targetType: "user", targetName: v.user, team: access.team }, async (tx, log) => {
    requirePermission(access, "member:manage");
    const { user } = await resolveUserAndRole(v);
    log.set({ targetId: user.id, targetName: user.username });
    const removed = await deleteMember({ teamId: access.team.id, userId: user.id }, tx);
    if (!removed) throw new AppError("not_found", `“${user.username}” is not a member of “${access.team.name}”.`);
  });
}
