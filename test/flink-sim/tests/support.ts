import http from "node:http";
import { startFlinkSim, type FlinkSim } from "../index";

/**
 * Helpers shared by the simulator's tests: one simulator per test file (fast speed), JSON calls,
 * and polling with a deadline instead of fixed sleeps.
 */
export const SPEED = 10;

export function simulator(speed = SPEED): Promise<FlinkSim> {
  return startFlinkSim({ speed });
}

export type Answer<T = any> = { status: number; body: T; headers: http.IncomingHttpHeaders; text: string };

/**
 * An HTTP call with node:http (fetch refuses a body on GET, which complete-statement needs).
 * `body` is sent as JSON unless it is a Buffer/string; the answer is parsed as JSON when possible.
 */
export function call<T = any>(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer<T>> {
  const payload = body === undefined ? undefined : Buffer.isBuffer(body) ? body : Buffer.from(typeof body === "string" ? body : JSON.stringify(body));
  // Node's client sends a GET body unframed unless Content-Length is set.
  const framing: Record<string, string> = payload === undefined ? {} : { "content-length": String(payload.length), ...(headers["content-type"] ? {} : { "content-type": "application/json" }) };
  return new Promise((resolve, reject) => {
    // A fresh connection per call, so a closed JobManager port shows as refused rather than a reset keep-alive socket.
    const req = http.request(url, { method, agent: false, headers: { ...framing, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        let parsed: unknown = text;
        try {
          parsed = text === "" ? {} : JSON.parse(text);
        } catch {
          // not JSON: keep the text
        }
        resolve({ status: res.statusCode ?? 0, body: parsed as T, headers: res.headers, text });
      });
    });
    req.on("error", reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

export const get = <T = any>(url: string) => call<T>("GET", url);
export const post = <T = any>(url: string, body: unknown = {}) => call<T>("POST", url, body);

/** Calls `probe` until `done` holds (or throws with the last value after `timeoutMs`). */
export async function until<T>(probe: () => Promise<T>, done: (v: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await probe();
  while (!done(last)) {
    if (Date.now() > deadline) throw new Error(`condition not met in ${timeoutMs} ms; last value: ${JSON.stringify(last).slice(0, 2000)}`);
    await new Promise((r) => setTimeout(r, 20));
    last = await probe();
  }
  return last;
}

/** Submits a job through the control API and waits until it runs. */
export async function runningJob(sim: FlinkSim, jm: string, spec: Record<string, unknown> = {}): Promise<string> {
  const { body } = await post(`${sim.url}/_sim/jobmanagers/${jm}/jobs`, { name: "test-job", ...spec });
  await until(() => get(`${sim.url}/jm/${jm}/jobs/${body.jobId}`), (r) => r.body.state === "RUNNING" && r.body.vertices.every((v: { status: string }) => v.status === "RUNNING"));
  return body.jobId as string;
}

export async function jobState(sim: FlinkSim, jm: string, jobId: string): Promise<string> {
  return (await get(`${sim.url}/jm/${jm}/jobs/${jobId}/status`)).body.status;
}

export async function awaitJobState(sim: FlinkSim, jm: string, jobId: string, state: string, timeoutMs?: number): Promise<void> {
  await until(() => jobState(sim, jm, jobId), (s) => s === state, timeoutMs);
}

/** Follows a SQL Gateway result from token 0 through nextResultUri until EOS (or `maxPages` pages). */
export async function fetchAll(gatewayUrl: string, first: string, maxPages = 200): Promise<any[]> {
  const pages: any[] = [];
  let uri: string | undefined = first;
  while (uri && pages.length < maxPages) {
    const r: Answer = await get(`${gatewayUrl}${uri}`);
    if (r.status !== 200) throw new Error(`fetch ${uri} → ${r.status} ${r.text.slice(0, 500)}`);
    pages.push(r.body);
    uri = r.body.nextResultUri;
    if (r.body.resultType !== "PAYLOAD") await new Promise((res) => setTimeout(res, 10));
  }
  return pages;
}
