import { Play } from "lucide-react";
import type { Metadata } from "next";
import { pageJob } from "@/lib/jobs/page-job";
import { PendingTab } from "../pending-tab";

export const metadata: Metadata = { title: "Operations" };

export default async function JobOperationsPage({ params }: { params: Promise<{ team: string; job: string }> }) {
  await pageJob(params);
  return <PendingTab icon={Play} title="No operations yet" description="Starts, stops, cancels and savepoints of this job appear here with who asked, when, and Flink's answer." />;
}
