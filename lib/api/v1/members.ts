import { z } from "zod";
import { endpoint } from "@/lib/api/endpoint";
import { addMember, changeMemberRole, listTeamMembers, removeMember } from "@/lib/iam/members";
import { refSchema } from "@/lib/validation";
import { memberSchema, teamRef } from "./schemas";

const params = z.object({ team: teamRef });
const userRef = refSchema.meta({ description: "A username or numeric user id.", example: "alice" });
const roleRef = refSchema.meta({ description: "A role name or numeric role id.", example: "developer" });

export const listMembers = endpoint({
  method: "GET",
  path: "/teams/{team}/members",
  tag: "Members",
  summary: "List a team's members",
  params,
  response: z.object({ members: z.array(memberSchema) }),
  errors: [403, 404],
  handler: async ({ principal, params }) => ({ members: await listTeamMembers(principal, params.team) }),
});

export const postMember = endpoint({
  method: "POST",
  path: "/teams/{team}/members",
  tag: "Members",
  summary: "Add a member",
  description: "Adds a user to the team with a role. Needs member:manage in the team.",
  params,
  body: z.object({ user: userRef, role: roleRef }),
  response: memberSchema,
  successStatus: 201,
  errors: [403, 404, 409],
  handler: async ({ principal, params, body }) => addMember(principal, { team: params.team, ...body }),
});

export const patchMember = endpoint({
  method: "PATCH",
  path: "/teams/{team}/members",
  tag: "Members",
  summary: "Change a member's role",
  params,
  body: z.object({ user: userRef, role: roleRef }),
  response: memberSchema,
  errors: [403, 404],
  handler: async ({ principal, params, body }) => changeMemberRole(principal, { team: params.team, ...body }),
});

export const deleteMember = endpoint({
  method: "DELETE",
  path: "/teams/{team}/members",
  tag: "Members",
  summary: "Remove a member",
  description: "Name the member with the `user` query parameter.",
  params,
  query: z.object({ user: userRef }),
  response: null,
  successStatus: 204,
  errors: [403, 404],
  handler: async ({ principal, params, query }) => removeMember(principal, { team: params.team, user: query.user }),
});
