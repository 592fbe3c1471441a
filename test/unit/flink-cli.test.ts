/** Building argv for the Flink tools, and running them without a shell (against a fake FLINK_HOME). */
import { chmod, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dynamicPropertyArgs, optionValue } from "@/lib/flink/cli-args";
import { cancel, runApplication, runInSession, runPerJob, startKubernetesSession, startYarnSession, stop, targetArgs, version } from "@/lib/flink/cli";
import { FlinkCliError } from "@/lib/flink/errors";

const JOB = "a1b2c3d4e5f60718293a4b5c6d7e8f90";

describe("dynamic properties", () => {
  it("turns each property into one -D argv item", () => {
    expect(dynamicPropertyArgs({ "yarn.application.name": "orders etl", "$internal.pipeline.job-id": JOB, "env.java.opts": "-Xmx1g -Dx=y" })).toEqual([
      "-Dyarn.application.name=orders etl",
      `-D$internal.pipeline.job-id=${JOB}`,
      "-Denv.java.opts=-Xmx1g -Dx=y",
    ]);
  });

  it("refuses a value that would start a new line", () => {
    expect(() => dynamicPropertyArgs({ foo: "bar\n-Dx" })).toThrow("The value of foo cannot contain line breaks or NUL characters.");
    expect(() => dynamicPropertyArgs({ foo: "bar\r" })).toThrow(/line breaks/);
    expect(() => dynamicPropertyArgs({ foo: "bar\0" })).toThrow(/NUL/);
  });

  it("refuses keys outside the safe pattern", () => {
    for (const key of ["a b", "a=b", "k;rm", "k\n", "k/../x", ""]) {
      expect(() => dynamicPropertyArgs({ [key]: "v" })).toThrow(/not a valid Flink configuration key/);
    }
  });

  it("refuses option values that look like options", () => {
    expect(() => optionValue("entry class", "--help")).toThrow('The entry class cannot start with "-".');
    expect(optionValue("jar path", "/jobs/etl.jar")).toBe("/jobs/etl.jar");
  });

  it("names the cluster of each target", () => {
    expect(targetArgs({ target: "yarn-application", applicationId: "application_1709623411205_0007" })).toEqual(["-t", "yarn-application", "-Dyarn.application.id=application_1709623411205_0007"]);
    expect(targetArgs({ target: "kubernetes-session", clusterId: "my-session", namespace: "flink" })).toEqual(["-t", "kubernetes-session", "-Dkubernetes.cluster-id=my-session", "-Dkubernetes.namespace=flink"]);
    expect(targetArgs({ target: "remote", jobManagerUrl: "http://jm.internal:8081/" })).toEqual(["-t", "remote", "-Drest.address=jm.internal", "-Drest.port=8081"]);
    expect(() => targetArgs({ target: "yarn-session", applicationId: "app; rm -rf /" })).toThrow(/not a YARN application id/);
  });
});

