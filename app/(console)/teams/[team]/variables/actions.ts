"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { runAction } from "@/lib/actions";
import { refSchema } from "@/lib/validation";
import { createVariable, deleteVariable, previewVariables, revealVariable, updateVariable } from "@/lib/variables/variables";

const target = z.object({ team: refSchema, variable: refSchema });

export async function createVariableAction(input: unknown) {
  return runAction("createVariableAction", async (p) => {
    const { team, variable } = z.object({ team: refSchema, variable: z.unknown() }).parse(input);
    const created = await createVariable(p, team, variable);
    revalidatePath("/", "layout");
    return { id: created.id, name: created.name };
  });
}

export async function updateVariableAction(input: unknown) {
  return runAction("updateVariableAction", async (p) => {
    const { team, variable, changes } = target.extend({ changes: z.unknown() }).parse(input);
    const updated = await updateVariable(p, team, variable, changes);
    revalidatePath("/", "layout");
    return { id: updated.id, name: updated.name };
  });
}

export async function deleteVariableAction(input: unknown) {
  return runAction("deleteVariableAction", async (p) => {
    const { team, variable } = target.parse(input);
    await deleteVariable(p, team, variable);
    revalidatePath("/", "layout");
  });
}

/** A secret's value, for the explicit “reveal” button; the page itself never carries it. */
export async function revealVariableAction(input: unknown) {
  return runAction("revealVariableAction", async (p) => {
    const { team, variable } = target.parse(input);
    return { value: await revealVariable(p, team, variable) };
  });
}

/** The IDE's preview: the text with the team's variables substituted (secrets masked unless `reveal`). */
export async function previewVariablesAction(input: unknown) {
  return runAction("previewVariablesAction", async (p) => {
    const { team, text, reveal } = z.object({ team: refSchema, text: z.unknown(), reveal: z.unknown().optional() }).parse(input);
    return previewVariables(p, team, { text, reveal });
  });
}
