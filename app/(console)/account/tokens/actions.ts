"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { runAction } from "@/lib/actions";
import { createToken, createTokenInput, revokeToken } from "@/lib/iam/tokens";
import { idSchema, parseRefs } from "@/lib/validation";

export async function createTokenAction(input: unknown) {
  return runAction("createTokenAction", async (p) => {
    const created = await createToken(p, createTokenInput.parse(input));
    revalidatePath("/", "layout");
    return created;
  });
}

export async function revokeTokenAction(input: unknown) {
  return runAction("revokeTokenAction", async (p) => {
    await revokeToken(p, parseRefs(z.object({ id: idSchema }), input));
    revalidatePath("/", "layout");
  });
}
