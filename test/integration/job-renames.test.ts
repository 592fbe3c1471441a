/**
 * A renamed job keeps the links people shared under its old names: each old name points at the job
 * (through any number of renames), until another job takes the name, which then takes its links.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { renamedTo } from "@/db/queries/jobs";
import type { Principal } from "@/lib/auth/principal";
import { createCluster } from "@/lib/environments/clusters";
import { copyJob, createJob, updateJob } from "@/lib/jobs/jobs";
import { adminPrincipal, makeTeam, unique } from "../support/fixtures";

let admin: Principal;
let team: { id: number; name: string };
let cluster: string;

beforeAll(async () => {
  admin = await adminPrincipal();
  team = await makeTeam();
  cluster = (await createCluster(admin, team.name, { kind: "remote", name: unique("remote"), restUrl: "http://127.0.0.1:9" })).name;
});

const make = (name: string) => createJob(admin, team.name, { name, type: "sql", sql: "SELECT 1;", settings: { mode: "remote", cluster } });

describe("names a job had", () => {
  it("old names follow the job through renames; a new job with an old name takes it back", async () => {
    const job = await make("orders-v1");
    await updateJob(admin, team.name, "orders-v1", { name: "orders-v2" });
    expect(await renamedTo({ teamId: team.id, oldName: "orders-v1" })).toBe("orders-v2");
    await updateJob(admin, team.name, String(job.id), { name: "orders" });
    expect(await renamedTo({ teamId: team.id, oldName: "orders-v1" })).toBe("orders");
    expect(await renamedTo({ teamId: team.id, oldName: "orders-v2" })).toBe("orders");
    // Renaming back to an old name: that name is the job's own again, not a redirect.
    await updateJob(admin, team.name, "orders", { name: "orders-v1" });
    expect(await renamedTo({ teamId: team.id, oldName: "orders-v1" })).toBeNull();
    expect(await renamedTo({ teamId: team.id, oldName: "orders" })).toBe("orders-v1");

    // A new job (or a copy) named like an old name takes its links.
    await make("orders");
    expect(await renamedTo({ teamId: team.id, oldName: "orders" })).toBeNull();
    await copyJob(admin, team.name, "orders-v1", { name: "orders-v2" });
    expect(await renamedTo({ teamId: team.id, oldName: "orders-v2" })).toBeNull();
    // Another team's names are its own.
    expect(await renamedTo({ teamId: (await makeTeam()).id, oldName: "orders-v2" })).toBeNull();
  });
});
