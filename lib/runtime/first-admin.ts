/**
 * The one time a generated administrator password is shown: right after the seed that created it
 * (by `npm start` or any `npm run eddy` command on an empty database), before anything else can
 * fail. It is stored only as a hash, so a notice that never prints loses the password for good.
 * test/e2e/lifecycle.test.ts reads the password back from the `password: ` line.
 */
export function firstAdminNotice(password: string): string {
  const lines = [
    "First start: created the administrator account.",
    "  username: admin",
    `  password: ${password}`,
    "This password is shown only once. Change it under Account after signing in.",
  ];
  const width = Math.max(...lines.map((l) => l.length));
  return `\n+${"-".repeat(width + 2)}+\n${lines.map((l) => `| ${l.padEnd(width)} |`).join("\n")}\n+${"-".repeat(width + 2)}+\n`;
}
