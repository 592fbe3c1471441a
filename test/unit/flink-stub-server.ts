/** A tiny local HTTP server for the Flink client tests: records every request, answers with a handler. */
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface StubRequest {
  method: string;
  /** Path and query, as sent. */
  url: string;
  headers: IncomingMessage["headers"];
  body: Buffer;
}

export type StubHandler = (req: StubRequest, res: ServerResponse) => void | Promise<void>;

export interface Stub {
  /** http://127.0.0.1:<port> (no trailing slash). */
  origin: string;
  requests: StubRequest[];
  close(): Promise<void>;
}

export async function startStub(handler: StubHandler): Promise<Stub> {
  const requests: StubRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const r: StubRequest = { method: req.method ?? "", url: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks) };
      requests.push(r);
      Promise.resolve(handler(r, res)).catch((e: unknown) => {
        res.statusCode = 599;
        res.end(String(e));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json; charset=UTF-8" });
  res.end(JSON.stringify(body));
}

/** A port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Realistic Flink error bodies (flink-apis.md §1): a whole stack trace in one string. */
export const flinkErrors = {
  jobNotFound: (jobId: string) => ({
    errors: [
      `org.apache.flink.runtime.rest.NotFoundException: Job ${jobId} not found\n` +
        "\tat org.apache.flink.runtime.rest.handler.job.AbstractExecutionGraphHandler.lambda$handleRequest$1(AbstractExecutionGraphHandler.java:99)\n" +
        "\tat java.base/java.util.concurrent.CompletableFuture.uniExceptionally(CompletableFuture.java:986)\n" +
        "\t... 42 more\n" +
        `Caused by: org.apache.flink.runtime.messages.FlinkJobNotFoundException: Could not find Flink job (${jobId})\n` +
        "\tat org.apache.flink.runtime.dispatcher.Dispatcher.getJobMasterGateway(Dispatcher.java:1487)\n",
    ],
  }),
  internal: (cause: string) => ({
    errors: [
      "Internal server error.",
      `<Exception on server side:\n${cause}\n\tat org.apache.flink.runtime.rest.handler.AbstractRestHandler.respondToRequest(AbstractRestHandler.java:83)\n\tat java.base/java.lang.Thread.run(Thread.java:840)\n\nEnd of exception on server side>`,
    ],
  }),
};
