/**
 * Failpoints: named places where a test can make this process die on the spot, to prove that what
 * was written before the crash is enough to finish the work after it (the crash tests kill a worker
 * at each step of a deploy, and in the middle of an alert storm). EDDY_FAILPOINTS=name[@n][,…] arms
 * them: `name@3` fires the third time the process passes there (default: the first). Unarmed, a
 * failpoint costs one Map lookup. SIGKILL, not an exception: no finally block, no graceful
 * shutdown, as in a real crash.
 */
const armed = new Map<string, { at: number; passed: number }>(
  (process.env.EDDY_FAILPOINTS ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      const [name, nth] = s.split("@");
      return [name!, { at: Math.max(1, Number(nth ?? 1) || 1), passed: 0 }];
    }),
);

export async function failpoint(name: string): Promise<void> {
  const point = armed.get(name);
  if (!point) return;
  point.passed += 1;
  if (point.passed < point.at) return;
  console.error(`[failpoint] ${name}: killing process ${process.pid}`);
  process.kill(process.pid, "SIGKILL");
  // SIGKILL is delivered asynchronously; never go on past the failpoint.
  await new Promise(() => {});
}
