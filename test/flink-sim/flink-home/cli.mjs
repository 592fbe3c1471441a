// The simulated Flink command-line tools: bin/flink, bin/yarn-session.sh and bin/kubernetes-session.sh
// of a generated FLINK_HOME exec this file (plain JavaScript, so no TypeScript start-up cost).
// They print what real Flink prints where a platform parses it (flink-apis.md §3):
//   - CliFrontend's own messages and "Job has been submitted with JobID …" as plain stdout lines;
//   - YARN, Hadoop and Kubernetes client messages in log4j-cli's console layout
//     `yyyy-MM-dd HH:mm:ss,SSS INFO  <logger padded to 60> [] - <message>`;
//   - errors as CliFrontend.handleError does, on stderr, with exit code 1.
// What real tools do over non-HTTP channels (YARN RPC, native Kubernetes deployment, JobGraph
// submission) goes through the simulator's control API; everything else uses the public REST APIs.
import fs from "node:fs";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import yauzl from "yauzl";

const SIM = process.env.FLINK_SIM_URL;
const VERSION = process.env.FLINK_SIM_VERSION ?? "2.1.0";
const MAJOR = Number(VERSION.split(".")[0]);
const FLINK_HOME = process.env.FLINK_HOME ?? path.resolve(path.dirname(process.argv[1] ?? "."), "..");
const CONF_DIR = process.env.FLINK_CONF_DIR ?? path.join(FLINK_HOME, "conf");
const USER = process.env.HADOOP_USER_NAME ?? process.env.USER ?? "flink";

/** An error Flink reports through CliFrontend.handleError (stderr, exit 1). */
class FlinkError extends Error {
  constructor(trace) {
    super(trace);
    this.trace = trace;
  }
}

/** A command-line mistake (CliArgsException): the message on stdout, then the help hint, exit 1. */
class ArgsError extends Error {}

// ------------------------------------------------------------------------------------------ output

function log4j(logger, message, level = "INFO") {
  const d = new Date();
  const p = (n, w = 2) => String(n).padStart(w, "0");
  const ts = `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())},${p(d.getMilliseconds(), 3)}`;
  process.stdout.write(`${ts} ${level.padEnd(5)} ${logger.padEnd(60)} [] - ${message}\n`);
}

const YARN_DESCRIPTOR = "org.apache.flink.yarn.YarnClusterDescriptor";
const YARN_CLIENT = "org.apache.hadoop.yarn.client.api.impl.YarnClientImpl";
const K8S_DESCRIPTOR = "org.apache.flink.kubernetes.KubernetesClusterDescriptor";

function trace(exception, frames, causedBy) {
  return [exception, ...frames.map((f) => `\tat ${f}`), ...(causedBy ? [`Caused by: ${causedBy}`] : [])].join("\n");
}

const CLI_FRAMES = [
  "org.apache.flink.client.cli.CliFrontend.runClusterAction(CliFrontend.java:1046)",
  "org.apache.flink.client.cli.CliFrontend.parseAndRun(CliFrontend.java:1166)",
  "org.apache.flink.client.cli.CliFrontend.lambda$mainInternal$9(CliFrontend.java:1264)",
  "org.apache.flink.runtime.security.contexts.NoOpSecurityContext.runSecured(NoOpSecurityContext.java:28)",
  "org.apache.flink.client.cli.CliFrontend.mainInternal(CliFrontend.java:1264)",
  "org.apache.flink.client.cli.CliFrontend.main(CliFrontend.java:1232)",
];

// ------------------------------------------------------------------------------------------ config

/** conf/config.yaml (2.x, may be nested) or conf/flink-conf.yaml (1.x, flat), as dotted keys. */
function loadConfiguration() {
  for (const file of ["config.yaml", "flink-conf.yaml"]) {
    const p = path.join(CONF_DIR, file);
    if (fs.existsSync(p)) return flatten(parseYaml(fs.readFileSync(p, "utf8")) ?? {});
  }
  return {};
}

function flatten(obj, prefix = "") {
  const out = {};
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v && typeof v === "object" && !Array.isArray(v)) Object.assign(out, flatten(v, key));
    else out[key] = String(v);
  }
  return out;
}

/**
 * commons-cli style parsing. `spec` maps option names (without dashes) to "flag" or "value";
 * `-Dk=v` / `-D k=v` collect dynamic properties. Parsing stops at the first non-option when
 * `stopAtNonOption` (the jar of `run`, after which everything is a program argument).
 */
