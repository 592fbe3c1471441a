"use client";

import { useRouter } from "next/navigation";
import { teamHref } from "@/components/console/team-href";
import { DeleteResourceButton } from "../resources-table";

export function ResourceDeleteAction({ team, resource }: { team: string; resource: { id: number; name: string } }) {
  const router = useRouter();
  return <DeleteResourceButton team={team} resource={resource} size="default" afterDelete={() => router.push(teamHref(team, "resources"))} />;
}
