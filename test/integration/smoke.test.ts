import { describe, expect, it } from "vitest";
import { listAllTeams } from "@/db/queries/teams";
import { listUsers } from "@/db/queries/users";

describe("database per test file", () => {
  it("starts from the seeded template: admin and the default team", async () => {
    expect((await listUsers()).map((u) => u.username)).toEqual(["admin"]);
    expect((await listAllTeams()).map((t) => t.name)).toEqual(["default"]);
  });
});