function parseOptions(args, spec, stopAtNonOption) {
  const opts = {};
  const dynamic = {};
  const rest = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a.startsWith("-D") && a !== "-D") {
      addDynamic(dynamic, a.slice(2));
      continue;
    }
    if (a === "-D") {
      addDynamic(dynamic, args[++i] ?? "");
      continue;
    }
    if (a.startsWith("-") && a !== "-") {
      const [rawName, inline] = a.replace(/^--?/, "").split(/=(.*)/s);
      const kind = spec[rawName];
      if (!kind) throw new ArgsError(`Unrecognized option: ${a}`);
      const name = spec[`=${rawName}`] ?? rawName;
      if (kind === "flag") opts[name] = true;
      else {
        const v = inline ?? args[++i];
        if (v === undefined) throw new ArgsError(`Missing argument for option: ${rawName}`);
        opts[name] = v;
      }
      continue;
    }
    if (stopAtNonOption) {
      rest.push(...args.slice(i));
      break;
    }
    rest.push(a);
  }
  return { opts, dynamic, rest };
}

function addDynamic(dynamic, kv) {
  const eq = kv.indexOf("=");
  if (eq > 0) dynamic[kv.slice(0, eq)] = kv.slice(eq + 1);
  else if (kv) dynamic[kv] = "true";
}

/** Option tables: long and short names, with `=short` aliases pointing at the canonical name. */
function options(list) {
  const spec = {};
  for (const [names, kind] of list) {
    const [canonical, ...aliases] = names.split("|");
    spec[canonical] = kind;
    for (const a of aliases) {
      spec[a] = kind;
      spec[`=${a}`] = canonical;
    }
  }
  return spec;
}

const TARGET_OPTIONS = [
  ["target|t", "value"],
  ["jobmanager|m", "value"],
  ["help|h", "flag"],
];
const RUN_OPTIONS = options([
  ...TARGET_OPTIONS,
  ["class|c", "value"],
  ["parallelism|p", "value"],
  ["detached|d", "flag"],
  ["fromSavepoint|s", "value"],
  ["allowNonRestoredState|n", "flag"],
  ["claimMode|cm", "value"],
  ["restoreMode|rm", "value"],
  ["shutdownOnAttachedExit|sae", "flag"],
  ["classpath|C", "value"],
]);

// ------------------------------------------------------------------------------------------ simulator

