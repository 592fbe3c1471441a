import { randomBytes } from "node:crypto";
import { insertAuditEvent } from "./queries/audit";
import { insertMember } from "./queries/members";
import { findRole, insertRole, updateRole } from "./queries/roles";
import { ensureSetting, lockSeeding } from "./queries/system";
import { countTeams, findTeam, insertTeam } from "./queries/teams";
import { transaction } from "./queries/tx";
import { countUsers, insertUser } from "./queries/users";
import { generatePassword, hashPassword } from "@/lib/auth/password";
import { seedRoles, TEAM_ADMIN_ROLE } from "@/lib/auth/permissions";

export const SESSION_SECRET_KEY = "session_secret";

/**
 * Makes a database ready for use; safe to run on every start. Built-in roles are reset to the
 * catalogue's definitions (so new permissions reach them). On a fresh database it also creates the
 * `admin` user and the `default` team. Returns the admin password when it generated one.
 */
export async function seedDatabase(opts: { adminPassword?: string }): Promise<{ generatedAdminPassword?: string; sessionSecret: string }> {
  return transaction(async (tx) => {
    // Several processes may start at once on a fresh database: one seeds, the others then find it done.
    await lockSeeding(tx);
    for (const r of seedRoles) {
      const existing = await findRole(r.name, tx);
      if (existing) await updateRole({ id: existing.id, permissions: [...r.permissions] }, tx);
      else await insertRole({ name: r.name, description: r.description, permissions: [...r.permissions], builtin: true }, tx);
    }

    let generatedAdminPassword: string | undefined;
    if ((await countUsers(tx)) === 0) {
      generatedAdminPassword = opts.adminPassword ? undefined : generatePassword();
      const admin = await insertUser(
        { username: "admin", displayName: "Administrator", email: "", isAdmin: true, passwordHash: await hashPassword(opts.adminPassword ?? generatedAdminPassword!) },
        tx,
      );
      const team = (await countTeams(tx)) === 0 ? await insertTeam({ name: "default", description: "The team every installation starts with.", createdBy: admin.id }, tx) : await findTeam("default", tx);
      const role = await findRole(TEAM_ADMIN_ROLE, tx);
      if (team && role) await insertMember({ teamId: team.id, userId: admin.id, roleId: role.id }, tx);
      await insertAuditEvent(
        { actorId: null, actorName: "system", via: "system", action: "system.install", targetType: "user", targetId: String(admin.id), targetName: "admin", outcome: "success", message: "Created the first administrator and the default team." },
        tx,
      );
    }

    const sessionSecret = await ensureSetting(SESSION_SECRET_KEY, () => randomBytes(32).toString("base64url"), tx);
    return { generatedAdminPassword, sessionSecret };
  });
}
