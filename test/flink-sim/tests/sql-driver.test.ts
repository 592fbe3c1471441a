/**
 * Flink's SQL Driver (org.apache.flink.table.runtime.application.SqlDriver, Flink 2.0+) in the
 * simulator: application clusters on YARN (the CLI, script shipped with yarn.ship-files) and on
 * Kubernetes (a FlinkDeployment, script as an argument) compile the script like the SQL Gateway and
 * fail the job with the compile error; the gateway honours a fixed job id and a savepoint to restore.
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FlinkSim } from "../index";
import { awaitJobState, get, post, simulator, until } from "./support";

let sim: FlinkSim;
let home2: string;
let home1: string;
let tmp: string;

const SQL_DRIVER = "org.apache.flink.table.runtime.application.SqlDriver";
const SCRIPT = [
  "CREATE TABLE src (id BIGINT) WITH ('connector' = 'datagen');",
  "CREATE TABLE snk (id BIGINT) WITH ('connector' = 'blackhole');",
  "SET 'pipeline.name' = 'driven';",
  "INSERT INTO snk SELECT id FROM src;",
].join("\n");
const JOB_ID = "0123456789abcdef0123456789abcdef";

beforeAll(async () => {
  sim = await simulator();
  const desc = sim.world.describe() as { flinkHome: string; flinkHomes: Record<string, string> };
  home2 = desc.flinkHome;
  home1 = desc.flinkHomes["1.20.1"]!;
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "sql-driver-"));
});
afterAll(async () => {
  await sim.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

function flink(home: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(path.join(home, "bin", "flink"), args, { cwd: tmp, env: { ...process.env, HADOOP_USER_NAME: "tester" } }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

type App = { id: string; name: string; state: string; finalStatus: string; amRPCAddress?: string };
async function yarnApp(name: string): Promise<App | undefined> {
  const r = await get(`${sim.url}/yarn/ws/v1/cluster/apps`);
  return (r.body.apps?.app as App[] | undefined)?.find((a) => a.name === name);
}

describe("the generated FLINK_HOMEs", () => {
  it("ship the SQL Gateway jar in opt/ and, from 2.0, the SQL Driver in lib/", () => {
    expect(fs.existsSync(path.join(home2, "opt", "flink-sql-gateway-2.1.0.jar"))).toBe(true);
    expect(fs.existsSync(path.join(home1, "opt", "flink-sql-gateway-1.20.1.jar"))).toBe(true);
    expect(fs.existsSync(path.join(home2, "lib", "flink-table-runtime-2.1.0.jar"))).toBe(true);
    expect(fs.existsSync(path.join(home1, "lib", "flink-table-runtime-1.20.1.jar"))).toBe(false);
  });
});

describe("YARN application mode", () => {
  it("runs a shipped script with the fixed job id, restoring from the savepoint given", async () => {
    const script = path.join(tmp, "job.sql");
    fs.writeFileSync(script, SCRIPT);
    const r = await flink(home2, [
      "run", "-t", "yarn-application", "-d",
      "-Dyarn.application.name=sql-app", `-Dyarn.ship-files=${script}`, `-D$internal.pipeline.job-id=${JOB_ID}`,
      "-s", "file:///tmp/sp/savepoint-012345-abcdef",
      "-c", SQL_DRIVER, path.join(home2, "opt", "flink-sql-gateway-2.1.0.jar"), "--scriptPath", "job.sql",
    ]);
    expect(r.code, r.stderr).toBe(0);
    const app = await until(() => yarnApp("sql-app"), (a) => a?.state === "RUNNING");
    const job = await until(() => get(`${sim.url}/yarn/proxy/${app!.id}/jobs/${JOB_ID}`), (x) => x.body.state === "RUNNING");
    expect(job.body.name).toBe("driven");
    const checkpoints = await get(`${sim.url}/yarn/proxy/${app!.id}/jobs/${JOB_ID}/checkpoints`);
    expect(checkpoints.body.latest.restored.external_path).toBe("file:///tmp/sp/savepoint-012345-abcdef");
  });

  it("fails the application's job with the script's compile error", async () => {
    const script = path.join(tmp, "bad.sql");
    fs.writeFileSync(script, "CREATE TABLE snk (id BIGINT) WITH ('connector' = 'blackhole');\nINSERT INTO snk SELECT id FROM nowhere;\n");
    const id = "1123456789abcdef0123456789abcdef";
    const r = await flink(home2, ["run", "-t", "yarn-application", "-d", "-Dyarn.application.name=bad-app", `-Dyarn.ship-files=${script}`, `-D$internal.pipeline.job-id=${id}`, "-c", SQL_DRIVER, path.join(home2, "opt", "flink-sql-gateway-2.1.0.jar"), "--scriptPath", "bad.sql"]);
    // The client returns once YARN runs the application; one that fails faster than the client polls is reported by it, as Flink's does.
    if (r.code !== 0) expect(r.stderr).toMatch(/The YARN application unexpectedly switched to state FINISHED during deployment/);
    const app = await until(() => yarnApp("bad-app"), (a) => a?.state === "FINISHED");
    expect(app!.finalStatus).toBe("FAILED");
  });

  it("1.x has no SQL Driver: per-job mode fails in the client", async () => {
    const script = path.join(tmp, "job1.sql");
    fs.writeFileSync(script, SCRIPT);
    const r = await flink(home1, ["run", "-t", "yarn-per-job", "-d", "-Dyarn.application.name=old", "-c", SQL_DRIVER, path.join(home1, "opt", "flink-sql-gateway-1.20.1.jar"), "--scriptPath", script]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/ClassNotFoundException: org\.apache\.flink\.table\.runtime\.application\.SqlDriver/);
  });
});

describe("the Kubernetes operator", () => {
  const deployment = (name: string, job: Record<string, unknown>, conf: Record<string, string> = {}) => ({
    apiVersion: "flink.apache.org/v1beta1",
    kind: "FlinkDeployment",
    metadata: { name, namespace: "flink" },
    spec: { image: "flink:2.1", flinkVersion: "v2_1", flinkConfiguration: conf, jobManager: { resource: { cpu: 1, memory: "1600m" } }, taskManager: { resource: { cpu: 1, memory: "1728m" } }, job: { upgradeMode: "savepoint", state: "running", ...job } },
  });
  const status = async (name: string) => (await get(`${sim.url}/k8s/apis/flink.apache.org/v1beta1/namespaces/flink/flinkdeployments/${name}`)).body.status ?? {};

  it("runs a script given as an argument with the job id the configuration fixes", async () => {
    const id = "2123456789abcdef0123456789abcdef";
    const created = await post(`${sim.url}/k8s/apis/flink.apache.org/v1beta1/namespaces/flink/flinkdeployments`, deployment("sql-dep", { jarURI: "local:///opt/flink/opt/flink-sql-gateway-2.1.0.jar", entryClass: SQL_DRIVER, args: ["--script", SCRIPT] }, { "$internal.pipeline.job-id": id }));
    expect(created.status).toBe(201);
    const s = await until(() => status("sql-dep"), (x) => x.lifecycleState === "STABLE");
    expect(s.jobStatus).toMatchObject({ jobId: id, jobName: "driven", state: "RUNNING" });
  });

  it("fails the job with the compile error of a bad script", async () => {
    await post(`${sim.url}/k8s/apis/flink.apache.org/v1beta1/namespaces/flink/flinkdeployments`, deployment("bad-sql", { jarURI: "local:///opt/flink/opt/flink-sql-gateway-2.1.0.jar", entryClass: SQL_DRIVER, args: ["--script", "INSERT INTO nowhere SELECT 1"] }));
    const s = await until(() => status("bad-sql"), (x) => x.lifecycleState === "FAILED");
    expect(s.jobStatus.state).toBe("FAILED");
    expect(JSON.parse(s.error).message).toMatch(/Failed to execute the statement/);
  });

  it("fetches an http jarURI, and fails the deployment when it cannot", async () => {
    const jar = fs.readFileSync(path.join(home2, "examples/streaming/StateMachineExample.jar"));
    const server = http.createServer((req, res) => {
      if (req.url === "/ok.jar") res.writeHead(200, { "content-type": "application/java-archive" }).end(jar);
      else res.writeHead(403).end("The signature is not valid.");
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      await post(`${sim.url}/k8s/apis/flink.apache.org/v1beta1/namespaces/flink/flinkdeployments`, deployment("http-jar", { jarURI: `${base}/ok.jar` }));
      const ok = await until(() => status("http-jar"), (x) => x.lifecycleState === "STABLE");
      expect(ok.jobStatus.jobName).toBe("State machine job");

      await post(`${sim.url}/k8s/apis/flink.apache.org/v1beta1/namespaces/flink/flinkdeployments`, deployment("http-403", { jarURI: `${base}/denied.jar` }));
      const failed = await until(() => status("http-403"), (x) => x.lifecycleState === "FAILED");
      expect(failed.jobManagerDeploymentStatus).toBe("ERROR");
      expect(JSON.parse(failed.error).message).toMatch(/HTTP response code: 403/);
    } finally {
      server.close();
    }
  });
});

describe("the SQL Gateway", () => {
  async function run(sh: string, statement: string) {
    const { body } = await post(`${sim.url}/sql-gateway/v4/sessions/${sh}/statements`, { statement });
    const handle = body.operationHandle as string;
    await until(() => get(`${sim.url}/sql-gateway/v4/sessions/${sh}/operations/${handle}/status`), (r) => r.body.status !== "RUNNING" && r.body.status !== "PENDING");
    const first = await get(`${sim.url}/sql-gateway/v4/sessions/${sh}/operations/${handle}/result/0?rowFormat=JSON`);
    return first;
  }

  it("submits with the fixed job id and savepoint of the session, and refuses the same id twice", async () => {
    const { body } = await post(`${sim.url}/sql-gateway/v4/sessions`, {});
    const sh = body.sessionHandle as string;
    const id = "3123456789abcdef0123456789abcdef";
    for (const s of SCRIPT.split(";\n").slice(0, 2)) await run(sh, s);
    await run(sh, `SET '$internal.pipeline.job-id' = '${id}'`);
    await run(sh, "SET 'execution.savepoint.path' = 'file:///tmp/sp/savepoint-3'");
    const insert = await run(sh, "INSERT INTO snk SELECT id FROM src");
    expect(insert.status).toBe(200);
    await awaitJobState(sim, "session-1", id, "RUNNING");
    const restored = await get(`${sim.url}/jm/session-1/jobs/${id}/checkpoints`);
    expect(restored.body.latest.restored.external_path).toBe("file:///tmp/sp/savepoint-3");

    const again = await run(sh, "INSERT INTO snk SELECT id FROM src");
    expect(again.status).toBe(500);
    expect(again.text).toMatch(/DuplicateJobSubmissionException: Job has already been submitted\./);
  });

  it("sends a session's jobs to the YARN session it names", async () => {
    const yarnSession = [...sim.world.yarn.apps.values()].find((a) => a.mode === "session")!;
    const { body } = await post(`${sim.url}/sql-gateway/v4/sessions`, { properties: { "execution.target": "yarn-session", "yarn.application.id": yarnSession.id } });
    const sh = body.sessionHandle as string;
    const id = "4123456789abcdef0123456789abcdef";
    for (const s of SCRIPT.split(";\n").slice(0, 2)) await run(sh, s);
    await run(sh, `SET '$internal.pipeline.job-id' = '${id}'`);
    await run(sh, "INSERT INTO snk SELECT id FROM src");
    await awaitJobState(sim, "yarn-session-1", id, "RUNNING");
  });
});