async function sim(method, p, body) {
  let res;
  try {
    res = await fetch(`${SIM}${p}`, { method, headers: body === undefined ? {} : { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new FlinkError(trace("java.net.ConnectException: Connection refused", ["sun.nio.ch.Net.pollConnect(Native Method)"]));
  }
  const text = await res.text();
  let json;
  try {
    json = text ? JSON.parse(text) : {};
  } catch {
    json = { error: text };
  }
  return { status: res.status, json };
}

/** A REST call to a JobManager at `base` (http://host:port). Flink errors keep their first line. */
async function rest(base, method, p, body) {
  let res;
  try {
    res = await fetch(`${base}${p}`, { method, headers: body === undefined ? {} : { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new Error(`java.net.ConnectException: Connection refused: ${base.replace(/^http:\/\//, "")}`);
  }
  const json = await res.json().catch(() => ({}));
  if (res.status >= 400) {
    const first = String(json.errors?.[json.errors.length - 1] ?? `HTTP ${res.status}`).replace(/^<Exception on server side:\n/, "").split("\n")[0];
    throw new Error(`org.apache.flink.runtime.rest.util.RestClientException: [${first}]`);
  }
  return json;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function world() {
  return (await sim("GET", "/_sim")).json;
}

// ------------------------------------------------------------------------------------------ clusters

/**
 * Finds the cluster a command talks to, like Flink's ClusterClientFactory: a remote address
 * (-m, rest.address/rest.port), a YARN application (yarn.application.id or the yarn properties file)
 * or a Kubernetes cluster id. Returns the JobManager's name in the simulator and its REST base.
 */
async function retrieveCluster(target, opts, config) {
  const w = await world();
  if (target === "yarn-session" || target === "yarn-application" || target === "yarn-per-job") {
    const appId = config["yarn.application.id"] ?? readYarnPropertiesFile(config);
    if (!appId) throw new FlinkError(trace("org.apache.flink.util.FlinkException: No cluster id was specified. Please specify a cluster to which you would like to connect.", CLI_FRAMES));
    const { status, json } = await sim("GET", `/yarn/ws/v1/cluster/apps/${appId}`);
    if (status !== 200) throw new FlinkError(trace(`org.apache.flink.client.deployment.ClusterRetrieveException: Couldn't retrieve Yarn cluster`, CLI_FRAMES, `org.apache.hadoop.yarn.exceptions.ApplicationNotFoundException: Application with id '${appId}' doesn't exist in RM.`));
    if (json.app.state !== "RUNNING" || !json.app.amRPCAddress) {
      throw new FlinkError(trace("org.apache.flink.client.deployment.ClusterRetrieveException: Couldn't retrieve Yarn cluster", CLI_FRAMES, `java.lang.RuntimeException: The Yarn application ${appId} doesn't run anymore.`));
    }
    log4j(YARN_DESCRIPTOR, `Found Web Interface ${json.app.amRPCAddress} of application '${appId}'.`);
    return jobManagerAt(w, json.app.amRPCAddress);
  }
  if (target === "kubernetes-session" || target === "kubernetes-application") {
    const clusterId = config["kubernetes.cluster-id"];
    const namespace = config["kubernetes.namespace"] ?? "default";
    const jm = clusterId && w.jobmanagers.find((j) => j.name === `${clusterId}.${namespace}`);
    if (!jm) throw new FlinkError(trace(`org.apache.flink.client.deployment.ClusterRetrieveException: Could not get the rest endpoint of ${clusterId ?? "<unset kubernetes.cluster-id>"}`, CLI_FRAMES));
    log4j(K8S_DESCRIPTOR, `Retrieve flink cluster ${clusterId} successfully, JobManager Web Interface: http://${jm.restAddress}`);
    return { name: jm.name, base: `http://${jm.restAddress}` };
  }
  if (target !== "remote") throw noExecutorFactory();
  const address = opts.jobmanager ?? `${config["rest.address"] ?? "localhost"}:${config["rest.port"] ?? "8081"}`;
  return jobManagerAt(w, address);
}

function jobManagerAt(w, address) {
  const [host, port] = address.replace(/^https?:\/\//, "").split(":");
  const jm = w.jobmanagers.find((j) => j.restAddress === `${host}:${port}` || j.restAddress === `127.0.0.1:${port}`);
  if (!jm) {
    throw new FlinkError(trace("org.apache.flink.util.FlinkException: Failed to retrieve job list.", CLI_FRAMES, `java.net.ConnectException: Connection refused: ${host}/${host}:${port}`));
  }
  return { name: jm.name, base: `http://${jm.restAddress}` };
}

function readYarnPropertiesFile(config) {
  const file = path.join(config["yarn.properties-file.location"] ?? "/tmp", `.yarn-properties-${USER}`);
  if (!fs.existsSync(file)) return undefined;
  return /^applicationID=(.*)$/m.exec(fs.readFileSync(file, "utf8"))?.[1]?.trim();
}

function noExecutorFactory() {
  return new FlinkError(
    trace(
      "org.apache.flink.client.program.ProgramInvocationException: The main method caused an error: No ExecutorFactory found to execute the application.",
      ["org.apache.flink.client.program.PackagedProgram.callMainMethod(PackagedProgram.java:373)", "org.apache.flink.client.program.PackagedProgram.invokeInteractiveModeForExecution(PackagedProgram.java:223)", ...CLI_FRAMES],
      "java.lang.IllegalStateException: No ExecutorFactory found to execute the application.\n\tat org.apache.flink.core.execution.DefaultExecutorServiceLoader.getExecutorFactory(DefaultExecutorServiceLoader.java:88)",
    ),
  );
}

/** Waits for a YARN application to run, logging like YarnClusterDescriptor.startAppMaster. */
async function awaitYarnDeployment(appId) {
  log4j(YARN_DESCRIPTOR, `Submitting application master ${appId}`);
  log4j(YARN_CLIENT, `Submitted application ${appId}`);
  log4j(YARN_DESCRIPTOR, "Waiting for the cluster to be allocated");
  let last = "NEW";
  for (;;) {
    const { json } = await sim("GET", `/yarn/ws/v1/cluster/apps/${appId}`);
    const state = json.app?.state ?? "FAILED";
    if (state === "RUNNING") {
      log4j(YARN_DESCRIPTOR, "YARN application has been deployed successfully.");
      log4j(YARN_DESCRIPTOR, `Found Web Interface ${json.app.amRPCAddress} of application '${appId}'.`);
      return json.app;
    }
    if (["FAILED", "FINISHED", "KILLED"].includes(state)) {
      throw new FlinkError(trace(`org.apache.flink.client.deployment.ClusterDeploymentException: Could not deploy Yarn job cluster.`, CLI_FRAMES, `org.apache.flink.yarn.YarnClusterDescriptor$YarnDeploymentException: The YARN application unexpectedly switched to state ${state} during deployment.`));
    }
    if (state !== last) log4j(YARN_DESCRIPTOR, `Deploying cluster, current state ${state}`);
    last = state;
    await sleep(10);
  }
}

// ------------------------------------------------------------------------------------------ flink run

/**
 * The program a `run` submits: a local jar by path (the simulator reads its Main-Class), the entry
 * class, the options and the program arguments (only Flink's SQL Driver reads them: no other user
 * code runs in the simulator).
 */
function program(opts, dynamic, jar, args) {
  return {
    jarPath: jar && !/^[a-z]+:\/\//.test(jar) ? path.resolve(jar) : undefined,
    entryClass: opts.class,
    args,
    jobId: dynamic["$internal.pipeline.job-id"],
    parallelism: opts.parallelism ? Number(opts.parallelism) : undefined,
    savepointPath: opts.fromSavepoint ?? dynamic["execution.savepoint.path"],
    flinkConfiguration: dynamic,
  };
}

async function run(args, applicationMode) {
  const { opts, dynamic, rest: positional } = parseOptions(args, RUN_OPTIONS, true);
  if (opts.help) return printHelp();
  const config = { ...loadConfiguration(), ...dynamic };
  let target = opts.target ?? dynamic["execution.target"] ?? (opts.jobmanager ? "remote" : config["execution.target"]) ?? "remote";
  if (opts.jobmanager === "yarn-cluster" && MAJOR === 1) target = "yarn-per-job";
  const [jar] = positional;
  if (!jar) throw new ArgsError("Missing JAR file. Please specify a JAR file to run.");
  const isApplicationTarget = target === "yarn-application" || target === "kubernetes-application";
  // Flink 1.x runs application targets only through `run-application`; 2.x removed that action and per-job mode.
  if ((MAJOR === 1 && isApplicationTarget !== applicationMode) || (MAJOR >= 2 && target === "yarn-per-job")) throw noExecutorFactory();
  if (!/^[a-z]+:\/\//.test(jar)) {
    if (!fs.existsSync(jar)) throw new FlinkError(trace(`java.io.FileNotFoundException: JAR file does not exist: ${jar}`, ["org.apache.flink.client.cli.CliFrontend.getJarFile(CliFrontend.java:874)", ...CLI_FRAMES]));
  }
  const p = program(opts, dynamic, jar, positional.slice(1));
  switch (target) {
    case "yarn-application":
      return deployYarn("application", config, p, false);
    case "yarn-per-job":
      return deployYarn("per-job", config, { ...p, jobId: p.jobId ?? randomJobId() }, true);
    case "kubernetes-application":
      return deployKubernetesApplication(config, jar, p);
    case "remote":
    case "yarn-session":
    case "kubernetes-session": {
      const cluster = await retrieveCluster(target, opts, config);
      const { status, json } = await sim("POST", `/_sim/jobmanagers/${encodeURIComponent(cluster.name)}/jobs`, p);
      if (status >= 400) throw new FlinkError(trace(`org.apache.flink.client.program.ProgramInvocationException: The main method caused an error: Failed to execute job '${p.flinkConfiguration["pipeline.name"] ?? "Flink Streaming Job"}'.`, CLI_FRAMES, `org.apache.flink.runtime.client.JobSubmissionException: ${json.error}`));
      console.log(`Job has been submitted with JobID ${json.jobId}`);
      if (!opts.detached) await awaitJobResult(cluster.base, json.jobId);
      return;
    }
    default:
      throw noExecutorFactory();
  }
}

/** Attached mode: like the Flink client, wait for the job result. */
async function awaitJobResult(base, jobId) {
  for (;;) {
    const job = await rest(base, "GET", `/jobs/${jobId}`);
    if (job.state === "FINISHED") {
      console.log("Program execution finished");
      console.log(`Job with JobID ${jobId} has finished.`);
      console.log(`Job Runtime: ${job.duration} ms`);
      return;
    }
    if (job.state === "FAILED" || job.state === "CANCELED") {
      throw new FlinkError(trace(`org.apache.flink.client.program.ProgramInvocationException: The main method caused an error: org.apache.flink.client.program.ProgramInvocationException: Job failed (JobID: ${jobId})`, CLI_FRAMES, `org.apache.flink.runtime.client.JobExecutionException: Job execution failed.`));
    }
    await sleep(100);
  }
}

async function deployYarn(mode, config, p, printJobId) {
  const { status, json } = await sim("POST", "/_sim/yarn/apps", {
    mode,
    name: config["yarn.application.name"] ?? (mode === "per-job" ? "Flink per-job cluster" : "Flink Application Cluster"),
    queue: config["yarn.application.queue"],
    applicationType: config["yarn.application.type"],
    tags: config["yarn.tags"] ? config["yarn.tags"].split(",") : undefined,
    user: USER,
    flinkVersion: VERSION,
    flinkConfiguration: p.flinkConfiguration,
    job: p,
  });
  if (status >= 400) throw new FlinkError(trace(`org.apache.flink.client.deployment.ClusterDeploymentException: Couldn't deploy Yarn Application Cluster`, CLI_FRAMES, json.error));
  await awaitYarnDeployment(json.applicationId);
  // Application mode runs the program in the cluster, so the client never learns the job id.
  if (printJobId) console.log(`Job has been submitted with JobID ${p.jobId}`);
}

async function deployKubernetesApplication(config, jar, p) {
  if (!/^[a-z]+:\/\//.test(jar)) {
    throw new FlinkError(trace('java.lang.IllegalArgumentException: Only "local" is supported as schema for application mode. This assumes that the jar is located in the image, not the Flink client. An example of such path is: local:///opt/flink/examples/streaming/WindowJoin.jar', CLI_FRAMES));
  }
  const clusterId = config["kubernetes.cluster-id"] ?? `flink-cluster-${randomJobId()}`;
  // `local:///opt/flink/examples/streaming/X.jar` is an example shipped in the image; read it from FLINK_HOME.
  const shipped = path.join(FLINK_HOME, "examples", "streaming", path.basename(jar));
  const example = fs.existsSync(shipped) ? shipped : undefined;
  const { status, json } = await sim("POST", "/_sim/kubernetes/clusters", {
    clusterId,
    namespace: config["kubernetes.namespace"] ?? "default",
    mode: "application",
    flinkVersion: VERSION,
    flinkConfiguration: p.flinkConfiguration,
    job: { ...p, jarPath: example },
  });
  if (status >= 400) throw new FlinkError(trace(`org.apache.flink.client.deployment.ClusterDeploymentException: ${json.error}`, CLI_FRAMES));
  log4j(K8S_DESCRIPTOR, `Create flink application cluster ${clusterId} successfully, JobManager Web Interface: http://${json.restAddress}`);
}

function randomJobId() {
  return Array.from({ length: 32 }, () => Math.floor(Math.random() * 16).toString(16)).join("");
}

// ------------------------------------------------------------------------------------------ job actions

function jobId(arg, missing) {
  if (!arg) throw new ArgsError(missing);
  if (!/^[0-9a-fA-F]{32}$/.test(arg)) throw new ArgsError(`Cannot parse JobID from "${arg}". The expected format is [0-9a-fA-F]{32}, e.g. fd72014d4c864993a2e5a9287b4a9c5d.`);
  return arg.toLowerCase();
}

async function cancel(args) {
  const { opts, dynamic, rest: positional } = parseOptions(args, options([...TARGET_OPTIONS, ["withSavepoint|s", "value"]]), false);
  if (opts.help) return printHelp();
  const id = jobId(positional[0], "Missing JobID. Specify a JobID to cancel a job.");
  const config = { ...loadConfiguration(), ...dynamic };
  console.log(`Cancelling job ${id}.`);
  const cluster = await retrieveCluster(targetOf(opts, dynamic, config), opts, config);
  try {
    await rest(cluster.base, "PATCH", `/jobs/${id}?mode=cancel`);
  } catch (e) {
    throw new FlinkError(trace(`org.apache.flink.util.FlinkException: Could not cancel job ${id}.`, CLI_FRAMES, e.message));
  }
  console.log(`Cancelled job ${id}.`);
}

async function stop(args) {
  const { opts, dynamic, rest: positional } = parseOptions(args, options([...TARGET_OPTIONS, ["savepointPath|p", "value"], ["drain|d", "flag"], ["type", "value"], ["detached", "flag"]]), false);
  if (opts.help) return printHelp();
  const id = jobId(positional[0], "Missing JobID");
  const config = { ...loadConfiguration(), ...dynamic };
  const formatType = (opts.type ?? "canonical").toUpperCase();
  console.log(`${opts.drain ? "Draining job " : "Suspending job "}"${id}" with a ${formatType} savepoint.`);
  const cluster = await retrieveCluster(targetOf(opts, dynamic, config), opts, config);
  console.log(`Triggering stop-with-savepoint for job ${id}.`);
  try {
    const trigger = await rest(cluster.base, "POST", `/jobs/${id}/stop`, { targetDirectory: opts.savepointPath, drain: Boolean(opts.drain), formatType });
    console.log("Waiting for response...");
    const location = await awaitSavepoint(cluster.base, id, trigger["request-id"]);
    console.log(`Savepoint completed. Path: ${location}`);
  } catch (e) {
    throw new FlinkError(trace(`org.apache.flink.util.FlinkException: Could not stop with a savepoint job "${id}".`, CLI_FRAMES, e.message));
  }
}

async function savepoint(args) {
  const { opts, dynamic, rest: positional } = parseOptions(args, options([...TARGET_OPTIONS, ["type", "value"], ["detached", "flag"]]), false);
  if (opts.help) return printHelp();
  const id = jobId(positional[0], "Missing JobID. Specify a Job ID to trigger a savepoint.");
  const config = { ...loadConfiguration(), ...dynamic };
  const cluster = await retrieveCluster(targetOf(opts, dynamic, config), opts, config);
  console.log(`Triggering savepoint for job ${id}.`);
  try {
    const trigger = await rest(cluster.base, "POST", `/jobs/${id}/savepoints`, { "target-directory": positional[1], "cancel-job": false, formatType: (opts.type ?? "canonical").toUpperCase() });
    console.log("Waiting for response...");
    const location = await awaitSavepoint(cluster.base, id, trigger["request-id"]);
    console.log(`Savepoint completed. Path: ${location}`);
    console.log("You can resume your program from this savepoint with the run command.");
  } catch (e) {
    throw new FlinkError(trace(`org.apache.flink.util.FlinkException: Failed to trigger a savepoint for the job ${id}.`, CLI_FRAMES, e.message));
  }
}

async function awaitSavepoint(base, id, trigger) {
  for (;;) {
    const r = await rest(base, "GET", `/jobs/${id}/savepoints/${trigger}`);
    if (r.status?.id === "COMPLETED") {
      if (r.operation?.location) return r.operation.location;
      throw new Error(r.operation?.["failure-cause"]?.["stack-trace"] ?? "savepoint failed");
    }
    await sleep(50);
  }
}

async function list(args) {
  const { opts, dynamic } = parseOptions(args, options([...TARGET_OPTIONS, ["running|r", "flag"], ["scheduled|s", "flag"], ["all|a", "flag"]]), false);
  if (opts.help) return printHelp();
  const config = { ...loadConfiguration(), ...dynamic };
  const cluster = await retrieveCluster(targetOf(opts, dynamic, config), opts, config);
  const { jobs } = await rest(cluster.base, "GET", "/jobs/overview");
  console.log("Waiting for response...");
  const none = !opts.running && !opts.scheduled && !opts.all;
  const terminal = (s) => ["FINISHED", "CANCELED", "FAILED"].includes(s);
  const groups = {
    running: jobs.filter((j) => !terminal(j.state) && j.state !== "CREATED" && j.state !== "INITIALIZING"),
    scheduled: jobs.filter((j) => j.state === "CREATED" || j.state === "INITIALIZING"),
    terminated: jobs.filter((j) => terminal(j.state)),
  };
  const print = (title, js) => {
    console.log(title);
    const d = (ms) => {
      const t = new Date(ms);
      const p = (n) => String(n).padStart(2, "0");
      return `${p(t.getDate())}.${p(t.getMonth() + 1)}.${t.getFullYear()} ${p(t.getHours())}:${p(t.getMinutes())}:${p(t.getSeconds())}`;
    };
    for (const j of [...js].sort((a, b) => a["start-time"] - b["start-time"])) console.log(`${d(j["start-time"])} : ${j.jid} : ${j.name} (${j.state})`);
    console.log("--------------------------------------------------------------");
  };
  if (none || opts.running || opts.all) {
    if (groups.running.length === 0) console.log("No running jobs.");
    else print("------------------ Running/Restarting Jobs -------------------", groups.running);
  }
  if (none || opts.scheduled || opts.all) {
    if (groups.scheduled.length === 0) console.log("No scheduled jobs.");
    else print("----------------------- Scheduled Jobs -----------------------", groups.scheduled);
  }
  if (opts.all && groups.terminated.length > 0) print("---------------------- Terminated Jobs -----------------------", groups.terminated);
}

function targetOf(opts, dynamic, config) {
  return opts.target ?? dynamic["execution.target"] ?? (opts.jobmanager ? "remote" : config["execution.target"]) ?? "remote";
}

// ------------------------------------------------------------------------------------------ version / help

/** `flink --version` reads the version from lib/flink-dist-*.jar, as EnvironmentInformation does. */
async function printVersion() {
  const lib = path.join(FLINK_HOME, "lib");
  const dist = fs.existsSync(lib) ? fs.readdirSync(lib).find((f) => /^flink-dist.*\.jar$/.test(f)) : undefined;
  const props = dist ? await readZipEntry(path.join(lib, dist), ".flink-runtime.version.properties").catch(() => undefined) : undefined;
  const get = (k) => (props ? new RegExp(`^${k.replace(/\./g, "\\.")}=(.*)$`, "m").exec(props)?.[1]?.trim() : undefined);
  const version = get("project.version") ?? "<unknown>";
  const commit = get("git.commit.id.abbrev");
  process.stdout.write(`Version: ${version}`);
  console.log(commit ? `, Commit ID: ${commit}` : "");
}

function readZipEntry(file, entryName) {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true }, (err, zip) => {
      if (err) return reject(err);
      zip.on("end", () => resolve(undefined));
      zip.on("entry", (entry) => {
        if (entry.fileName !== entryName) return zip.readEntry();
        zip.openReadStream(entry, (e, stream) => {
          if (e) return reject(e);
          const chunks = [];
          stream.on("data", (c) => chunks.push(c));
          stream.on("end", () => {
            zip.close();
            resolve(Buffer.concat(chunks).toString("utf8"));
          });
        });
      });
      zip.readEntry();
    });
  });
}

function printHelp() {
  const actions = MAJOR >= 2 ? ["run", "list", "info", "savepoint", "stop", "cancel"] : ["run", "run-application", "list", "info", "savepoint", "stop", "cancel"];
  console.log("./flink <ACTION> [OPTIONS] [ARGUMENTS]\n");
  console.log(`The following actions are available: ${actions.join(", ")}.`);
  console.log('\nSpecify the help option (-h or --help) with an action to get help on it.');
}

// ------------------------------------------------------------------------------------------ session CLIs

/** yarn-session.sh: deploy a session cluster on YARN; `-d` returns after deployment. */
async function yarnSession(args) {
  const { opts, dynamic } = parseOptions(args, options([["detached|d", "flag"], ["name|nm", "value"], ["queue|qu", "value"], ["applicationType|at", "value"], ["jobManagerMemory|jm", "value"], ["taskManagerMemory|tm", "value"], ["slots|s", "value"], ["applicationId|id", "value"], ["help|h", "flag"]]), false);
  if (opts.help) {
    console.log("Usage:\n   Optional\n     -d,--detached   If present, runs the job in detached mode\n     -nm,--name <arg>   Set a custom name for the application on YARN");
    return;
  }
  const config = { ...loadConfiguration(), ...dynamic };
  if (opts.slots) dynamic["taskmanager.numberOfTaskSlots"] = opts.slots;
  const { status, json } = await sim("POST", "/_sim/yarn/apps", {
    mode: "session",
    name: opts.name ?? config["yarn.application.name"] ?? "Flink session cluster",
    queue: opts.queue ?? config["yarn.application.queue"],
    applicationType: opts.applicationType ?? config["yarn.application.type"],
    user: USER,
    flinkVersion: VERSION,
    flinkConfiguration: dynamic,
  });
  if (status >= 400) throw new FlinkError(trace(`org.apache.flink.client.deployment.ClusterDeploymentException: Couldn't deploy Yarn session cluster`, [], json.error));
  const appId = json.applicationId;
  const app = await awaitYarnDeployment(appId);
  // Other commands find the session through this file (yarn.properties-file.location).
  const propsDir = config["yarn.properties-file.location"] ?? "/tmp";
  fs.mkdirSync(propsDir, { recursive: true });
  fs.writeFileSync(path.join(propsDir, `.yarn-properties-${USER}`), `#Generated YARN properties file\napplicationID=${appId}\n`);
  console.log(`JobManager Web Interface: http://${app.amRPCAddress}`);
  const detached = opts.detached || config["execution.attached"] === "false";
  if (detached) {
    log4j(
      "org.apache.flink.yarn.YarnClusterDescriptor",
      `The Flink YARN session cluster has been started in detached mode. In order to stop Flink gracefully, use the following command:\n$ echo "stop" | ./bin/yarn-session.sh -id ${appId}\nIf this should not be possible, then you can also kill Flink via YARN's web interface or via:\n$ yarn application -kill ${appId}\nNote that killing Flink might not clean up all job artifacts and temporary files.`,
    );
    return;
  }
  // Attached: run until "stop" (or "quit") arrives on stdin, then shut the session down.
  await new Promise((resolve) => {
    process.stdin.setEncoding("utf8");
    process.stdin.on("data", (d) => /\b(stop|quit)\b/.test(d) && resolve());
    process.stdin.on("end", resolve);
  });
  await sim("PUT", `/yarn/ws/v1/cluster/apps/${appId}/state?user.name=${USER}`, { state: "KILLED" });
}

/** kubernetes-session.sh: deploy a native session cluster (detached by default). */
async function kubernetesSession(args) {
  const { opts, dynamic } = parseOptions(args, options([["help|h", "flag"]]), false);
  if (opts.help) {
    console.log("Usage: kubernetes-session.sh [-Dkubernetes.cluster-id=<id>] [-Dkey=value ...]");
    return;
  }
  const config = { ...loadConfiguration(), ...dynamic };
  const clusterId = config["kubernetes.cluster-id"] ?? `flink-cluster-${randomJobId()}`;
  const { status, json } = await sim("POST", "/_sim/kubernetes/clusters", { clusterId, namespace: config["kubernetes.namespace"] ?? "default", mode: "session", flinkVersion: VERSION, flinkConfiguration: dynamic });
  if (status >= 400) throw new FlinkError(trace(`org.apache.flink.client.deployment.ClusterDeploymentException: ${json.error}`, ["org.apache.flink.kubernetes.KubernetesClusterDescriptor.deploySessionCluster(KubernetesClusterDescriptor.java:216)"]));
  log4j(K8S_DESCRIPTOR, `Create flink session cluster ${clusterId} successfully, JobManager Web Interface: http://${json.restAddress}`);
}

// ------------------------------------------------------------------------------------------ main

async function main() {
  const [tool, ...args] = process.argv.slice(2);
  if (!SIM) {
    console.error("FLINK_SIM_URL is not set: run this through a FLINK_HOME generated by the Flink simulator.");
    return 1;
  }
  try {
    if (tool === "yarn-session.sh") await yarnSession(args);
    else if (tool === "kubernetes-session.sh") await kubernetesSession(args);
    else return await flink(args);
    return 0;
  } catch (e) {
    return report(e);
  }
}

async function flink(args) {
  const [action, ...params] = args;
  if (!action) {
    printHelp();
    console.log("Please specify an action.");
    return 1;
  }
  try {
    switch (action) {
      case "run": await run(params, false); return 0;
      case "run-application":
        if (MAJOR >= 2) break;
        await run(params, true);
        return 0;
      case "list": await list(params); return 0;
      case "cancel": await cancel(params); return 0;
      case "stop": await stop(params); return 0;
      case "savepoint": await savepoint(params); return 0;
      case "-h": case "--help": printHelp(); return 0;
      case "-v": case "--version": await printVersion(); return 0;
    }
  } catch (e) {
    return report(e);
  }
  console.log(`"${action}" is not a valid action.\n`);
  console.log(`Valid actions are ${MAJOR >= 2 ? '"run", "list", "info", "savepoint", "stop", or "cancel"' : '"run", "run-application", "list", "info", "savepoint", "stop", or "cancel"'}.\n`);
  console.log("Specify the version option (-v or --version) to print Flink version.\n");
  console.log("Specify the help option (-h or --help) to get help on the command.");
  return 1;
}

function report(e) {
  if (e instanceof ArgsError) {
    console.log(e.message);
    console.log();
    console.log("Use the help option (-h or --help) to get help on the command.");
    return 1;
  }
  const text = e instanceof FlinkError ? e.trace : `java.lang.RuntimeException: ${e?.message ?? e}`;
  process.stderr.write(`\n------------------------------------------------------------\n The program finished with the following exception:\n\n${text}\n`);
  return 1;
}

process.exitCode = await main();
