import type { Metadata } from "next";
import { Forbidden } from "@/components/console/forbidden";
import { PageHeader } from "@/components/console/page-header";
import { can } from "@/lib/auth/access";
import { pageTeam } from "@/lib/auth/page";
import { editorOptions } from "@/lib/jobs/editor-options";
import { JobEditor } from "../job-editor";

export const metadata: Metadata = { title: "New job" };

export default async function NewJobPage({ params }: { params: Promise<{ team: string }> }) {
  const { access } = await pageTeam((await params).team);
  if (!can(access, "job:create")) return <Forbidden role={access.role} what="how to create jobs" />;
  return (
    <>
      <PageHeader title="New job" description={`A FlinkSQL or JAR job of ${access.team.name}. Saving makes version 1.`} />
      <JobEditor team={access.team.name} options={await editorOptions(access.team.id)} />
    </>
  );
}
