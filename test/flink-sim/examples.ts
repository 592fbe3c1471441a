/**
 * The example programs the generated FLINK_HOMEs ship (as real jars with a Main-Class) and the job
 * names Flink gives them. Any other program names its job itself; the simulator cannot run user
 * code, so those jobs are called `pipeline.name` when set and "Flink Streaming Job" (Flink's
 * default name) otherwise.
 */
export const EXAMPLES = [
  { path: "examples/streaming/TopSpeedWindowing.jar", entryClass: "org.apache.flink.streaming.examples.windowing.TopSpeedWindowing", jobName: "CarTopSpeedWindowingExample", bounded: false },
  { path: "examples/streaming/StateMachineExample.jar", entryClass: "org.apache.flink.streaming.examples.statemachine.StateMachineExample", jobName: "State machine job", bounded: false },
  { path: "examples/streaming/WordCount.jar", entryClass: "org.apache.flink.streaming.examples.wordcount.WordCount", jobName: "WordCount", bounded: true },
] as const;

export function jobNameFor(entryClass: string | undefined, config: Record<string, string>): string {
  return config["pipeline.name"] ?? EXAMPLES.find((e) => e.entryClass === entryClass)?.jobName ?? "Flink Streaming Job";
}

/** Batch when configured so, or when the program is a bounded example. */
export function isBoundedProgram(entryClass: string | undefined, config: Record<string, string>): boolean {
  return config["execution.runtime-mode"]?.toUpperCase() === "BATCH" || EXAMPLES.some((e) => e.entryClass === entryClass && e.bounded);
}
