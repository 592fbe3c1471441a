/**
 * Protects the catalogue of Flink options behind a job's dynamic properties: the parsers follow
 * Flink's own syntax (TimeUtils durations, MemorySize, booleans, integers, enums in any case,
 * `;` lists with quotes), a known key with a value Flink would refuse gets a sentence naming the
 * key and what Flink expects, `${variables}` are left to Flink, and keys the catalogue does not
 * know are reported as unknown rather than refused.
 */
import { describe, expect, it } from "vitest";
import {
  checkFlinkProperties,
  checkFlinkValue,
  findFlinkOption,
  flinkOptions,
  isKnownFlinkKey,
  parseFlinkBoolean,
  parseFlinkDuration,
  parseFlinkEnum,
  parseFlinkInteger,
  parseFlinkList,
  parseFlinkMemorySize,
  parseFlinkNumber,
} from "@/lib/flink/config-options";

describe("parseFlinkDuration (Flink's TimeUtils)", () => {
  it.each([
    ["10 s", 10_000],
    ["10s", 10_000],
    ["  10s  ", 10_000],
    ["1 min", 60_000],
    ["1m", 60_000],
    ["2 minutes", 120_000],
    ["500ms", 500],
    ["500", 500],
    ["0", 0],
    ["1h", 3_600_000],
    ["1 HOURS", 3_600_000],
    ["3 d", 259_200_000],
    ["2 days", 172_800_000],
    ["5 secs", 5_000],
    ["30 seconds", 30_000],
    ["7 millis", 7],
    ["1000 µs", 1],
    ["2000000 ns", 2],
  ])("reads %j as %d ms", (text, ms) => {
    expect(parseFlinkDuration(text)).toBe(ms);
  });

  it.each(["", "   ", "abc", "s", "1.5 s", "-1 s", "+1 s", "10 sx", "10 mins", "1 m in", "PT10S", "10 s 5 ms", "99999999999999999999"])("refuses %j", (text) => {
    expect(parseFlinkDuration(text)).toBeNull();
  });

  it("refuses what java.time.Duration cannot hold", () => {
    expect(parseFlinkDuration("9223372036854775807 ms")).not.toBeNull();
    expect(parseFlinkDuration("9223372036854775807 d")).toBeNull();
  });
});

describe("parseFlinkMemorySize (Flink's MemorySize)", () => {
  it.each([
    ["1024m", 1024n * 1024n * 1024n],
    ["1 gb", 1024n ** 3n],
    ["4g", 4n * 1024n ** 3n],
    ["4G", 4n * 1024n ** 3n],
    ["512mb", 512n * 1024n ** 2n],
    ["1600 mebibytes", 1600n * 1024n ** 2n],
    ["64k", 65_536n],
    ["2 tb", 2n * 1024n ** 4n],
    ["12345", 12_345n],
    ["10 bytes", 10n],
    ["10b", 10n],
  ])("reads %j as %d bytes", (text, bytes) => {
    expect(parseFlinkMemorySize(text)).toBe(bytes);
  });

  it.each(["", "lots", "g", "1.5g", "-1g", "1 gib", "1 g b", "99999999999t"])("refuses %j", (text) => {
    expect(parseFlinkMemorySize(text)).toBeNull();
  });
});

