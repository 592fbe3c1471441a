"use server";

import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/actions";
import { createUser, createUserInput, resetPassword, resetPasswordInput, updateUser, updateUserInput } from "@/lib/iam/users";

export async function createUserAction(input: unknown) {
  return runAction("createUserAction", async (p) => {
    const r = await createUser(p, createUserInput.parse(input));
    revalidatePath("/", "layout");
    return r;
  });
}

export async function updateUserAction(input: unknown) {
  return runAction("updateUserAction", async (p) => {
    const r = await updateUser(p, updateUserInput.parse(input));
    revalidatePath("/", "layout");
    return r;
  });
}

export async function resetPasswordAction(input: unknown) {
  return runAction("resetPasswordAction", async (p) => resetPassword(p, resetPasswordInput.parse(input)));
}
