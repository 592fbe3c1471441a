"use server";

import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/actions";
import { addMember, changeMemberRole, memberInput, removeMember, removeMemberInput } from "@/lib/iam/members";

export async function addMemberAction(input: unknown) {
  return runAction("addMemberAction", async (p) => {
    const member = await addMember(p, memberInput.parse(input));
    revalidatePath("/", "layout");
    return member;
  });
}

export async function changeMemberRoleAction(input: unknown) {
  return runAction("changeMemberRoleAction", async (p) => {
    const member = await changeMemberRole(p, memberInput.parse(input));
    revalidatePath("/", "layout");
    return member;
  });
}

export async function removeMemberAction(input: unknown) {
  return runAction("removeMemberAction", async (p) => {
    await removeMember(p, removeMemberInput.parse(input));
    revalidatePath("/", "layout");
  });
}
