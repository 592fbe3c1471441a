/** Links into a team's pages use its name, so they read well and can be shared. */
export function teamHref(team: string, sub = ""): string {
  return `/teams/${encodeURIComponent(team)}${sub ? `/${sub}` : ""}`;
}
