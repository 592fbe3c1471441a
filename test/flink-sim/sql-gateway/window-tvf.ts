import type { Value } from "./datagen";
import { stringValue, type Token } from "./lexer";
import type { ResultColumn } from "./results";
import type { Tokens } from "./tokens";
import type { LogicalType } from "./types";

/**
 * Windowing table-valued functions in FROM: `TABLE(TUMBLE(TABLE t, DESCRIPTOR(ts), INTERVAL '1'
 * MINUTES))`, likewise HOP, CUMULATE and SESSION (`TABLE t PARTITION BY k`), positional or named
 * (`TUMBLE(DATA => TABLE t, TIMECOL => DESCRIPTOR(ts), SIZE => …)`). Flink's SqlWindowTableFunction
 * returns every column of its input plus `window_start` and `window_end` (TIMESTAMP(3) NOT NULL)
 * and `window_time` (the time column's own type, NOT NULL), so queries may name those three.
 */
export type WindowKind = "TUMBLE" | "HOP" | "CUMULATE" | "SESSION";

export type WindowCall = {
  kind: WindowKind;
  /** The token index where the DATA argument's relation starts: the table name after `TABLE`, or a subquery's `(`. */
  data: number;
  /** The column named in DESCRIPTOR(…), checked against the input's columns. */
  timecol: Token | undefined;
  /** Interval arguments in milliseconds by parameter name (SIZE, SLIDE, STEP, GAP, OFFSET). */
  intervals: Record<string, number | undefined>;
  /** The index of the `)` that closes `TABLE(`. */
  end: number;
};

/** Parameter names in positional order, as Flink's operand metadata declares them. */
const PARAMS: Record<WindowKind, string[]> = {
  TUMBLE: ["DATA", "TIMECOL", "SIZE", "OFFSET"],
  HOP: ["DATA", "TIMECOL", "SLIDE", "SIZE", "OFFSET"],
  CUMULATE: ["DATA", "TIMECOL", "STEP", "SIZE", "OFFSET"],
  SESSION: ["DATA", "TIMECOL", "GAP"],
};

/** The window TVF whose `TABLE` keyword is token k, or undefined when there is none. */
export function windowCallAt(t: Tokens, k: number): WindowCall | undefined {
  const kind = t.at(k + 2)?.upper ?? "";
  if (t.at(k)?.upper !== "TABLE" || t.at(k + 1)?.text !== "(" || !(kind in PARAMS) || t.at(k + 3)?.text !== "(") return undefined;
  const call: WindowCall = { kind: kind as WindowKind, data: -1, timecol: undefined, intervals: {}, end: t.matching(k + 1) };
  t.splitItems(k + 4, t.matching(k + 3)).forEach((item, i) => {
    const named = item[1]?.text === "=>";
    const param = named ? item[0]!.upper : PARAMS[call.kind][i];
    const value = named ? item.slice(2) : item;
    if (param === "DATA" && value[0]) call.data = t.list.indexOf(value[0].upper === "TABLE" && value[1] ? value[1] : value[0]);
    else if (param === "TIMECOL" && value[0]?.upper === "DESCRIPTOR") call.timecol = value[2];
    else if (param) call.intervals[param] = intervalMs(value);
  });
  return call.data >= 0 ? call : undefined;
}

const WINDOW_BOUND: LogicalType = { type: "TIMESTAMP_WITHOUT_TIME_ZONE", nullable: false, precision: 3 };

/** window_start, window_end and window_time for a time column of type `time`. */
export function windowColumns(time: LogicalType): ResultColumn[] {
  return [
    { name: "window_start", type: WINDOW_BOUND },
    { name: "window_end", type: WINDOW_BOUND },
    { name: "window_time", type: { ...time, nullable: false } },
  ];
}

/**
 * The window values of a row whose time column holds `time`. The simulator does not aggregate,
 * so a row gets one window it belongs to (a HOP or CUMULATE row belongs to several in Flink);
 * window_time is the window's last millisecond, as Flink's.
 */
export function windowValues(call: WindowCall, time: Value): Value[] {
  const ts = typeof time === "string" ? Date.parse(`${time}Z`) : NaN;
  const { SIZE: size, SLIDE: slide, STEP: step, GAP: gap, OFFSET: offset = 0 } = call.intervals;
  const floor = (x: number, unit: number) => Math.floor((x - offset) / unit) * unit + offset;
  let bounds: [number, number] | undefined;
  if (!Number.isFinite(ts)) bounds = undefined;
  else if (call.kind === "TUMBLE" && size) bounds = [floor(ts, size), floor(ts, size) + size];
  else if (call.kind === "HOP" && size && slide) bounds = [floor(ts, slide), floor(ts, slide) + size];
  else if (call.kind === "CUMULATE" && size && step) bounds = [floor(ts, size), floor(ts, step) + step];
  else if (call.kind === "SESSION" && gap) bounds = [ts, ts + gap];
  if (!bounds) return [null, null, null];
  const iso = (ms: number) => new Date(ms).toISOString().replace("Z", "");
  return [iso(bounds[0]), iso(bounds[1]), iso(bounds[1] - 1)];
}

const UNIT_MS: Record<string, number> = { MILLISECOND: 1, SECOND: 1000, MINUTE: 60_000, HOUR: 3_600_000, DAY: 86_400_000 };

/** `INTERVAL '10' MINUTES` (single-unit intervals) in milliseconds; anything else is undefined. */
function intervalMs(tokens: Token[]): number | undefined {
  const [kw, amount, unit] = tokens;
  if (kw?.upper !== "INTERVAL" || amount?.type !== "string" || !unit) return undefined;
  const perUnit = UNIT_MS[unit.upper.replace(/S$/, "")];
  const n = Number(stringValue(amount));
  return perUnit !== undefined && tokens.length === 3 && Number.isFinite(n) ? n * perUnit : undefined;
}
