/**
 * The Flink configuration options people commonly set as dynamic properties (`-D key=value`), each
 * with the type Flink parses its value as, and parsers that follow Flink's own rules (TimeUtils for
 * durations, MemorySize for memory, ConfigurationUtils for booleans, numbers, enums and lists).
 *
 * It checks what it can know before Flink sees the value: a known key with a value Flink would
 * refuse. Flink has hundreds of options and connectors add more, so a key not in the catalogue is
 * not an error, only unknown. A value holding a `${variable}` is only known after substitution and
 * is not checked. Where a key's type differs between Flink versions, the check takes the wider one:
 * it must never refuse what Flink accepts.
 *
 * Pure and browser-safe: the job editor runs the same checks as the server.
 */
import { VARIABLE_PATTERN } from "@/lib/sql/variables";

export type FlinkOptionType =
  | { kind: "integer"; min?: number; max?: number; long?: boolean }
  | { kind: "number"; min?: number; max?: number }
  | { kind: "boolean" }
  | { kind: "duration" }
  | { kind: "memory" }
  | { kind: "enum"; values: readonly string[] }
  | { kind: "string" }
  | { kind: "list" };

export type FlinkOption = { key: string; type: FlinkOptionType };

// ---------------------------------------------------------------------------------------------
// Parsers

const INT_MAX = 2_147_483_647n;
const INT_MIN = -2_147_483_648n;
const LONG_MAX = 9_223_372_036_854_775_807n;
const LONG_MIN = -9_223_372_036_854_775_808n;

/** Java's Integer.parseInt / Long.parseLong (after the trim Flink applies): an optional sign and digits. */
export function parseFlinkInteger(text: string, opts: { long?: boolean } = {}): bigint | null {
  const t = text.trim();
  if (!/^[+-]?\d+$/.test(t)) return null;
  const n = BigInt(t);
  const [min, max] = opts.long ? [LONG_MIN, LONG_MAX] : [INT_MIN, INT_MAX];
  return n < min || n > max ? null : n;
}

/** Java's Double.parseDouble for the decimal forms people write (1, 0.4, .5, 1e3, 2.5d). */
export function parseFlinkNumber(text: string): number | null {
  const t = text.trim();
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?[dDfF]?$/.test(t)) return null;
  const n = Number(t.replace(/[dDfF]$/, ""));
  return Number.isFinite(n) ? n : null;
}

/** ConfigurationUtils.convertToBoolean: true or false, in any case. */
export function parseFlinkBoolean(text: string): boolean | null {
  const t = text.trim().toLowerCase();
  return t === "true" ? true : t === "false" ? false : null;
}

const NANOS_PER: Record<string, bigint> = {};
for (const [nanos, labels] of [
  [86_400_000_000_000n, ["d", "day", "days"]],
  [3_600_000_000_000n, ["h", "hour", "hours"]],
  [60_000_000_000n, ["min", "m", "minute", "minutes"]],
  [1_000_000_000n, ["s", "sec", "secs", "second", "seconds"]],
  [1_000_000n, ["ms", "milli", "millis", "millisecond", "milliseconds"]],
  [1_000n, ["µs", "micro", "micros", "microsecond", "microseconds"]],
  [1n, ["ns", "nano", "nanos", "nanosecond", "nanoseconds"]],
] as const) {
  for (const l of labels) NANOS_PER[l] = nanos;
}

/**
 * Flink's TimeUtils.parseDuration: whole digits, then an optional unit (any case, spaces allowed
 * between): "10 s", "10s", "1 min", "500ms", "1h"; a number alone is milliseconds. Fractions and
 * signs are not Flink's syntax. The duration in milliseconds (fractions of one kept), or null.
 */
export function parseFlinkDuration(text: string): number | null {
  const m = /^(\d+)\s*(\S*)$/.exec(text.trim());
  if (!m) return null;
  const value = BigInt(m[1]!);
  if (value > LONG_MAX) return null;
  const unit = m[2]!.toLowerCase();
  const nanos = unit === "" ? 1_000_000n : NANOS_PER[unit];
  if (nanos === undefined) return null;
  // java.time.Duration holds a long of seconds.
  if ((value * nanos) / 1_000_000_000n > LONG_MAX) return null;
  return Number(value * nanos) / 1_000_000;
}

