/**
 * Protects the console (server actions and pages) from ids beyond Postgres' `integer` range:
 * 2147483648 in a server action's target, or in an operation's URL, once reached the database and
 * failed there ("internal" for an action, a 500 page); it is "not found" like any missing id. Also
 * that a stray `%` in a version URL is the 404 page, not a URIError.
 *
 * The session is mocked to the seeded admin (actions and pages read it from next-auth's cookie),
 * and next/cache's revalidatePath, which needs a Next request, does nothing.
 */
import { beforeAll, describe, expect, it, vi } from "vitest";
import { revokeTokenAction } from "@/app/(console)/account/tokens/actions";
import { readLogAction } from "@/app/(console)/teams/[team]/jobs/[job]/actions";
import { rollbackJobAction } from "@/app/(console)/teams/[team]/jobs/actions";
import { createCluster } from "@/lib/environments/clusters";
import { createJob } from "@/lib/jobs/jobs";
import { session } from "../support/session-mock";
import { adminPrincipal, makeToken, unique } from "../support/fixtures";

vi.mock("@/lib/auth/session", async () => (await import("../support/session-mock")).sessionModule);
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));

const TOO_LARGE = "2147483648";
const NOT_FOUND_PAGE = { digest: "NEXT_HTTP_ERROR_FALLBACK;404" };

let job = "";
beforeAll(async () => {
  const admin = await adminPrincipal();
  session.principal = admin;
  const cluster = await createCluster(admin, "default", { kind: "remote", name: unique("ids-remote"), restUrl: "http://127.0.0.1:9" });
  job = (await createJob(admin, "default", { name: unique("ids-job"), type: "sql", sql: "SELECT 1;", settings: { mode: "remote", cluster: cluster.name } })).name;
});

describe("server actions given an id beyond the integer range answer not found", () => {
  it("revokeTokenAction", async () => {
    const r = await revokeTokenAction({ id: TOO_LARGE });
    expect(r).toMatchObject({ ok: false, error: { code: "not_found" } });
    // An id in range that names nothing says the same kind of thing.
    expect(await revokeTokenAction({ id: "2147483647" })).toEqual({ ok: false, error: { code: "not_found", message: "That token was not found." } });
    // And a real one is still revoked.
    const mine = await makeToken(await adminPrincipal(), "default");
    expect(await revokeTokenAction({ id: mine.id })).toEqual({ ok: true, data: undefined });
  });

  it("rollbackJobAction", async () => {
    const r = await rollbackJobAction({ team: "default", job, number: TOO_LARGE });
    expect(r).toMatchObject({ ok: false, error: { code: "not_found" } });
    expect(await rollbackJobAction({ team: "default", job, number: 2147483647 })).toMatchObject({ ok: false, error: { code: "not_found", message: `Version 2147483647 of “${job}” was not found.` } });
  });

  it("readLogAction", async () => {
    const r = await readLogAction({ team: "default", job, source: "jobmanager", run: TOO_LARGE });
    expect(r).toMatchObject({ ok: false, error: { code: "not_found" } });
  });

  it("other mistakes in an action's input are still invalid input", async () => {
    expect(await revokeTokenAction({ id: "abc" })).toMatchObject({ ok: false, error: { code: "invalid_input" } });
    expect(await rollbackJobAction({ team: "default", job, number: 0 })).toMatchObject({ ok: false, error: { code: "invalid_input" } });
  });
});

describe("pages", () => {
  it("an operation id beyond the integer range is the 404 page", async () => {
    const { default: OperationPage } = await import("@/app/(console)/teams/[team]/jobs/[job]/operations/[operation]/page");
    for (const operation of [TOO_LARGE, "9".repeat(64), "2147483647", "0", "abc"]) {
      await expect(OperationPage({ params: Promise.resolve({ team: "default", job, operation }) }), operation).rejects.toMatchObject(NOT_FOUND_PAGE);
    }
  });

  it("a stray % in a version URL is the 404 page, and its title does not throw", async () => {
    const { default: VersionPage, generateMetadata } = await import("@/app/(console)/teams/[team]/jobs/[job]/versions/[version]/page");
    for (const version of ["%", "1%", "%E0%A4%A"]) {
      await expect(VersionPage({ params: Promise.resolve({ team: "default", job, version }) }), version).rejects.toMatchObject(NOT_FOUND_PAGE);
      expect(await generateMetadata({ params: Promise.resolve({ team: "default", job, version }) })).toEqual({ title: `Version ${version}` });
    }
  });
});
