import { z } from "zod";
import { endpoint } from "@/lib/api/endpoint";
import { listVisibleTeams } from "@/lib/iam/teams";
import { teamSchema } from "./schemas";

export const getMe = endpoint({
  method: "GET",
  path: "/me",
  tag: "Account",
  summary: "Who am I",
  description: "The calling user, how they authenticated, and the teams they can open.",
  response: z
    .object({
      user: z.object({ id: z.number().int(), username: z.string(), displayName: z.string(), isAdmin: z.boolean() }),
      via: z.enum(["session", "token", "cli"]),
      tokenTeam: z.string().optional().meta({ description: "For token requests: the only team the token may act in." }),
      teams: z.array(teamSchema),
    })
    .meta({ id: "Me" }),
  handler: async ({ principal }) => {
    const teams = await listVisibleTeams(principal);
    const tokenTeam = principal.tokenTeamId === undefined ? undefined : teams.find((t) => t.id === principal.tokenTeamId)?.name;
    return { user: principal.user, via: principal.via, tokenTeam, teams };
  },
});
