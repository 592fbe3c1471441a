/**
 * The CLI runner (lib/flink/cli.ts, cli-output.ts) against the simulator's generated FLINK_HOMEs
 * for Flink 1.20.1 and 2.1.0 (GET /_sim `flinkHomes`), whose bin/flink, bin/yarn-session.sh and
 * bin/kubernetes-session.sh talk to the simulator. Each test runs the real tools as a user would
 * and checks what the caller parses from their output (flink-apis.md §3).
 */
import { chmod, mkdir, mkdtemp, rm, stat, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as cli from "@/lib/flink/cli";
import { FlinkCliError } from "@/lib/flink/errors";
import { JobManagerClient } from "@/lib/flink/jobmanager";
import { YarnClient } from "@/lib/flink/yarn";
import { describeWorld, failure, flinkId, until, untilState, useFlinkSim, type SimWorld } from "./sim";

const sim = useFlinkSim();
const VERSIONS = [
  { version: "1.20.1", defaultJobManager: "legacy-1" },
  { version: "2.1.0", defaultJobManager: "standalone-1" },
] as const;

let world: SimWorld;
beforeAll(async () => {
  world = await describeWorld(sim());
});

const yarn = () => new YarnClient({ rmUrl: `${sim().url}/yarn`, user: "eddy", retryDelayMs: 10 });
const jobManagerAt = (url: string) => new JobManagerClient({ baseUrl: url, retryDelayMs: 10 });
const example = (home: string, jar: string) => path.join(home, "examples", "streaming", jar);

/** Waits until `jobId` runs on the JobManager at `url`. */
const untilRunning = (url: string, jobId: string) => untilState(() => jobManagerAt(url).jobStatus(jobId), "RUNNING", `job ${jobId}`);

describe.each(VERSIONS)("Flink $version", ({ version, defaultJobManager }) => {
  const home = () => world.flinkHomes[version];
  const defaultJm = () => world.jobmanagers.find((j) => j.name === defaultJobManager)!;
  const tag = version.replace(/\./g, "-");

  it("reads the version from the flink-dist jar", async () => {
    const out = await cli.version(home());
    expect(out.version).toBe(version);
    expect(out.commit).toMatch(/^[0-9a-f]{7}$/);
  });

  it("submits to, stops and cancels on a remote JobManager", async () => {
    const remote = { flinkHome: home(), target: "remote" as const, jobManagerUrl: `http://${defaultJm().restAddress}` };
    const { jobId } = await cli.runInSession({ ...remote, jar: example(home(), "TopSpeedWindowing.jar"), parallelism: 2, args: ["--output", "/tmp/out put"] });
    expect(jobId).toMatch(/^[0-9a-f]{32}$/);
    const jm = jobManagerAt(defaultJm().url);
    await untilRunning(defaultJm().url, jobId!);
    expect(await jm.job(jobId!)).toMatchObject({ name: "CarTopSpeedWindowingExample" });
    await until(() => jm.job(jobId!), (j) => (j.vertices ?? []).every((v) => v.status === "RUNNING"), { what: "the job's tasks running" });

    const stopped = await cli.stop({ ...remote, jobId: jobId!, savepointPath: "file:///tmp/eddy-cli-savepoints" });
    expect(stopped.savepointPath).toMatch(new RegExp(`^file:///tmp/eddy-cli-savepoints/savepoint-${jobId!.slice(0, 6)}-[0-9a-f]{12}$`));
    expect(await jm.jobStatus(jobId!)).toBe("FINISHED");

    const second = (await cli.runInSession({ ...remote, jar: example(home(), "StateMachineExample.jar") })).jobId!;
    await untilRunning(defaultJm().url, second);
    const cancelled = await cli.cancel({ ...remote, jobId: second });
    expect(cancelled.cancelledJobId).toBe(second);
    await untilState(() => jm.jobStatus(second), "CANCELED", "the cancelled job");
  });

  it("starts a YARN session and runs a job in it", async () => {
    const session = await cli.startYarnSession({ flinkHome: home(), name: `eddy-session-${tag}`, queue: "etl", env: { HADOOP_USER_NAME: "eddy" } });
    expect(session.applicationId).toMatch(/^application_\d+_\d{4}$/);
    const app = await yarn().getApp(session.applicationId!);
    expect(app).toMatchObject({ state: "RUNNING", name: `eddy-session-${tag}`, queue: "etl", user: "eddy", applicationType: "Apache Flink" });
    expect(session.webInterfaceUrl).toBe(`http://${app.amRPCAddress}`);
    expect(session.jobId).toBeNull();

    const { jobId } = await cli.runInSession({ flinkHome: home(), target: "yarn-session", applicationId: session.applicationId!, jar: example(home(), "StateMachineExample.jar") });
    expect(jobId).toMatch(/^[0-9a-f]{32}$/);
    const jm = yarn().jobManagerFor(session.applicationId!);
    await untilState(() => jm.jobStatus(jobId!), "RUNNING", "the job in the YARN session");
    expect((await jm.config())["flink-version"]).toBe(version);

    const cancelled = await cli.cancel({ flinkHome: home(), target: "yarn-session", applicationId: session.applicationId!, jobId: jobId! });
    expect(cancelled.cancelledJobId).toBe(jobId);
    await yarn().kill(session.applicationId!, { pollMs: 20, timeoutMs: 10_000 });
  });

  it("runs a YARN application with a fixed job id (2.x `run -t`, 1.x `run-application`)", async () => {
    const jobId = flinkId();
    const out = await cli.runApplication({
      flinkHome: home(),
      target: "yarn-application",
      jar: example(home(), "StateMachineExample.jar"),
      jobId,
      dynamicProperties: { "yarn.application.name": `eddy-app-${tag}` },
    });
    expect(out.jobId).toBe(jobId);
    expect(out.applicationId).toMatch(/^application_\d+_\d{4}$/);
    expect(out.webInterfaceUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const app = await yarn().getApp(out.applicationId!);
    expect(app).toMatchObject({ state: "RUNNING", name: `eddy-app-${tag}` });
    const jm = yarn().jobManagerFor(out.applicationId!);
    await untilState(() => jm.jobStatus(jobId), "RUNNING", "the application's job");
    expect((await jm.jobsOverview()).map((j) => j.jid)).toEqual([jobId]);
    await yarn().kill(out.applicationId!, { pollMs: 20, timeoutMs: 10_000 });
  });

  it("starts a Kubernetes session, submits to it, and runs a Kubernetes application", async () => {
    const clusterId = `eddy-k8s-${tag}`;
    const session = await cli.startKubernetesSession({ flinkHome: home(), clusterId, namespace: "flink" });
    expect(session.clusterId).toBe(clusterId);
    expect(session.webInterfaceUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await jobManagerAt(session.webInterfaceUrl!).config())["flink-version"]).toBe(version);

    const { jobId } = await cli.runInSession({ flinkHome: home(), target: "kubernetes-session", clusterId, namespace: "flink", jar: example(home(), "TopSpeedWindowing.jar") });
    await untilRunning(session.webInterfaceUrl!, jobId!);

    const appJob = flinkId();
    const app = await cli.runApplication({
      flinkHome: home(),
      target: "kubernetes-application",
      clusterId: `eddy-k8s-app-${tag}`,
      jar: "local:///opt/flink/examples/streaming/StateMachineExample.jar",
      jobId: appJob,
      dynamicProperties: { "kubernetes.container.image.ref": `flink:${version}` },
    });
    expect(app).toMatchObject({ clusterId: `eddy-k8s-app-${tag}`, jobId: appJob, applicationId: null });
    await untilRunning(app.webInterfaceUrl!, appJob);
    expect((await jobManagerAt(app.webInterfaceUrl!).job(appJob)).name).toBe("State machine job");
  });

  it("fails with the tool's last meaningful line as a FlinkCliError", async () => {
    const missing = "application_1_9999";
    const e = await failure(cli.runInSession({ flinkHome: home(), target: "yarn-session", applicationId: missing, jar: example(home(), "WordCount.jar") }));
    expect(e).toBeInstanceOf(FlinkCliError);
    expect(e).toMatchObject({ tool: "bin/flink run", exitCode: 1, message: `Application with id '${missing}' doesn't exist in RM.` });
    expect((e as FlinkCliError).output).toContain("The program finished with the following exception:");

    const noJar = await failure(cli.runInSession({ flinkHome: home(), target: "remote", jobManagerUrl: `http://${defaultJm().restAddress}`, jar: path.join(home(), "no-such.jar") }));
    expect(noJar).toMatchObject({ message: expect.stringContaining("JAR file does not exist") });
  });
});

describe("per-job mode", () => {
  it("runs on Flink 1.20: a new YARN application with the job", async () => {
    const home = world.flinkHomes["1.20.1"];
    const out = await cli.runPerJob({ flinkHome: home, jar: example(home, "StateMachineExample.jar"), dynamicProperties: { "yarn.application.name": "eddy-per-job" } });
    expect(out.applicationId).toMatch(/^application_\d+_\d{4}$/);
    expect(out.jobId).toMatch(/^[0-9a-f]{32}$/);
    await untilState(() => yarn().jobManagerFor(out.applicationId!).jobStatus(out.jobId!), "RUNNING", "the per-job cluster's job");
    await yarn().kill(out.applicationId!, { pollMs: 20, timeoutMs: 10_000 });
  });
});

describe("refusals before any process starts", () => {
  /**
   * A FLINK_HOME whose lib/ and conf/ are the generated 2.1.0 home's, but whose bin/ tools only
   * record that they ran: anything refused must leave no record.
   */
  let spyHome: string;
  const ran = () => stat(path.join(spyHome, "ran")).then(() => true, () => false);

  beforeAll(async () => {
    spyHome = await mkdtemp(path.join(os.tmpdir(), "eddy-spy-flink-home-"));
    const source = world.flinkHomes["2.1.0"];
    await symlink(path.join(source, "lib"), path.join(spyHome, "lib"));
    await symlink(path.join(source, "conf"), path.join(spyHome, "conf"));
    await mkdir(path.join(spyHome, "bin"));
    for (const tool of ["flink", "yarn-session.sh", "kubernetes-session.sh"]) {
      const file = path.join(spyHome, "bin", tool);
      await writeFile(file, `#!/usr/bin/env bash\ntouch '${path.join(spyHome, "ran")}'\nexit 1\n`);
      await chmod(file, 0o755);
    }
  });
  afterAll(async () => {
    if (spyHome) await rm(spyHome, { recursive: true, force: true });
  });

  it("the spy home records a run", async () => {
    await expect(cli.version(spyHome)).rejects.toBeInstanceOf(FlinkCliError);
    expect(await ran()).toBe(true);
    await rm(path.join(spyHome, "ran"));
  });

  it("refuses per-job mode on Flink 2.x with the 2.0-removed message", async () => {
    const e = await failure(cli.runPerJob({ flinkHome: spyHome, jar: "/tmp/job.jar" }));
    expect(e).not.toBeInstanceOf(FlinkCliError);
    expect(e).toMatchObject({ code: "invalid_input", message: "Flink 2.0 removed per-job mode (yarn-per-job); run the job in application mode instead." });
    // The real 2.1.0 home is refused the same way, from its flink-dist version.
    await expect(cli.runPerJob({ flinkHome: world.flinkHomes["2.1.0"], jar: "/tmp/job.jar" })).rejects.toThrow("Flink 2.0 removed per-job mode");
    expect(await ran()).toBe(false);
  });

  it("refuses dynamic-property values with line breaks", async () => {
    const attempts = [
      cli.startYarnSession({ flinkHome: spyHome, dynamicProperties: { "yarn.application.name": "etl\n-Dsecurity.evil=true" } }),
      cli.startKubernetesSession({ flinkHome: spyHome, clusterId: "ok", dynamicProperties: { "kubernetes.namespace": "a\r\nb" } }),
      cli.runInSession({ flinkHome: spyHome, target: "remote", jobManagerUrl: "http://127.0.0.1:8081", jar: "/tmp/job.jar", dynamicProperties: { "pipeline.name": "two\nlines" } }),
      cli.runApplication({ flinkHome: spyHome, flinkVersion: "2.1.0", target: "yarn-application", jar: "/tmp/job.jar", dynamicProperties: { "x.y": "a\nb" } }),
    ];
    for (const attempt of attempts) {
      const e = await failure(attempt);
      expect(e).toMatchObject({ code: "invalid_input", message: expect.stringMatching(/cannot contain line breaks/) });
    }
    expect(await failure(cli.runInSession({ flinkHome: spyHome, target: "remote", jobManagerUrl: "http://127.0.0.1:8081", jar: "/tmp/job.jar", dynamicProperties: { "bad key": "v" } }))).toMatchObject({ code: "invalid_input" });
    expect(await ran()).toBe(false);
  });
});
