/**
 * inspectFlinkHome (lib/flink/flink-home.ts) on the simulator's generated FLINK_HOMEs: the version
 * from the flink-dist jar's runtime properties, the configuration file each version uses
 * (conf/config.yaml for 2.x, conf/flink-conf.yaml for 1.x) and its parsed, flattened keys.
 */
import { mkdtemp, rm, symlink } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { inspectFlinkHome } from "@/lib/flink/flink-home";
import { describeWorld, failure, useFlinkSim, type SimWorld } from "./sim";

const sim = useFlinkSim();
let world: SimWorld;
beforeAll(async () => {
  world = await describeWorld(sim());
});

describe.each([
  { version: "1.20.1", major: 1, minor: 20, configFile: "flink-conf.yaml", jobManager: "legacy-1" },
  { version: "2.1.0", major: 2, minor: 1, configFile: "config.yaml", jobManager: "standalone-1" },
] as const)("the generated Flink $version home", ({ version, major, minor, configFile, jobManager }) => {
  it("reads the version and commit from the flink-dist jar's runtime properties", async () => {
    const home = await inspectFlinkHome(world.flinkHomes[version]);
    expect(home).toMatchObject({ version, major, minor, versionSource: "properties", commit: expect.stringMatching(/^[0-9a-f]{7}$/) });
    expect(home.distJar).toBe(path.join(home.home, "lib", `flink-dist-${version}.jar`));
  });

  it(`chooses conf/${configFile} and parses it into flat keys`, async () => {
    const home = await inspectFlinkHome(world.flinkHomes[version]);
    expect(home.configFile).toBe(path.join(home.home, "conf", configFile));
    expect(home.configText).toContain("rest");
    const jm = world.jobmanagers.find((j) => j.name === jobManager)!;
    expect(`${home.config["rest.address"]}:${home.config["rest.port"]}`).toBe(jm.restAddress);
    expect(home.config).toMatchObject({
      "taskmanager.numberOfTaskSlots": "8",
      "execution.checkpointing.interval": "1 s",
      "state.savepoints.dir": "file:///tmp/flink-savepoints",
      "jobmanager.memory.process.size": "1600m",
    });
    expect(home.config["yarn.properties-file.location"]).toBeTruthy();
  });

  it("resolves a symlinked home to its real path", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "eddy-flink-home-link-"));
    try {
      const link = path.join(dir, "flink");
      await symlink(world.flinkHomes[version], link);
      const home = await inspectFlinkHome(link);
      expect(home.home).toBe(await inspectFlinkHome(world.flinkHomes[version]).then((h) => h.home));
      expect(home.version).toBe(version);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("not a Flink home", () => {
  it("refuses a directory without lib/ or one that does not exist", async () => {
    const conf = path.join(world.flinkHomes["2.1.0"], "conf");
    expect(await failure(inspectFlinkHome(conf))).toMatchObject({ code: "invalid_input", message: expect.stringContaining("has no lib/ directory") });
    expect(await failure(inspectFlinkHome(path.join(conf, "nothing-here")))).toMatchObject({ code: "invalid_input", message: expect.stringContaining("does not exist") });
  });
});
