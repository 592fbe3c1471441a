"use server";

import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/actions";
import { updateTeam, updateTeamInput } from "@/lib/iam/teams";

export async function updateTeamAction(input: unknown) {
  return runAction("updateTeamAction", async (p) => {
    const team = await updateTeam(p, updateTeamInput.parse(input));
    revalidatePath("/", "layout");
    return team;
  });
}