describe("the other parsers", () => {
  it("integers: Java's parseInt range, a sign allowed; longs go further", () => {
    expect(parseFlinkInteger("42")).toBe(42n);
    expect(parseFlinkInteger(" -1 ")).toBe(-1n);
    expect(parseFlinkInteger("+7")).toBe(7n);
    expect(parseFlinkInteger("2147483647")).toBe(2147483647n);
    expect(parseFlinkInteger("2147483648")).toBeNull();
    expect(parseFlinkInteger("2147483648", { long: true })).toBe(2147483648n);
    for (const bad of ["abc", "1.0", "1e3", "", "4 2", "0x10"]) expect(parseFlinkInteger(bad)).toBeNull();
  });

  it("numbers: decimals as Java's parseDouble reads them", () => {
    expect(parseFlinkNumber("0.4")).toBe(0.4);
    expect(parseFlinkNumber(".5")).toBe(0.5);
    expect(parseFlinkNumber("1e3")).toBe(1000);
    expect(parseFlinkNumber("2.5d")).toBe(2.5);
    for (const bad of ["abc", "", "1,5", "0.4.1"]) expect(parseFlinkNumber(bad)).toBeNull();
  });

  it("booleans: true or false in any case, nothing else", () => {
    expect(parseFlinkBoolean("true")).toBe(true);
    expect(parseFlinkBoolean("FALSE")).toBe(false);
    expect(parseFlinkBoolean("True")).toBe(true);
    for (const bad of ["yes", "1", "on", ""]) expect(parseFlinkBoolean(bad)).toBeNull();
  });

  it("enums: the constant's name in any case, answered in Flink's spelling", () => {
    const values = ["EXACTLY_ONCE", "AT_LEAST_ONCE"];
    expect(parseFlinkEnum("exactly_once", values)).toBe("EXACTLY_ONCE");
    expect(parseFlinkEnum("At_Least_Once", values)).toBe("AT_LEAST_ONCE");
    expect(parseFlinkEnum("exactly-once", values)).toBeNull();
    expect(parseFlinkEnum("adaptive", ["Default", "Adaptive", "AdaptiveBatch"])).toBe("Adaptive");
  });

  it("lists: `;` between items, quotes for items that hold one", () => {
    expect(parseFlinkList("file:///a.jar;file:///b.jar")).toEqual(["file:///a.jar", "file:///b.jar"]);
    expect(parseFlinkList(" a ; b ")).toEqual(["a", "b"]);
    expect(parseFlinkList("'a;b';c")).toEqual(["a;b", "c"]);
    expect(parseFlinkList(`"it""s";x`)).toEqual([`it"s`, "x"]);
    expect(parseFlinkList("a;;b")).toEqual(["a", "", "b"]);
    expect(parseFlinkList("")).toEqual([]);
    expect(parseFlinkList("'a;b")).toBeNull();
    expect(parseFlinkList("'a' b;c")).toBeNull();
  });
});

describe("the catalogue", () => {
  it("holds the commonly used options, with their types", () => {
    expect(flinkOptions.length).toBeGreaterThanOrEqual(60);
    const kind = (key: string) => findFlinkOption(key)?.type.kind;
    expect(kind("parallelism.default")).toBe("integer");
    expect(kind("taskmanager.numberOfTaskSlots")).toBe("integer");
    expect(kind("jobmanager.memory.process.size")).toBe("memory");
    expect(kind("taskmanager.memory.managed.size")).toBe("memory");
    expect(kind("taskmanager.memory.network.max")).toBe("memory");
    expect(kind("execution.checkpointing.interval")).toBe("duration");
    expect(kind("execution.checkpointing.mode")).toBe("enum");
    expect(kind("execution.checkpointing.externalized-checkpoint-retention")).toBe("enum");
    expect(kind("execution.checkpointing.max-concurrent-checkpoints")).toBe("integer");
    expect(kind("state.backend.type")).toBe("string");
    expect(kind("execution.checkpointing.dir")).toBe("string");
    expect(kind("state.savepoints.dir")).toBe("string");
    expect(kind("restart-strategy.fixed-delay.delay")).toBe("duration");
    expect(kind("restart-strategy.exponential-delay.backoff-multiplier")).toBe("number");
    expect(kind("table.exec.mini-batch.enabled")).toBe("boolean");
    expect(kind("table.exec.state.ttl")).toBe("duration");
    expect(kind("table.exec.sink.not-null-enforcer")).toBe("enum");
    expect(kind("table.optimizer.agg-phase-strategy")).toBe("enum");
    expect(kind("pipeline.jars")).toBe("list");
    expect(kind("execution.runtime-mode")).toBe("enum");
    expect(kind("kubernetes.container.image.ref")).toBe("string");
    expect(kind("env.java.opts.taskmanager")).toBe("string");
    expect(kind("high-availability.type")).toBe("string");
    expect(kind("rest.port")).toBe("integer");
    // A reporter's name is one's own.
    expect(findFlinkOption("metrics.reporter.prom.interval")).toMatchObject({ key: "metrics.reporter.*.interval", type: { kind: "duration" } });
    expect(findFlinkOption("metrics.reporter.a.b.interval")).toBeUndefined();
  });

  it("knows keys exactly as Flink spells them", () => {
    expect(isKnownFlinkKey("parallelism.default")).toBe(true);
    expect(isKnownFlinkKey("Parallelism.Default")).toBe(false);
    expect(isKnownFlinkKey("metrics.reporter.prom.port")).toBe(true);
    expect(isKnownFlinkKey("connector.kafka.something")).toBe(false);
  });
});