const BYTES_PER: Record<string, bigint> = {};
for (const [bytes, labels] of [
  [1n, ["b", "bytes"]],
  [1024n, ["k", "kb", "kibibytes"]],
  [1024n ** 2n, ["m", "mb", "mebibytes"]],
  [1024n ** 3n, ["g", "gb", "gibibytes"]],
  [1024n ** 4n, ["t", "tb", "tebibytes"]],
] as const) {
  for (const l of labels) BYTES_PER[l] = bytes;
}

/**
 * Flink's MemorySize.parse: whole digits, then an optional unit (any case, spaces allowed between):
 * "1024m", "1 gb", "4g", "512mb"; a number alone is bytes. The size in bytes, or null.
 */
export function parseFlinkMemorySize(text: string): bigint | null {
  const m = /^(\d+)\s*(\S*)$/.exec(text.trim());
  if (!m) return null;
  const value = BigInt(m[1]!);
  const per = m[2] === "" ? 1n : BYTES_PER[m[2]!.toLowerCase()];
  if (per === undefined || value * per > LONG_MAX) return null;
  return value * per;
}

/** ConfigurationUtils.convertToEnum: the constant's name in any case; the canonical spelling, or null. */
export function parseFlinkEnum(text: string, values: readonly string[]): string | null {
  const t = text.trim().toUpperCase();
  return values.find((v) => v.toUpperCase() === t) ?? null;
}

/**
 * A list value as Flink's StructuredOptionsSplitter reads it: items separated by `;`; an item that
 * starts with ' or " is quoted up to the same quote (doubled inside, it stands for itself), and
 * only spaces may follow it before the next `;`. The items, or null where Flink would refuse the
 * value (a quote not closed, or text after a closing quote).
 */
export function parseFlinkList(text: string): string[] | null {
  const tokens: { kind: "quoted" | "plain" | "separator"; text: string }[] = [];
  for (let i = 0; i < text.length; ) {
    const c = text[i]!;
    if (c === "'" || c === '"') {
      let j = i + 1;
      let quoted = "";
      for (;;) {
        if (j >= text.length) return null;
        if (text[j] === c) {
          if (text[j + 1] !== c) break;
          quoted += c;
          j += 2;
        } else {
          quoted += text[j];
          j++;
        }
      }
      tokens.push({ kind: "quoted", text: quoted });
      i = j + 1;
    } else if (c === ";") {
      tokens.push({ kind: "separator", text: c });
      i++;
    } else if (/\s/.test(c)) {
      i++;
    } else {
      let j = i;
      while (j < text.length && text[j] !== ";") j++;
      tokens.push({ kind: "plain", text: text.slice(i, j).trim() });
      i = j;
    }
  }
  const items: string[] = [];
  tokens.forEach((t, k) => {
    const next = tokens[k + 1];
    if (t.kind !== "separator") items.push(t.text);
    else if (next?.kind === "separator") items.push("");
  });
  const badQuote = tokens.some((t, k) => t.kind === "quoted" && tokens[k + 1] && tokens[k + 1]!.kind !== "separator");
  return badQuote ? null : items;
}

// ---------------------------------------------------------------------------------------------
// The catalogue

const int = (min?: number, max?: number): FlinkOptionType => ({ kind: "integer", min, max });
const long = (min?: number): FlinkOptionType => ({ kind: "integer", min, long: true });
const num = (min?: number, max?: number): FlinkOptionType => ({ kind: "number", min, max });
const bool: FlinkOptionType = { kind: "boolean" };
const duration: FlinkOptionType = { kind: "duration" };
const memory: FlinkOptionType = { kind: "memory" };
const str: FlinkOptionType = { kind: "string" };
const list: FlinkOptionType = { kind: "list" };
const oneOf = (...values: string[]): FlinkOptionType => ({ kind: "enum", values });
const PORT = int(0, 65535);

/**
 * Keys with their types. Where Flink renamed an option, both names are here (1.x and 2.x); a
 * `*` stands for one name of the person's choosing (a metrics reporter's).
 */
