"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { runAction } from "@/lib/actions";
import { createTeam, createTeamInput, deleteTeam } from "@/lib/iam/teams";
import { refSchema } from "@/lib/validation";

export async function createTeamAction(input: unknown) {
  return runAction("createTeamAction", async (p) => {
    const team = await createTeam(p, createTeamInput.parse(input));
    revalidatePath("/", "layout");
    return team;
  });
}

export async function deleteTeamAction(input: unknown) {
  return runAction("deleteTeamAction", async (p) => {
    await deleteTeam(p, z.object({ team: refSchema, confirmName: z.string() }).parse(input));
    revalidatePath("/", "layout");
  });
}