describe("checkFlinkValue", () => {
  it("names the key and what Flink expects when a known key's value does not fit", () => {
    expect(checkFlinkValue("parallelism.default", "abc")).toBe("parallelism.default must be a whole number of at least 1; got “abc”.");
    expect(checkFlinkValue("parallelism.default", "0")).toBe("parallelism.default must be a whole number of at least 1; got “0”.");
    expect(checkFlinkValue("execution.checkpointing.interval", "30 seconds please")).toBe(
      "execution.checkpointing.interval must be a duration such as 30 s, 5 min, 500 ms or 1 h (a number alone is milliseconds); got “30 seconds please”.",
    );
    expect(checkFlinkValue("taskmanager.memory.managed.size", "1.5g")).toBe("taskmanager.memory.managed.size must be a memory size such as 1024m, 512 mb or 4g (a number alone is bytes); got “1.5g”.");
    expect(checkFlinkValue("table.exec.mini-batch.enabled", "yes")).toBe("table.exec.mini-batch.enabled must be true or false; got “yes”.");
    expect(checkFlinkValue("execution.checkpointing.mode", "exactly-once")).toBe("execution.checkpointing.mode must be one of EXACTLY_ONCE, AT_LEAST_ONCE; got “exactly-once”.");
    expect(checkFlinkValue("taskmanager.memory.managed.fraction", "1.5")).toBe("taskmanager.memory.managed.fraction must be a number from 0 to 1; got “1.5”.");
    expect(checkFlinkValue("pipeline.jars", "'file:///a.jar;file:///b.jar")).toBe("pipeline.jars must be a list separated by semicolons, with every quote closed; got “'file:///a.jar;file:///b.jar”.");
    expect(checkFlinkValue("metrics.reporter.prom.interval", "often")).toMatch(/^metrics\.reporter\.prom\.interval must be a duration/);
    // A long value is shortened in the sentence.
    expect(checkFlinkValue("parallelism.default", "x".repeat(200))).toBe(`parallelism.default must be a whole number of at least 1; got “${"x".repeat(77)}…”.`);
  });

  it("accepts what Flink accepts", () => {
    for (const [key, value] of [
      ["parallelism.default", "4"],
      ["execution.checkpointing.interval", "10 s"],
      ["execution.checkpointing.interval", "60000"],
      ["execution.checkpointing.mode", "at_least_once"],
      ["execution.checkpointing.externalized-checkpoint-retention", "RETAIN_ON_CANCELLATION"],
      ["taskmanager.memory.process.size", "4g"],
      ["table.exec.mini-batch.enabled", "TRUE"],
      ["table.exec.state.ttl", "1 h"],
      ["restart-strategy.type", "fixed-delay"],
      ["restart-strategy.fixed-delay.attempts", "0"],
      ["state.backend.type", "rocksdb"],
      ["pipeline.jars", "file:///a.jar;file:///b.jar"],
      ["jobmanager.scheduler", "adaptive"],
      ["restart-strategy.exponential-delay.jitter-factor", "0.1"],
    ] as const) {
      expect(checkFlinkValue(key, value), `${key}=${value}`).toBeNull();
    }
  });

  it("leaves values with a ${variable} to Flink, after substitution", () => {
    expect(checkFlinkValue("parallelism.default", "${parallelism}")).toBeNull();
    expect(checkFlinkValue("execution.checkpointing.interval", "${interval} s")).toBeNull();
    // Not a variable: `${` without a name is checked like any text.
    expect(checkFlinkValue("parallelism.default", "${}")).not.toBeNull();
  });

  it("does not judge keys it does not know", () => {
    expect(checkFlinkValue("connector.custom.flag", "anything at all")).toBeNull();
  });
});

describe("checkFlinkProperties", () => {
  it("gives errors by key and lists the unknown keys, without refusing them", () => {
    const r = checkFlinkProperties({
      "parallelism.default": "abc",
      "state.backend.type": "rocksdb",
      "execution.checkpointing.timeout": "10 min",
      "my.connector.option": "x",
      "Parallelism.Default": "2",
    });
    expect(r.errors).toEqual({ "parallelism.default": "parallelism.default must be a whole number of at least 1; got “abc”." });
    expect(r.unknown).toEqual(["my.connector.option", "Parallelism.Default"]);
  });
});
