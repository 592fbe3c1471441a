import { ScrollText } from "lucide-react";
import type { Metadata } from "next";
import { pageJob } from "@/lib/jobs/page-job";
import { PendingTab } from "../pending-tab";

export const metadata: Metadata = { title: "Logs" };

export default async function JobLogsPage({ params }: { params: Promise<{ team: string; job: string }> }) {
  await pageJob(params);
  return <PendingTab icon={ScrollText} title="No logs yet" description="Once the job runs, its JobManager and TaskManager logs open here." />;
}
