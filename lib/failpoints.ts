/**
 * Failpoints: named places where a test can make this process die on the spot, to prove that what
 * was written before the crash is enough to finish the work after it (the crash tests kill a worker
 * at each step of a deploy). EDDY_FAILPOINTS=name[,name…] arms them; unarmed, a failpoint costs one
 * Set lookup. SIGKILL, not an exception: no finally block, no graceful shutdown, as in a real crash.
 */
const armed = new Set((process.env.EDDY_FAILPOINTS ?? "").split(",").map((s) => s.trim()).filter(Boolean));

export async function failpoint(name: string): Promise<void> {
  if (!armed.has(name)) return;
  console.error(`[failpoint] ${name}: killing process ${process.pid}`);
  process.kill(process.pid, "SIGKILL");
  // SIGKILL is delivered asynchronously; never go on past the failpoint.
  await new Promise(() => {});
}
