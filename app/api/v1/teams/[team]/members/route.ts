import { handle } from "@/lib/api/endpoint";
import { deleteMember, listMembers, patchMember, postMember } from "@/lib/api/v1/members";

export const GET = handle(listMembers);
export const POST = handle(postMember);
export const PATCH = handle(patchMember);
export const DELETE = handle(deleteMember);
