import { handle } from "@/lib/api/endpoint";
import { listTeams, postTeam } from "@/lib/api/v1/teams";

export const GET = handle(listTeams);
export const POST = handle(postTeam);
