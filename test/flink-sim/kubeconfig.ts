import fs from "node:fs/promises";

/**
 * A kubeconfig for the simulator's Kubernetes API, written the way an operator would hand one to
 * Eddy. The simulator speaks plain HTTP, which @kubernetes/client-node only allows with
 * insecure-skip-tls-verify; any bearer token is accepted.
 */
export async function writeSimKubeconfig(file: string, kubernetesUrl: string, namespace = "flink"): Promise<void> {
  await fs.writeFile(
    file,
    JSON.stringify({
      apiVersion: "v1",
      kind: "Config",
      clusters: [{ name: "flink-sim", cluster: { server: kubernetesUrl, "insecure-skip-tls-verify": true } }],
      users: [{ name: "flink-sim", user: { token: "flink-sim" } }],
      contexts: [{ name: "flink-sim", context: { cluster: "flink-sim", user: "flink-sim", namespace } }],
      "current-context": "flink-sim",
    }),
  );
}
