/**
 * `npm run eddy -- <command>`: administration from the server's shell, for when nobody can sign
 * in (lost admin password) and for scripts. It uses the same database as the console (the
 * embedded one is shared while the console runs) and records everything in the audit log.
 */
import os from "node:os";
import { parseArgs } from "node:util";
import { closeDb } from "@/db/client";
import { seedDatabase } from "@/db/seed";
import { getUserSessionState, findUser } from "@/db/queries/users";
import { cliPrincipal, type Principal } from "@/lib/auth/principal";
import { loadConfig } from "@/lib/config";
import { isAppError } from "@/lib/errors";
import { addMember } from "@/lib/iam/members";
import { createTeam } from "@/lib/iam/teams";
import { createToken } from "@/lib/iam/tokens";
import { createUser, resetPassword } from "@/lib/iam/users";
import { provideDatabase } from "@/lib/runtime/database";
import { firstAdminNotice } from "@/lib/runtime/first-admin";
import { describeIssues } from "@/lib/validation";
import { z } from "zod";

const usage = `Usage: npm run eddy -- <command> [options]

Commands:
  migrate                                   Apply database migrations and seed built-in roles (every
                                            command does this first; on an empty database it also
                                            creates admin, printing a generated password once).
  create-user --username U [--password P] [--admin] [--display-name N] [--email E]
                                            Create a user; prints a generated password if none is given.
  reset-password --user U [--password P]    Set or generate a user's password; ends their sessions.
  create-team --name T [--description D]    Create a team.
  add-member --team T --user U --role R     Add a user to a team with a role.
  create-token --user U --team T [--name N] [--expires-days D]
                                            Create an API token acting as U in team T; prints it once.
`;

const operator = (): Principal => cliPrincipal(os.userInfo().username);

async function asUser(ref: string): Promise<Principal> {
  const u = await findUser(ref);
  const s = u && (await getUserSessionState(u.id));
  if (!s) throw new CliError(`User “${ref}” was not found.`);
  return { user: { id: s.id, username: s.username, displayName: s.displayName, isAdmin: s.isAdmin }, via: "cli" };
}

class CliError extends Error {}

function need(v: string | undefined, flag: string): string {
  if (!v) throw new CliError(`Missing --${flag}.\n\n${usage}`);
  return v;
}

async function run(command: string, o: Record<string, string | boolean | undefined>): Promise<void> {
  const s = (k: string) => (typeof o[k] === "string" ? (o[k] as string) : undefined);
  switch (command) {
    case "migrate":
      // Migrating and seeding happened in main(), as for every command.
      console.log("Database is up to date.");
      return;
    case "create-user": {
      const r = await createUser(operator(), {
        username: need(s("username"), "username"),
        password: s("password"),
        isAdmin: o.admin === true,
        displayName: s("display-name") ?? "",
        email: s("email") ?? "",
      });
      console.log(`Created user ${r.user.username}${r.user.isAdmin ? " (administrator)" : ""}.`);
      if (r.generatedPassword) console.log(`Password: ${r.generatedPassword}`);
      return;
    }
    case "reset-password": {
      const user = need(s("user"), "user");
      const r = await resetPassword(operator(), { user, password: s("password") });
      console.log(`Password of ${user} reset; their sessions have ended.`);
      if (r.generatedPassword) console.log(`Password: ${r.generatedPassword}`);
      return;
    }
    case "create-team": {
      const t = await createTeam(operator(), { name: need(s("name"), "name"), description: s("description") ?? "" });
      console.log(`Created team ${t.name} (id ${t.id}).`);
      return;
    }
    case "add-member": {
      const m = await addMember(operator(), { team: need(s("team"), "team"), user: need(s("user"), "user"), role: need(s("role"), "role") });
      console.log(`${m.username} is now ${m.role} in ${need(s("team"), "team")}.`);
      return;
    }
    case "create-token": {
      const p = await asUser(need(s("user"), "user"));
      const days = s("expires-days");
      const r = await createToken(p, {
        team: need(s("team"), "team"),
        name: s("name") ?? `cli ${new Date().toISOString().slice(0, 10)}`,
        expiresInDays: days === undefined ? undefined : Number(days),
      });
      // Only the token on stdout, so scripts can capture it: TOKEN=$(npm run -s eddy -- create-token …)
      console.error(`Created a token for ${p.user.username} in ${s("team")}${r.expiresAt ? `, expiring ${r.expiresAt.toISOString()}` : ", never expiring"}.`);
      console.log(r.token);
      return;
    }
    default:
      throw new CliError(command ? `Unknown command “${command}”.\n\n${usage}` : usage);
  }
}

async function main() {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    strict: true,
    options: {
      username: { type: "string" },
      user: { type: "string" },
      password: { type: "string" },
      admin: { type: "boolean" },
      "display-name": { type: "string" },
      email: { type: "string" },
      team: { type: "string" },
      name: { type: "string" },
      description: { type: "string" },
      role: { type: "string" },
      "expires-days": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  const command = positionals[0] ?? "";
  if (values.help || !command) {
    console.log(usage);
    return;
  }
  const config = loadConfig();
  const { embedded } = await provideDatabase(config, (l) => console.error(`[eddy] ${l}`));
  try {
    // Every command may be the first thing run on a fresh database: seed it as `npm start` would
    // (built-in roles; on an empty database `admin`, with EDDY_ADMIN_PASSWORD or a generated
    // password, and the `default` team). A generated password exists only now, so it is printed
    // at once, on stderr: stdout stays the command's answer (create-token prints only the token).
    const { generatedAdminPassword } = await seedDatabase({ adminPassword: config.adminPassword });
    if (generatedAdminPassword) console.error(firstAdminNotice(generatedAdminPassword));
    await run(command, values);
  } finally {
    await closeDb();
    await embedded?.stop();
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    if (e instanceof CliError || isAppError(e)) console.error(e.message);
    else if (e instanceof z.ZodError) console.error(describeIssues(e).message);
    else if (e instanceof TypeError && /parseArgs|ERR_PARSE_ARGS/.test(String((e as { code?: string }).code ?? e.message))) console.error(`${e.message}\n\n${usage}`);
    else console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
