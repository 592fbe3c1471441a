/** Parsers of the Flink tools' output, on realistic multi-line output with log4j prefixes and noise. */
import { describe, expect, it } from "vitest";
import {
  lastMeaningfulLine,
  parseApplicationId,
  parseCancelledJobId,
  parseJobId,
  parseKubernetesCluster,
  parseSavepointPath,
  parseVersionOutput,
  parseWebInterfaceUrl,
  stripLogPrefix,
} from "@/lib/flink/cli-output";

const JOB = "a1b2c3d4e5f60718293a4b5c6d7e8f90";

const yarnSession = `SLF4J: Class path contains multiple SLF4J bindings.
SLF4J: Found binding in [jar:file:/opt/flink-1.17.2/lib/log4j-slf4j-impl-2.17.1.jar!/org/slf4j/impl/StaticLoggerBinder.class]
2024-03-05 07:56:20,114 INFO  org.apache.flink.configuration.GlobalConfiguration           [] - Loading configuration property: jobmanager.rpc.address, localhost
2024-03-05 07:56:20,902 WARN  org.apache.flink.yarn.configuration.YarnLogConfigUtil        [] - The configuration directory ('/opt/flink-1.17.2/conf') already contains a LOG4J config file.If you want to use logback, then please delete or rename the log configuration file.
2024-03-05 07:56:21,330 INFO  org.apache.hadoop.yarn.client.RMProxy                        [] - Connecting to ResourceManager at rm-1/10.0.0.2:8032
2024-03-05 07:56:22,517 INFO  org.apache.flink.yarn.YarnClusterDescriptor                  [] - Submitting application master application_1709623411205_0007
2024-03-05 07:56:22,815 INFO  org.apache.hadoop.yarn.client.api.impl.YarnClientImpl        [] - Submitted application application_1709623411205_0007
2024-03-05 07:56:22,815 INFO  org.apache.flink.yarn.YarnClusterDescriptor                  [] - Waiting for the cluster to be allocated
2024-03-05 07:56:22,817 INFO  org.apache.flink.yarn.YarnClusterDescriptor                  [] - Deploying cluster, current state ACCEPTED
2024-03-05 07:56:31,902 INFO  org.apache.flink.yarn.YarnClusterDescriptor                  [] - YARN application has been deployed successfully.
2024-03-05 07:56:31,903 INFO  org.apache.flink.yarn.YarnClusterDescriptor                  [] - Found Web Interface node7.cluster:36484 of application 'application_1709623411205_0007'.
JobManager Web Interface: http://node7.cluster:36484
2024-03-05 07:56:31,921 INFO  org.apache.flink.yarn.cli.FlinkYarnSessionCli                [] - The Flink YARN session cluster has been started in detached mode. In order to stop Flink gracefully, use the following command:
$ echo "stop" | ./bin/yarn-session.sh -id application_1709623411205_0007
If this should not be possible, then you can also kill Flink via YARN's web interface or via:
$ yarn application -kill application_1709623411205_0007
Note that killing Flink might not clean up all job artifacts and temporary files.
`;

describe("YARN", () => {
  it("reads the application id and web interface of a detached session", () => {
    expect(parseApplicationId(yarnSession)).toBe("application_1709623411205_0007");
    expect(parseWebInterfaceUrl(yarnSession)).toBe("http://node7.cluster:36484");
  });

  it("reads the application id from the detached hint alone", () => {
    const hint = `The Flink YARN session cluster has been started in detached mode. In order to stop Flink gracefully, use the following command:
  $ echo "stop" | ./bin/yarn-session.sh -id application_1616984365313_0284
  If this should not be possible, then you can also kill Flink via YARN's web interface or via:
  $ yarn application -kill application_1616984365313_0284`;
    expect(parseApplicationId(hint)).toBe("application_1616984365313_0284");
  });

  it("reads 'Found Web Interface' when there is no 'JobManager Web Interface' line (1.11 pattern without MDC)", () => {
    const old = `2021-01-25 20:56:10,387 INFO  org.apache.flink.yarn.YarnClusterDescriptor                   - YARN application has been deployed successfully.
2021-01-25 20:56:10,390 INFO  org.apache.flink.yarn.YarnClusterDescriptor                   - Found Web Interface bigdata02:56086 of application 'application_1611579253158_0001'.`;
    expect(parseApplicationId(old)).toBe("application_1611579253158_0001");
    expect(parseWebInterfaceUrl(old)).toBe("http://bigdata02:56086");
  });

  it("finds nothing in output without those lines", () => {
    const noise = "2024-03-05 07:56:20,114 INFO  org.apache.flink.configuration.GlobalConfiguration [] - Loading configuration property: yarn.application.id, application_1_2\n";
    expect(parseApplicationId(noise)).toBeNull();
    expect(parseWebInterfaceUrl(noise)).toBeNull();
    expect(parseJobId(noise)).toBeNull();
  });
});

