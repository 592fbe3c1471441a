import { z } from "zod";
import { endpoint } from "@/lib/api/endpoint";
import { createTeam, createTeamInput, listVisibleTeams } from "@/lib/iam/teams";
import { teamSchema } from "./schemas";

export const listTeams = endpoint({
  method: "GET",
  path: "/teams",
  tag: "Teams",
  summary: "List teams",
  description: "Administrators see every team; other users see the teams they belong to; a token sees its own team.",
  response: z.object({ teams: z.array(teamSchema) }),
  handler: async ({ principal }) => ({ teams: await listVisibleTeams(principal) }),
});

export const postTeam = endpoint({
  method: "POST",
  path: "/teams",
  tag: "Teams",
  summary: "Create a team",
  description: "Administrators only.",
  body: createTeamInput,
  response: teamSchema,
  successStatus: 201,
  errors: [403, 409],
  handler: async ({ principal, body }) => createTeam(principal, body),
});
