import { readdir, readFile, realpath, stat } from "node:fs/promises";
import path from "node:path";
import yauzl from "yauzl";
import { invalidInput } from "@/lib/errors";
import { parseConfigYaml, parseLegacyFlinkConf } from "@/lib/flink/flink-conf";
import { atLeast, MIN_SUPPORTED, parseFlinkVersion } from "@/lib/flink/flink-version";

export interface FlinkHome {
  /** The real path, symlinks resolved. */
  home: string;
  version: string;
  major: number;
  minor: number;
  commit?: string;
  /** Where the version was read: the runtime properties, the manifest, or the file name. */
  versionSource: "properties" | "manifest" | "filename";
  distJar: string;
  /** conf/config.yaml (2.x, 1.19+ when present) or conf/flink-conf.yaml; null when neither exists. */
  configFile: string | null;
  configText: string;
  config: Record<string, string>;
}

const RUNTIME_PROPERTIES = ".flink-runtime.version.properties";
const MANIFEST = "META-INF/MANIFEST.MF";
/** Small text entries only; anything bigger is not what we look for. */
const MAX_ENTRY_BYTES = 64 * 1024;
/** Flink's placeholder when it was built outside git (EnvironmentInformation.UNKNOWN_COMMIT_ID). */
const UNKNOWN_COMMIT = "DeadD0d0";

/** `flink-dist-1.20.1.jar`, `flink-dist_2.12-1.14.0.jar` → the Flink version. */
export function versionFromDistJarName(name: string): string | null {
  return /^flink-dist(?:_\d+\.\d+)?-(\d+\.\d+(?:\.\d+)?(?:[-.][\w.-]+)?)\.jar$/.exec(name)?.[1] ?? null;
}

function parseProperties(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*([^#!=:\s][^=:]*?)\s*[=:]\s*(.*)$/.exec(line);
    if (m) out[m[1] as string] = (m[2] as string).trim();
  }
  return out;
}

/** Manifest main attributes; continuation lines start with one space. */
function parseManifest(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  let last: string | undefined;
  for (const line of text.split(/\r?\n/)) {
    if (line.startsWith(" ") && last) out[last] += line.slice(1);
    else {
      const at = line.indexOf(": ");
      if (at > 0) out[(last = line.slice(0, at))] = line.slice(at + 2);
    }
  }
  return out;
}

/** Reads the few small entries asked for from a zip, walking its central directory; file data is read only for those. */
async function readZipEntries(zipPath: string, names: readonly string[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  const zip = await yauzl.openPromise(zipPath, { lazyEntries: true, autoClose: false });
  try {
    for await (const entry of zip.eachEntry()) {
      if (!names.includes(entry.fileName) || entry.uncompressedSize > MAX_ENTRY_BYTES) continue;
      const chunks: Buffer[] = [];
      for await (const chunk of await zip.openReadStreamPromise(entry)) chunks.push(chunk as Buffer);
      found.set(entry.fileName, Buffer.concat(chunks).toString("utf8"));
      // The runtime properties are the best source; once read, the rest of a 130 MB jar is not needed.
      if (entry.fileName === names[0] || found.size === names.length) break;
    }
  } finally {
    zip.close();
  }
  return found;
}

async function distJarVersion(jar: string): Promise<{ version: string; commit?: string; source: FlinkHome["versionSource"] } | null> {
  let entries: Map<string, string>;
  try {
    entries = await readZipEntries(jar, [RUNTIME_PROPERTIES, MANIFEST]);
  } catch (e) {
    throw invalidInput(`${path.basename(jar)} is not a readable jar: ${(e as Error).message}`);
  }
  const props = parseProperties(entries.get(RUNTIME_PROPERTIES) ?? "");
  const propsVersion = props["project.version"];
  if (propsVersion && parseFlinkVersion(propsVersion)) {
    const commit = props["git.commit.id.abbrev"];
    return { version: propsVersion, commit: commit && commit !== UNKNOWN_COMMIT ? commit : undefined, source: "properties" };
  }
  const manifestVersion = parseManifest(entries.get(MANIFEST) ?? "")["Implementation-Version"];
  if (manifestVersion && parseFlinkVersion(manifestVersion)) return { version: manifestVersion, source: "manifest" };
  const fromName = versionFromDistJarName(path.basename(jar));
  return fromName ? { version: fromName, source: "filename" } : null;
}

async function isFile(p: string): Promise<boolean> {
  return (await stat(p).catch(() => null))?.isFile() ?? false;
}

/**
 * Checks a FLINK_HOME and reads its version and configuration. The rule is StreamPark's: `lib/`
 * holds exactly one flink-dist jar. Reads are lazy (the jar's central directory and two small
 * entries); nothing here runs a process or a shell.
 */
export async function inspectFlinkHome(dir: string): Promise<FlinkHome> {
  if (!dir || dir.includes("\0")) throw invalidInput("A Flink home must be a directory path without NUL characters.");
  let home: string;
  try {
    home = await realpath(path.resolve(dir));
  } catch {
    throw invalidInput(`The directory ${dir} does not exist.`);
  }
  if (!(await stat(home)).isDirectory()) throw invalidInput(`${dir} is not a directory.`);
  const lib = path.join(home, "lib");
  const libEntries = await readdir(lib).catch(() => null);
  if (!libEntries) throw invalidInput(`${dir} has no lib/ directory; is it a Flink distribution?`);
  const dists = libEntries.filter((f) => /^flink-dist.*\.jar$/.test(f)).sort();
  if (dists.length === 0) throw invalidInput(`${dir}/lib holds no flink-dist*.jar; is it a Flink distribution?`);
  if (dists.length > 1) throw invalidInput(`${dir}/lib holds ${dists.length} flink-dist jars (${dists.join(", ")}); keep exactly one.`);
  const distJar = path.join(lib, dists[0] as string);

  const found = await distJarVersion(distJar);
  const parsed = found && parseFlinkVersion(found.version);
  if (!found || !parsed) throw invalidInput(`The Flink version of ${dists[0]} could not be read.`);
  if (!atLeast(parsed, MIN_SUPPORTED.major, MIN_SUPPORTED.minor)) {
    throw invalidInput(`Flink ${found.version} is not supported; Eddy needs Flink ${MIN_SUPPORTED.major}.${MIN_SUPPORTED.minor} or newer.`);
  }

  const yamlFile = path.join(home, "conf", "config.yaml");
  const legacyFile = path.join(home, "conf", "flink-conf.yaml");
  let configFile: string | null = null;
  let configText = "";
  let config: Record<string, string> = {};
  if (await isFile(yamlFile)) {
    configFile = yamlFile;
    configText = await readFile(yamlFile, "utf8");
    config = parseConfigYaml(configText, "conf/config.yaml");
  } else if (await isFile(legacyFile)) {
    configFile = legacyFile;
    configText = await readFile(legacyFile, "utf8");
    config = parseLegacyFlinkConf(configText);
  }

  return {
    home,
    version: found.version,
    major: parsed.major,
    minor: parsed.minor,
    ...(found.commit ? { commit: found.commit } : {}),
    versionSource: found.source,
    distJar,
    configFile,
    configText,
    config,
  };
}
