import { Hammer } from "lucide-react";
import type { Metadata } from "next";
import { pageJob } from "@/lib/jobs/page-job";
import { PendingTab } from "../pending-tab";

export const metadata: Metadata = { title: "Builds" };

export default async function JobBuildsPage({ params }: { params: Promise<{ team: string; job: string }> }) {
  await pageJob(params);
  return <PendingTab icon={Hammer} title="No builds yet" description="Each build of this job appears here with its steps, log and the release it froze." />;
}