describe("jobs", () => {
  it("reads the job id of a per-job or session submission", () => {
    const out = `2024-03-05 08:01:02,001 INFO  org.apache.flink.yarn.YarnClusterDescriptor                  [] - Found Web Interface node7.cluster:36484 of application 'application_1709623411205_0007'.
Job has been submitted with JobID ${JOB}
Program execution finished
Job with JobID ${JOB} has finished.
Job Runtime: 5321 ms
`;
    expect(parseJobId(out)).toBe(JOB);
  });

  it("reads the savepoint path of flink stop", () => {
    const out = `Suspending job "${JOB}" with a CANONICAL savepoint.
2024-03-05 09:00:01,200 INFO  org.apache.flink.yarn.YarnClusterDescriptor                  [] - Found Web Interface node7.cluster:36484 of application 'application_1709623411205_0007'.
Waiting for response...
Savepoint completed. Path: hdfs://nameservice1/flink/savepoints/savepoint-a1b2c3-5e6f7a8b9c0d
`;
    expect(parseSavepointPath(out)).toBe("hdfs://nameservice1/flink/savepoints/savepoint-a1b2c3-5e6f7a8b9c0d");
    expect(parseSavepointPath("Waiting for response...\n")).toBeNull();
  });

  it("reads the cancelled job id", () => {
    const out = `Cancelling job ${JOB}.\n2024-03-05 09:10:00,000 INFO  org.apache.flink.client.cli.CliFrontend [] - Cancelled job ${JOB}.\n`;
    expect(parseCancelledJobId(out)).toBe(JOB);
    expect(parseCancelledJobId(`Cancelling job ${JOB}.\n`)).toBeNull();
  });

  it("reads flink --version", () => {
    expect(parseVersionOutput("Version: 1.20.1, Commit ID: 2f5a2d5\n")).toEqual({ version: "1.20.1", commit: "2f5a2d5" });
    expect(parseVersionOutput("SLF4J: noise\nVersion: 2.1.0\n")).toEqual({ version: "2.1.0", commit: null });
  });
});

describe("Kubernetes", () => {
  it("reads a session cluster's id and web interface", () => {
    const out = `2024-03-05 10:00:00,000 INFO  org.apache.flink.kubernetes.utils.KubernetesUtils             [] - Kubernetes deployment requires a fixed port. Configuration blob.server.port will be set to 6124
2024-03-05 10:00:00,001 INFO  org.apache.flink.kubernetes.KubernetesClusterDescriptor      [] - Please note that Flink client operations(e.g. cancel, list, stop, savepoint, etc.) won't work from outside the Kubernetes cluster since 'kubernetes.rest-service.exposed.type' has been set to ClusterIP.
2024-03-05 10:00:02,500 INFO  org.apache.flink.kubernetes.KubernetesClusterDescriptor      [] - Create flink session cluster my-session successfully, JobManager Web Interface: http://my-session-rest.flink:8081
`;
    expect(parseKubernetesCluster(out)).toEqual({ mode: "session", clusterId: "my-session", webInterfaceUrl: "http://my-session-rest.flink:8081" });
  });

  it("reads an application cluster", () => {
    const out = "2024-03-05 10:05:00,000 INFO  org.apache.flink.kubernetes.KubernetesClusterDescriptor      [] - Create flink application cluster orders-etl successfully, JobManager Web Interface: http://10.96.4.7:8081\n";
    expect(parseKubernetesCluster(out)).toEqual({ mode: "application", clusterId: "orders-etl", webInterfaceUrl: "http://10.96.4.7:8081" });
  });
});

describe("errors", () => {
  it("finds the root cause in a CLI stack trace", () => {
    const stderr = `
------------------------------------------------------------
 The program finished with the following exception:

org.apache.flink.client.program.ProgramInvocationException: The main method caused an error: Failed to execute job 'orders-etl'.
	at org.apache.flink.client.program.PackagedProgram.callMainMethod(PackagedProgram.java:372)
	at org.apache.flink.client.cli.CliFrontend.main(CliFrontend.java:1165)
Caused by: org.apache.flink.util.FlinkException: Failed to execute job 'orders-etl'.
	at org.apache.flink.streaming.api.environment.StreamExecutionEnvironment.executeAsync(StreamExecutionEnvironment.java:2212)
	... 11 more
Caused by: org.apache.flink.runtime.client.JobSubmissionException: Failed to submit JobGraph.
	at org.apache.flink.client.program.rest.RestClusterClient.lambda$submitJob$12(RestClusterClient.java:454)
Caused by: java.net.ConnectException: Connection refused: node7.cluster/10.0.0.7:36484
	at sun.nio.ch.SocketChannelImpl.checkConnect(Native Method)
	... 10 more
`;
    expect(lastMeaningfulLine(stderr)).toBe("Connection refused: node7.cluster/10.0.0.7:36484");
  });

  it("skips the server-side wrapper of a REST error", () => {
    const stderr = `Caused by: org.apache.flink.runtime.rest.util.RestClientException: [Internal server error., <Exception on server side:
org.apache.flink.runtime.client.JobInitializationException: Could not start the JobMaster.
	at org.apache.flink.runtime.jobmaster.DefaultJobMasterServiceProcess.lambda$new$0(DefaultJobMasterServiceProcess.java:97)

End of exception on server side>]
	at org.apache.flink.runtime.rest.RestClient.parseResponse(RestClient.java:646)
`;
    expect(lastMeaningfulLine(stderr)).toBe("Could not start the JobMaster.");
  });

  it("strips log prefixes and returns null for empty output", () => {
    expect(lastMeaningfulLine("2024-03-05 10:00:00,000 ERROR org.apache.flink.yarn.YarnClusterDescriptor [] - The YARN application unexpectedly switched to state FAILED during deployment.\n\n")).toBe(
      "The YARN application unexpectedly switched to state FAILED during deployment.",
    );
    expect(lastMeaningfulLine("\n\n")).toBeNull();
    expect(stripLogPrefix("2024-03-05 10:00:00,000 INFO  org.x.Y - hello")).toBe("hello");
  });
});