const CATALOGUE: Record<string, FlinkOptionType> = {
  // Parallelism and slots
  "parallelism.default": int(1),
  "taskmanager.numberOfTaskSlots": int(1),
  "pipeline.max-parallelism": int(1, 32768),
  "table.exec.resource.default-parallelism": int(-1),

  // JobManager memory
  "jobmanager.memory.process.size": memory,
  "jobmanager.memory.flink.size": memory,
  "jobmanager.memory.heap.size": memory,
  "jobmanager.memory.off-heap.size": memory,
  "jobmanager.memory.jvm-metaspace.size": memory,
  "jobmanager.memory.jvm-overhead.min": memory,
  "jobmanager.memory.jvm-overhead.max": memory,
  "jobmanager.memory.jvm-overhead.fraction": num(0, 1),
  "jobmanager.memory.enable-jvm-direct-memory-limit": bool,

  // TaskManager memory
  "taskmanager.memory.process.size": memory,
  "taskmanager.memory.flink.size": memory,
  "taskmanager.memory.task.heap.size": memory,
  "taskmanager.memory.task.off-heap.size": memory,
  "taskmanager.memory.framework.heap.size": memory,
  "taskmanager.memory.framework.off-heap.size": memory,
  "taskmanager.memory.managed.size": memory,
  "taskmanager.memory.managed.fraction": num(0, 1),
  "taskmanager.memory.network.min": memory,
  "taskmanager.memory.network.max": memory,
  "taskmanager.memory.network.fraction": num(0, 1),
  "taskmanager.memory.jvm-metaspace.size": memory,
  "taskmanager.memory.jvm-overhead.min": memory,
  "taskmanager.memory.jvm-overhead.max": memory,
  "taskmanager.memory.jvm-overhead.fraction": num(0, 1),
  "taskmanager.memory.segment-size": memory,
  "taskmanager.cpu.cores": num(0),

  // Checkpointing (1.x and 2.x names)
  "execution.checkpointing.interval": duration,
  "execution.checkpointing.interval-during-backlog": duration,
  "execution.checkpointing.mode": oneOf("EXACTLY_ONCE", "AT_LEAST_ONCE"),
  "execution.checkpointing.timeout": duration,
  "execution.checkpointing.min-pause": duration,
  "execution.checkpointing.max-concurrent-checkpoints": int(1),
  "execution.checkpointing.externalized-checkpoint-retention": oneOf("DELETE_ON_CANCELLATION", "RETAIN_ON_CANCELLATION", "NO_EXTERNALIZED_CHECKPOINTS"),
  "execution.checkpointing.tolerable-failed-checkpoints": int(0),
  "execution.checkpointing.unaligned": bool,
  "execution.checkpointing.unaligned.enabled": bool,
  "execution.checkpointing.aligned-checkpoint-timeout": duration,
  "execution.checkpointing.num-retained": int(1),
  "execution.checkpointing.incremental": bool,
  "execution.checkpointing.snapshot-compression": bool,
  "execution.checkpointing.dir": str,
  "execution.checkpointing.savepoint-dir": str,
  "execution.checkpointing.storage": str,
  "state.checkpoints.dir": str,
  "state.savepoints.dir": str,
  "state.checkpoints.num-retained": int(1),
  "state.checkpoint-storage": str,

  // State backends
  "state.backend": str,
  "state.backend.type": str,
  "state.backend.incremental": bool,
  "state.backend.local-recovery": bool,
  "state.backend.rocksdb.memory.managed": bool,
  "state.backend.rocksdb.localdir": str,
  "state.backend.rocksdb.predefined-options": oneOf("DEFAULT", "SPINNING_DISK_OPTIMIZED", "SPINNING_DISK_OPTIMIZED_HIGH_MEM", "FLASH_SSD_OPTIMIZED"),
  "state.backend.rocksdb.timer-service.factory": oneOf("HEAP", "ROCKSDB"),
  "state.backend.changelog.enabled": bool,
  "execution.state-recovery.from-local": bool,

  // Restoring
  "execution.savepoint.path": str,
  "execution.savepoint.ignore-unclaimed-state": bool,
  "execution.savepoint-restore-mode": oneOf("CLAIM", "NO_CLAIM", "LEGACY"),
  "execution.state-recovery.path": str,
  "execution.state-recovery.ignore-unclaimed-state": bool,
  "execution.state-recovery.claim-mode": oneOf("CLAIM", "NO_CLAIM", "LEGACY"),

  // Restart strategies
  "restart-strategy": str,
  "restart-strategy.type": str,
  "restart-strategy.fixed-delay.attempts": int(0),
  "restart-strategy.fixed-delay.delay": duration,
  "restart-strategy.failure-rate.max-failures-per-interval": int(1),
  "restart-strategy.failure-rate.failure-rate-interval": duration,
  "restart-strategy.failure-rate.delay": duration,
  "restart-strategy.exponential-delay.initial-backoff": duration,
  "restart-strategy.exponential-delay.max-backoff": duration,
  "restart-strategy.exponential-delay.backoff-multiplier": num(1),
  "restart-strategy.exponential-delay.reset-backoff-threshold": duration,
  "restart-strategy.exponential-delay.jitter-factor": num(0, 1),
  "restart-strategy.exponential-delay.attempts-before-reset-backoff": int(1),

  // Table / SQL
  "table.exec.mini-batch.enabled": bool,
  "table.exec.mini-batch.allow-latency": duration,
  "table.exec.mini-batch.size": long(),
  "table.exec.state.ttl": duration,
  "table.exec.sink.not-null-enforcer": oneOf("ERROR", "DROP"),
  "table.exec.sink.upsert-materialize": oneOf("NONE", "AUTO", "FORCE"),
  "table.exec.sink.keyed-shuffle": oneOf("NONE", "AUTO", "FORCE"),
  "table.exec.source.idle-timeout": duration,
  "table.exec.source.cdc-events-duplicate": bool,
  "table.exec.async-lookup.buffer-capacity": int(1),
  "table.exec.async-lookup.timeout": duration,
  "table.exec.async-lookup.output-mode": oneOf("ORDERED", "ALLOW_UNORDERED"),
  "table.exec.disabled-operators": str,
  "table.optimizer.agg-phase-strategy": oneOf("AUTO", "TWO_PHASE", "ONE_PHASE"),
  "table.optimizer.distinct-agg.split.enabled": bool,
  "table.optimizer.distinct-agg.split.bucket-num": int(1),
  "table.optimizer.join-reorder-enabled": bool,
  "table.optimizer.reuse-sub-plan-enabled": bool,
  "table.optimizer.reuse-source-enabled": bool,
  "table.optimizer.source.predicate-pushdown-enabled": bool,
  "table.optimizer.multiple-input-enabled": bool,
  "table.optimizer.dynamic-filtering.enabled": bool,
  "table.optimizer.join.broadcast-threshold": long(),
  "table.local-time-zone": str,
  "table.dml-sync": bool,
  "table.sql-dialect": str,

  // Pipeline and execution
  "pipeline.name": str,
  "pipeline.jars": list,
  "pipeline.classpaths": list,
  "pipeline.object-reuse": bool,
  "pipeline.auto-watermark-interval": duration,
  "pipeline.operator-chaining": bool,
  "pipeline.operator-chaining.enabled": bool,
  "pipeline.generic-types": bool,
  "pipeline.force-kryo": bool,
  "pipeline.auto-generate-uids": bool,
  "pipeline.closure-cleaner-level": oneOf("NONE", "TOP_LEVEL", "RECURSIVE"),
  "pipeline.vertex-description-mode": oneOf("TREE", "CASCADING"),
  "pipeline.global-job-parameters": str,
  "execution.target": str,
  "execution.runtime-mode": oneOf("STREAMING", "BATCH", "AUTOMATIC"),
  "execution.attached": bool,
  "execution.shutdown-on-attached-exit": bool,
  "execution.buffer-timeout": duration,
  "execution.buffer-timeout.enabled": bool,
  "execution.buffer-timeout.interval": duration,
  "execution.batch-shuffle-mode": oneOf("ALL_EXCHANGES_PIPELINED", "ALL_EXCHANGES_BLOCKING", "ALL_EXCHANGES_HYBRID_FULL", "ALL_EXCHANGES_HYBRID_SELECTIVE"),
  "$internal.pipeline.job-id": str,

  // JobManager, REST, RPC
  "jobmanager.rpc.address": str,
  "jobmanager.rpc.port": PORT,
  "jobmanager.scheduler": oneOf("Default", "Adaptive", "AdaptiveBatch"),
  "jobmanager.execution.failover-strategy": str,
  "jobmanager.adaptive-scheduler.resource-wait-timeout": duration,
  "rest.port": PORT,
  "rest.address": str,
  "rest.bind-port": str,
  "rest.bind-address": str,
  "web.submit.enable": bool,
  "web.cancel.enable": bool,
  "heartbeat.interval": duration,
  "heartbeat.timeout": duration,
  "akka.ask.timeout": duration,
  "pekko.ask.timeout": duration,
  "client.timeout": duration,
  "slot.request.timeout": duration,
  "cluster.evenly-spread-out-slots": bool,
  "classloader.resolve-order": str,
  "io.tmp.dirs": str,

  // YARN
  "yarn.application.queue": str,
  "yarn.application.name": str,
  "yarn.application.id": str,
  "yarn.application.type": str,
  "yarn.application.priority": int(-1),
  "yarn.application.node-label": str,
  "yarn.application-attempts": str,
  "yarn.appmaster.vcores": int(),
  "yarn.containers.vcores": int(),
  "yarn.ship-files": list,
  "yarn.ship-archives": list,
  "yarn.provided.lib.dirs": list,
  "yarn.tags": str,

  // Kubernetes
  "kubernetes.namespace": str,
  "kubernetes.cluster-id": str,
  "kubernetes.container.image": str,
  "kubernetes.container.image.ref": str,
  "kubernetes.container.image.pull-policy": oneOf("IfNotPresent", "Always", "Never"),
  "kubernetes.service-account": str,
  "kubernetes.jobmanager.service-account": str,
  "kubernetes.taskmanager.service-account": str,
  "kubernetes.rest-service.exposed.type": oneOf("ClusterIP", "NodePort", "LoadBalancer", "Headless_ClusterIP"),
  "kubernetes.jobmanager.replicas": int(1),
  "kubernetes.jobmanager.cpu": num(0),
  "kubernetes.jobmanager.cpu.amount": num(0),
  "kubernetes.taskmanager.cpu": num(0),
  "kubernetes.taskmanager.cpu.amount": num(0),
  "kubernetes.pod-template-file": str,
  "kubernetes.pod-template-file.default": str,
  "kubernetes.jobmanager.labels": str,
  "kubernetes.taskmanager.labels": str,
  "kubernetes.jobmanager.node-selector": str,
  "kubernetes.taskmanager.node-selector": str,
  "kubernetes.context": str,

  // High availability
  "high-availability": str,
  "high-availability.type": str,
  "high-availability.storageDir": str,
  "high-availability.cluster-id": str,
  "high-availability.zookeeper.quorum": str,
  "high-availability.zookeeper.path.root": str,

  // Metrics
  "metrics.reporters": str,
  "metrics.reporter.*.factory.class": str,
  "metrics.reporter.*.interval": duration,
  "metrics.reporter.*.scope.delimiter": str,
  "metrics.reporter.*.filter.includes": list,
  "metrics.reporter.*.filter.excludes": list,
  "metrics.latency.interval": long(0),
  "metrics.system-resource": bool,

  // JVM options and environment
  "env.java.opts": str,
  "env.java.opts.all": str,
  "env.java.opts.jobmanager": str,
  "env.java.opts.taskmanager": str,
  "env.java.opts.client": str,
  "env.java.opts.historyserver": str,
  "env.java.opts.sql-gateway": str,
  "env.log.dir": str,
  "env.hadoop.conf.dir": str,

  // Security
  "security.kerberos.login.keytab": str,
  "security.kerberos.login.principal": str,
  "security.kerberos.login.use-ticket-cache": bool,
};

