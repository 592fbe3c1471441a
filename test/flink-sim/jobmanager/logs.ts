/**
 * A log file in Flink's log4j layout, `%d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n`
 * (conf/log4j.properties and log4j-cli.properties); `%x` is the empty NDC, printed as `[]`.
 */
export type Level = "INFO" | "WARN" | "ERROR" | "DEBUG";

function log4jLine(level: Level, logger: string, message: string, at = new Date()): string {
  return `${log4jTimestamp(at)} ${level.padEnd(5)} ${logger.padEnd(60)} [] - ${message}`;
}

function log4jTimestamp(d: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())},${p(d.getMilliseconds(), 3)}`;
}

export class LogFile {
  private chunks: string[] = [];
  private bytes = 0;
  mtime = Date.now();

  constructor(readonly name: string) {}

  /** Appends one log4j line (and an optional stack trace, indented as Java prints it). */
  log(level: Level, logger: string, message: string, stackTrace?: string): void {
    this.append(`${log4jLine(level, logger, message)}\n${stackTrace ? `${stackTrace}\n` : ""}`);
  }

  append(text: string): void {
    this.chunks.push(text);
    this.bytes += Buffer.byteLength(text);
    this.mtime = Date.now();
  }

  get size(): number {
    return this.bytes;
  }

  content(): string {
    return this.chunks.join("");
  }

  /** The `{name,size,mtime}` entry of `/jobmanager/logs` and `/taskmanagers/:id/logs`. */
  info(): { name: string; size: number; mtime: number } {
    return { name: this.name, size: this.bytes, mtime: this.mtime };
  }
}

/** A Java-looking stack trace: `class: message` then `\tat frame` lines. */
export function javaStackTrace(exception: string, frames: string[], causedBy?: string): string {
  const lines = [exception, ...frames.map((f) => `\tat ${f}`)];
  if (causedBy) lines.push(`Caused by: ${causedBy}`);
  return lines.join("\n");
}
