"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { runAction } from "@/lib/actions";
import { createToken, createTokenInput, revokeToken } from "@/lib/iam/tokens";

export async function createTokenAction(input: unknown) {
  return runAction(async (p) => {
    const created = await createToken(p, createTokenInput.parse(input));
    revalidatePath("/", "layout");
    return created;
  });
}

export async function revokeTokenAction(input: unknown) {
  return runAction(async (p) => {
    await revokeToken(p, z.object({ id: z.coerce.number().int().positive() }).parse(input));
    revalidatePath("/", "layout");
  });
}
