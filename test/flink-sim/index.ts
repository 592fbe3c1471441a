import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { generateFlinkHomes } from "./flink-home/generate";
import { createMainServer, listen } from "./server";
import { World } from "./world";

export { World } from "./world";
export type { JobManager } from "./jobmanager/jobmanager";

export type FlinkSimOptions = {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** Where FLINK_HOMEs are generated; a temporary directory (removed on close) by default. */
  dataDir?: string;
  /** Time scale: 1 is the default test speed, 20 runs every delay 20 times faster. */
  speed?: number;
};

export type FlinkSim = { url: string; world: World; close(): Promise<void> };

/** Starts the Flink simulator (see README.md): one HTTP server plus one port per JobManager. */
export async function startFlinkSim(options: FlinkSimOptions = {}): Promise<FlinkSim> {
  const host = options.host ?? "127.0.0.1";
  const dataDir = options.dataDir ?? (await fs.mkdtemp(path.join(os.tmpdir(), "flink-sim-")));
  await fs.mkdir(dataDir, { recursive: true });
  let world: World | undefined;
  const server = createMainServer(() => world!);
  const port = await listen(server, host, options.port ?? 0);
  const url = `http://${host}:${port}`;
  const homes = { "1.20.1": path.join(dataDir, "flink-1.20.1"), "2.1.0": path.join(dataDir, "flink-2.1.0") };
  world = new World({ host, baseUrl: url, speed: options.speed ?? 1, flinkHomes: homes });
  await world.populate();
  await generateFlinkHomes({
    homes,
    simUrl: url,
    dataDir,
    defaultJobManager: { "2.1.0": world.jobmanagers.get("standalone-1")!.restAddress, "1.20.1": world.jobmanagers.get("legacy-1")!.restAddress },
  });
  const w = world;
  return {
    url,
    world: w,
    async close() {
      await w.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      if (!options.dataDir) await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
}
