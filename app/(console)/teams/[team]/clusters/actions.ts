"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { runAction } from "@/lib/actions";
import { clusterAction, createCluster, deleteCluster, updateCluster } from "@/lib/environments/clusters";
import { refSchema } from "@/lib/validation";

const target = z.object({ team: refSchema, cluster: refSchema });

export async function createClusterAction(input: unknown) {
  return runAction("createClusterAction", async (p) => {
    const { team, cluster } = z.object({ team: refSchema, cluster: z.unknown() }).parse(input);
    const created = await createCluster(p, team, cluster);
    revalidatePath("/", "layout");
    return { id: created.id, name: created.name };
  });
}

export async function updateClusterAction(input: unknown) {
  return runAction("updateClusterAction", async (p) => {
    const { team, cluster, changes } = target.extend({ changes: z.unknown() }).parse(input);
    const updated = await updateCluster(p, team, cluster, changes);
    revalidatePath("/", "layout");
    return { id: updated.id, name: updated.name };
  });
}

export async function deleteClusterAction(input: unknown) {
  return runAction("deleteClusterAction", async (p) => {
    const { team, cluster } = target.parse(input);
    await deleteCluster(p, team, cluster);
    revalidatePath("/", "layout");
  });
}

export async function clusterLifecycleAction(input: unknown) {
  return runAction("clusterLifecycleAction", async (p) => {
    const { team, cluster, action } = target.extend({ action: z.string() }).parse(input);
    const c = await clusterAction(p, team, cluster, action);
    revalidatePath("/", "layout");
    return { state: c.state };
  });
}
