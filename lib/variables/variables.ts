import {
  deleteVariable as deleteRow,
  findVariable,
  insertVariable,
  jobsUsingVariable,
  listVariables,
  placeholder,
  updateVariable as updateRow,
  type VariableRow,
} from "@/db/queries/variables";
import type { Tx } from "@/db/queries/tx";
import { audited } from "@/lib/audit";
import { can, requirePermission, requireTeamPermission, teamAccess, type TeamAccess } from "@/lib/auth/access";
import type { Principal } from "@/lib/auth/principal";
import { openSecret, sealSecret, SECRET_MASK } from "@/lib/crypto/secrets";
import { AppError, conflict, forbidden, uniqueOr } from "@/lib/errors";
import { previewSubstitution } from "./substitution";
import { createVariableInput, previewInput, updateVariableInput } from "./variable-input";

/**
 * A variable as callers see it. A secret's `value` is SECRET_MASK (`masked: true`) unless it was
 * explicitly revealed to someone holding variable:view_secret. Values never enter the audit log:
 * its rows name variables and which fields changed, nothing more.
 */
export type Variable = Omit<VariableRow, "value" | "teamId"> & { value: string; masked: boolean };
export type VariableDetail = Variable & { jobs: { id: number; name: string }[] };

const notFound = (ref: string | number) => new AppError("not_found", `Variable “${String(ref)}” was not found.`);

/** “a”, “b”, “c” and 4 more. */
function nameList(items: { name: string }[], max = 10): string {
  const names = items.slice(0, max).map((j) => `“${j.name}”`).join(", ");
  return items.length > max ? `${names} and ${items.length - max} more` : names;
}

const jobCount = (n: number) => `${n} job${n === 1 ? "" : "s"}`;

/** `row` must carry the sealed value when `reveal` is set. */
function view(row: VariableRow, reveal: boolean): Variable {
  const { teamId: _t, value, ...rest } = row;
  if (!row.secret) return { ...rest, value: value ?? "", masked: false };
  if (reveal && value !== null) return { ...rest, value: openSecret(value), masked: false };
  return { ...rest, value: SECRET_MASK, masked: true };
}

/** Reading secrets in clear is allowed with variable:view_secret and logged (names only). */
function revealing<T>(p: Principal, access: TeamAccess, target: { name?: string; id?: number }, fn: () => Promise<T>): Promise<T> {
  return audited(p, { action: "variable.reveal", targetType: "variable", targetName: target.name ?? null, targetId: target.id ?? null, team: access.team }, async () => {
    requirePermission(access, "variable:view_secret");
    return fn();
  });
}

export async function listTeamVariables(p: Principal, team: string | number, opts: { reveal?: boolean } = {}): Promise<Variable[]> {
  const access = await requireTeamPermission(p, team, "variable:view");
  if (!opts.reveal) return (await listVariables({ teamId: access.team.id })).map((r) => view(r, false));
  return revealing(p, access, {}, async () => (await listVariables({ teamId: access.team.id, withSecretValues: true })).map((r) => view(r, true)));
}

export async function getVariable(p: Principal, team: string | number, ref: string | number, opts: { reveal?: boolean } = {}): Promise<VariableDetail> {
  const access = await requireTeamPermission(p, team, "variable:view");
  const read = async () => {
    const row = await findVariable({ teamId: access.team.id, ref, withSecretValues: opts.reveal });
    if (!row) throw notFound(ref);
    return { ...view(row, opts.reveal ?? false), jobs: await jobsUsingVariable(access.team.id, row.name) };
  };
  if (!opts.reveal) return read();
  const row = await findVariable({ teamId: access.team.id, ref });
  if (!row) throw notFound(ref);
  return revealing(p, access, { name: row.name, id: row.id }, read);
}

/** One secret's value in clear: the console's “reveal” button. */
export async function revealVariable(p: Principal, team: string | number, ref: string | number): Promise<string> {
  return (await getVariable(p, team, ref, { reveal: true })).value;
}

async function reread(teamId: number, id: number, tx: Tx): Promise<Variable> {
  return view((await findVariable({ teamId, ref: id }, tx))!, false);
}

