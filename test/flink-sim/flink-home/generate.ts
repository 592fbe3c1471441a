import fs from "node:fs/promises";
import path from "node:path";
import { stringify } from "yaml";
import yazl from "yazl";
import { EXAMPLES } from "../examples";
import { FLINK_VERSIONS, versionFacts, type FlinkVersion } from "../jobmanager/versions";

/**
 * Generates a FLINK_HOME per version under the data directory:
 *   lib/flink-dist-<v>.jar   a real zip with META-INF/MANIFEST.MF (Implementation-Version) and
 *                            .flink-runtime.version.properties, which Flink's EnvironmentInformation reads
 *   conf/config.yaml (2.x) or conf/flink-conf.yaml (1.x), log4j*.properties
 *   bin/flink, bin/yarn-session.sh, bin/kubernetes-session.sh
 *                            bash scripts that exec the simulated CLI (cli.mjs) with the simulator's URL
 *   examples/streaming/*.jar example jars with a Main-Class
 *   lib/flink-table-runtime-<v>.jar (2.x) holds Flink's SQL Driver,
 *                            org.apache.flink.table.runtime.application.SqlDriver (FLINK-36758, Flink 2.0+)
 *   opt/flink-sql-gateway-<v>.jar the SQL Gateway jar; its ScriptRunner is what SqlDriver loads to run
 *                            a SQL script as an application (submitted with `-c <SqlDriver>` and
 *                            `--scriptPath <file>` or `--script <text>`)
 */
export type HomeOptions = {
  homes: Record<FlinkVersion, string>;
  simUrl: string;
  dataDir: string;
  /** `host:port` of the JobManager `rest.address`/`rest.port` point at, per version. */
  defaultJobManager: Record<FlinkVersion, string>;
};

const CLI = path.join(import.meta.dirname, "cli.mjs");

export async function generateFlinkHomes(o: HomeOptions): Promise<void> {
  for (const v of FLINK_VERSIONS) await generateHome(v, o);
}

