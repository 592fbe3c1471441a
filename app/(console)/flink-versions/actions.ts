"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { runAction } from "@/lib/actions";
import { deleteVersion, registerFlinkVersionInput, registerVersion, syncVersion, updateVersion } from "@/lib/environments/flink-versions";
import { refSchema } from "@/lib/validation";

const ref = z.object({ version: refSchema });

export async function registerFlinkVersionAction(input: unknown) {
  return runAction("registerFlinkVersionAction", async (p) => {
    const v = await registerVersion(p, registerFlinkVersionInput.parse(input));
    revalidatePath("/", "layout");
    return v;
  });
}

export async function makeDefaultFlinkVersionAction(input: unknown) {
  return runAction("makeDefaultFlinkVersionAction", async (p) => {
    const v = await updateVersion(p, { version: ref.parse(input).version, isDefault: true });
    revalidatePath("/", "layout");
    return v;
  });
}

export async function syncFlinkVersionAction(input: unknown) {
  return runAction("syncFlinkVersionAction", async (p) => {
    const v = await syncVersion(p, ref.parse(input).version);
    revalidatePath("/", "layout");
    return v;
  });
}

export async function deleteFlinkVersionAction(input: unknown) {
  return runAction("deleteFlinkVersionAction", async (p) => {
    await deleteVersion(p, ref.parse(input).version);
    revalidatePath("/", "layout");
  });
}