describe("running the tools", () => {
  let home: string;

  // A fake FLINK_HOME whose tools print their argv (one item per line) and what FAKE_OUTPUT says.
  const script = `#!/bin/sh
for a in "$@"; do printf 'ARG:%s\\n' "$a"; done
case "$FAKE_MODE" in
  fail)
    echo "------------------------------------------------------------" >&2
    echo " The program finished with the following exception:" >&2
    echo "" >&2
    echo "org.apache.flink.client.program.ProgramInvocationException: The main method caused an error: boom" >&2
    printf '\\tat org.apache.flink.client.program.PackagedProgram.callMainMethod(PackagedProgram.java:372)\\n' >&2
    echo "Caused by: java.lang.IllegalStateException: No ExecutorFactory found to execute the application." >&2
    printf '\\t... 8 more\\n' >&2
    exit 1 ;;
  hang) exec sleep 30 ;;
esac
printf '%s\\n' "$FAKE_OUTPUT"
`;

  beforeAll(async () => {
    home = await mkdtemp(path.join(tmpdir(), "eddy-flink-home-"));
    await mkdir(path.join(home, "bin"));
    for (const tool of ["flink", "yarn-session.sh", "kubernetes-session.sh"]) {
      await writeFile(path.join(home, "bin", tool), script);
      await chmod(path.join(home, "bin", tool), 0o755);
    }
  });
  afterAll(async () => {
    await rm(home, { recursive: true, force: true });
  });

  const argv = (stdout: string): string[] => stdout.split("\n").filter((l) => l.startsWith("ARG:")).map((l) => l.slice(4));

  it("passes hostile-looking values as single argv items, untouched by any shell", async () => {
    const out = await runInSession({
      flinkHome: home,
      target: "yarn-session",
      applicationId: "application_1709623411205_0007",
      jar: "/jobs/etl.jar",
      args: ["--sql", "SELECT 1; $(touch /tmp/pwned) `id` && echo hi", "two words"],
      entryClass: "com.example.Etl",
      dynamicProperties: { "pipeline.name": "a'b\"c $HOME" },
      env: { FAKE_OUTPUT: `Job has been submitted with JobID ${JOB}` },
    });
    expect(argv(out.stdout)).toEqual([
      "run",
      "-t",
      "yarn-session",
      "-Dyarn.application.id=application_1709623411205_0007",
      "-Dpipeline.name=a'b\"c $HOME",
      "-d",
      "-c",
      "com.example.Etl",
      "/jobs/etl.jar",
      "--sql",
      "SELECT 1; $(touch /tmp/pwned) `id` && echo hi",
      "two words",
    ]);
    expect(out.jobId).toBe(JOB);
  });

  it("uses run-application on 1.x and run on 2.x, fixing the job id in advance", async () => {
    const env = { FAKE_OUTPUT: "2024-03-05 07:56:22,815 INFO  org.apache.hadoop.yarn.client.api.impl.YarnClientImpl [] - Submitted application application_1709623411205_0008" };
    const one = await runApplication({ flinkHome: home, flinkVersion: "1.20.1", target: "yarn-application", jar: "/jobs/etl.jar", jobId: JOB, dynamicProperties: { "yarn.application.name": "etl" }, env });
    expect(argv(one.stdout).slice(0, 6)).toEqual(["run-application", "-t", "yarn-application", "-Dyarn.application.name=etl", `-D$internal.pipeline.job-id=${JOB}`, "-d"]);
    expect(one).toMatchObject({ applicationId: "application_1709623411205_0008", jobId: JOB });
    const two = await runApplication({ flinkHome: home, flinkVersion: "2.1.0", target: "kubernetes-application", clusterId: "etl", jar: "local:///opt/flink/usrlib/etl.jar", env: { FAKE_OUTPUT: "Create flink application cluster etl successfully, JobManager Web Interface: http://etl-rest.flink:8081" } });
    expect(argv(two.stdout).slice(0, 4)).toEqual(["run", "-t", "kubernetes-application", "-Dkubernetes.cluster-id=etl"]);
    expect(two).toMatchObject({ clusterId: "etl", webInterfaceUrl: "http://etl-rest.flink:8081", jobId: null });
  });

  it("refuses per-job mode on Flink 2.x and runs it on 1.x", async () => {
    await expect(runPerJob({ flinkHome: home, flinkVersion: "2.0.0", jar: "/jobs/etl.jar" })).rejects.toThrow("Flink 2.0 removed per-job mode (yarn-per-job); run the job in application mode instead.");
    const out = await runPerJob({ flinkHome: home, flinkVersion: "1.17.2", jar: "/jobs/etl.jar", detached: true, env: { FAKE_OUTPUT: `Job has been submitted with JobID ${JOB}` } });
    expect(argv(out.stdout)).toEqual(["run", "-t", "yarn-per-job", "-d", "/jobs/etl.jar"]);
    expect(out.jobId).toBe(JOB);
  });

  it("starts sessions with the name and queue as properties", async () => {
    const yarn = await startYarnSession({ flinkHome: home, name: "-shared", queue: "etl", env: { FAKE_OUTPUT: "JobManager Web Interface: http://node7:36484\n$ yarn application -kill application_1709623411205_0009" } });
    expect(argv(yarn.stdout)).toEqual(["-d", "-Dyarn.application.name=-shared", "-Dyarn.application.queue=etl"]);
    expect(yarn).toMatchObject({ applicationId: "application_1709623411205_0009", webInterfaceUrl: "http://node7:36484" });
    const k8s = await startKubernetesSession({ flinkHome: home, clusterId: "my-session", namespace: "flink", env: { FAKE_OUTPUT: "Create flink session cluster my-session successfully, JobManager Web Interface: http://my-session-rest.flink:8081" } });
    expect(argv(k8s.stdout)).toEqual(["-Dkubernetes.cluster-id=my-session", "-Dkubernetes.namespace=flink"]);
    expect(k8s.clusterId).toBe("my-session");
  });

  it("stops with a savepoint and cancels", async () => {
    const stopped = await stop({ flinkHome: home, target: "yarn-application", applicationId: "application_1709623411205_0008", jobId: JOB, savepointPath: "hdfs:///sp", drain: true, env: { FAKE_OUTPUT: "Savepoint completed. Path: hdfs:///sp/savepoint-a1b2c3-1" } });
    expect(argv(stopped.stdout)).toEqual(["stop", "--savepointPath", "hdfs:///sp", "--drain", "-t", "yarn-application", "-Dyarn.application.id=application_1709623411205_0008", JOB]);
    expect(stopped.savepointPath).toBe("hdfs:///sp/savepoint-a1b2c3-1");
    const cancelled = await cancel({ flinkHome: home, target: "remote", jobManagerUrl: "http://jm:8081", jobId: JOB, env: { FAKE_OUTPUT: `Cancelled job ${JOB}.` } });
    expect(cancelled.cancelledJobId).toBe(JOB);
    await expect(cancel({ flinkHome: home, target: "remote", jobManagerUrl: "http://jm:8081", jobId: "not-a-job" })).rejects.toThrow(/32 hexadecimal/);
  });

  it("reads the version", async () => {
    expect(await version(home, { env: { FAKE_OUTPUT: "Version: 1.20.1, Commit ID: 2f5a2d5" } })).toMatchObject({ version: "1.20.1", commit: "2f5a2d5" });
  });

  it("throws the tool's last meaningful line when it fails", async () => {
    const e = (await runInSession({ flinkHome: home, target: "remote", jobManagerUrl: "http://jm:8081", jar: "/jobs/etl.jar", env: { FAKE_MODE: "fail" } }).catch((x: unknown) => x)) as FlinkCliError;
    expect(e).toBeInstanceOf(FlinkCliError);
    expect(e.message).toBe("No ExecutorFactory found to execute the application.");
    expect(e.exitCode).toBe(1);
    expect(e.tool).toBe("bin/flink run");
    expect(e.output).toContain("The program finished with the following exception");
  });

  it("stops a tool that runs too long", async () => {
    const started = Date.now();
    const e = await version(home, { timeoutMs: 300, env: { FAKE_MODE: "hang" } }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(FlinkCliError);
    expect((e as Error).message).toBe("bin/flink did not finish within 300 ms and was stopped.");
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it("refuses a Flink home without the tool", async () => {
    await expect(version(path.join(home, "bin"))).rejects.toThrow(/has no bin\/flink/);
    await expect(version("/nonexistent/flink\0")).rejects.toThrow(/NUL/);
  });
});
