import { z } from "zod";
import {
  countEnabledAdmins,
  findUser,
  findUserPasswordHash,
  insertUser,
  listUsers,
  lockAdminChanges,
  setUserPassword,
  updateUser as updateUserRow,
  type PublicUser,
} from "@/db/queries/users";
import { audited } from "@/lib/audit";
import { requireAdmin } from "@/lib/auth/access";
import { generatePassword, hashPassword, verifyPassword } from "@/lib/auth/password";
import type { Principal } from "@/lib/auth/principal";
import { AppError, conflict, invalidInput, uniqueOr } from "@/lib/errors";
import { displayNameSchema, emailSchema, passwordSchema, refSchema, usernameSchema } from "@/lib/validation";

export const createUserInput = z.object({
  username: usernameSchema,
  displayName: displayNameSchema.default(""),
  email: emailSchema.default(""),
  /** Empty or absent: a password is generated and returned once. */
  password: z.union([passwordSchema, z.literal("")]).optional(),
  isAdmin: z.boolean().default(false),
});

export const updateUserInput = z.object({
  user: refSchema,
  displayName: displayNameSchema.optional(),
  email: emailSchema.optional(),
  isAdmin: z.boolean().optional(),
  enabled: z.boolean().optional(),
});

export const resetPasswordInput = z.object({
  user: refSchema,
  password: z.union([passwordSchema, z.literal("")]).optional(),
});

export const changeOwnPasswordInput = z
  .object({
    currentPassword: z.string().min(1, "Enter your current password."),
    newPassword: passwordSchema,
    confirmPassword: z.string(),
  })
  .refine((v) => v.newPassword === v.confirmPassword, {
    message: "The two new passwords differ.",
    path: ["confirmPassword"],
  });

export async function listAllUsers(p: Principal): Promise<PublicUser[]> {
  requireAdmin(p);
  return listUsers();
}

export async function createUser(
  p: Principal,
  input: z.input<typeof createUserInput>,
): Promise<{ user: PublicUser; generatedPassword?: string }> {
  const v = createUserInput.parse(input);
  return audited(p, { action: "user.create", targetType: "user", targetName: v.username }, async (tx, log) => {
    requireAdmin(p);
    const generatedPassword = v.password ? undefined : generatePassword();
    const user = await uniqueOr(`A user named “${v.username}” already exists.`, async () =>
      insertUser(
        {
          username: v.username,
          displayName: v.displayName,
          email: v.email,
          isAdmin: v.isAdmin,
          passwordHash: await hashPassword(v.password || generatedPassword!),
        },
        tx,
      ),
    );
    log.set({ targetId: user.id, detail: { isAdmin: v.isAdmin } });
    return { user, generatedPassword };
  });
}

export async function updateUser(p: Principal, input: z.input<typeof updateUserInput>): Promise<PublicUser> {
  const v = updateUserInput.parse(input);
  return audited(p, { action: "user.update", targetType: "user", targetName: v.user }, async (tx, log) => {
    requireAdmin(p);
    const user = await findUser(v.user, tx);
    if (!user) throw new AppError("not_found", `User “${v.user}” was not found.`);
    log.set({ targetId: user.id, targetName: user.username, detail: changes(v) });
    if (user.id === p.user.id && (v.enabled === false || v.isAdmin === false)) {
      throw conflict("You cannot disable yourself or remove your own administrator rights.");
    }
    // Only an enabled administrator who would stop being one counts against the last-admin rule.
    const wasEnabledAdmin = user.isAdmin && user.enabled;
    const staysEnabledAdmin = (v.isAdmin ?? user.isAdmin) && (v.enabled ?? user.enabled);
    if (wasEnabledAdmin && !staysEnabledAdmin) await lockAdminChanges(tx);
    if (wasEnabledAdmin && !staysEnabledAdmin && (await countEnabledAdmins(tx)) <= 1) {
      throw conflict("This is the last enabled administrator; make someone else an administrator first.");
    }
    return (await updateUserRow({ id: user.id, displayName: v.displayName, email: v.email, isAdmin: v.isAdmin, enabled: v.enabled }, tx))!;
  });
}

function changes(v: z.infer<typeof updateUserInput>): Record<string, unknown> {
  const { user: _user, ...rest } = v;
  return Object.fromEntries(Object.entries(rest).filter(([, x]) => x !== undefined));
}

/** An admin sets (or generates) another user's password; their sessions end. */
export async function resetPassword(
  p: Principal,
  input: z.input<typeof resetPasswordInput>,
): Promise<{ generatedPassword?: string }> {
  const v = resetPasswordInput.parse(input);
  return audited(p, { action: "user.reset_password", targetType: "user", targetName: v.user }, async (tx, log) => {
    requireAdmin(p);
    const user = await findUser(v.user, tx);
    if (!user) throw new AppError("not_found", `User “${v.user}” was not found.`);
    log.set({ targetId: user.id, targetName: user.username });
    const generatedPassword = v.password ? undefined : generatePassword();
    await setUserPassword({ id: user.id, passwordHash: await hashPassword(v.password || generatedPassword!) }, tx);
    return { generatedPassword };
  });
}

/** A user changes their own password; every session, including this one, must sign in again. */
export async function changeOwnPassword(p: Principal, input: z.input<typeof changeOwnPasswordInput>): Promise<void> {
  const v = changeOwnPasswordInput.parse(input);
  await audited(p, { action: "user.change_password", targetType: "user", targetId: p.user.id, targetName: p.user.username }, async (tx) => {
    if (p.via !== "session") throw new AppError("forbidden", "Change your password from a signed-in browser session.");
    const hash = await findUserPasswordHash(p.user.id, tx);
    if (!hash || !(await verifyPassword(hash, v.currentPassword))) {
      throw invalidInput("The current password is wrong.", { currentPassword: "The current password is wrong." });
    }
    if (v.currentPassword === v.newPassword) {
      throw invalidInput("The new password is the same as the current one.", { newPassword: "Choose a different password." });
    }
    await setUserPassword({ id: p.user.id, passwordHash: await hashPassword(v.newPassword) }, tx);
  });
}
