/** The generated FLINK_HOMEs: a real flink-dist jar, configuration, and the simulated CLI tools. */
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import yauzl from "yauzl";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FlinkSim } from "../index";
import { get, simulator, until } from "./support";

let sim: FlinkSim;
let home2: string;
let home1: string;

beforeAll(async () => {
  sim = await simulator();
  const desc = sim.world.describe() as { flinkHome: string; flinkHomes: Record<string, string> };
  home2 = desc.flinkHome;
  home1 = desc.flinkHomes["1.20.1"]!;
});
afterAll(() => sim.close());

type Run = { code: number; stdout: string; stderr: string };

function run(home: string, tool: string, args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(path.join(home, "bin", tool), args, { cwd: home, env: { ...process.env, USER: "tester", HADOOP_USER_NAME: "tester" } }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

const LOG4J = (logger: string, message: string) => new RegExp(`^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3} INFO  ${logger.replace(/\./g, "\\.")} +\\[\\] - ${message}$`, "m");

function zipEntries(file: string): Promise<Map<string, string>> {
  return new Promise((resolve, reject) => {
    const out = new Map<string, string>();
    yauzl.open(file, { lazyEntries: true }, (err, zip) => {
      if (err) return reject(err);
      zip.on("end", () => resolve(out));
      zip.on("entry", (entry: yauzl.Entry) =>
        zip.openReadStream(entry, (e, stream) => {
          if (e) return reject(e);
          const chunks: Buffer[] = [];
          stream.on("data", (c: Buffer) => chunks.push(c));
          stream.on("end", () => {
            out.set(entry.fileName, Buffer.concat(chunks).toString("utf8"));
            zip.readEntry();
          });
        }),
      );
      zip.readEntry();
    });
  });
}

const example = (home: string) => path.join(home, "examples/streaming/TopSpeedWindowing.jar");

describe("generated FLINK_HOMEs", () => {
  it.each([
    ["2.1.0", () => home2, "config.yaml"],
    ["1.20.1", () => home1, "flink-conf.yaml"],
  ])("%s has a real flink-dist jar, its configuration and executable tools", async (version, home, confFile) => {
    const entries = await zipEntries(path.join(home(), "lib", `flink-dist-${version}.jar`));
    expect(entries.get("META-INF/MANIFEST.MF")).toContain(`Implementation-Version: ${version}`);
    expect(entries.get(".flink-runtime.version.properties")).toMatch(new RegExp(`^project\\.version=${version.replace(/\./g, "\\.")}$`, "m"));
    expect(entries.get(".flink-runtime.version.properties")).toMatch(/^git\.commit\.id\.abbrev=[0-9a-f]{7}$/m);
    const conf = fs.readFileSync(path.join(home(), "conf", confFile), "utf8");
    expect(conf).toMatch(/taskmanager|numberOfTaskSlots/);
    expect(fs.existsSync(path.join(home(), "conf", version.startsWith("2") ? "flink-conf.yaml" : "config.yaml"))).toBe(false);
    for (const tool of ["flink", "yarn-session.sh", "kubernetes-session.sh"]) {
      const file = path.join(home(), "bin", tool);
      expect(fs.statSync(file).mode & 0o111).not.toBe(0);
      expect(fs.readFileSync(file, "utf8")).toContain(sim.url);
    }
  });

  it("flink --version reads the jar, like EnvironmentInformation", async () => {
    expect((await run(home2, "flink", ["--version"])).stdout).toBe("Version: 2.1.0, Commit ID: 4cb6bd3\n");
    expect((await run(home1, "flink", ["-v"])).stdout).toBe("Version: 1.20.1, Commit ID: b2a6c7e\n");
  });
});

describe("YARN tools", () => {
  it("yarn-session.sh -d starts a session application and prints where it is", async () => {
    const r = await run(home2, "yarn-session.sh", ["-d", "-nm", "analytics", "-Dtaskmanager.numberOfTaskSlots=2"]);
    expect(r.code).toBe(0);
    const appId = /Submitted application (application_\d+_\d+)/.exec(r.stdout)![1]!;
    expect(r.stdout).toMatch(LOG4J("org.apache.hadoop.yarn.client.api.impl.YarnClientImpl", `Submitted application ${appId}`));
    const web = /^JobManager Web Interface: (http:\/\/127\.0\.0\.1:\d+)$/m.exec(r.stdout)![1]!;
    expect(r.stdout).toContain(`The Flink YARN session cluster has been started in detached mode. In order to stop Flink gracefully, use the following command:\n$ echo "stop" | ./bin/yarn-session.sh -id ${appId}`);
    expect(r.stdout).toContain(`$ yarn application -kill ${appId}`);
    const app = (await get(`${sim.url}/yarn/ws/v1/cluster/apps/${appId}`)).body.app;
    expect(app).toMatchObject({ name: "analytics", state: "RUNNING", user: "tester", amRPCAddress: web.replace("http://", "") });
    expect((await get(`${web}/overview`)).status).toBe(200);

    // Submitting into the session, by id and through the properties file yarn-session.sh wrote.
    const byId = await run(home2, "flink", ["run", "-d", "-t", "yarn-session", `-Dyarn.application.id=${appId}`, example(home2)]);
    expect(byId.stdout).toMatch(LOG4J("org.apache.flink.yarn.YarnClusterDescriptor", `Found Web Interface ${app.amRPCAddress} of application '${appId}'\\.`));
    const jobId = /^Job has been submitted with JobID ([0-9a-f]{32})$/m.exec(byId.stdout)![1]!;
    expect((await get(`${web}/jobs/${jobId}`)).body.name).toBe("CarTopSpeedWindowingExample");
    const byFile = await run(home2, "flink", ["run", "-d", "-t", "yarn-session", example(home2)]);
    expect(byFile.stdout).toMatch(/^Job has been submitted with JobID [0-9a-f]{32}$/m);
  });

  it("flink run -t yarn-application deploys an application cluster and does not print a job id", async () => {
    const fixed = "abcdef0123456789abcdef0123456789";
    const r = await run(home2, "flink", ["run", "-t", "yarn-application", "-d", "-Dyarn.application.name=nightly-etl", `-D$internal.pipeline.job-id=${fixed}`, "-Dyarn.application.queue=etl", example(home2), "--speed", "fast"]);
    expect(r.code).toBe(0);
    const appId = /Submitted application (application_\d+_\d{4})/.exec(r.stdout)![1]!;
    for (const line of ["Submitting application master", "Waiting for the cluster to be allocated", "Deploying cluster, current state (SUBMITTED|ACCEPTED)", "YARN application has been deployed successfully\\."]) {
      expect(r.stdout).toMatch(LOG4J("org.apache.flink.yarn.YarnClusterDescriptor", `${line}.*`));
    }
    const web = new RegExp(`Found Web Interface (127\\.0\\.0\\.1:\\d+) of application '${appId}'\\.$`, "m").exec(r.stdout)![1]!;
    expect(r.stdout).not.toContain("Job has been submitted");
    const app = (await get(`${sim.url}/yarn/ws/v1/cluster/apps/${appId}`)).body.app;
    expect(app).toMatchObject({ name: "nightly-etl", queue: "etl", applicationType: "Apache Flink" });
    const jobs = (await get(`http://${web}/jobs/overview`)).body.jobs;
    expect(jobs).toHaveLength(1);
    expect(jobs[0].jid).toBe(fixed);
  });

  it("per-job mode exists in 1.x only; 1.x runs applications with run-application", async () => {
    const legacy = await run(home1, "flink", ["run", "-t", "yarn-per-job", "--detached", example(home1)]);
    expect(legacy.code).toBe(0);
    expect(legacy.stdout).toMatch(/^Job has been submitted with JobID [0-9a-f]{32}$/m);
    const modern = await run(home2, "flink", ["run", "-t", "yarn-per-job", "--detached", example(home2)]);
    expect(modern.code).toBe(1);
    expect(modern.stderr).toContain("The program finished with the following exception:");
    expect(modern.stderr).toContain("No ExecutorFactory found to execute the application.");

    expect((await run(home1, "flink", ["run-application", "-t", "yarn-application", example(home1)])).stdout).toMatch(/Found Web Interface/);
    const removed = await run(home2, "flink", ["run-application", "-t", "yarn-application", example(home2)]);
    expect(removed.code).toBe(1);
    expect(removed.stdout).toContain('"run-application" is not a valid action.');
  });
});

describe("Kubernetes tools", () => {
  it("kubernetes-session.sh creates a session cluster that flink run can submit to", async () => {
    const r = await run(home2, "kubernetes-session.sh", ["-Dkubernetes.cluster-id=cli-session", "-Dkubernetes.namespace=flink"]);
    expect(r.code).toBe(0);
    const web = new RegExp(`Create flink session cluster cli-session successfully, JobManager Web Interface: (http://127\\.0\\.0\\.1:\\d+)$`, "m").exec(r.stdout)![1]!;
    expect(r.stdout).toMatch(LOG4J("org.apache.flink.kubernetes.KubernetesClusterDescriptor", "Create flink session cluster .*"));
    const submitted = await run(home2, "flink", ["run", "-d", "--target", "kubernetes-session", "-Dkubernetes.cluster-id=cli-session", "-Dkubernetes.namespace=flink", example(home2)]);
    const jobId = /^Job has been submitted with JobID ([0-9a-f]{32})$/m.exec(submitted.stdout)![1]!;
    expect((await get(`${web}/jobs/${jobId}/status`)).status).toBe(200);
    expect((await get(`${sim.url}/k8s-ingress/flink/cli-session/jobs/${jobId}/status`)).status).toBe(200);
    const again = await run(home2, "kubernetes-session.sh", ["-Dkubernetes.cluster-id=cli-session", "-Dkubernetes.namespace=flink"]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("The Flink cluster cli-session already exists.");
  });

  it("flink run --target kubernetes-application deploys an application cluster from a local:// jar", async () => {
    const r = await run(home2, "flink", ["run", "--target", "kubernetes-application", "-Dkubernetes.cluster-id=cli-app", "-Dkubernetes.container.image.ref=flink:2.1", "local:///opt/flink/examples/streaming/StateMachineExample.jar"]);
    expect(r.code).toBe(0);
    const web = /Create flink application cluster cli-app successfully, JobManager Web Interface: (http:\/\/127\.0\.0\.1:\d+)$/m.exec(r.stdout)![1]!;
    const jobs = await until(async () => (await get(`${web}/jobs/overview`)).body.jobs, (js) => js.length === 1);
    expect(jobs[0].name).toBe("State machine job");
    const notLocal = await run(home2, "flink", ["run", "--target", "kubernetes-application", "-Dkubernetes.cluster-id=x", example(home2)]);
    expect(notLocal.stderr).toContain('Only "local" is supported as schema for application mode.');
  });
});

describe("job commands", () => {
  it("run -m, list, stop with a savepoint, and cancel", async () => {
    const jm = sim.world.jobmanagers.get("standalone-1")!;
    const submitted = await run(home2, "flink", ["run", "-d", "-m", jm.restAddress, "-p", "2", example(home2)]);
    const jobId = /^Job has been submitted with JobID ([0-9a-f]{32})$/m.exec(submitted.stdout)![1]!;
    await until(() => get(`${jm.url}/jobs/${jobId}`), (r) => r.body.vertices.every((v: { status: string }) => v.status === "RUNNING"));
    const list = await run(home2, "flink", ["list"]); // rest.address/rest.port of the conf point at standalone-1
    expect(list.stdout).toMatch(new RegExp(`^\\d\\d\\.\\d\\d\\.\\d{4} \\d\\d:\\d\\d:\\d\\d : ${jobId} : CarTopSpeedWindowingExample \\(RUNNING\\)$`, "m"));
    expect(list.stdout).toContain("------------------ Running/Restarting Jobs -------------------");

    const stop = await run(home2, "flink", ["stop", "--savepointPath", "/savepoints", "--drain", jobId]);
    expect(stop.code).toBe(0);
    expect(stop.stdout).toContain(`Draining job "${jobId}" with a CANONICAL savepoint.`);
    expect(stop.stdout).toContain("Waiting for response...");
    expect(stop.stdout).toMatch(new RegExp(`^Savepoint completed\\. Path: /savepoints/savepoint-${jobId.slice(0, 6)}-[0-9a-f]{12}$`, "m"));
    expect((await get(`${jm.url}/jobs/${jobId}/status`)).body.status).toBe("FINISHED");

    const other = /JobID ([0-9a-f]{32})/.exec((await run(home2, "flink", ["run", "-d", example(home2)])).stdout)![1]!;
    const cancel = await run(home2, "flink", ["cancel", other]);
    expect(cancel.stdout).toBe(`Cancelling job ${other}.\nCancelled job ${other}.\n`);
    const again = await run(home2, "flink", ["cancel", "-m", jm.restAddress, jobId]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`org.apache.flink.util.FlinkException: Could not cancel job ${jobId}.`);
  });

  it("rejects unknown options, actions and targets like Flink", async () => {
    const option = await run(home2, "flink", ["run", "--no-such-option", example(home2)]);
    expect(option).toMatchObject({ code: 1, stdout: "Unrecognized option: --no-such-option\n\nUse the help option (-h or --help) to get help on the command.\n" });
    const action = await run(home2, "flink", ["launch"]);
    expect(action.code).toBe(1);
    expect(action.stdout).toContain('"launch" is not a valid action.');
    const target = await run(home2, "flink", ["run", "-t", "mesos", example(home2)]);
    expect(target.code).toBe(1);
    expect(target.stderr).toContain("No ExecutorFactory found to execute the application.");
    const missing = await run(home2, "flink", ["run", "-d", "/no/such.jar"]);
    expect(missing.stderr).toContain("java.io.FileNotFoundException: JAR file does not exist: /no/such.jar");
  });
});
