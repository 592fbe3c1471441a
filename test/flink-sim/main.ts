import { parseArgs } from "node:util";
import { startFlinkSim } from "./index";

/** `npm run flink-sim -- --port 8090 [--host 127.0.0.1] [--data-dir d] [--speed s]`: prints GET /_sim and runs until SIGINT/SIGTERM. */
const { values } = parseArgs({
  options: { port: { type: "string", default: "0" }, host: { type: "string" }, "data-dir": { type: "string" }, speed: { type: "string", default: "1" } },
});

const sim = await startFlinkSim({ port: Number(values.port), host: values.host, dataDir: values["data-dir"], speed: Number(values.speed) });
console.log(JSON.stringify(sim.world.describe(), null, 2));

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  void sim.close().then(() => process.exit(0));
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