/** Families whose members are the person's to name (a reporter's own parameters): known, though not typed. */
const KNOWN_PREFIXES = ["metrics.reporter."];

const patterns = Object.entries(CATALOGUE)
  .filter(([k]) => k.includes("*"))
  .map(([k, type]) => ({ re: new RegExp(`^${k.split("*").map((p) => p.replace(/[.$]/g, "\\$&")).join("[^.]+")}$`), key: k, type }));

/** Every option in the catalogue (a `*` in a key stands for a name of one's choosing). */
export const flinkOptions: readonly FlinkOption[] = Object.entries(CATALOGUE).map(([key, type]) => ({ key, type }));

/** The catalogue's option for a key (exact, case-sensitive as Flink's keys are), or undefined. */
export function findFlinkOption(key: string): FlinkOption | undefined {
  const exact = Object.prototype.hasOwnProperty.call(CATALOGUE, key) && !key.includes("*") ? CATALOGUE[key] : undefined;
  if (exact) return { key, type: exact };
  const p = patterns.find((x) => x.re.test(key));
  return p ? { key: p.key, type: p.type } : undefined;
}

/** Whether Eddy knows the key: in the catalogue, or in a family it knows. */
export function isKnownFlinkKey(key: string): boolean {
  return findFlinkOption(key) !== undefined || KNOWN_PREFIXES.some((p) => key.startsWith(p) && key.length > p.length);
}

