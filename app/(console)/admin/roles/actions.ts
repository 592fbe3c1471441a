"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { runAction } from "@/lib/actions";
import { createRole, createRoleInput, deleteRole, updateRole, updateRoleInput } from "@/lib/iam/roles";
import { refSchema } from "@/lib/validation";

export async function createRoleAction(input: unknown) {
  return runAction("createRoleAction", async (p) => {
    const role = await createRole(p, createRoleInput.parse(input));
    revalidatePath("/", "layout");
    return role;
  });
}

export async function updateRoleAction(input: unknown) {
  return runAction("updateRoleAction", async (p) => {
    const role = await updateRole(p, updateRoleInput.parse(input));
    revalidatePath("/", "layout");
    return role;
  });
}

export async function deleteRoleAction(input: unknown) {
  return runAction("deleteRoleAction", async (p) => {
    await deleteRole(p, z.object({ role: refSchema }).parse(input));
    revalidatePath("/", "layout");
  });
}
