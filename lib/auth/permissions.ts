/**
 * The fixed catalogue of team permissions. Roles are named subsets of it. System admins
 * (users.is_admin) hold every permission in every team; everyone else holds exactly what their
 * role in that team grants.
 */
export const permissionGroups = [
  {
    group: "Jobs",
    permissions: [
      ["job:view", "View jobs, their versions, runs and logs"],
      ["job:create", "Create and copy jobs"],
      ["job:edit", "Edit job SQL and settings"],
      ["job:build", "Build a job's release"],
      ["job:deploy", "Deploy and start jobs"],
      ["job:stop", "Stop and cancel jobs"],
      ["job:delete", "Delete jobs"],
    ],
  },
  {
    group: "Savepoints",
    permissions: [
      ["savepoint:view", "View savepoints and checkpoints"],
      ["savepoint:trigger", "Trigger savepoints"],
      ["savepoint:delete", "Delete savepoint records"],
    ],
  },
  {
    group: "Environments",
    permissions: [
      ["cluster:view", "View clusters"],
      ["cluster:manage", "Add, edit and remove clusters"],
      ["flink_version:view", "View Flink versions"],
      ["flink_version:manage", "Register and remove Flink versions"],
    ],
  },
  {
    group: "Variables and resources",
    permissions: [
      ["variable:view", "View variables (secret values masked)"],
      ["variable:view_secret", "View the values of secret variables"],
      ["variable:manage", "Add, edit and delete variables"],
      ["resource:view", "View uploaded jars"],
      ["resource:manage", "Upload and delete jars"],
    ],
  },
  {
    group: "Alerts",
    permissions: [
      ["alert_channel:view", "View alert channels and alert history"],
      ["alert_channel:manage", "Add, edit and delete alert channels"],
    ],
  },
  {
    group: "Team",
    permissions: [
      ["member:view", "View the team's members"],
      ["member:manage", "Add and remove members and change their roles"],
      ["team:edit", "Edit the team's description"],
      ["token:create", "Create API tokens for this team"],
      ["token:manage", "View and revoke every member's API tokens for this team"],
      ["audit:view", "View the team's audit log"],
    ],
  },
] as const;

type Groups = typeof permissionGroups;
export type Permission = Groups[number]["permissions"][number][0];

export const allPermissions: readonly Permission[] = permissionGroups.flatMap((g) =>
  g.permissions.map(([p]) => p as Permission),
);

const descriptions = new Map<string, string>(permissionGroups.flatMap((g) => g.permissions.map(([p, d]) => [p, d])));

export function describePermission(p: Permission): string {
  return descriptions.get(p) ?? p;
}

export function isPermission(p: string): p is Permission {
  return descriptions.has(p);
}

const viewPermissions = allPermissions.filter((p) => p.endsWith(":view") && p !== "audit:view");

/** The roles every installation starts with. Their permissions are reset to these on each start. */
export const seedRoles: { name: string; description: string; permissions: readonly Permission[] }[] = [
  {
    name: "team admin",
    description: "Everything in the team, including members, tokens and the audit log.",
    permissions: allPermissions,
  },
  {
    name: "developer",
    description: "Develops, builds, deploys and operates the team's jobs.",
    permissions: [
      ...viewPermissions,
      "job:create",
      "job:edit",
      "job:build",
      "job:deploy",
      "job:stop",
      "job:delete",
      "savepoint:trigger",
      "variable:manage",
      "resource:manage",
      "token:create",
    ],
  },
  {
    name: "viewer",
    description: "Sees the team's jobs and environments; changes nothing.",
    permissions: viewPermissions,
  },
];

export const TEAM_ADMIN_ROLE = "team admin";