const hasVariable = (value: string) => new RegExp(VARIABLE_PATTERN.source).test(value);

/** What Flink expects of a type, as the end of “<key> must be …”. */
export function describeFlinkType(type: FlinkOptionType): string {
  switch (type.kind) {
    case "integer":
    case "number": {
      const what = type.kind === "integer" ? "a whole number" : "a number";
      if (type.min !== undefined && type.max !== undefined) return `${what} from ${type.min} to ${type.max}`;
      if (type.min !== undefined) return `${what} of at least ${type.min}`;
      if (type.max !== undefined) return `${what} of at most ${type.max}`;
      return what;
    }
    case "boolean":
      return "true or false";
    case "duration":
      return "a duration such as 30 s, 5 min, 500 ms or 1 h (a number alone is milliseconds)";
    case "memory":
      return "a memory size such as 1024m, 512 mb or 4g (a number alone is bytes)";
    case "enum":
      return `one of ${type.values.join(", ")}`;
    case "list":
      return "a list separated by semicolons, with every quote closed";
    case "string":
      return "text";
  }
}

function valueFits(type: FlinkOptionType, value: string): boolean {
  switch (type.kind) {
    case "integer": {
      const n = parseFlinkInteger(value, { long: type.long });
      return n !== null && (type.min === undefined || n >= BigInt(type.min)) && (type.max === undefined || n <= BigInt(type.max));
    }
    case "number": {
      const n = parseFlinkNumber(value);
      return n !== null && (type.min === undefined || n >= type.min) && (type.max === undefined || n <= type.max);
    }
    case "boolean":
      return parseFlinkBoolean(value) !== null;
    case "duration":
      return parseFlinkDuration(value) !== null;
    case "memory":
      return parseFlinkMemorySize(value) !== null;
    case "enum":
      return parseFlinkEnum(value, type.values) !== null;
    case "list":
      return parseFlinkList(value) !== null;
    case "string":
      return true;
  }
}

