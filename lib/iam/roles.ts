import { z } from "zod";
import { countRoleMembers, deleteRole as deleteRoleRow, findRole, insertRole, listRoles, updateRole as updateRoleRow, type Role } from "@/db/queries/roles";
import { audited } from "@/lib/audit";
import { requireAdmin } from "@/lib/auth/access";
import { allPermissions, type Permission } from "@/lib/auth/permissions";
import type { Principal } from "@/lib/auth/principal";
import { AppError, conflict, uniqueOr } from "@/lib/errors";
import { descriptionSchema, refSchema, roleNameSchema } from "@/lib/validation";

const permissionList = z
  .array(z.enum(allPermissions as [Permission, ...Permission[]], { message: "Unknown permission." }))
  .transform((ps) => [...new Set(ps)]);

export const createRoleInput = z.object({
  name: roleNameSchema,
  description: descriptionSchema.default(""),
  permissions: permissionList.default([]),
});

export const updateRoleInput = z.object({
  role: refSchema,
  name: roleNameSchema.optional(),
  description: descriptionSchema.optional(),
  permissions: permissionList.optional(),
});

/** Every signed-in user may read the roles: people choosing a member's role need the list. */
export async function listAllRoles(_p: Principal) {
  return listRoles();
}

export async function createRole(p: Principal, input: z.input<typeof createRoleInput>): Promise<Role> {
  const v = createRoleInput.parse(input);
  return audited(p, { action: "role.create", targetType: "role", targetName: v.name, detail: { permissions: v.permissions } }, async (tx, log) => {
    requireAdmin(p);
    const role = await uniqueOr(`A role named “${v.name}” already exists.`, () => insertRole(v, tx));
    log.set({ targetId: role.id });
    return role;
  });
}

export async function updateRole(p: Principal, input: z.input<typeof updateRoleInput>): Promise<Role> {
  const v = updateRoleInput.parse(input);
  return audited(p, { action: "role.update", targetType: "role", targetName: v.role, detail: { name: v.name, permissions: v.permissions } }, async (tx, log) => {
    requireAdmin(p);
    const role = await findRole(v.role, tx);
    if (!role) throw new AppError("not_found", `Role “${v.role}” was not found.`);
    log.set({ targetId: role.id, targetName: role.name });
    if (role.builtin) throw conflict(`“${role.name}” is a built-in role and cannot be changed; create a new role instead.`);
    const updated = await uniqueOr(`A role named “${v.name}” already exists.`, () =>
      updateRoleRow({ id: role.id, name: v.name, description: v.description, permissions: v.permissions }, tx),
    );
    return updated!;
  });
}

export async function deleteRole(p: Principal, input: { role: string }): Promise<void> {
  await audited(p, { action: "role.delete", targetType: "role", targetName: input.role }, async (tx, log) => {
    requireAdmin(p);
    const role = await findRole(input.role, tx);
    if (!role) throw new AppError("not_found", `Role “${input.role}” was not found.`);
    log.set({ targetId: role.id, targetName: role.name });
    if (role.builtin) throw conflict(`“${role.name}” is a built-in role and cannot be deleted.`);
    const n = await countRoleMembers(role.id, tx);
    if (n > 0) throw conflict(`“${role.name}” is held by ${n} member${n === 1 ? "" : "s"}; give them another role first.`);
    await deleteRoleRow(role.id, tx);
  });
}
