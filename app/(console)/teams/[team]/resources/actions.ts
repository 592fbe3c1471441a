"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { runAction } from "@/lib/actions";
import { deleteResource } from "@/lib/resources/resources";
import { refSchema } from "@/lib/validation";

// Uploads go to POST /api/v1/teams/{team}/resources from the browser (streamed, with progress);
// a server action would receive the whole file in memory.

const target = z.object({ team: refSchema, resource: refSchema });

export async function deleteResourceAction(input: unknown) {
  return runAction("deleteResourceAction", async (p) => {
    const { team, resource } = target.parse(input);
    await deleteResource(p, team, resource);
    revalidatePath("/", "layout");
  });
}
