/**
 * Secret variables go to Flink, and Flink quotes what it was sent: a table name in an error, a
 * literal in a plan, a connector's password in an exception. Whatever comes back is masked before
 * a person (even one without variable:view_secret) or the database sees it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findOperationById, listEvents } from "@/db/queries/lifecycle";
import { SECRET_MASK } from "@/lib/crypto/secrets";
import { createCluster } from "@/lib/environments/clusters";
import { registerVersion } from "@/lib/environments/flink-versions";
import { verifyWithFlink } from "@/lib/jobs/gateway";
import { createJob } from "@/lib/jobs/jobs";
import { readExceptions } from "@/lib/lifecycle/logs";
import { requestAction } from "@/lib/lifecycle/operations";
import { runOperation } from "@/lib/lifecycle/run-operation";
import type { Principal } from "@/lib/auth/principal";
import { createVariable } from "@/lib/variables/variables";
import { redactor } from "@/lib/variables/redact";
import { adminPrincipal, makeMember, makeTeam, unique } from "../support/fixtures";
import { startSimEnvironment, type SimEnvironment } from "../support/sim-environment";

const SECRET = "hunter2-s3cr3t";
let env: SimEnvironment;
let admin: Principal;
let team: string;
let cluster: string;

beforeAll(async () => {
  env = await startSimEnvironment("eddy-redact");
  admin = await adminPrincipal();
  team = (await makeTeam()).name;
  await registerVersion(admin, { home: env.info.flinkHomes["2.1.0"], name: unique("flink") });
  const jm = env.info.jobmanagers.find((j) => j.name === env.info.sqlGateway.jobmanager)!;
  cluster = (await createCluster(admin, team, { kind: "remote", name: unique("remote"), restUrl: jm.url, sqlGatewayUrl: env.info.sqlGateway.url })).name;
  await createVariable(admin, team, { name: "db.password", value: SECRET, secret: true });
});

afterAll(() => env?.close());

describe("redactor", () => {
  it("masks every occurrence, the longer secret first, and leaves other text alone", () => {
    const redact = redactor(["abc", "abcdef", "x"]);
    expect(redact("abcdef and abc, x marks")).toBe(`${SECRET_MASK} and ${SECRET_MASK}, x marks`);
    expect(redact("a.b*c (regex characters) a.b*c")).toBe("a.b*c (regex characters) a.b*c");
    expect(redactor(["a.b*c"])("see a.b*c")).toBe(`see ${SECRET_MASK}`);
    expect(redactor([])("nothing")).toBe("nothing");
  });
});

describe("what Flink says back never shows a secret", () => {
  it("Verify with Flink, asked by a viewer: the error quoting the secret comes back masked", async () => {
    const { principal } = await makeMember(team, "viewer");
    const r = await verifyWithFlink(principal, team, { sql: "SELECT * FROM `${db.password}`;", cluster });
    expect(r.ok).toBe(false);
    const message = r.statements[0]!.error!.message;
    expect(message).toContain(`Object '${SECRET_MASK}' not found`);
    expect(JSON.stringify(r)).not.toContain(SECRET);
  });

  it("a start that Flink refuses: the operation's message, log and the job's events are masked", async () => {
    const sql = `CREATE TABLE src (id BIGINT) WITH ('connector' = 'datagen');\nINSERT INTO \`\${db.password}\` SELECT id FROM src;`;
    const job = await createJob(admin, team, { name: unique("leaky"), type: "sql", sql, settings: { mode: "remote", cluster } });
    const op = await requestAction(admin, team, job.id, "start", {});
    await runOperation(op.id, { attempts: 1, maxAttempts: 1 });
    const done = (await findOperationById(op.id))!;
    expect(done.status).toBe("failed");
    expect(done.message).toContain(SECRET_MASK);
    const stored = JSON.stringify({ message: done.message, log: done.log, steps: done.steps, events: await listEvents({ jobId: job.id }) });
    expect(stored).not.toContain(SECRET);
  });

  it("a running job's exceptions quoting the secret are masked on the way to the page", async () => {
    const job = await createJob(admin, team, {
      name: unique("jdbc"),
      type: "sql",
      sql: "CREATE TABLE src (id BIGINT) WITH ('connector' = 'datagen');\nCREATE TABLE snk (id BIGINT) WITH ('connector' = 'blackhole', 'password' = '${db.password}');\nINSERT INTO snk SELECT id FROM src;",
      settings: { mode: "remote", cluster, restart: { maxAttempts: 0, windowMinutes: 30 } },
    });
    const op = await requestAction(admin, team, job.id, "start", {});
    await runOperation(op.id, { attempts: 1, maxAttempts: 1 });
    const started = (await findOperationById(op.id))!;
    expect(started.status, `${started.message}\n${started.log}`).toBe("succeeded");
    const { flinkJobId } = started.result as { flinkJobId: string };
    const fail = await fetch(`${env.sim.url}/_sim/jobmanagers/${env.info.sqlGateway.jobmanager}/jobs/${flinkJobId}/fail`, {
      method: "POST",
      body: JSON.stringify({ exception: `java.sql.SQLException: Access denied for user 'etl' (using password: ${SECRET})` }),
    });
    expect(fail.status).toBe(200);
    const viewer = (await makeMember(team, "viewer")).principal;
    let ex = await readExceptions(viewer, team, job.id);
    for (let i = 0; i < 50 && !ex.rootCause; i++) {
      await new Promise((r) => setTimeout(r, 100));
      ex = await readExceptions(viewer, team, job.id);
    }
    expect(ex.rootCause?.message).toContain(`using password: ${SECRET_MASK}`);
    expect(JSON.stringify(ex)).not.toContain(SECRET);
  });
});
