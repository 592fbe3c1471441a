import { z } from "zod";
import {
  countFlinkVersions,
  countFlinkVersionUsers,
  deleteFlinkVersion as deleteRow,
  findFlinkVersion,
  findFlinkVersionConfig,
  insertFlinkVersion,
  listFlinkVersions,
  setDefaultFlinkVersion,
  updateFlinkVersion,
  type FlinkVersion,
} from "@/db/queries/flink-versions";
import { audited } from "@/lib/audit";
import { requireAnywhere } from "@/lib/auth/access";
import type { Principal } from "@/lib/auth/principal";
import { inspectFlinkHome } from "@/lib/flink/flink-home";
import { AppError, conflict, uniqueOr } from "@/lib/errors";
import { descriptionSchema, refSchema } from "@/lib/validation";

const homeSchema = z
  .string()
  .trim()
  .min(1, "Give the FLINK_HOME directory.")
  .max(1024, "That path is too long.")
  .refine((s) => s.startsWith("/"), "Give an absolute path, e.g. /opt/flink-1.20.1.")
  .refine((s) => !/[\u0000-\u001f]/.test(s), "A path cannot contain control characters.")
  .meta({ example: "/opt/flink-1.20.1" });

const versionNameSchema = z
  .string()
  .trim()
  .min(1, "A Flink version needs a name.")
  .max(64, "A name can have at most 64 characters.")
  .regex(/^[A-Za-z0-9][A-Za-z0-9._ -]*$/, "Use letters, digits, dots, dashes, underscores and spaces.")
  .refine((s) => !/^\d+$/.test(s), "A name cannot be only digits.")
  .meta({ example: "flink-1.20.1" });

export const registerFlinkVersionInput = z.object({
  home: homeSchema,
  /** Defaults to "flink-<version>" as read from the distribution. */
  name: versionNameSchema.optional(),
  description: descriptionSchema.default(""),
  isDefault: z.boolean().optional(),
});

export const updateFlinkVersionInput = z.object({
  version: refSchema,
  name: versionNameSchema.optional(),
  description: descriptionSchema.optional(),
  isDefault: z.literal(true).optional(),
});

/** Anyone who may view Flink versions in some team; they are shared by all teams. */
export async function listVersions(p: Principal) {
  await requireAnywhere(p, "flink_version:view");
  return listFlinkVersions();
}

export async function getVersion(p: Principal, ref: string | number): Promise<FlinkVersion & { configText: string }> {
  await requireAnywhere(p, "flink_version:view");
  const v = await findFlinkVersion(ref);
  if (!v) throw new AppError("not_found", `Flink version “${String(ref)}” was not found.`);
  return { ...v, configText: (await findFlinkVersionConfig(v.id)) ?? "" };
}

export async function registerVersion(p: Principal, input: z.input<typeof registerFlinkVersionInput>): Promise<FlinkVersion> {
  const v = registerFlinkVersionInput.parse(input);
  return audited(p, { action: "flink_version.register", targetType: "flink_version", targetName: v.name ?? v.home, detail: { home: v.home } }, async (tx, log) => {
    await requireAnywhere(p, "flink_version:manage");
    const home = await inspectFlinkHome(v.home);
    const name = v.name ?? `flink-${home.version}`;
    const first = (await countFlinkVersions(tx)) === 0;
    const created = await uniqueOr(`A Flink version named “${name}” or at ${home.home} is already registered.`, () =>
      insertFlinkVersion(
        {
          name,
          home: home.home,
          version: home.version,
          major: home.major,
          minor: home.minor,
          commit: home.commit ?? null,
          distJar: home.distJar,
          configFile: home.configFile ?? null,
          configText: home.configText ?? "",
          description: v.description,
          isDefault: false,
          createdBy: p.via === "cli" ? null : p.user.id,
        },
        tx,
      ),
    );
    if (first || v.isDefault) await setDefaultFlinkVersion(created.id, tx);
    log.set({ targetId: created.id, targetName: created.name, detail: { home: home.home, version: home.version } });
    return { ...created, isDefault: first || Boolean(v.isDefault) };
  });
}

/** Renames, describes, or makes a version the default. */
export async function updateVersion(p: Principal, input: z.input<typeof updateFlinkVersionInput>): Promise<FlinkVersion> {
  const v = updateFlinkVersionInput.parse(input);
  return audited(p, { action: "flink_version.update", targetType: "flink_version", targetName: v.version, detail: { name: v.name, isDefault: v.isDefault } }, async (tx, log) => {
    await requireAnywhere(p, "flink_version:manage");
    const found = await findFlinkVersion(v.version, tx);
    if (!found) throw new AppError("not_found", `Flink version “${v.version}” was not found.`);
    log.set({ targetId: found.id, targetName: found.name });
    await uniqueOr(`A Flink version named “${v.name}” already exists.`, () => updateFlinkVersion({ id: found.id, name: v.name, description: v.description }, tx));
    if (v.isDefault) await setDefaultFlinkVersion(found.id, tx);
    return (await findFlinkVersion(found.id, tx))!;
  });
}

/** Reads the FLINK_HOME again (after an upgrade in place, or a config change). */
export async function syncVersion(p: Principal, ref: string): Promise<FlinkVersion> {
  return audited(p, { action: "flink_version.sync", targetType: "flink_version", targetName: ref }, async (tx, log) => {
    await requireAnywhere(p, "flink_version:manage");
    const found = await findFlinkVersion(ref, tx);
    if (!found) throw new AppError("not_found", `Flink version “${ref}” was not found.`);
    log.set({ targetId: found.id, targetName: found.name });
    const home = await inspectFlinkHome(found.home);
    const updated = await updateFlinkVersion(
      { id: found.id, version: home.version, major: home.major, minor: home.minor, commit: home.commit ?? null, distJar: home.distJar, configFile: home.configFile ?? null, configText: home.configText ?? "" },
      tx,
    );
    return updated!;
  });
}

export async function deleteVersion(p: Principal, ref: string): Promise<void> {
  await audited(p, { action: "flink_version.delete", targetType: "flink_version", targetName: ref }, async (tx, log) => {
    await requireAnywhere(p, "flink_version:manage");
    const found = await findFlinkVersion(ref, tx);
    if (!found) throw new AppError("not_found", `Flink version “${ref}” was not found.`);
    log.set({ targetId: found.id, targetName: found.name });
    const used = await countFlinkVersionUsers(found.id, tx);
    // Counts only: the clusters may belong to teams the caller cannot see.
    if (used.clusters > 0) {
      throw conflict(`“${found.name}” is used by ${used.clusters} cluster${used.clusters === 1 ? "" : "s"} in ${used.teams} team${used.teams === 1 ? "" : "s"}; move them to another version first.`);
    }
    await deleteRow(found.id, tx);
  });
}