export async function createVariable(p: Principal, team: string | number, input: unknown): Promise<Variable> {
  const v = createVariableInput.parse(input);
  const access = await teamAccess(p, team);
  return audited(p, { action: "variable.create", targetType: "variable", targetName: v.name, team: access.team, detail: { secret: v.secret } }, async (tx, log) => {
    requirePermission(access, "variable:manage");
    const { id } = await uniqueOr(`A variable named “${v.name}” already exists in ${access.team.name}.`, () =>
      insertVariable(
        {
          teamId: access.team.id,
          name: v.name,
          value: v.secret ? sealSecret(v.value) : v.value,
          secret: v.secret,
          description: v.description,
          createdBy: p.via === "cli" ? null : p.user.id,
        },
        tx,
      ),
    );
    log.set({ targetId: id });
    return reread(access.team.id, id, tx);
  });
}

/**
 * Edits a variable. A secret's value is write-only: leaving `value` out keeps it. Making a secret
 * plain would show its value, so it needs variable:view_secret. A rename is refused while jobs use
 * the old name, as they would be left with a placeholder nothing fills.
 */
export async function updateVariable(p: Principal, team: string | number, ref: string | number, input: unknown): Promise<Variable> {
  const v = updateVariableInput.parse(input);
  const access = await teamAccess(p, team);
  return audited(p, { action: "variable.update", targetType: "variable", targetName: String(ref), team: access.team }, async (tx, log) => {
    requirePermission(access, "variable:manage");
    const cur = await findVariable({ teamId: access.team.id, ref, withSecretValues: true }, tx);
    if (!cur) throw notFound(ref);
    const secret = v.secret ?? cur.secret;
    const renamed = v.name !== undefined && v.name !== cur.name;
    const changed = [renamed && "name", v.value !== undefined && "value", secret !== cur.secret && "secret", v.description !== undefined && v.description !== cur.description && "description"].filter(
      (x): x is string => Boolean(x),
    );
    log.set({ targetId: cur.id, targetName: cur.name, detail: { changed, secret, ...(renamed ? { newName: v.name } : {}) } });

    if (cur.secret && !secret && !can(access, "variable:view_secret")) {
      throw forbidden(`Making “${cur.name}” plain would show its value, and your role “${access.role}” in team “${access.team.name}” does not allow viewing secret values.`);
    }
    if (renamed) {
      const jobs = await jobsUsingVariable(access.team.id, cur.name, tx);
      if (jobs.length > 0) {
        throw conflict(
          `“${cur.name}” cannot be renamed while ${jobCount(jobs.length)} use${jobs.length === 1 ? "s" : ""} ${placeholder(cur.name)}: ${nameList(jobs)}. Change those jobs first, or add a new variable.`,
        );
      }
    }
    let value: string | undefined;
    if (v.value !== undefined) value = secret ? sealSecret(v.value) : v.value;
    else if (secret !== cur.secret) {
      const plain = cur.secret ? openSecret(cur.value!) : cur.value!;
      value = secret ? sealSecret(plain) : plain;
    }
    await uniqueOr(`A variable named “${v.name}” already exists in ${access.team.name}.`, () =>
      updateRow({ teamId: access.team.id, id: cur.id, name: v.name, value, secret: v.secret, description: v.description }, tx),
    );
    return reread(access.team.id, cur.id, tx);
  });
}

/** Refused while jobs use the variable (named), as they would fail to resolve `${name}`. */
export async function deleteVariable(p: Principal, team: string | number, ref: string | number): Promise<void> {
  const access = await teamAccess(p, team);
  await audited(p, { action: "variable.delete", targetType: "variable", targetName: String(ref), team: access.team }, async (tx, log) => {
    requirePermission(access, "variable:manage");
    const cur = await findVariable({ teamId: access.team.id, ref }, tx);
    if (!cur) throw notFound(ref);
    log.set({ targetId: cur.id, targetName: cur.name });
    const jobs = await jobsUsingVariable(access.team.id, cur.name, tx);
    if (jobs.length > 0) {
      throw conflict(`“${cur.name}” is used by ${jobCount(jobs.length)}: ${nameList(jobs)}. Remove ${placeholder(cur.name)} from them first.`);
    }
    await deleteRow({ teamId: access.team.id, id: cur.id }, tx);
  });
}

/**
 * A text with the team's variables substituted, for the IDE and the API. Secrets stay masked unless
 * `reveal` is asked for by someone who may view them (logged like any reveal).
 */
export async function previewVariables(p: Principal, team: string | number, input: unknown): Promise<{ text: string; missing: string[] }> {
  const v = previewInput.parse(input);
  const access = await requireTeamPermission(p, team, "variable:view");
  const run = () => previewSubstitution({ teamId: access.team.id, text: v.text, revealSecrets: v.reveal });
  return v.reveal ? revealing(p, access, {}, run) : run();
}
