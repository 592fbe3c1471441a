/**
 * Flink's duration syntax (TimeUtils.parseDuration): a number with an optional unit; no unit means
 * milliseconds. Used for configuration values such as `execution.checkpointing.interval: 10 s`.
 */
const UNITS: Record<string, number> = {
  ns: 1e-6, nano: 1e-6, nanos: 1e-6, nanosecond: 1e-6, nanoseconds: 1e-6,
  us: 1e-3, micro: 1e-3, micros: 1e-3, microsecond: 1e-3, microseconds: 1e-3,
  ms: 1, milli: 1, millis: 1, millisecond: 1, milliseconds: 1,
  s: 1000, sec: 1000, secs: 1000, second: 1000, seconds: 1000,
  m: 60_000, min: 60_000, mins: 60_000, minute: 60_000, minutes: 60_000,
  h: 3_600_000, hour: 3_600_000, hours: 3_600_000,
  d: 86_400_000, day: 86_400_000, days: 86_400_000,
};

/** Milliseconds, or undefined when `value` is not a Flink duration. */
export function parseDuration(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*$/.exec(value);
  if (!m) return undefined;
  const unit = (m[2] ?? "").toLowerCase();
  const factor = unit === "" ? 1 : UNITS[unit];
  return factor === undefined ? undefined : Number(m[1]) * factor;
}
