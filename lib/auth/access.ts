import { noteHiddenTeam } from "@/lib/audit";
import { findMembershipPermissions } from "@/db/queries/members";
import { findTeam, listTeamsOfUser, type Team } from "@/db/queries/teams";
import { AppError, forbidden } from "@/lib/errors";
import { allPermissions, describePermission, isPermission, type Permission } from "./permissions";
import type { Principal } from "./principal";

export type TeamAccess = {
  team: Team;
  /** The member's role name, or "admin" for system admins. */
  role: string;
  permissions: ReadonlySet<Permission>;
};

/**
 * Resolves a team for a principal. A team the principal cannot see is reported exactly like a team
 * that does not exist, so ids and names of other teams leak nothing.
 */
export async function teamAccess(p: Principal, teamRef: string | number): Promise<TeamAccess> {
  const team = await findTeam(teamRef);
  const hidden = () => {
    noteHiddenTeam(teamRef, team ?? null);
    return new AppError("not_found", `Team “${String(teamRef)}” was not found.`);
  };
  if (!team) throw hidden();
  // A token is bound to one team, whoever its user is.
  if (p.tokenTeamId !== undefined && p.tokenTeamId !== team.id) throw hidden();
  if (p.user.isAdmin) return { team, role: "admin", permissions: new Set(allPermissions) };
  const m = await findMembershipPermissions({ teamId: team.id, userId: p.user.id });
  if (!m) throw hidden();
  return { team, role: m.role, permissions: new Set(m.permissions.filter(isPermission)) };
}

export function can(access: TeamAccess, permission: Permission): boolean {
  return access.permissions.has(permission);
}

export function requirePermission(access: TeamAccess, permission: Permission): void {
  if (!can(access, permission)) {
    throw forbidden(
      `Your role “${access.role}” in team “${access.team.name}” does not allow this (${describePermission(permission).toLowerCase()}).`,
    );
  }
}

/** teamAccess + requirePermission: the one check every team-scoped read and write starts with. */
export async function requireTeamPermission(
  p: Principal,
  teamRef: string | number,
  permission: Permission,
): Promise<TeamAccess> {
  const access = await teamAccess(p, teamRef);
  requirePermission(access, permission);
  return access;
}

export function requireAdmin(p: Principal): void {
  if (!p.user.isAdmin) throw forbidden("Only administrators can do that.");
}

/**
 * For installation-wide objects (Flink versions): the permission counts if the principal holds it
 * in any team it can act in; a token, only in its own team.
 */
export async function holdsAnywhere(p: Principal, permission: Permission): Promise<boolean> {
  if (p.user.isAdmin && p.tokenTeamId === undefined) return true;
  if (p.tokenTeamId !== undefined) {
    const access = await teamAccess(p, p.tokenTeamId).catch(() => null);
    return access ? can(access, permission) : false;
  }
  return (await listTeamsOfUser(p.user.id)).some((t) => t.permissions.includes(permission));
}

export async function requireAnywhere(p: Principal, permission: Permission): Promise<void> {
  if (!(await holdsAnywhere(p, permission))) {
    throw forbidden(`None of your roles allows this (${describePermission(permission).toLowerCase()}).`);
  }
}
