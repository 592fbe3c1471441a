import { z } from "zod";
import { refSchema } from "@/lib/validation";

/** Response shapes shared by several endpoints. Each registers as an OpenAPI component. */

export const teamRef = refSchema.meta({
  description: "A team's name or numeric id.",
  example: "default",
  param: { description: "A team's name or numeric id." },
});

export const teamSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    description: z.string(),
    createdAt: z.date().transform((d) => d.toISOString()).pipe(z.string()).meta({ override: { type: "string", format: "date-time" } }),
    role: z.string().optional().meta({ description: "The caller's role in the team (“admin” for administrators)." }),
    memberCount: z.number().int().optional(),
  })
  .meta({ id: "Team" });

export const memberSchema = z
  .object({
    userId: z.number().int(),
    username: z.string(),
    displayName: z.string(),
    enabled: z.boolean(),
    role: z.string(),
    joinedAt: z.date().transform((d) => d.toISOString()).pipe(z.string()).meta({ override: { type: "string", format: "date-time" } }),
  })
  .meta({ id: "Member" });
