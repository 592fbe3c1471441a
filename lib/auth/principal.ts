/** Who is acting, and how they proved it. Every permission check starts from one of these. */
export type Principal = {
  user: { id: number; username: string; displayName: string; isAdmin: boolean };
  via: "session" | "token" | "cli";
  /** A token acts only inside the team it was created for. */
  tokenTeamId?: number;
  ip?: string | null;
};

/** The CLI runs with shell access to the server, so it acts as a system admin named after the OS user. */
export function cliPrincipal(osUser: string): Principal {
  return { user: { id: 0, username: `cli:${osUser}`, displayName: osUser, isAdmin: true }, via: "cli" };
}
