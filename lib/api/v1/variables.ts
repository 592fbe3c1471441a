import { z } from "zod";
import { endpoint } from "@/lib/api/endpoint";
import { refSchema } from "@/lib/validation";
import { createVariableInput, previewInput, updateVariableInput } from "@/lib/variables/variable-input";
import { createVariable, deleteVariable, getVariable, listTeamVariables, previewVariables, updateVariable } from "@/lib/variables/variables";
import { teamRef, variableDetailSchema, variableSchema, variableView } from "./schemas";

const teamParams = z.object({ team: teamRef });
const variableRef = refSchema.meta({ description: "A variable's name (exact case) or id.", param: { description: "A variable's name (exact case) or numeric id." } });
const variableParams = z.object({ team: teamRef, variable: variableRef });
const revealQuery = z.object({
  reveal: z
    .enum(["true", "false"], { error: () => "reveal is true or false." })
    .optional()
    .meta({ description: "true: show secrets' values (needs variable:view_secret; logged). Otherwise they are masked." }),
});

export const listVariablesEndpoint = endpoint({
  method: "GET",
  path: "/teams/{team}/variables",
  tag: "Variables",
  summary: "List a team's variables",
  params: teamParams,
  query: revealQuery,
  response: z.object({ variables: z.array(variableSchema) }),
  errors: [403, 404],
  handler: async ({ principal, params, query }) => ({
    variables: (await listTeamVariables(principal, params.team, { reveal: query.reveal === "true" })).map(variableView),
  }),
});

export const postVariable = endpoint({
  method: "POST",
  path: "/teams/{team}/variables",
  tag: "Variables",
  summary: "Add a variable",
  description: "Jobs refer to it as ${name} in SQL, program arguments and dynamic properties. A secret's value is stored encrypted.",
  params: teamParams,
  body: createVariableInput,
  response: variableSchema,
  successStatus: 201,
  errors: [403, 404, 409],
  handler: async ({ principal, params, body }) => variableView(await createVariable(principal, params.team, body)),
});

export const getVariableEndpoint = endpoint({
  method: "GET",
  path: "/teams/{team}/variables/{variable}",
  tag: "Variables",
  summary: "A variable, with the jobs that use it",
  params: variableParams,
  query: revealQuery,
  response: variableDetailSchema,
  errors: [403, 404],
  handler: async ({ principal, params, query }) => {
    const v = await getVariable(principal, params.team, params.variable, { reveal: query.reveal === "true" });
    return { ...variableView(v), jobs: v.jobs };
  },
});

export const patchVariable = endpoint({
  method: "PATCH",
  path: "/teams/{team}/variables/{variable}",
  tag: "Variables",
  summary: "Edit a variable",
  description:
    "Absent fields stay as they are (a secret's value too). Making a secret plain needs variable:view_secret. A rename is refused while jobs use the old name (they are named).",
  params: variableParams,
  body: updateVariableInput,
  response: variableSchema,
  errors: [403, 404, 409],
  handler: async ({ principal, params, body }) => variableView(await updateVariable(principal, params.team, params.variable, body)),
});

export const deleteVariableEndpoint = endpoint({
  method: "DELETE",
  path: "/teams/{team}/variables/{variable}",
  tag: "Variables",
  summary: "Delete a variable",
  description: "Refused while jobs use it (they are named).",
  params: variableParams,
  response: null,
  successStatus: 204,
  errors: [403, 404, 409],
  handler: async ({ principal, params }) => deleteVariable(principal, params.team, params.variable),
});

export const previewVariablesEndpoint = endpoint({
  method: "POST",
  path: "/teams/{team}/variables/preview",
  tag: "Variables",
  summary: "Substitute the team's variables into a text",
  description: "Answers the text with each ${name} replaced, and the names that have no variable. Secrets appear masked unless reveal is true (needs variable:view_secret).",
  params: teamParams,
  body: previewInput,
  response: z.object({ text: z.string(), missing: z.array(z.string()) }),
  successStatus: 200,
  errors: [403, 404],
  handler: async ({ principal, params, body }) => previewVariables(principal, params.team, body),
});
