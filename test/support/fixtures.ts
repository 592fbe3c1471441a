import { randomBytes } from "node:crypto";
import { findUser, insertUser, type PublicUser } from "@/db/queries/users";
import { handle, type AnyEndpoint } from "@/lib/api/endpoint";
import { hashPassword } from "@/lib/auth/password";
import type { Principal } from "@/lib/auth/principal";
import { addMember } from "@/lib/iam/members";
import { createTeam } from "@/lib/iam/teams";
import { createToken } from "@/lib/iam/tokens";

/**
 * Small builders shared by the integration tests. Everything goes through the application's own
 * services (or query functions), so a fixture never creates a state the product could not.
 * Integration files share one database per file: names are made unique per call.
 */

export const TEST_ADMIN_PASSWORD = "admin-password-1";
/** The password every user made by `makeUser` has, unless told otherwise. */
export const USER_PASSWORD = "user-password-1";

let counter = 0;
/** A name no other test in the file has used: `prefix-<n>-<random>`. */
export function unique(prefix: string): string {
  counter += 1;
  return `${prefix}-${counter}-${randomBytes(3).toString("hex")}`;
}

export function principalOf(u: Pick<PublicUser, "id" | "username" | "displayName" | "isAdmin">): Principal {
  return { user: { id: u.id, username: u.username, displayName: u.displayName, isAdmin: u.isAdmin }, via: "session" };
}

/** The seeded `admin`, acting from a browser session. */
export async function adminPrincipal(): Promise<Principal> {
  const admin = await findUser("admin");
  if (!admin) throw new Error("the seeded admin is missing");
  return principalOf(admin);
}

// argon2 is deliberately slow; hash the shared test password once per file.
let sharedHash: Promise<string> | undefined;

/** A user created directly (no audit row), with USER_PASSWORD unless `password` is given. */
export async function makeUser(opts: { username?: string; isAdmin?: boolean; password?: string } = {}) {
  const hash = opts.password ? await hashPassword(opts.password) : await (sharedHash ??= hashPassword(USER_PASSWORD));
  const user = await insertUser({
    username: opts.username ?? unique("user"),
    displayName: "",
    email: "",
    isAdmin: opts.isAdmin ?? false,
    passwordHash: hash,
  });
  return { user, principal: principalOf(user) };
}

/** A team created by the seeded admin. */
export async function makeTeam(name = unique("team")) {
  return createTeam(await adminPrincipal(), { name });
}

/** A new user who is a member of `team` with `role` ("team admin", "developer", "viewer" or a custom role). */
export async function makeMember(team: string, role: string, opts: { username?: string } = {}) {
  const made = await makeUser(opts);
  await addMember(await adminPrincipal(), { team, user: made.user.username, role });
  return made;
}

/** An API token for `principal` in `team`, created the way the console does. */
export async function makeToken(principal: Principal, team: string, opts: { name?: string; expiresInDays?: number } = {}) {
  return createToken(principal, { team, name: opts.name ?? unique("token"), expiresInDays: opts.expiresInDays });
}

export type CallOptions = {
  token?: string;
  params?: Record<string, string>;
  query?: Record<string, string>;
  /**
   * A value to send as JSON; a string is sent as-is (fetch labels it text/plain), bytes are sent
   * with no Content-Type at all.
   */
  body?: unknown;
  headers?: Record<string, string>;
};

/**
 * Calls an endpoint the way Next's route handler would: a Request in, a Response out. Path
 * placeholders in the URL are filled from `params` so the request looks like the real one.
 */
export async function callEndpoint(e: AnyEndpoint, opts: CallOptions = {}): Promise<Response> {
  const params = opts.params ?? {};
  const path = e.path.replace(/\{(\w+)\}/g, (_, k: string) => encodeURIComponent(params[k] ?? ""));
  const url = new URL(`http://eddy.test/api/v1${path}`);
  for (const [k, v] of Object.entries(opts.query ?? {})) url.searchParams.set(k, v);
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.token !== undefined) headers.authorization = `Bearer ${opts.token}`;
  let body: BodyInit | undefined;
  if (typeof opts.body === "string") body = opts.body;
  else if (opts.body instanceof Uint8Array) body = new Blob([opts.body as Uint8Array<ArrayBuffer>]);
  else if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers["content-type"] ??= "application/json";
  }
  const request = new Request(url, { method: e.method, headers, body });
  return handle(e)(request, { params: Promise.resolve(params) });
}

/** The JSON error body every failing endpoint answers with. */
export type ErrorJson = { error: { code: string; message: string; fields?: Record<string, string> } };

/** Awaits something that must fail and returns what it threw, so a test can assert on it. */
export async function failure(p: Promise<unknown>): Promise<Error & { code?: string; fields?: Record<string, string> }> {
  try {
    await p;
  } catch (e) {
    return e as Error & { code?: string };
  }
  throw new Error("expected this to fail, but it succeeded");
}
