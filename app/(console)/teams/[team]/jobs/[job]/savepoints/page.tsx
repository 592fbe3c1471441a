import { Archive } from "lucide-react";
import type { Metadata } from "next";
import { pageJob } from "@/lib/jobs/page-job";
import { PendingTab } from "../pending-tab";

export const metadata: Metadata = { title: "Savepoints" };

export default async function JobSavepointsPage({ params }: { params: Promise<{ team: string; job: string }> }) {
  await pageJob(params);
  return <PendingTab icon={Archive} title="No savepoints or checkpoints yet" description="Savepoints and retained checkpoints of this job's runs appear here, to restore from." />;
}
