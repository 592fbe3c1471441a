import type { HttpSession } from "./http-session";

/**
 * The name of the Flink version registered for `home`, registering it as `name` if nobody has:
 * a FLINK_HOME registers once per installation, and e2e files share one console in any order.
 */
export async function ensureFlinkVersion(admin: HttpSession, home: string, name: string): Promise<string> {
  const known = (await (await admin.fetch("/api/v1/flink-versions")).json()) as { flinkVersions: { name: string; home: string }[] };
  const found = known.flinkVersions.find((v) => v.home === home);
  if (found) return found.name;
  const res = await admin.json("/api/v1/flink-versions", "POST", { home, name });
  if (res.status !== 201) throw new Error(`registering ${home}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { name: string }).name;
}
