"use server";

import { z } from "zod";
import { runAction } from "@/lib/actions";
import { jarClassOptions } from "@/lib/jobs/editor-options";
import { refSchema } from "@/lib/validation";

/** The chosen jar's classes, for the job editor's main class suggestions (main class first). */
export async function jarClassesAction(input: unknown) {
  return runAction("jarClassesAction", async (p) => {
    const { team, jar } = z.object({ team: refSchema, jar: refSchema }).parse(input);
    return jarClassOptions(p, team, jar);
  });
}
