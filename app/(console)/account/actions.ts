"use server";

import { runAction } from "@/lib/actions";
import { changeOwnPassword, changeOwnPasswordInput } from "@/lib/iam/users";

export async function changePasswordAction(input: unknown) {
  return runAction("changePasswordAction", async (p) => changeOwnPassword(p, changeOwnPasswordInput.parse(input)));
}
