import http from "node:http";
import type { AddressInfo } from "node:net";
import { routeControlRequest } from "./control";
import { DROP_CONNECTION, readBody, send, text, toSimRequest, type Reply } from "./http";
import { routeSqlGatewayRequest } from "./sql-gateway/routes";
import type { World } from "./world";
import { routeYarnRequest } from "./yarn/routes";

/**
 * The main server: every component under its own path prefix, as a reverse proxy would expose
 * them (clients must keep the prefix when following Flink's relative URIs):
 *   /jm/<name>/…             a JobManager            /sql-gateway/…   the SQL Gateway
 *   /yarn/…                  the YARN RM and proxy   /k8s/…           the Kubernetes API
 *   /k8s-ingress/<ns>/<name>/… a Kubernetes cluster's JobManager     /_sim/…  the control API
 */
export function createMainServer(getWorld: () => World): http.Server {
  return http.createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const u = new URL(req.url ?? "/", "http://x");
      send(res, await dispatch(getWorld(), req, body, u.pathname, u.search));
    })().catch((e: unknown) => {
      console.error("[flink-sim] request failed:", e);
      if (!res.headersSent) send(res, text(500, String(e)));
      else res.destroy();
    });
  });
}

async function dispatch(world: World, req: http.IncomingMessage, body: Buffer, pathname: string, search: string): Promise<Reply> {
  const [, first = "", second = "", third = ""] = pathname.split("/");
  const rest = (n: number) => `/${pathname.split("/").slice(n + 1).join("/")}`;
  const sim = (n: number) => toSimRequest(req, body, rest(n), search);
  switch (first) {
    case "_sim":
      return routeControlRequest(world, sim(1));
    case "jm": {
      // A JobManager that does not exist (or no longer does) is simply unreachable.
      const jm = world.jobmanagers.get(decodeURIComponent(second));
      return jm ? jm.handle(sim(2), "prefix") : DROP_CONNECTION;
    }
    case "sql-gateway":
      return routeSqlGatewayRequest(world.sqlGateway, world.calls, sim(1));
    case "yarn":
      return routeYarnRequest(world.yarn, world.calls, sim(1));
    case "k8s":
      return world.kubernetes.handle(sim(1));
    case "k8s-ingress":
      return world.kubernetes.ingress(decodeURIComponent(second), decodeURIComponent(third), sim(3));
    default:
      return text(404, `Not found: ${pathname}. The Flink simulator serves /jm/<name>, /sql-gateway, /yarn, /k8s, /k8s-ingress and /_sim.`);
  }
}

export function listen(server: http.Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}
