import fs from "node:fs";
import path from "node:path";
import { javaStackTrace } from "../jobmanager/logs";
import { splitStatements } from "./lexer";
import type { JobPlan } from "./outcomes";
import { Session } from "./session";
import { executeStatement } from "./statements";

/**
 * Flink's SQL Driver (FLIP-480, Flink 2.0+): `org.apache.flink.table.runtime.application.SqlDriver`
 * in flink-table-runtime runs a SQL script as an application's main(). It reads `--scriptPath <path>`
 * (a relative path is resolved against the process's working directory, where YARN localizes
 * `yarn.ship-files`; a URI is read through Flink's file systems) or `--script <text>`, loads the
 * ScriptRunner of `opt/flink-sql-gateway-*.jar`, and runs the statements as the SQL Gateway would.
 * Flink 1.x has no such class.
 */
export const SQL_DRIVER = "org.apache.flink.table.runtime.application.SqlDriver";

export function isSqlDriver(entryClass: string | undefined): boolean {
  return entryClass === SQL_DRIVER;
}

const DRIVER_FRAMES = [
  "org.apache.flink.table.runtime.application.SqlDriver.parseOptions(SqlDriver.java:175)",
  "org.apache.flink.table.runtime.application.SqlDriver.main(SqlDriver.java:86)",
];
const RUNNER_FRAMES = [
  "org.apache.flink.table.gateway.service.application.ScriptRunner.run(ScriptRunner.java:71)",
  "org.apache.flink.table.runtime.application.SqlDriver.main(SqlDriver.java:92)",
];

/** `--opt value` / `--opt=value` from program arguments (commons-cli, as SqlDriver parses them). */
function option(args: readonly string[], name: string): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === `--${name}`) return args[i + 1];
    if (a.startsWith(`--${name}=`)) return a.slice(name.length + 3);
  }
  return undefined;
}

/**
 * The script a SqlDriver program runs, or Flink's error. `workingFiles` are the files the process
 * finds in its working directory: YARN's localized `yarn.ship-files` (by file name). Other relative
 * paths and absolute paths are read from this machine (the simulator shares one disk with its
 * clusters); `file:` URIs too; other schemes cannot be read here.
 */
export function driverScript(args: readonly string[], workingFiles: readonly string[]): { script: string } | { error: string } {
  const scriptPath = option(args, "scriptPath");
  const script = option(args, "script");
  if (scriptPath === undefined) {
    if (script !== undefined) return { script };
    return { error: javaStackTrace("java.lang.NullPointerException: Please set script or script path either.", DRIVER_FRAMES) };
  }
  if (script !== undefined) return { error: javaStackTrace("java.lang.IllegalArgumentException: Don't set script or script path together.", DRIVER_FRAMES) };
  let file: string;
  if (/^file:/i.test(scriptPath)) file = new URL(scriptPath).pathname;
  else if (/^[a-z][a-z0-9+.-]*:\/\//i.test(scriptPath)) {
    return { error: cannotRead(`org.apache.flink.core.fs.UnsupportedFileSystemSchemeException: Could not find a file system implementation for scheme '${scriptPath.split(":")[0]}'. The scheme is not directly supported by Flink and no Hadoop file system to support this scheme could be loaded.`) };
  } else if (path.isAbsolute(scriptPath)) file = scriptPath;
  else file = workingFiles.find((f) => path.basename(f) === scriptPath) ?? path.resolve(scriptPath);
  try {
    return { script: fs.readFileSync(file, "utf8") };
  } catch {
    return { error: cannotRead(`java.io.FileNotFoundException: The provided file path ${path.isAbsolute(scriptPath) || /^file:/i.test(scriptPath) ? file : path.resolve(scriptPath)} does not exist.`) };
  }
}

function cannotRead(cause: string): string {
  return javaStackTrace("java.lang.IllegalArgumentException: Can not read files to execute.", DRIVER_FRAMES, cause);
}

/**
 * Runs a script's statements in a fresh session configured like the application (DDL, SET, USE …
 * in order) and returns the one job it submits, planned as the SQL Gateway plans INSERTs and
 * statement sets (named `insert-into_…` unless `pipeline.name` is set). A failing statement gives
 * Flink's error; so does a script that submits no job or more than one (an application with a fixed
 * job id runs exactly one).
 */
export function compileScript(script: string, config: Record<string, string>): { plan: JobPlan } | { error: string } {
  const session = new Session("sql-driver", { ...config });
  let plan: JobPlan | undefined;
  for (const statement of splitStatements(script)) {
    const outcome = executeStatement(session, statement, { jobmanager: () => undefined });
    if (outcome.kind === "error") return { error: javaStackTrace(`org.apache.flink.table.api.TableException: Failed to execute the statement:\n${statement}`, RUNNER_FRAMES, outcome.exception) };
    if (outcome.kind === "job" || outcome.kind === "query") {
      if (plan) {
        return {
          error: javaStackTrace(
            "org.apache.flink.util.FlinkRuntimeException: Cannot have more than one execute() or executeAsync() call in a single environment.",
            ["org.apache.flink.client.program.StreamContextEnvironment.validateAllowedExecution(StreamContextEnvironment.java:199)", ...RUNNER_FRAMES],
          ),
        };
      }
      plan = outcome.plan;
    }
  }
  if (!plan) {
    return {
      error: javaStackTrace(
        "org.apache.flink.client.program.ProgramInvocationException: The program plan could not be fetched - the program aborted pre-maturely. The root cause may be that the main method doesn't call `env.execute()` or `env.executeAsync()`.",
        RUNNER_FRAMES,
      ),
    };
  }
  return { plan };
}
