/**
 * Protects the one-time notice of a generated administrator password (lib/runtime/first-admin.ts),
 * which `npm start` and the CLI print right after seeding: its box, and the `password: ` line that
 * test/e2e/lifecycle.test.ts (and people) read it from.
 */
import { describe, expect, it } from "vitest";
import { firstAdminNotice } from "@/lib/runtime/first-admin";

describe("firstAdminNotice", () => {
  it("is the box `npm start` has always printed", () => {
    expect(firstAdminNotice("Abcdefghij0123456789")).toBe(
      [
        "",
        `+${"-".repeat(77)}+`,
        "| First start: created the administrator account.                             |",
        "|   username: admin                                                           |",
        "|   password: Abcdefghij0123456789                                            |",
        "| This password is shown only once. Change it under Account after signing in. |",
        `+${"-".repeat(77)}+`,
        "",
      ].join("\n"),
    );
  });

  it("gives the password back to the parser the e2e suite uses", () => {
    const output = `[eddy] Embedded PostgreSQL started\n${firstAdminNotice("s3cr3t-Pa55w0rd-xyzw")}\n[eddy] Console ready`;
    expect(/password: (\S+)/.exec(output)?.[1]).toBe("s3cr3t-Pa55w0rd-xyzw");
  });
});