async function generateHome(v: FlinkVersion, o: HomeOptions): Promise<void> {
  const home = o.homes[v];
  const facts = versionFacts(v);
  for (const dir of ["bin", "conf", "lib", "log", "examples/streaming", "opt", "plugins"]) await fs.mkdir(path.join(home, dir), { recursive: true });

  await fs.writeFile(path.join(home, "lib", `flink-dist-${v}.jar`), await zip({
    "META-INF/MANIFEST.MF": manifest({ "Implementation-Title": "flink-dist", "Implementation-Version": v, "Implementation-Vendor": "The Apache Software Foundation" }),
    ".flink-runtime.version.properties": [
      `project.version=${v}`,
      `scala.binary.version=${facts.scalaVersion}`,
      `git.commit.id.abbrev=${facts.commit}`,
      `git.commit.time=${facts.commitDate.replace(/:(\d\d)$/, "$1")}`,
      `git.build.time=${facts.commitDate.replace(/:(\d\d)$/, "$1")}`,
      "",
    ].join("\n"),
  }));
  // As in Flink's distribution: no Main-Class in either jar; SqlDriver is named as the entry class
  // (`-c`, `entryClass`). 1.x ships the gateway jar too, but has no SqlDriver.
  if (facts.major >= 2) {
    await fs.writeFile(path.join(home, "lib", `flink-table-runtime-${v}.jar`), await zip({
      "META-INF/MANIFEST.MF": manifest({ "Implementation-Title": "flink-table-runtime", "Implementation-Version": v }),
      "org/apache/flink/table/runtime/application/SqlDriver.class": "\u00ca\u00fe\u00ba\u00be simulated",
    }));
  }
  await fs.writeFile(path.join(home, "opt", `flink-sql-gateway-${v}.jar`), await zip({
    "META-INF/MANIFEST.MF": manifest({ "Implementation-Title": "flink-sql-gateway", "Implementation-Version": v }),
    "org/apache/flink/table/gateway/service/application/ScriptRunner.class": "\u00ca\u00fe\u00ba\u00be simulated",
  }));
  for (const ex of EXAMPLES) {
    await fs.writeFile(path.join(home, ex.path), await zip({ "META-INF/MANIFEST.MF": manifest({ "Main-Class": ex.entryClass, "Implementation-Version": v }) }));
  }

  const [restHost, restPort] = o.defaultJobManager[v].split(":");
  const config: Record<string, string | number> = {
    "jobmanager.rpc.address": restHost!,
    "jobmanager.rpc.port": 6123,
    "jobmanager.memory.process.size": "1600m",
    "taskmanager.memory.process.size": "1728m",
    "taskmanager.numberOfTaskSlots": 8,
    "parallelism.default": 1,
    "rest.address": restHost!,
    "rest.port": Number(restPort),
    "execution.checkpointing.interval": "1 s",
    "state.checkpoints.dir": "file:///tmp/flink-checkpoints",
    "state.savepoints.dir": "file:///tmp/flink-savepoints",
    // yarn-session.sh writes its properties file here (default: java.io.tmpdir), kept per simulator.
    "yarn.properties-file.location": o.dataDir,
  };
  const conf = path.join(home, "conf");
  if (facts.confFile === "config.yaml") await fs.writeFile(path.join(conf, "config.yaml"), stringify(nest(config)));
  else await fs.writeFile(path.join(conf, "flink-conf.yaml"), Object.entries(config).map(([k, x]) => `${k}: ${x}`).join("\n") + "\n");
  const pattern = "%d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n";
  await fs.writeFile(path.join(conf, "log4j-cli.properties"), [
    "rootLogger.level = INFO",
    "rootLogger.appenderRef.file.ref = FileAppender",
    "logger.yarn.name = org.apache.flink.yarn",
    "logger.yarn.appenderRef.console.ref = ConsoleAppender",
    "logger.hadoop.name = org.apache.hadoop",
    "logger.hadoop.appenderRef.console.ref = ConsoleAppender",
    "logger.kubernetes.name = org.apache.flink.kubernetes",
    "logger.kubernetes.appenderRef.console.ref = ConsoleAppender",
    "appender.console.name = ConsoleAppender",
    "appender.console.type = CONSOLE",
    "appender.console.layout.type = PatternLayout",
    `appender.console.layout.pattern = ${pattern}`,
    "",
  ].join("\n"));
  await fs.writeFile(path.join(conf, "log4j.properties"), `rootLogger.level = INFO\nappender.main.layout.pattern = ${pattern}\n`);

  for (const tool of ["flink", "yarn-session.sh", "kubernetes-session.sh"]) {
    const script = [
      "#!/usr/bin/env bash",
      `# Apache Flink ${v} ${tool}, simulated: it talks to the Flink simulator at ${o.simUrl}.`,
      "# Generated by test/flink-sim/flink-home/generate.ts; rewritten on every simulator start.",
      `export FLINK_HOME=${shellQuote(home)}`,
      'export FLINK_CONF_DIR="${FLINK_CONF_DIR:-$FLINK_HOME/conf}"',
      `export FLINK_SIM_URL=${shellQuote(o.simUrl)}`,
      `export FLINK_SIM_VERSION=${shellQuote(v)}`,
      `exec ${shellQuote(process.execPath)} ${shellQuote(CLI)} ${shellQuote(tool)} "$@"`,
      "",
    ].join("\n");
    await fs.writeFile(path.join(home, "bin", tool), script, { mode: 0o755 });
  }
}

function manifest(entries: Record<string, string>): string {
  return ["Manifest-Version: 1.0", ...Object.entries(entries).map(([k, v]) => `${k}: ${v}`), "Created-By: Apache Maven 3.8.6", "Build-Jdk-Spec: 11", "", ""].join("\r\n");
}

function zip(files: Record<string, string>): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const z = new yazl.ZipFile();
    for (const [name, content] of Object.entries(files)) z.addBuffer(Buffer.from(content), name, { mtime: new Date(Date.UTC(2025, 0, 1)) });
    z.end();
    const chunks: Buffer[] = [];
    z.outputStream.on("data", (c: Buffer) => chunks.push(c));
    z.outputStream.on("end", () => resolve(Buffer.concat(chunks)));
    z.outputStream.on("error", reject);
  });
}

/** Flink 2's config.yaml nests keys (`rest: {port: 8081}`), as its default file does. */
function nest(flat: Record<string, string | number>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(flat)) {
    const parts = k.split(".");
    let cur = out;
    parts.slice(0, -1).forEach((p) => {
      cur[p] ??= {};
      cur = cur[p] as Record<string, unknown>;
    });
    cur[parts[parts.length - 1]!] = v;
  }
  return out;
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}