/** A value as quoted in a message: shortened when long. */
const shown = (value: string) => `“${value.length > 80 ? `${value.slice(0, 77)}…` : value}”`;

/**
 * Checks one value against the catalogue: a sentence when Flink would refuse it, null when it
 * fits, when the key is not in the catalogue, or when the value holds a `${variable}`.
 */
export function checkFlinkValue(key: string, value: string): string | null {
  const option = findFlinkOption(key);
  if (!option || hasVariable(value) || valueFits(option.type, value)) return null;
  return `${key} must be ${describeFlinkType(option.type)}; got ${shown(value)}.`;
}

export type FlinkPropertiesCheck = {
  /** Values Flink would refuse, by key. */
  errors: Record<string, string>;
  /** Keys not in the catalogue: Flink or a connector may still know them. */
  unknown: string[];
};

/** Checks a whole map of properties: errors per key, and the keys the catalogue does not know. */
export function checkFlinkProperties(properties: Record<string, string>): FlinkPropertiesCheck {
  const errors: Record<string, string> = {};
  const unknown: string[] = [];
  for (const [key, value] of Object.entries(properties)) {
    if (!isKnownFlinkKey(key)) {
      unknown.push(key);
      continue;
    }
    const error = checkFlinkValue(key, value);
    if (error) errors[key] = error;
  }
  return { errors, unknown };
}
